import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { SEVERITY_COLORS } from './alert-features';

export const ALERTS_SOURCE = 'alerts';
export const ALERT_FILL_LAYER = 'alerts-fill';
export const ALERT_LINE_LAYER = 'alerts-line';
export const ALERT_POINT_LAYER = 'alerts-point';
const LAYERS = [ALERT_FILL_LAYER, ALERT_LINE_LAYER, ALERT_POINT_LAYER];

// Whether multi-geometries report their singular type has varied between style-spec versions: match both.
const AREAS: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];
const POINTS: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]];

function severityExpression(): ExpressionSpecification {
  return ['match', ['get', 'severity'], ...Object.entries(SEVERITY_COLORS).flat(), SEVERITY_COLORS.Unknown!] as unknown as ExpressionSpecification;
}

/**
 * Alert areas as translucent fills with a solid outline in their CAP severity's colour, and point
 * alerts (an epicentre) as rings. Added `before` the first report layer when given, so reports stay
 * clickable on top of the areas they fall in.
 */
export function addAlertLayers(map: MapLibreMap, data: FeatureCollection, before?: string): void {
  if (map.getSource(ALERTS_SOURCE)) return;
  const beforeId = before && map.getLayer(before) ? before : undefined;
  map.addSource(ALERTS_SOURCE, { type: 'geojson', data });
  map.addLayer(
    { id: ALERT_FILL_LAYER, type: 'fill', source: ALERTS_SOURCE, filter: AREAS, paint: { 'fill-color': severityExpression(), 'fill-opacity': 0.18 } },
    beforeId,
  );
  map.addLayer(
    { id: ALERT_LINE_LAYER, type: 'line', source: ALERTS_SOURCE, filter: AREAS, paint: { 'line-color': severityExpression(), 'line-width': 2.5 } },
    beforeId,
  );
  map.addLayer(
    {
      id: ALERT_POINT_LAYER,
      type: 'circle',
      source: ALERTS_SOURCE,
      filter: POINTS,
      paint: { 'circle-radius': 14, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': severityExpression(), 'circle-stroke-width': 4 },
    },
    beforeId,
  );
}

export function removeAlertLayers(map: MapLibreMap): void {
  if (!map.style) return;
  for (const id of LAYERS) if (map.getLayer(id)) map.removeLayer(id);
  if (map.getSource(ALERTS_SOURCE)) map.removeSource(ALERTS_SOURCE);
}
