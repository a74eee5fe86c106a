import type { HazardId } from './taxonomy.js';

/**
 * Which hazard an official alert is about. CAP categories are too coarse on their own ("Met" covers
 * floods, storms and heat), so the event name decides first, with the category as a fallback. The
 * patterns cover the wording of NWS, MeteoAlarm, Environment Canada, BoM, USGS, GDACS and EONET.
 */
const EVENT_PATTERNS: [RegExp, HazardId][] = [
  [/tsunami/i, 'tsunami'],
  [/earthquake|seismic|\bquake\b|\beq\b/i, 'earthquake'],
  [/volcan|ash ?fall|eruption/i, 'volcano'],
  [/hurricane|typhoon|tropical (storm|cyclone|depression)|\bcyclone\b|\btc\b/i, 'tropical-cyclone'],
  [/flood|inundation|high water|storm surge|coastal (event|hazard)|dam (failure|break)|hydrolog|rain(fall)? warning|heavy rain|reservoir/i, 'flood'],
  [/bush ?fire|wild ?fire|forest fire|fire weather|red flag|grass ?fire|vegetation fire|\bfire danger/i, 'wildfire'],
  [/snow|blizzard|ice storm|freez|frost|winter|sleet|wind ?chill|extreme cold|cold wave/i, 'winter-storm'],
  [/heat|high temperature/i, 'extreme-heat'],
  [/thunder|tornado|severe storm|\bwind\b|gale|squall|hail|storm|lightning|dust/i, 'severe-storm'],
  [/landslide|mudslide|debris flow|avalanche|rockfall/i, 'landslide'],
  [/drought|dry spell/i, 'drought'],
  [/hazmat|chemical|radiolog|nuclear|toxic|gas leak|\bcbrn/i, 'hazmat'],
  [/child abduction|amber|missing/i, 'missing-person'],
  [/power|outage|water supply|boil water|911 (telephone )?outage|infrastructure/i, 'infrastructure-failure'],
  [/terror|shooter|civil (danger|emergency)|homeland|law enforcement|security/i, 'security'],
  [/health|disease|pandemic|air quality|smoke/i, 'public-health'],
  [/collapse/i, 'structure-collapse'],
  [/fire/i, 'structure-fire'],
];

const CATEGORY_FALLBACK: Record<string, HazardId> = {
  Geo: 'earthquake',
  Met: 'severe-storm',
  Fire: 'wildfire',
  Health: 'public-health',
  Security: 'security',
  Rescue: 'other',
  Safety: 'other',
  Env: 'public-health',
  Transport: 'transport-accident',
  Infra: 'infrastructure-failure',
  CBRNE: 'hazmat',
  Other: 'other',
};

export function hazardOfAlert(alert: { event: string; categories: readonly string[] }): HazardId {
  for (const [pattern, hazard] of EVENT_PATTERNS) if (pattern.test(alert.event)) return hazard;
  for (const c of alert.categories) if (CATEGORY_FALLBACK[c]) return CATEGORY_FALLBACK[c];
  return 'other';
}
