import { distanceKm, type Geometry, type LatLon } from '@sitroom/shared';

const KM_PER_DEG_LAT = 110.574;
const KM_PER_DEG_LON_EQUATOR = 111.32;

/**
 * Distance from a point to any GeoJSON geometry SitRoom stores (Point, Polygon, MultiPolygon, and
 * collections of them): 0 inside a polygon, else to the nearest edge. Edges are measured on a flat
 * projection centred on the point, which is within a few percent at the tens of kilometres this is
 * used for, and far cheaper than great-circle segment distance.
 */
export function distanceToGeometryKm(p: LatLon, g: Geometry | null | undefined): number {
  if (!g) return Infinity;
  if (g.geometries) return Math.min(Infinity, ...g.geometries.map((sub) => distanceToGeometryKm(p, sub)));
  const c = g.coordinates;
  switch (g.type) {
    case 'Point': {
      const [lon, lat] = c as [number, number];
      return distanceKm(p, { lat, lon });
    }
    case 'MultiPoint':
      return Math.min(Infinity, ...(c as [number, number][]).map(([lon, lat]) => distanceKm(p, { lat, lon })));
    case 'Polygon':
      return polygonDistance(p, c as number[][][]);
    case 'MultiPolygon':
      return Math.min(Infinity, ...(c as number[][][][]).map((poly) => polygonDistance(p, poly)));
    case 'LineString':
      return ringDistance(p, c as number[][]);
    default:
      return Infinity;
  }
}

function polygonDistance(p: LatLon, rings: number[][][]): number {
  const [outer, ...holes] = rings;
  if (!outer) return Infinity;
  if (inRing(p, outer) && !holes.some((h) => inRing(p, h))) return 0;
  return Math.min(...rings.map((r) => ringDistance(p, r)));
}

/** Ray casting, with longitudes taken relative to the point so rings across the antimeridian work. */
function inRing(p: LatLon, ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = relLon(ring[i]![0]!, p.lon), yi = ring[i]![1]!;
    const xj = relLon(ring[j]![0]!, p.lon), yj = ring[j]![1]!;
    if (yi > p.lat !== yj > p.lat && 0 < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function ringDistance(p: LatLon, ring: number[][]): number {
  const kx = KM_PER_DEG_LON_EQUATOR * Math.cos((p.lat * Math.PI) / 180);
  let best = Infinity;
  for (let i = 1; i < ring.length; i++) {
    const ax = relLon(ring[i - 1]![0]!, p.lon) * kx, ay = (ring[i - 1]![1]! - p.lat) * KM_PER_DEG_LAT;
    const bx = relLon(ring[i]![0]!, p.lon) * kx, by = (ring[i]![1]! - p.lat) * KM_PER_DEG_LAT;
    const dx = bx - ax, dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
    best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
  }
  return best;
}

/** A longitude minus the origin's, in -180..180. */
function relLon(lon: number, origin: number): number {
  return ((((lon - origin) % 360) + 540) % 360) - 180;
}

const CELL_DEG = 0.25;

/**
 * Points bucketed in a quarter-degree grid, for "is anything within a few tens of kilometres": a
 * queue of thousands of reports against thousands of verified ones must not be N × M haversines on
 * every change batch.
 */
export class PointIndex<T> {
  readonly #cells = new Map<string, { at: LatLon; item: T }[]>();

  constructor(items: Iterable<T>, at: (item: T) => LatLon) {
    for (const item of items) {
      const p = at(item);
      const key = cellKey(Math.floor(p.lat / CELL_DEG), Math.floor(p.lon / CELL_DEG));
      const cell = this.#cells.get(key);
      if (cell) cell.push({ at: p, item });
      else this.#cells.set(key, [{ at: p, item }]);
    }
  }

  /** The nearest item within `maxKm` (not `skip`), or null. */
  nearest(p: LatLon, maxKm: number, skip?: (item: T) => boolean): { item: T; km: number } | null {
    let best: { item: T; km: number } | null = null;
    for (const entry of this.#around(p, maxKm)) {
      if (skip?.(entry.item)) continue;
      const km = distanceKm(p, entry.at);
      if (km <= maxKm && (!best || km < best.km)) best = { item: entry.item, km };
    }
    return best;
  }

  /** Every item within `maxKm`, nearest first. */
  within(p: LatLon, maxKm: number): { item: T; km: number }[] {
    const out: { item: T; km: number }[] = [];
    for (const entry of this.#around(p, maxKm)) {
      const km = distanceKm(p, entry.at);
      if (km <= maxKm) out.push({ item: entry.item, km });
    }
    return out.sort((a, b) => a.km - b.km);
  }

  *#around(p: LatLon, maxKm: number): Generator<{ at: LatLon; item: T }> {
    const row = Math.floor(p.lat / CELL_DEG);
    const col = Math.floor(p.lon / CELL_DEG);
    const rows = Math.ceil(maxKm / (CELL_DEG * KM_PER_DEG_LAT));
    const lonKm = CELL_DEG * KM_PER_DEG_LON_EQUATOR * Math.max(Math.cos((Math.min(89, Math.abs(p.lat) + rows * CELL_DEG) * Math.PI) / 180), 0.01);
    const worldCols = 360 / CELL_DEG;
    const cols = Math.min(Math.floor((worldCols - 1) / 2), Math.ceil(maxKm / lonKm)); // never the same column twice
    for (let r = row - rows; r <= row + rows; r++) {
      for (let c = col - cols; c <= col + cols; c++) {
        // Wrap across the antimeridian: column -721 is column 719.
        const wrapped = ((((c + worldCols / 2) % worldCols) + worldCols) % worldCols) - worldCols / 2;
        const cell = this.#cells.get(cellKey(r, wrapped));
        if (cell) yield* cell;
      }
    }
  }
}

function cellKey(row: number, col: number): string {
  return `${row}:${col}`;
}
