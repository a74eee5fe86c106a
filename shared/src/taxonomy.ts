/**
 * The words both sides agree on. Ids are lower-case kebab words and never change once published,
 * because integrators store them; labels may be reworded freely.
 */

export const HAZARDS = [
  { id: 'flood', label: 'Flood' },
  { id: 'wildfire', label: 'Wildfire' },
  { id: 'structure-fire', label: 'Structure fire' },
  { id: 'earthquake', label: 'Earthquake' },
  { id: 'tsunami', label: 'Tsunami' },
  { id: 'severe-storm', label: 'Severe storm' },
  { id: 'tropical-cyclone', label: 'Tropical cyclone' },
  { id: 'winter-storm', label: 'Winter storm' },
  { id: 'extreme-heat', label: 'Extreme heat' },
  { id: 'landslide', label: 'Landslide' },
  { id: 'volcano', label: 'Volcano' },
  { id: 'drought', label: 'Drought' },
  { id: 'structure-collapse', label: 'Structure collapse' },
  { id: 'hazmat', label: 'Hazardous materials' },
  { id: 'transport-accident', label: 'Transport accident' },
  { id: 'infrastructure-failure', label: 'Infrastructure failure' },
  { id: 'public-health', label: 'Public health' },
  { id: 'security', label: 'Security' },
  { id: 'missing-person', label: 'Missing person' },
  { id: 'other', label: 'Other' },
] as const;

export type HazardId = (typeof HAZARDS)[number]['id'];

/** What the public picks on the report form: plain words for what they see, each mapped to a hazard. */
export const REPORT_CATEGORIES = [
  { id: 'flooding', label: 'Flooding or rising water', hazard: 'flood' },
  { id: 'wildfire', label: 'Wildfire or smoke', hazard: 'wildfire' },
  { id: 'building-fire', label: 'Building on fire', hazard: 'structure-fire' },
  { id: 'earthquake-damage', label: 'Earthquake shaking or damage', hazard: 'earthquake' },
  { id: 'storm-damage', label: 'Storm or wind damage', hazard: 'severe-storm' },
  { id: 'snow-ice', label: 'Snow or ice', hazard: 'winter-storm' },
  { id: 'heat', label: 'Extreme heat', hazard: 'extreme-heat' },
  { id: 'landslide', label: 'Landslide or mudflow', hazard: 'landslide' },
  { id: 'collapsed-building', label: 'Collapsed building', hazard: 'structure-collapse' },
  { id: 'chemical-spill', label: 'Chemical spill or gas leak', hazard: 'hazmat' },
  { id: 'road-blocked', label: 'Road blocked or accident', hazard: 'transport-accident' },
  { id: 'power-outage', label: 'Power outage', hazard: 'infrastructure-failure' },
  { id: 'water-outage', label: 'No drinking water', hazard: 'infrastructure-failure' },
  { id: 'injured-people', label: 'Injured or trapped people', hazard: 'public-health' },
  { id: 'missing-person', label: 'Missing person', hazard: 'missing-person' },
  { id: 'other', label: 'Something else', hazard: 'other' },
] as const satisfies readonly { id: string; label: string; hazard: HazardId }[];

export type ReportCategoryId = (typeof REPORT_CATEGORIES)[number]['id'];

/** Resources businesses offer and agencies need; the unit is what `quantity` counts. */
export const RESOURCE_TYPES = [
  { id: 'shelter-beds', label: 'Shelter beds', unit: 'beds' },
  { id: 'potable-water', label: 'Potable water', unit: 'litres' },
  { id: 'meals', label: 'Meals', unit: 'meals' },
  { id: 'generators', label: 'Generators', unit: 'kW' },
  { id: 'fuel', label: 'Fuel', unit: 'litres' },
  { id: 'trucks', label: 'Trucks', unit: 'trucks' },
  { id: 'buses', label: 'Buses', unit: 'seats' },
  { id: 'boats', label: 'Boats', unit: 'boats' },
  { id: 'heavy-equipment', label: 'Heavy equipment', unit: 'machines' },
  { id: 'medical-supplies', label: 'Medical supplies', unit: 'kits' },
  { id: 'volunteers', label: 'Volunteers', unit: 'people' },
  { id: 'warehouse-space', label: 'Warehouse space', unit: 'm²' },
] as const;

export type ResourceTypeId = (typeof RESOURCE_TYPES)[number]['id'];

export const REPORT_CATEGORY_IDS = REPORT_CATEGORIES.map((c) => c.id) as [ReportCategoryId, ...ReportCategoryId[]];

export function hazardOfCategory(category: ReportCategoryId): HazardId {
  return REPORT_CATEGORIES.find((c) => c.id === category)!.hazard;
}

export interface Taxonomy {
  hazards: { id: string; label: string }[];
  reportCategories: { id: string; label: string; hazard: string }[];
  resourceTypes: { id: string; label: string; unit: string }[];
}

export const TAXONOMY: Taxonomy = {
  hazards: HAZARDS.map((h) => ({ ...h })),
  reportCategories: REPORT_CATEGORIES.map((c) => ({ ...c })),
  resourceTypes: RESOURCE_TYPES.map((r) => ({ ...r })),
};
