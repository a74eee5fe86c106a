import { describe, expect, it } from 'vitest';
import { rankMatches, scoreOffer } from './matching.js';
import type { Need } from './need.js';
import type { Offer } from './offer.js';

const NOW = new Date('2026-11-30T12:00:00.000Z');
const at = (hoursFromNow: number) => new Date(NOW.getTime() + hoursFromNow * 3_600_000).toISOString();
/** Degrees of latitude per km on SitRoom's sphere (R = 6371.0088 km): points on one meridian are exactly this far apart. */
const KM = 180 / (Math.PI * 6371.0088);
const HERE = { lat: 51.5, lon: -0.12 };
const north = (km: number) => ({ lat: HERE.lat + km * KM, lon: HERE.lon });

const need: Need = {
  id: 'n1', kind: 'need', resourceType: 'shelter-beds', unit: 'beds', quantity: 40, met: 0, location: HERE,
  neededBy: at(6), status: 'open', createdAt: at(0), updatedAt: at(0),
};
const offer = (id: string, over: Partial<Offer>): Offer => ({
  id, kind: 'offer', org: `Org ${id}`, resourceType: 'shelter-beds', unit: 'beds', quantity: 40, remaining: 40, delivered: 0,
  location: north(10), status: 'available', createdAt: at(0), confirmedAt: at(0), updatedAt: at(0), ...over,
});

/*
 * The hand-checked scenario. Need: 40 beds, needed 6 h from now. Points (40 prox + 30 cov + 20 time + 10 fresh):
 *   A 40 beds, 10 km, window open, fresh           33.3 + 30 + 20 + 10 = 93.3   (40 / 1.2 = 33.33)
 *   E as A but confirmed 72 h ago                   33.3 + 30 + 20 +  5 = 88.3
 *   F as A but only until 2 h from now             33.3 + 30 + 10 + 10 = 83.3
 *   B 100 beds, 2 km, opens 12 h from now (late)    38.5 + 30 +  0 + 10 = 78.5   (40 / 1.04 = 38.46)
 *   C 10 beds, 1 km                                 39.2 + 7.5 + 20 + 10 = 76.7  (40 / 1.02 = 39.22)
 *   D 40 beds, 200 km                                8.0 + 30 + 20 + 10 = 68.0   (40 / 5)
 * Out: G generators, H withdrawn, I window already closed, J fully committed.
 */
const offers = [
  offer('D', { location: north(200) }),
  offer('C', { quantity: 10, remaining: 10, location: north(1) }),
  offer('B', { quantity: 100, remaining: 100, location: north(2), availableFrom: at(12) }),
  offer('F', { availableUntil: at(2) }),
  offer('E', { confirmedAt: at(-72) }),
  offer('A', {}),
  offer('G', { resourceType: 'generators', unit: 'kW', location: north(0.1) }),
  offer('H', { status: 'withdrawn', location: north(0.1) }),
  offer('I', { availableUntil: at(-1), location: north(0.1) }),
  offer('J', { status: 'committed', remaining: 0, location: north(0.1) }),
];

describe(rankMatches.name, () => {
  it('ranks the hand-checked scenario in the known order with the known scores', () => {
    const ranked = rankMatches(need, offers, NOW);
    expect(ranked.map((m) => [m.offer.id, m.score])).toEqual([
      ['A', 93.3], ['E', 88.3], ['F', 83.3], ['B', 78.5], ['C', 76.7], ['D', 68],
    ]);
    expect(ranked.map((m) => m.distanceKm)).toEqual([10, 10, 10, 2, 1, 200]);
  });

  it('explains each part in words, and the parts add up to the score', () => {
    const [a] = rankMatches(need, offers, NOW);
    expect(a!.parts).toEqual({ proximity: 33.3, coverage: 30, timing: 20, freshness: 10 });
    expect(a!.reasons).toEqual([
      'Shelter beds in beds, as needed',
      '10 km away (great-circle)',
      'covers all 40 beds still needed',
      'available at the needed-by time (2026-11-30 18:00 UTC)',
      'confirmed by Org A within the last hour',
    ]);
    const byId = Object.fromEntries(rankMatches(need, offers, NOW).map((m) => [m.offer.id, m]));
    expect(byId.B!.reasons).toContain('available only from 2026-12-01 00:00 UTC, after the needed-by time (2026-11-30 18:00 UTC)');
    expect(byId.B!.reasons).toContain('covers all 40 beds still needed (100 on offer)');
    expect(byId.C!.reasons).toContain('covers 10 of the 40 beds still needed (25 %)');
    expect(byId.F!.reasons).toContain('available only until 2026-11-30 14:00 UTC, before the needed-by time (2026-11-30 18:00 UTC): collect early');
    expect(byId.E!.reasons).toContain('confirmed by Org E 3 days ago');
    for (const m of Object.values(byId)) expect(m.parts.proximity + m.parts.coverage + m.parts.timing + m.parts.freshness).toBeCloseTo(m.score, 5);
  });

  it('scores coverage against what is still outstanding once commitments are made', () => {
    const partlyMet = { ...need, met: 30 };
    const c = scoreOffer(partlyMet, offers[1]!, NOW)!;
    expect(c.parts.coverage).toBe(30);
    expect(c.reasons).toContain('covers all 10 beds still needed');
    expect(rankMatches({ ...need, met: 40 }, offers, NOW)).toEqual([]);
  });

  it('without a needed-by time, prefers what is available now', () => {
    const asap = { ...need, neededBy: undefined };
    const byId = Object.fromEntries(rankMatches(asap, offers, NOW).map((m) => [m.offer.id, m]));
    expect(byId.A!.reasons).toContain('available now');
    expect(byId.B!.parts.timing).toBe(0);
    expect(byId.F!.parts.timing).toBe(20);
  });

  it('keeps a stable order on ties: nearer first, then by id', () => {
    const twins = [offer('y', {}), offer('x', {}), offer('z', { location: north(9) })];
    expect(rankMatches(need, twins, NOW).map((m) => m.offer.id)).toEqual(['z', 'x', 'y']);
    expect(rankMatches(need, twins, NOW, 1)).toHaveLength(1);
  });
});
