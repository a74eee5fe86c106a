import type { FeatureCollection } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { hazardColorExpression } from './hazard-colors';

export const REPORTS_SOURCE = 'reports';
export const CLUSTERS_LAYER = 'reports-clusters';
export const VERIFIED_LAYER = 'reports-verified';
export const UNVERIFIED_LAYER = 'reports-unverified';
export const POINT_LAYERS = [VERIFIED_LAYER, UNVERIFIED_LAYER];
const LAYERS = [CLUSTERS_LAYER, UNVERIFIED_LAYER, VERIFIED_LAYER];

const CLUSTER_FILL = '#f5b83d';

/**
 * One clustered GeoJSON source and three circle layers: clusters sized by count, verified reports as
 * filled dots and unverified ones as hollow rings, both in their hazard's colour. Cluster counts are
 * drawn in HTML (ClusterLabels): without glyphs, symbol layers cannot draw text.
 */
export function addReportLayers(map: MapLibreMap, data: FeatureCollection): void {
  if (map.getSource(REPORTS_SOURCE)) return;
  map.addSource(REPORTS_SOURCE, {
    type: 'geojson',
    data,
    promoteId: 'id',
    cluster: true,
    clusterRadius: 44,
    clusterMaxZoom: 13,
  });
  map.addLayer({
    id: CLUSTERS_LAYER,
    type: 'circle',
    source: REPORTS_SOURCE,
    filter: ['has', 'point_count'],
    paint: {
      'circle-color': CLUSTER_FILL,
      'circle-opacity': 0.92,
      'circle-radius': ['step', ['get', 'point_count'], 21, 10, 26, 50, 32, 200, 40, 1000, 50],
      'circle-stroke-color': '#fff7e0',
      'circle-stroke-width': 3,
      'circle-stroke-opacity': 0.9,
    },
  });
  map.addLayer({
    id: UNVERIFIED_LAYER,
    type: 'circle',
    source: REPORTS_SOURCE,
    filter: ['all', ['!', ['has', 'point_count']], ['!=', ['get', 'status'], 'verified']],
    paint: {
      // A dark disc inside the ring keeps it readable over land and over other points.
      'circle-color': '#05080d',
      'circle-opacity': 0.55,
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 2, 9, 10, 13],
      'circle-stroke-color': hazardColorExpression(),
      'circle-stroke-width': 4,
    },
  });
  map.addLayer({
    id: VERIFIED_LAYER,
    type: 'circle',
    source: REPORTS_SOURCE,
    filter: ['all', ['!', ['has', 'point_count']], ['==', ['get', 'status'], 'verified']],
    paint: {
      'circle-color': hazardColorExpression(),
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 2, 11, 10, 15],
      'circle-stroke-color': '#05080d',
      'circle-stroke-width': 2.5,
    },
  });
}

/** Layers go before their source, and only while the map still has a style (it has none once removed). */
export function removeReportLayers(map: MapLibreMap): void {
  if (!map.style) return;
  for (const id of LAYERS) if (map.getLayer(id)) map.removeLayer(id);
  if (map.getSource(REPORTS_SOURCE)) map.removeSource(REPORTS_SOURCE);
}
