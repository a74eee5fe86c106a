import { distanceKm } from './geo.js';
import type { Need } from './need.js';
import { ACTIVE_OFFER_STATUSES, type Offer } from './offer.js';
import { resourceLabel } from './resource.js';

/*
 * How SitRoom ranks the offers that could meet a need. This file is the one place the rule lives:
 * the server ranks with it, and the client may use it to show the same numbers. Every part is
 * something an operator can check in a sentence, and each match carries that sentence in `reasons`.
 *
 * Hard filters — an offer that fails one is not a match at all, however close:
 *   - same resource type and the same unit (500 litres of fuel never meet a need for water);
 *   - it can still be committed: status available or partly committed, something remaining;
 *   - its window has not closed: `availableUntil`, when set, is still ahead.
 *
 * Score, 0–100 = the sum of four parts, each a weight times a 0..1 factor:
 *   proximity 40 × 1 / (1 + km / 50)   Transport is the bottleneck in a disaster, so distance weighs
 *                                      most. Great-circle km; 50 km (about an hour by road) halves it,
 *                                      and it falls smoothly rather than at an arbitrary cut-off.
 *   coverage  30 × min(remaining, outstanding) / outstanding
 *                                      One offer that covers the whole need means one delivery and one
 *                                      phone call; an offer larger than the need scores no more than one
 *                                      that fits exactly (the excess stays free for other needs).
 *   timing    20 × 1 when the offer is available at the time it is needed (`neededBy`, or now when the
 *                    need has none); 0.5 when its window closes before then (usable if collected early);
 *                    0 when it opens only after then (too late, but still listed).
 *   freshness 10 × 1 / (1 + hours since its business last confirmed it / 72)
 *                                      An offer nobody has touched for days may no longer be there;
 *                                      freshness only breaks near-ties, so it weighs least.
 * Ties go to the nearer offer, then the lower id, so the order is stable.
 */

export const MATCH_WEIGHTS = { proximity: 40, coverage: 30, timing: 20, freshness: 10 } as const;
export const HALF_PROXIMITY_KM = 50;
export const HALF_FRESHNESS_HOURS = 72;

/** Points each part contributed; they add up to `score`. */
export interface MatchParts {
  proximity: number;
  coverage: number;
  timing: number;
  freshness: number;
}

export interface Match {
  offer: Offer;
  score: number;
  distanceKm: number;
  reasons: string[];
  parts: MatchParts;
}

type NeedForMatching = Pick<Need, 'resourceType' | 'unit' | 'quantity' | 'met' | 'location' | 'neededBy'>;

/** What is still needed: commitments already made count as met. */
export function outstanding(need: Pick<Need, 'quantity' | 'met'>): number {
  return Math.max(0, need.quantity - need.met);
}

/** The match of one offer for a need, or null when a hard filter rules it out. */
export function scoreOffer(need: NeedForMatching, offer: Offer, now: Date): Match | null {
  const ctx = contextOf(need, now);
  const scored = ctx && score(ctx, offer);
  return scored ? explain(ctx, scored) : null;
}

/**
 * Every matching offer, best first (at most `limit`). Scores are numbers for every candidate; the
 * sentences are written only for the ones returned, which keeps ranking thousands of offers cheap.
 */
export function rankMatches(need: NeedForMatching, offers: Iterable<Offer>, now: Date, limit = Infinity): Match[] {
  const ctx = contextOf(need, now);
  if (!ctx) return [];
  const scored: Scored[] = [];
  for (const offer of offers) {
    const s = score(ctx, offer);
    if (s) scored.push(s);
  }
  scored.sort((a, b) => b.score - a.score || a.km - b.km || (a.offer.id < b.offer.id ? -1 : a.offer.id > b.offer.id ? 1 : 0));
  return (scored.length > limit ? scored.slice(0, limit) : scored).map((s) => explain(ctx, s));
}

interface Context {
  need: NeedForMatching;
  wanted: number;
  nowMs: number;
  /** When the need is needed: `neededBy`, or now. */
  targetMs: number;
}

interface Scored {
  offer: Offer;
  km: number;
  covered: number;
  timing: Timing;
  ageHours: number;
  score: number;
}

function contextOf(need: NeedForMatching, now: Date): Context | null {
  const wanted = outstanding(need);
  if (wanted <= 0) return null;
  const nowMs = now.getTime();
  return { need, wanted, nowMs, targetMs: need.neededBy ? Date.parse(need.neededBy) : nowMs };
}

function score(ctx: Context, offer: Offer): Scored | null {
  const { need, wanted, nowMs } = ctx;
  if (offer.resourceType !== need.resourceType || offer.unit !== need.unit) return null;
  if (!ACTIVE_OFFER_STATUSES.includes(offer.status) || offer.remaining <= 0) return null;
  const { from, until, confirmed } = instantsOf(offer);
  if (until <= nowMs) return null;

  const km = distanceKm(need.location, offer.location);
  const covered = Math.min(offer.remaining, wanted);
  const timing: Timing = ctx.targetMs < from ? 'late' : ctx.targetMs > until ? 'closes-early' : 'on-time';
  const ageHours = Math.max(0, (nowMs - confirmed) / 3_600_000);
  const p = partsOf(km, covered / wanted, timing, ageHours);
  return { offer, km, covered, timing, ageHours, score: round1(p.proximity + p.coverage + p.timing + p.freshness) };
}

/** The four parts of the score, in points (rounded to tenths, so the parts shown add up to the score). */
function partsOf(km: number, coverage: number, timing: Timing, ageHours: number): MatchParts {
  return {
    proximity: round1(MATCH_WEIGHTS.proximity / (1 + km / HALF_PROXIMITY_KM)),
    coverage: round1(MATCH_WEIGHTS.coverage * coverage),
    timing: round1(MATCH_WEIGHTS.timing * TIMING_FACTOR[timing]),
    freshness: round1(MATCH_WEIGHTS.freshness / (1 + ageHours / HALF_FRESHNESS_HOURS)),
  };
}

function explain(ctx: Context, s: Scored): Match {
  const { need, wanted } = ctx;
  const { offer, covered, score } = s;
  const parts = partsOf(s.km, covered / wanted, s.timing, s.ageHours);
  const unit = need.unit;
  const reasons = [
    `${resourceLabel(offer.resourceType)} in ${unit}, as needed`,
    `${formatKm(s.km)} away (great-circle)`,
    covered === wanted
      ? `covers all ${wanted} ${unit} still needed${offer.remaining > wanted ? ` (${offer.remaining} on offer)` : ''}`
      : `covers ${covered} of the ${wanted} ${unit} still needed (${Math.round((100 * covered) / wanted)} %)`,
    timingReason(need, offer, s.timing),
    `confirmed by ${offer.org} ${formatAge(s.ageHours)}`,
  ];
  return { offer, score, distanceKm: Math.round(s.km * 100) / 100, reasons, parts };
}

interface Instants {
  source: [string | undefined, string | undefined, string];
  from: number;
  until: number;
  confirmed: number;
}

/**
 * Parsing ISO times is most of the cost of scoring, and a server ranks the same offer objects again
 * and again (see ActiveOffers): parse each once. Checked against the strings, so an object changed
 * in place is parsed again.
 */
const parsed = new WeakMap<Offer, Instants>();

function instantsOf(offer: Offer): Instants {
  const hit = parsed.get(offer);
  if (hit && hit.source[0] === offer.availableFrom && hit.source[1] === offer.availableUntil && hit.source[2] === offer.confirmedAt) return hit;
  const fresh: Instants = {
    source: [offer.availableFrom, offer.availableUntil, offer.confirmedAt],
    from: offer.availableFrom ? Date.parse(offer.availableFrom) : -Infinity,
    until: offer.availableUntil ? Date.parse(offer.availableUntil) : Infinity,
    confirmed: Date.parse(offer.confirmedAt),
  };
  parsed.set(offer, fresh);
  return fresh;
}

type Timing = 'on-time' | 'closes-early' | 'late';
const TIMING_FACTOR: Record<Timing, number> = { 'on-time': 1, 'closes-early': 0.5, late: 0 };

function timingReason(need: NeedForMatching, offer: Offer, timing: Timing): string {
  const when = need.neededBy ? `the needed-by time (${formatTime(need.neededBy)})` : 'now';
  if (timing === 'late') return `available only from ${formatTime(offer.availableFrom!)}, after ${when}`;
  if (timing === 'closes-early') return `available only until ${formatTime(offer.availableUntil!)}, before ${when}: collect early`;
  return need.neededBy ? `available at ${when}` : 'available now';
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function formatKm(km: number): string {
  const tenths = Math.round(km * 10) / 10; // 9.99999 reads as 10, not 10.0
  return tenths < 10 ? `${tenths.toFixed(1)} km` : `${Math.round(tenths)} km`;
}

function formatAge(hours: number): string {
  if (hours < 1) return 'within the last hour';
  if (hours < 48) return `${Math.floor(hours)} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** "2026-11-30 10:00 UTC": readable, unambiguous, independent of the server's locale. */
function formatTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
