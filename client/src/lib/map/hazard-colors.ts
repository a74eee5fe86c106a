import { HAZARDS, type HazardId } from '@sitroom/shared';
import type { ExpressionSpecification } from 'maplibre-gl';

/**
 * One colour per hazard, bright enough to read on the dark wall from across a room. Related hazards
 * share a hue family (water blues, fire oranges, ground yellows, weather violets).
 */
export const HAZARD_COLORS: Record<HazardId, string> = {
  flood: '#38bdf8',
  tsunami: '#22d3ee',
  wildfire: '#fb923c',
  'structure-fire': '#f43f5e',
  'extreme-heat': '#fca5a5',
  volcano: '#ef4444',
  earthquake: '#facc15',
  landslide: '#d6a35c',
  'structure-collapse': '#fde68a',
  drought: '#c9a227',
  'severe-storm': '#a78bfa',
  'tropical-cyclone': '#c084fc',
  'winter-storm': '#e0f2fe',
  hazmat: '#a3e635',
  'transport-accident': '#f0abfc',
  'infrastructure-failure': '#2dd4bf',
  'public-health': '#f472b6',
  security: '#fb7185',
  'missing-person': '#f9a8d4',
  other: '#e5e7eb',
};

export function hazardColor(hazard: string): string {
  return HAZARD_COLORS[hazard as HazardId] ?? HAZARD_COLORS.other;
}

export function hazardLabel(hazard: string): string {
  return HAZARDS.find((h) => h.id === hazard)?.label ?? hazard;
}

/** A `match` on the feature's `hazard` property, for circle colours. */
export function hazardColorExpression(): ExpressionSpecification {
  const pairs = Object.entries(HAZARD_COLORS).flat();
  return ['match', ['get', 'hazard'], ...pairs, HAZARD_COLORS.other] as unknown as ExpressionSpecification;
}
