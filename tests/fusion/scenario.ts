import type { HazardId, LatLon } from '@sitroom/shared';
import type { Signal } from '../../server/src/fusion/fusion-engine.js';

/**
 * Labelled scenario streams for measuring fusion: N true incidents of several hazards, public
 * reports scattered around each in space and time the way reports of that kind scatter, official
 * alerts covering some, and unrelated reports in the same region. Deterministic for a seed.
 */
export interface LabelledSignal {
  signal: Signal;
  truth: string;
}

interface HazardModel {
  hazard: HazardId;
  category: string;
  /** How many happen in a 50 × 50 km region in 24 h on a busy day (density 1); `max` caps rare big events. */
  perDay: number;
  max?: number;
  /** Standard deviation of where people stand when they report it (km). */
  spreadKm: number;
  /** Reports keep coming over this long (hours, exponential). */
  activeHours: number;
  reports: [number, number];
  /** Chance an agency issues an alert for it, and the alert area's radius (km). */
  alert: { chance: number; radiusKm: number; event: string } | null;
}

const MODELS: HazardModel[] = [
  { hazard: 'structure-fire', category: 'building-fire', perDay: 8, spreadKm: 0.06, activeHours: 1.5, reports: [2, 15], alert: null },
  { hazard: 'flood', category: 'flooding', perDay: 4, spreadKm: 0.8, activeHours: 18, reports: [3, 30], alert: { chance: 0.5, radiusKm: 4, event: 'Flood Warning' } },
  { hazard: 'wildfire', category: 'wildfire', perDay: 1, spreadKm: 1.2, activeHours: 20, reports: [3, 25], alert: { chance: 0.5, radiusKm: 6, event: 'Bushfire Emergency Warning' } },
  { hazard: 'transport-accident', category: 'road-blocked', perDay: 8, spreadKm: 0.08, activeHours: 1, reports: [1, 8], alert: null },
  { hazard: 'infrastructure-failure', category: 'power-outage', perDay: 5, spreadKm: 0.7, activeHours: 6, reports: [2, 20], alert: null },
  { hazard: 'severe-storm', category: 'storm-damage', perDay: 2, spreadKm: 3, activeHours: 4, reports: [2, 20], alert: { chance: 0.4, radiusKm: 12, event: 'Severe Thunderstorm Warning' } },
  { hazard: 'earthquake', category: 'earthquake-damage', perDay: 0.4, max: 1, spreadKm: 12, activeHours: 12, reports: [3, 40], alert: { chance: 0.8, radiusKm: 40, event: 'Earthquake' } },
];

const NOISE_CATEGORIES: [string, HazardId][] = [
  ['other', 'other'], ['road-blocked', 'transport-accident'], ['power-outage', 'infrastructure-failure'], ['building-fire', 'structure-fire'],
  ['flooding', 'flood'], ['injured-people', 'public-health'], ['chemical-spill', 'hazmat'], ['missing-person', 'missing-person'],
];

export function mulberry32(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `density` multiplies the busy-day rates of MODELS in a 50 × 50 km region over 24 h (1 ≈ 29
 * incidents and ~320 reports); rare big events (an earthquake) stay capped however dense it gets.
 */
export function generateScenario(opts: { seed: number; density: number; noiseShare: number; regionKm?: number; hours?: number }): LabelledSignal[] {
  const regionKm = opts.regionKm ?? 50;
  const rnd = mulberry32(opts.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const origin = { lat: 50, lon: 10 };
  const offset = (p: LatLon, dxKm: number, dyKm: number): LatLon => ({ lat: p.lat + dyKm / 111.32, lon: p.lon + dxKm / (111.32 * Math.cos((p.lat * Math.PI) / 180)) });
  const hours = opts.hours ?? 24;
  const t0 = Date.parse('2026-11-30T00:00:00Z');
  const iso = (ms: number) => new Date(ms).toISOString();
  const out: LabelledSignal[] = [];
  let n = 0;
  const report = (truth: string, category: string, hazard: string, point: LatLon, at: number): void => {
    const id = `r${++n}`;
    out.push({ truth, signal: { kind: 'report', id, hazard, point, area: null, at: iso(at), org: null, official: false, live: true, verified: rnd() < 0.3, cancelled: false, severity: null, label: category, identity: null, refs: [] } });
  };

  const plan: HazardModel[] = [];
  for (const m of MODELS) {
    const expected = m.perDay * opts.density;
    let count = Math.floor(expected) + (rnd() < expected - Math.floor(expected) ? 1 : 0);
    if (m.max !== undefined) count = Math.min(count, m.max);
    for (let k = 0; k < count; k++) plan.push(m);
  }
  for (let i = 0; i < plan.length; i++) {
    const model = plan[i]!;
    const centre = offset(origin, rnd() * regionKm, rnd() * regionKm);
    const start = t0 + rnd() * hours * 3_600_000;
    const count = model.reports[0] + Math.floor(rnd() * (model.reports[1] - model.reports[0] + 1));
    const truth = `t${i}`;
    for (let k = 0; k < count; k++) {
      const at = start + -Math.log(1 - rnd()) * model.activeHours * 3_600_000 * 0.5;
      report(truth, model.category, model.hazard, offset(centre, gauss() * model.spreadKm, gauss() * model.spreadKm), at);
    }
    if (model.alert && rnd() < model.alert.chance) {
      const ring: [number, number][] = [];
      for (let a = 0; a <= 32; a++) {
        const p = offset(centre, Math.cos((a / 32) * 2 * Math.PI) * model.alert.radiusKm, Math.sin((a / 32) * 2 * Math.PI) * model.alert.radiusKm);
        ring.push([p.lon, p.lat]);
      }
      ring[32] = ring[0]!;
      const id = `a${i}`;
      out.push({
        truth,
        signal: {
          kind: 'alert', id, hazard: model.hazard, point: centre, area: { type: 'MultiPolygon', coordinates: [[ring]] }, at: iso(start + rnd() * 1_800_000), org: 'Met Service',
          official: true, live: true, verified: false, cancelled: false, severity: 'Severe', label: model.alert.event, identity: `agency|${id}`, refs: [],
        },
      });
    }
  }
  const noise = Math.round((out.length * opts.noiseShare) / (1 - opts.noiseShare));
  for (let k = 0; k < noise; k++) {
    const [category, hazard] = NOISE_CATEGORIES[Math.floor(rnd() * NOISE_CATEGORIES.length)]!;
    report(`noise${k}`, category, hazard, offset(origin, rnd() * regionKm, rnd() * regionKm), t0 + rnd() * hours * 3_600_000);
  }
  return out.sort((a, b) => a.signal.at.localeCompare(b.signal.at) || a.signal.id.localeCompare(b.signal.id));
}

/** Pairwise precision and recall of "these two signals belong to the same incident". */
export function pairwise(truth: string[], predicted: string[]): { precision: number; recall: number; pairs: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const byPred = new Map<string, number[]>();
  predicted.forEach((p, i) => byPred.set(p, [...(byPred.get(p) ?? []), i]));
  const byTruth = new Map<string, number[]>();
  truth.forEach((t, i) => byTruth.set(t, [...(byTruth.get(t) ?? []), i]));
  for (const group of byPred.values()) for (let a = 0; a < group.length; a++) for (let b = a + 1; b < group.length; b++) truth[group[a]!] === truth[group[b]!] ? tp++ : fp++;
  for (const group of byTruth.values()) for (let a = 0; a < group.length; a++) for (let b = a + 1; b < group.length; b++) if (predicted[group[a]!] !== predicted[group[b]!]) fn++;
  return { precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1, pairs: tp + fp + fn };
}
