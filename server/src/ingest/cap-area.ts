import type { AlertGeometry } from '@sitroom/shared';
import type { Issues } from './issues.js';

type Position = [number, number];

const NUMBER = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)';
const PAIR = new RegExp(`^(${NUMBER}),(${NUMBER})$`);
const CIRCLE = new RegExp(`^(${NUMBER}),(${NUMBER})\\s+(${NUMBER})$`);
/** Vertices of a circle drawn as a polygon: smooth on a wall map, small in JSON. */
const CIRCLE_VERTICES = 48;
/** A zero-radius circle beside other shapes is drawn with this radius, so the area stays one geometry. */
const POINT_RADIUS_KM = 0.5;
const EARTH_RADIUS_KM = 6371.0088;

/**
 * A CAP polygon: whitespace-separated `lat,lon` pairs, latitude first (CAP 1.2 §3.2.4), turned into
 * a GeoJSON ring of `[lon, lat]`. CAP requires the ring closed; an open ring with three distinct
 * points is closed here rather than refused (senders drop the last pair often, and the shape is
 * unambiguous). Fewer points, a bad number or a coordinate off the globe is refused.
 */
export function readPolygon(text: string, path: string, issues: Issues): Position[] | null {
  const tokens = text.trim().split(/\s+/);
  const ring: Position[] = [];
  for (const [i, token] of tokens.entries()) {
    const m = PAIR.exec(token);
    if (!m) {
      issues.add(path, `pair ${i + 1} "${token.slice(0, 40)}" is not "lat,lon"`);
      return null;
    }
    const p = position(Number(m[1]), Number(m[2]), path, issues, `pair ${i + 1}: `);
    if (!p) return null;
    ring.push(p);
  }
  const distinct = new Set(ring.map((p) => p.join(','))).size;
  if (distinct < 3) {
    issues.add(path, 'a polygon needs at least 3 distinct points');
    return null;
  }
  const [first, last] = [ring[0]!, ring[ring.length - 1]!];
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
  return ring;
}

/** A CAP circle, `lat,lon radius` with the radius in km. */
export function readCircle(text: string, path: string, issues: Issues): { centre: Position; radiusKm: number } | null {
  const m = CIRCLE.exec(text.trim());
  if (!m) {
    issues.add(path, 'a circle is "lat,lon radius" with the radius in km');
    return null;
  }
  const centre = position(Number(m[1]), Number(m[2]), path, issues);
  const radiusKm = Number(m[3]);
  if (!centre) return null;
  if (!(radiusKm >= 0) || radiusKm > 20_000) {
    issues.add(path, 'the radius must be between 0 and 20000 km');
    return null;
  }
  return { centre, radiusKm };
}

function position(lat: number, lon: number, path: string, issues: Issues, where = ''): Position | null {
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) {
    issues.add(path, `${where}latitude ${lat} is outside -90..90 (CAP writes latitude first)`);
    return null;
  }
  if (!Number.isFinite(lon) || lon < -180 || lon > 180) {
    issues.add(path, `${where}longitude ${lon} is outside -180..180`);
    return null;
  }
  return [lon, lat];
}

/**
 * One geometry for an area's polygons and circles: a Polygon, a MultiPolygon when there are several
 * (a hurricane warning's coastal segments), a Point for a lone zero-radius circle (an epicentre), or
 * null for a geocode-only area.
 */
export function areaGeometry(rings: Position[][], circles: { centre: Position; radiusKm: number }[]): AlertGeometry | null {
  if (!rings.length && circles.length === 1 && circles[0]!.radiusKm === 0) return { type: 'Point', coordinates: circles[0]!.centre };
  const polygons = [...rings.map((r) => [r]), ...circles.map((c) => [circleRing(c.centre, c.radiusKm || POINT_RADIUS_KM)])];
  if (!polygons.length) return null;
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
}

/** A circle on the sphere as a closed ring (destination-point formula), coordinates to 1e-6°. */
export function circleRing([lon, lat]: Position, radiusKm: number): Position[] {
  const rad = Math.PI / 180;
  const d = radiusKm / EARTH_RADIUS_KM;
  const [φ1, λ1] = [lat * rad, lon * rad];
  const ring: Position[] = [];
  for (let i = 0; i < CIRCLE_VERTICES; i++) {
    const θ = (2 * Math.PI * i) / CIRCLE_VERTICES;
    const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(θ));
    const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
    ring.push([round6(((λ2 / rad + 540) % 360) - 180), round6(φ2 / rad)]);
  }
  ring.push([ring[0]![0], ring[0]![1]]);
  return ring;
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
