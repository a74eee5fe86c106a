import type { HazardId } from '@sitroom/shared';

/**
 * THE correlation rule, in one place. Two signals belong to the same incident when
 *   1. their hazards are compatible (the same hazard, or one listed under the other in RELATED),
 *   2. they are close in place: a report inside an official alert's area, or within the hazard's
 *      `radiusKm` of the incident's nearest member (and within 3 × radius of its centre, so a chain
 *      of reports cannot walk an incident across a city), and
 *   3. they are close in time: within the hazard's `windowHours` of the incident's latest signal.
 *
 * The numbers come from how far apart people standing at the same event report from, and how long
 * the event keeps generating reports:
 * - A building fire or a collapse is one address: reports from 300 m apart are different buildings.
 * - A road accident or a hazmat leak is a junction or a plant: about 0.5-1 km.
 * - A flood follows a river or a street grid: a couple of km between neighbouring reports, for days.
 * - A wildfire front spans kilometres and moves: 4 km, two days.
 * - A thunderstorm's damage swath: 8 km between neighbouring reports (wider, and two cells a
 *   valley apart fuse wrongly); a winter storm is regional (30 km); a tropical cyclone or an
 *   earthquake is felt over tens to hundreds of km, and its reports keep coming for days.
 * The distance is to the incident's NEAREST member (reports of one event form a cloud, not a ring
 * around a centre) — with the centre capped at 3 × radius so a chain cannot walk across a city.
 * The radii are about 2.5 × the spread of reports around their event measured in the scenario
 * harness (tests/fusion), which is also where precision and recall at each density are reported.
 */
export interface HazardProfile {
  radiusKm: number;
  windowHours: number;
}

export const HAZARD_PROFILES: Record<HazardId, HazardProfile> = {
  'structure-fire': { radiusKm: 0.3, windowHours: 6 },
  'structure-collapse': { radiusKm: 0.25, windowHours: 24 },
  'transport-accident': { radiusKm: 0.5, windowHours: 6 },
  hazmat: { radiusKm: 1, windowHours: 12 },
  security: { radiusKm: 1, windowHours: 12 },
  'public-health': { radiusKm: 2, windowHours: 24 },
  'infrastructure-failure': { radiusKm: 2, windowHours: 24 },
  landslide: { radiusKm: 1, windowHours: 48 },
  flood: { radiusKm: 2, windowHours: 48 },
  wildfire: { radiusKm: 4, windowHours: 48 },
  'missing-person': { radiusKm: 5, windowHours: 72 },
  'severe-storm': { radiusKm: 8, windowHours: 6 },
  'winter-storm': { radiusKm: 30, windowHours: 48 },
  'extreme-heat': { radiusKm: 50, windowHours: 96 },
  earthquake: { radiusKm: 50, windowHours: 72 },
  volcano: { radiusKm: 30, windowHours: 168 },
  tsunami: { radiusKm: 100, windowHours: 24 },
  'tropical-cyclone': { radiusKm: 150, windowHours: 96 },
  drought: { radiusKm: 100, windowHours: 720 },
  other: { radiusKm: 0.5, windowHours: 12 },
};

/**
 * Signals of these hazards may join an incident of the key's hazard, and only through that
 * incident's official area (never by distance): inside a hurricane warning, the flooded streets and
 * the wind damage are the hurricane. Kept deliberately short: an earthquake does not swallow the
 * building fires inside its felt area, and a storm warning does not swallow every power cut — each
 * needs its own crew, so each stays its own incident (operators can merge them).
 */
export const RELATED: Partial<Record<HazardId, HazardId[]>> = {
  'tropical-cyclone': ['flood', 'severe-storm'],
};

export function compatible(incidentHazard: string, signalHazard: string): boolean {
  return incidentHazard === signalHazard || (RELATED[incidentHazard as HazardId]?.includes(signalHazard as HazardId) ?? false);
}

export function profileOf(hazard: string): HazardProfile {
  return HAZARD_PROFILES[hazard as HazardId] ?? HAZARD_PROFILES.other;
}

/**
 * How much one source is worth to the confidence that the incident is real, before age: an official
 * alert is nearly conclusive; an operator-verified report is strong; a business is accountable but
 * not an authority; one anonymous report is weak on its own but several independent ones add up.
 */
export const SOURCE_WEIGHT = { official: 0.9, verified: 0.6, business: 0.4, public: 0.25 } as const;

/** Old sources count less: a source's weight halves every half-window of its hazard. */
export function ageFactor(ageHours: number, hazard: string): number {
  const half = profileOf(hazard).windowHours / 2;
  return Math.pow(0.5, Math.max(0, ageHours) / half);
}

/** Public-only incidents are capped until a person verified them; official severity always wins. */
export const PUBLIC_SEVERITY_CAP = { unverified: 'Minor', verified: 'Moderate' } as const;
