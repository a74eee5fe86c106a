import { distanceKm, geometryBbox, type Geometry, type LatLon } from '@sitroom/shared';

type Ring = [number, number][];

/** Point in a GeoJSON Polygon or MultiPolygon (holes respected); other geometries contain nothing. */
export function containsPoint(g: Geometry | null | undefined, p: LatLon): boolean {
  if (!g) return false;
  if (g.type === 'Polygon') return inPolygon(g.coordinates as Ring[], p);
  if (g.type === 'MultiPolygon') return (g.coordinates as Ring[][]).some((poly) => inPolygon(poly, p));
  return false;
}

function inPolygon(rings: Ring[], p: LatLon): boolean {
  if (!rings.length || !inRing(rings[0]!, p)) return false;
  return !rings.slice(1).some((hole) => inRing(hole, p));
}

function inRing(ring: Ring, { lat, lon }: LatLon): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** A representative point: the centre of the bbox (good enough to measure distance to an area). */
export function representativePoint(g: Geometry | null | undefined): LatLon | null {
  if (!g) return null;
  if (g.type === 'Point') {
    const [lon, lat] = g.coordinates as [number, number];
    return { lat, lon };
  }
  const b = geometryBbox(g);
  return b ? { lon: (b[0] + b[2]) / 2, lat: (b[1] + b[3]) / 2 } : null;
}

/** Whether two areas overlap, approximately: their boxes overlap and a vertex of one lies in the other. */
export function areasOverlap(a: Geometry, b: Geometry): boolean {
  const ba = geometryBbox(a);
  const bb = geometryBbox(b);
  if (!ba || !bb || ba[0] > bb[2] || bb[0] > ba[2] || ba[1] > bb[3] || bb[1] > ba[3]) return false;
  const vertices = (g: Geometry) => {
    const out: LatLon[] = [];
    const walk = (c: unknown): void => {
      if (Array.isArray(c) && typeof c[0] === 'number') out.push({ lon: c[0] as number, lat: c[1] as number });
      else if (Array.isArray(c)) c.forEach(walk);
    };
    walk(g.coordinates);
    return out;
  };
  return vertices(a).some((v) => containsPoint(b, v)) || vertices(b).some((v) => containsPoint(a, v)) || containsPoint(a, representativePoint(b)!);
}

/** The convex hull of points (Andrew's monotone chain), as a closed GeoJSON ring. */
export function hull(points: LatLon[]): Ring | null {
  const pts = [...new Map(points.map((p) => [`${p.lon},${p.lat}`, [p.lon, p.lat] as [number, number]])).values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return null;
  const cross = (o: number[], a: number[], b: number[]) => (a[0]! - o[0]!) * (b[1]! - o[1]!) - (a[1]! - o[1]!) * (b[0]! - o[0]!);
  const lower: [number, number][] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: [number, number][] = [];
  for (const p of [...pts].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  const ring = [...lower.slice(0, -1), ...upper.slice(0, -1)];
  if (ring.length < 3) return null;
  return [...ring, ring[0]!];
}

export function centroid(points: LatLon[]): LatLon | null {
  if (!points.length) return null;
  return { lat: points.reduce((s, p) => s + p.lat, 0) / points.length, lon: points.reduce((s, p) => s + p.lon, 0) / points.length };
}

/**
 * Distance to the nearest of `points`. The nearest is found on a local flat projection (longitude
 * scaled by the cosine of latitude): within the few kilometres fusion compares, it ranks points as
 * the great circle does, and this runs for hundreds of points per candidate incident per signal —
 * a haversine each was a sixth of the server's time under load. The answer is the great-circle
 * distance to the point found. `from`: consider only points from that index on.
 */
export function nearestKm(p: LatLon, points: LatLon[], from = 0): number {
  const k = Math.cos((p.lat * Math.PI) / 180);
  let best: LatLon | null = null;
  let bestD2 = Infinity;
  for (let i = Math.max(0, from); i < points.length; i++) {
    const q = points[i]!;
    let dLon = q.lon - p.lon;
    if (dLon > 180) dLon -= 360;
    else if (dLon < -180) dLon += 360;
    const dx = dLon * k;
    const dy = q.lat - p.lat;
    const d2 = dx * dx + dy * dy;
    if (d2 < bestD2) {
      bestD2 = d2;
      best = q;
    }
  }
  return best ? distanceKm(p, best) : Infinity;
}
