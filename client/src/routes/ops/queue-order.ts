import { geometryBbox, type Alert, type Bbox, type Geometry, type Incident, type LatLon, type Report } from '@sitroom/shared';
import { distanceToGeometryKm, PointIndex } from '../../lib/geo/nearness';
import { categoryLabel } from '../../lib/components/labels';

/** What a queued report is near, and how far: shown on the item so the order explains itself. */
export interface Nearness {
  kind: 'alert' | 'incident' | 'report';
  id: string;
  label: string;
  km: number;
}

export interface QueueItem {
  report: Report;
  near: Nearness | null;
}

/** Within this distance a report counts as "near" something already confirmed. */
export const NEAR_KM = 10;

/**
 * The triage order. "Newest first" and "nearest to what is active first" pull different ways, so
 * the queue is in two bands: reports within NEAR_KM of something already confirmed come first,
 * then the rest; each band newest first. Such a report is the likeliest to change the live picture
 * (people trapped inside a warned flood area), and newest-first inside the band keeps a burst of
 * fresh reports from hiding behind old ones.
 * "Confirmed" means: a confirmed or active incident's geometry, a live alert area (distance to the
 * polygon, 0 inside), or a verified report (a cluster of one: a single operator-checked report is
 * already a confirmed event on the ground, and covers the time before fusion confirms an incident).
 */
export function rankQueue(
  unverified: readonly Report[],
  context: { alerts: Iterable<Alert>; incidents: Iterable<Pick<Incident, 'id' | 'title' | 'geometry'>>; verified: PointIndex<Report> },
): QueueItem[] {
  const areas = [...shapesOf(context.alerts, context.incidents)];
  const items = unverified.map((report) => ({ report, near: nearest(report.location, areas, context.verified) }));
  return items.sort((a, b) => band(a) - band(b) || b.report.receivedAt.localeCompare(a.report.receivedAt));
}

function band(item: QueueItem): number {
  return item.near ? 0 : 1;
}

interface Shape {
  kind: 'alert' | 'incident';
  id: string;
  label: string;
  geometry: Geometry;
  bbox: Bbox | null;
}

function* shapesOf(alerts: Iterable<Alert>, incidents: Iterable<Pick<Incident, 'id' | 'title' | 'geometry'>>): Generator<Shape> {
  for (const a of alerts) {
    for (const area of a.areas) if (area.geometry) yield { kind: 'alert', id: a.id, label: a.event || a.headline || 'Alert', geometry: area.geometry, bbox: geometryBbox(area.geometry) };
  }
  for (const i of incidents) if (i.geometry) yield { kind: 'incident', id: i.id, label: i.title || 'Incident', geometry: i.geometry as Geometry, bbox: geometryBbox(i.geometry as Geometry) };
}

function nearest(p: LatLon, shapes: readonly Shape[], verified: PointIndex<Report>): Nearness | null {
  let best: Nearness | null = null;
  for (const s of shapes) {
    if (!mayBeNear(p, s.bbox)) continue;
    const km = distanceToGeometryKm(p, s.geometry);
    if (km <= NEAR_KM && (!best || km < best.km)) best = { kind: s.kind, id: s.id, label: s.label, km };
    if (best?.km === 0) return best;
  }
  const r = verified.nearest(p, best?.km ?? NEAR_KM);
  if (r && (!best || r.km < best.km)) best = { kind: 'report', id: r.item.id, label: `verified: ${categoryLabel(r.item.category)}`, km: r.km };
  return best;
}

/**
 * A cheap bbox test before measuring: a warning polygon can have thousands of vertices, and the
 * queue is re-ranked on every change batch. Boxes wider than half the world (across the
 * antimeridian) are measured anyway.
 */
function mayBeNear(p: LatLon, bbox: Bbox | null): boolean {
  if (!bbox || bbox[2] - bbox[0] > 180) return true;
  const dLat = NEAR_KM / 110.574;
  const dLon = NEAR_KM / (111.32 * Math.max(Math.cos((p.lat * Math.PI) / 180), 0.01));
  return p.lat >= bbox[1] - dLat && p.lat <= bbox[3] + dLat && p.lon >= bbox[0] - dLon && p.lon <= bbox[2] + dLon;
}
