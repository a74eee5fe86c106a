import { z } from 'zod';

export const LatLon = z.object({
  lat: z.number({ error: 'lat must be a number' }).finite().min(-90, 'lat must be between -90 and 90').max(90, 'lat must be between -90 and 90'),
  lon: z.number({ error: 'lon must be a number' }).finite().min(-180, 'lon must be between -180 and 180').max(180, 'lon must be between -180 and 180'),
});
export type LatLon = z.infer<typeof LatLon>;

/** [minLon, minLat, maxLon, maxLat], the order GeoJSON and MapLibre use. */
export type Bbox = [number, number, number, number];

export const BboxTuple = z
  .tuple([z.number().finite(), z.number().finite(), z.number().finite(), z.number().finite()])
  .refine(([minLon, minLat, maxLon, maxLat]) => minLon >= -180 && maxLon <= 180 && minLat >= -90 && maxLat <= 90, 'bbox is outside the world')
  .refine(([, minLat, , maxLat]) => minLat <= maxLat, 'bbox minLat must not exceed maxLat');

/** Parses `minLon,minLat,maxLon,maxLat` from a query string. A bbox may cross the antimeridian (minLon > maxLon). */
export const BboxParam = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(',').map((p) => (p.trim() === '' ? NaN : Number(p)));
    if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
      ctx.addIssue({ code: 'custom', message: 'bbox must be four numbers: minLon,minLat,maxLon,maxLat' });
      return z.NEVER;
    }
    return parts as Bbox;
  })
  .pipe(BboxTuple);

export function inBbox(p: LatLon, [minLon, minLat, maxLon, maxLat]: Bbox): boolean {
  if (p.lat < minLat || p.lat > maxLat) return false;
  return minLon <= maxLon ? p.lon >= minLon && p.lon <= maxLon : p.lon >= minLon || p.lon <= maxLon;
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance (haversine). */
export function distanceKm(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Snaps a point to a grid of about `metres` so that the public never learns a reporter's doorstep.
 * Snapping (not random jitter) is deliberate: jitter averaged over many reads gives the point back.
 */
export function coarsen(p: LatLon, metres = 500): LatLon {
  const latStep = metres / 111_320;
  const lat = Math.round(p.lat / latStep) * latStep;
  const lonStep = metres / (111_320 * Math.max(Math.cos((lat * Math.PI) / 180), 0.01));
  const lon = Math.round(p.lon / lonStep) * lonStep;
  return { lat: round6(Math.max(-90, Math.min(90, lat))), lon: round6(Math.max(-180, Math.min(180, lon))) };
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** A GeoJSON geometry as SitRoom stores it (Point, Polygon, MultiPolygon, …), loosely typed on purpose. */
export interface Geometry {
  type: string;
  coordinates?: unknown;
  geometries?: Geometry[];
}

/** The bbox of any GeoJSON geometry, or null when it has no coordinates. */
export function geometryBbox(g: Geometry | null | undefined): Bbox | null {
  if (!g) return null;
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      box[0] = Math.min(box[0], c[0]);
      box[1] = Math.min(box[1], c[1]);
      box[2] = Math.max(box[2], c[0]);
      box[3] = Math.max(box[3], c[1]);
    } else c.forEach(visit);
  };
  if (g.geometries) {
    for (const sub of g.geometries) {
      const b = geometryBbox(sub);
      if (b) visit([[b[0], b[1]], [b[2], b[3]]]);
    }
  } else visit(g.coordinates);
  return Number.isFinite(box[0]) ? box : null;
}

function bboxesIntersect(a: Bbox, b: Bbox): boolean {
  const lonOverlap = (minA: number, maxA: number, minB: number, maxB: number) => minA <= maxB && minB <= maxA;
  const aParts: [number, number][] = a[0] <= a[2] ? [[a[0], a[2]]] : [[a[0], 180], [-180, a[2]]];
  const bParts: [number, number][] = b[0] <= b[2] ? [[b[0], b[2]]] : [[b[0], 180], [-180, b[2]]];
  const lon = aParts.some(([a0, a1]) => bParts.some(([b0, b1]) => lonOverlap(a0, a1, b0, b1)));
  return lon && a[1] <= b[3] && b[1] <= a[3];
}

/**
 * Whether an entity (anything with a `location` point, a `geometry`, or `areas` with geometries, as
 * alerts have) lies in a bbox. An entity with none of them has no place and is never filtered out by area.
 */
export function entityInBbox(
  entity: { location?: LatLon | null; geometry?: Geometry | null; areas?: readonly { geometry?: Geometry | null }[] },
  bbox: Bbox,
): boolean {
  if (entity.location) return inBbox(entity.location, bbox);
  const shapes = entity.areas ? entity.areas.map((a) => a.geometry) : [entity.geometry];
  const boxes = shapes.map(geometryBbox).filter((b): b is Bbox => b !== null);
  return boxes.length ? boxes.some((g) => bboxesIntersect(g, bbox)) : true;
}
