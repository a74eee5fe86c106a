import { hazardOfAlert, hazardOfCategory, type Alert, type CapSeverity, type Geometry, type LatLon, type Report } from '@sitroom/shared';
import { representativePoint } from './fusion-geometry.js';

/** What fusion needs to know about one signal (a report or an alert), kept with its incident. */
export interface Member {
  kind: 'report' | 'alert';
  id: string;
  hazard: string;
  point: LatLon | null;
  /** Official areas of an alert (several CAP areas as one MultiPolygon), null for reports. */
  area: Geometry | null;
  /** When the event was observed or announced. */
  at: string;
  org: string | null;
  /** An alert of CAP status Actual. */
  official: boolean;
  /** Still counts: a report not rejected or duplicate, an alert still active. */
  live: boolean;
  verified: boolean;
  /** Alerts: ended by Cancel (rather than expiry or supersession). */
  cancelled: boolean;
  severity: CapSeverity | null;
  label: string;
  /** Alerts: `sender|identifier` and the identities it references (an Update continues its predecessor's incident). */
  identity: string | null;
  refs: string[];
  by: 'fusion' | 'operator';
  addedAt: string;
}

export function memberOfReport(r: Report): Omit<Member, 'by' | 'addedAt'> {
  return {
    kind: 'report',
    id: r.id,
    hazard: hazardOfCategory(r.category),
    point: r.location,
    area: null,
    at: r.occurredAt ?? r.receivedAt,
    org: null,
    official: false,
    live: r.status === 'unverified' || r.status === 'verified',
    verified: r.status === 'verified',
    cancelled: false,
    severity: null,
    label: r.category,
    identity: null,
    refs: [],
  };
}

export function memberOfAlert(a: Alert): Omit<Member, 'by' | 'addedAt'> {
  const polygons: unknown[] = [];
  const points: LatLon[] = [];
  for (const area of a.areas) {
    const g = area.geometry;
    if (!g) continue;
    if (g.type === 'Polygon') polygons.push(g.coordinates);
    else if (g.type === 'MultiPolygon') polygons.push(...(g.coordinates as unknown[]));
    else if (g.type === 'Point') points.push({ lon: (g.coordinates as number[])[0]!, lat: (g.coordinates as number[])[1]! });
  }
  const area: Geometry | null = polygons.length ? { type: 'MultiPolygon', coordinates: polygons } : null;
  return {
    kind: 'alert',
    id: a.id,
    hazard: hazardOfAlert(a),
    point: points[0] ?? representativePoint(area),
    area,
    at: a.onset ?? a.effective ?? a.sent,
    org: a.source.org,
    official: a.status === 'Actual',
    live: a.state === 'active',
    verified: false,
    cancelled: a.state === 'cancelled',
    severity: a.severity,
    label: a.headline ?? a.event,
    identity: `${a.sender}|${a.identifier}`,
    refs: a.references.map((r) => `${r.sender}|${r.identifier}`),
  };
}
