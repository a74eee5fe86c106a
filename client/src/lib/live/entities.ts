import { geometryBbox, type Incident } from '@sitroom/shared';

export type { Incident };

/** Statuses in which an incident is off the live picture. */
const ENDED = new Set(['resolved', 'cancelled']);

export function isActiveIncident(i: Pick<Incident, 'status' | 'mergedInto'>): boolean {
  return !ENDED.has(i.status) && !i.mergedInto;
}

/** Where to put an incident's marker: its representative point, else its point or the middle of its shape. */
export function incidentPoint(i: Pick<Incident, 'geometry' | 'location'>): [number, number] | null {
  if (i.location) return [i.location.lon, i.location.lat];
  const g = i.geometry;
  if (!g) return null;
  if (g.type === 'Point') {
    const [lon, lat] = g.coordinates as number[];
    return Number.isFinite(lon) && Number.isFinite(lat) ? [lon!, lat!] : null;
  }
  const box = geometryBbox(g);
  return box ? [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2] : null;
}
