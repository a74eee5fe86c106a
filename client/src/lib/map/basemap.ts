import type { StyleSpecification } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { feature } from 'topojson-client';
import countries50mUrl from 'world-atlas/countries-50m.json?url';
import countries110mUrl from 'world-atlas/countries-110m.json?url';
import { flatCountries } from './antimeridian';

/**
 * An offline basemap: Natural Earth country shapes drawn from a GeoJSON source, no tile server, no
 * token, no glyphs or sprites (so no symbol layers: text goes in HTML overlays).
 */
export type BasemapDetail = '50m' | '110m';

export interface BasemapTheme {
  water: string;
  land: string;
  border: string;
}

export const WALL_THEME: BasemapTheme = { water: '#05080d', land: '#1b2430', border: '#56657a' };
export const FORM_THEME: BasemapTheme = { water: '#b9d3e6', land: '#f4f1ea', border: '#8a8577' };

export const COUNTRIES_SOURCE = 'countries';
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** The style starts with empty countries; `loadCountries` fills them in, so the map appears at once. */
export function basemapStyle(theme: BasemapTheme): StyleSpecification {
  return {
    version: 8,
    sources: { [COUNTRIES_SOURCE]: { type: 'geojson', data: EMPTY, tolerance: 0.5 } },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': theme.water } },
      { id: 'countries-fill', type: 'fill', source: COUNTRIES_SOURCE, paint: { 'fill-color': theme.land } },
      {
        id: 'countries-outline',
        type: 'line',
        source: COUNTRIES_SOURCE,
        paint: { 'line-color': theme.border, 'line-width': ['interpolate', ['linear'], ['zoom'], 1, 0.6, 6, 1.5] },
      },
    ],
  };
}

const URLS: Record<BasemapDetail, string> = { '50m': countries50mUrl, '110m': countries110mUrl };

/** Fetches the world-atlas TopoJSON (a cacheable asset, not bundled into the JS) and converts it. */
export async function loadCountries(detail: BasemapDetail, signal: AbortSignal): Promise<FeatureCollection> {
  const response = await fetch(URLS[detail], { signal });
  if (!response.ok) throw new Error(`The basemap did not load (${response.status}).`);
  const topology = (await response.json()) as Topology<{ countries: GeometryCollection }>;
  return flatCountries(feature(topology, topology.objects.countries));
}
