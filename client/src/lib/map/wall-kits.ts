import type { Feature } from 'geojson';
import type { ExpressionSpecification, FilterSpecification, Map as MapLibreMap } from 'maplibre-gl';
import type { Alert, Need, Offer, Report } from '@sitroom/shared';
import { incidentPoint, type Incident } from '../live/entities';
import type { LayerKit } from './live-source';
import { hazardColorExpression } from './hazard-colors';
import { resourceImage } from './map-images';
import { RANK_COLORS, SEVERITIES, SEVERITY_STYLE, severityOf } from './severity-style';

/**
 * The wall's layers, one kit per entity kind, bottom to top: alert areas, public reports, needs,
 * offers, incidents. No glyphs offline: icons are canvas images (map-images.ts), cluster counts are
 * HTML (ClusterLabels).
 */

function beforeId(map: MapLibreMap, before?: string): string | undefined {
  return before && map.getLayer(before) ? before : undefined;
}

function point(id: string, coordinates: [number, number], props: Record<string, unknown>): Feature {
  return { type: 'Feature', geometry: { type: 'Point', coordinates }, properties: { id, ...props } };
}

const bySeverity = <T>(pick: (s: (typeof SEVERITY_STYLE)['Extreme'], name: string) => T, fallback: T) =>
  ['match', ['get', 'severity'], ...SEVERITIES.flatMap((s) => [s, pick(SEVERITY_STYLE[s], s)]), fallback] as unknown as ExpressionSpecification;

// ── Incidents: the main layer, clustered; clusters take the colour of the worst severity inside. ──
export const INCIDENTS_CLUSTERS = 'incidents-clusters';
export const INCIDENTS_POINTS = 'incidents-points';

export const incidentKit: LayerKit<Incident> = {
  source: 'incidents',
  layers: [INCIDENTS_CLUSTERS, INCIDENTS_POINTS],
  features(i) {
    const at = incidentPoint(i);
    if (!at) return [];
    const severity = severityOf(i.severity);
    const confidence = Math.max(0, Math.min(1, Number(i.confidence) || 0));
    return [point(i.id, at, { severity, rank: SEVERITY_STYLE[severity].rank, confidence, unconfirmed: i.status === 'unconfirmed' ? 1 : 0 })];
  },
  add(map, data, before) {
    map.addSource('incidents', {
      type: 'geojson',
      data,
      promoteId: 'id',
      cluster: true,
      clusterRadius: 50,
      clusterMaxZoom: 11,
      clusterProperties: { rank: ['max', ['get', 'rank']] },
    });
    const b = beforeId(map, before);
    map.addLayer(
      {
        id: INCIDENTS_CLUSTERS,
        type: 'circle',
        source: 'incidents',
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': ['match', ['get', 'rank'], ...RANK_COLORS.flatMap((c, rank) => [rank, c]), RANK_COLORS[0]!] as unknown as ExpressionSpecification,
          'circle-radius': ['step', ['get', 'point_count'], 22, 10, 27, 100, 33, 1000, 42, 10000, 52],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 3,
        },
      },
      b,
    );
    map.addLayer(
      {
        id: INCIDENTS_POINTS,
        type: 'symbol',
        source: 'incidents',
        filter: ['!', ['has', 'point_count']],
        layout: {
          'icon-image': ['concat', 'severity-', ['get', 'severity']],
          // Unconfirmed incidents (fused from public reports only) are drawn smaller.
          'icon-size': ['interpolate', ['linear'], ['zoom'], 2, ['case', ['==', ['get', 'unconfirmed'], 1], 0.65, 0.85], 10, ['case', ['==', ['get', 'unconfirmed'], 1], 0.9, 1.15]],
          'icon-allow-overlap': true,
          'icon-ignore-placement': true,
          'symbol-sort-key': ['-', 10, ['get', 'rank']],
        },
        // A doubtful incident is fainter; confidence is on the feature, not only in the details.
        paint: { 'icon-opacity': ['interpolate', ['linear'], ['get', 'confidence'], 0, 0.55, 0.6, 0.85, 1, 1] },
      },
      b,
    );
  },
};

// ── Alert areas: a tint, a pattern (Extreme cross-hatched, Severe striped, Moderate dotted) and an
// outline whose dash and width also say the severity. Point alerts (an epicentre) get the shape icon. ──
export const ALERTS_FILL = 'wall-alerts-fill';
export const ALERTS_PATTERN = 'wall-alerts-pattern';
const AREAS: FilterSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];
const POINTS: FilterSpecification = ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]];
const DASHES: Record<string, { severities: string[]; dash: number[] | null }> = {
  'wall-alerts-line-solid': { severities: ['Extreme', 'Severe'], dash: null },
  'wall-alerts-line-dashed': { severities: ['Moderate'], dash: SEVERITY_STYLE.Moderate.dash },
  'wall-alerts-line-dotted': { severities: ['Minor', 'Unknown'], dash: SEVERITY_STYLE.Minor.dash },
};
export const ALERTS_POINTS = 'wall-alerts-points';

export type WallAlert = Pick<Alert, 'id' | 'severity' | 'areas' | 'event' | 'headline' | 'expires' | 'state' | 'status' | 'msgType' | 'sent' | 'receivedAt' | 'source'>;

export const alertKit: LayerKit<Alert> = {
  source: 'wall-alerts',
  layers: [ALERTS_FILL, ALERTS_PATTERN, ...Object.keys(DASHES), ALERTS_POINTS],
  features(a) {
    const severity = severityOf(a.severity);
    const out: Feature[] = [];
    a.areas.forEach((area, i) => {
      if (area.geometry) out.push({ type: 'Feature', geometry: area.geometry, properties: { id: `${a.id}#${i}`, itemId: a.id, severity, rank: SEVERITY_STYLE[severity].rank } });
    });
    return out;
  },
  add(map, data, before) {
    map.addSource('wall-alerts', { type: 'geojson', data, promoteId: 'id' });
    const b = beforeId(map, before);
    map.addLayer({ id: ALERTS_FILL, type: 'fill', source: 'wall-alerts', filter: AREAS, paint: { 'fill-color': bySeverity((s) => s.color, '#b8c1cc'), 'fill-opacity': 0.13 } }, b);
    map.addLayer(
      {
        id: ALERTS_PATTERN,
        type: 'fill',
        source: 'wall-alerts',
        filter: ['all', AREAS, ['in', ['get', 'severity'], ['literal', SEVERITIES.filter((s) => SEVERITY_STYLE[s].pattern)]]] as FilterSpecification,
        paint: { 'fill-pattern': ['concat', 'pattern-', ['get', 'severity']] },
      },
      b,
    );
    for (const [id, { severities, dash }] of Object.entries(DASHES)) {
      map.addLayer(
        {
          id,
          type: 'line',
          source: 'wall-alerts',
          filter: ['all', AREAS, ['in', ['get', 'severity'], ['literal', severities]]] as FilterSpecification,
          layout: { 'line-join': 'round', 'line-cap': dash ? 'butt' : 'round' },
          paint: { 'line-color': bySeverity((s) => s.color, '#b8c1cc'), 'line-width': bySeverity((s) => s.lineWidth, 2), ...(dash ? { 'line-dasharray': dash } : {}) },
        },
        b,
      );
    }
    map.addLayer(
      {
        id: ALERTS_POINTS,
        type: 'symbol',
        source: 'wall-alerts',
        filter: POINTS,
        layout: { 'icon-image': ['concat', 'severity-', ['get', 'severity']], 'icon-allow-overlap': true, 'icon-ignore-placement': true },
      },
      b,
    );
  },
};

// ── Public reports: clustered; verified ones as filled dots in their hazard's colour, unverified ones
// as white dashed rings with a question mark (an unchecked claim must never look like a fact). ──
export const REPORTS_CLUSTERS = 'wall-reports-clusters';
export const REPORTS_VERIFIED = 'wall-reports-verified';
export const REPORTS_UNVERIFIED = 'wall-reports-unverified';

export const reportKit: LayerKit<Report> = {
  source: 'wall-reports',
  layers: [REPORTS_CLUSTERS, REPORTS_VERIFIED, REPORTS_UNVERIFIED],
  features: (r) => [point(r.id, [r.location.lon, r.location.lat], { hazard: r.hazard, status: r.status, unverified: r.status === 'unverified' ? 1 : 0 })],
  add(map, data, before) {
    map.addSource('wall-reports', {
      type: 'geojson',
      data,
      promoteId: 'id',
      cluster: true,
      clusterRadius: 44,
      clusterMaxZoom: 12,
      clusterProperties: { unverified: ['+', ['get', 'unverified']] },
    });
    const b = beforeId(map, before);
    map.addLayer(
      {
        id: REPORTS_CLUSTERS,
        type: 'circle',
        source: 'wall-reports',
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': '#dbe4f0',
          'circle-radius': ['step', ['get', 'point_count'], 19, 10, 23, 100, 28, 1000, 35, 10000, 44],
          'circle-stroke-color': '#05080d',
          'circle-stroke-width': 2.5,
        },
      },
      b,
    );
    map.addLayer(
      {
        id: REPORTS_VERIFIED,
        type: 'circle',
        source: 'wall-reports',
        filter: ['all', ['!', ['has', 'point_count']], ['==', ['get', 'status'], 'verified']],
        paint: {
          'circle-color': hazardColorExpression(),
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 2, 8, 10, 12],
          'circle-stroke-color': '#05080d',
          'circle-stroke-width': 2.5,
        },
      },
      b,
    );
    map.addLayer(
      {
        id: REPORTS_UNVERIFIED,
        type: 'symbol',
        source: 'wall-reports',
        filter: ['all', ['!', ['has', 'point_count']], ['!=', ['get', 'status'], 'verified']],
        layout: { 'icon-image': 'report-unverified', 'icon-allow-overlap': true, 'icon-ignore-placement': true, 'icon-size': ['interpolate', ['linear'], ['zoom'], 2, 0.8, 10, 1.1] },
      },
      b,
    );
  },
};

// ── Offers (green squares) and open needs (pink "wanted" pennants), by resource type, sized by amount. ──
export const OFFERS_POINTS = 'wall-offers';
export const NEEDS_POINTS = 'wall-needs';

const amountSize = (prop: string): ExpressionSpecification => ['interpolate', ['linear'], ['ln', ['max', 1, ['get', prop]]], 0, 0.7, 4.6, 0.95, 9.2, 1.3, 13.8, 1.6];

export const offerKit: LayerKit<Offer> = {
  source: 'wall-offers',
  layers: [OFFERS_POINTS],
  features: (o) => (o.remaining > 0 ? [point(o.id, [o.location.lon, o.location.lat], { icon: resourceImage('offer', o.resourceType), remaining: o.remaining })] : []),
  add(map, data, before) {
    map.addSource('wall-offers', { type: 'geojson', data, promoteId: 'id' });
    map.addLayer(
      {
        id: OFFERS_POINTS,
        type: 'symbol',
        source: 'wall-offers',
        layout: { 'icon-image': ['get', 'icon'], 'icon-size': amountSize('remaining'), 'icon-allow-overlap': true, 'symbol-sort-key': ['-', 0, ['get', 'remaining']] },
      },
      beforeId(map, before),
    );
  },
};

export const needKit: LayerKit<Need> = {
  source: 'wall-needs',
  layers: [NEEDS_POINTS],
  features: (n) =>
    n.status === 'open' || n.status === 'partly-met'
      ? [point(n.id, [n.location.lon, n.location.lat], { icon: resourceImage('need', n.resourceType), outstanding: Math.max(0, n.quantity - n.met) })]
      : [],
  add(map, data, before) {
    map.addSource('wall-needs', { type: 'geojson', data, promoteId: 'id' });
    map.addLayer(
      {
        id: NEEDS_POINTS,
        type: 'symbol',
        source: 'wall-needs',
        layout: { 'icon-image': ['get', 'icon'], 'icon-size': amountSize('outstanding'), 'icon-allow-overlap': true, 'symbol-sort-key': ['-', 0, ['get', 'outstanding']] },
      },
      beforeId(map, before),
    );
  },
};
