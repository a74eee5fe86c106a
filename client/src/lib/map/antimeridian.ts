import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';

/**
 * Makes spherical country shapes (world-atlas is cut for d3's spherical rendering) draw correctly
 * on a flat map. A ring that crosses the antimeridian jumps from +180 to -180 and would be filled as
 * a stripe across the whole world, so its longitudes are made continuous (MapLibre wraps anything past
 * ±180 onto the next world copy). A ring that goes round a pole (Antarctica) crosses once; it is
 * closed along that pole and becomes a polygon of its own.
 */
export function flatCountries(collection: FeatureCollection): FeatureCollection {
  return { ...collection, features: collection.features.map(flatFeature) };
}

function flatFeature(f: Feature): Feature {
  const g = f.geometry;
  if (g?.type !== 'Polygon' && g?.type !== 'MultiPolygon') return f;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const flat: Position[][][] = polygons.flatMap(flatPolygon);
  const geometry: Polygon | MultiPolygon = flat.length === 1 ? { type: 'Polygon', coordinates: flat[0]! } : { type: 'MultiPolygon', coordinates: flat };
  return { ...f, geometry };
}

function flatPolygon(rings: Position[][]): Position[][][] {
  const kept: Position[][] = [];
  const own: Position[][][] = [];
  for (const ring of rings) {
    const continuous = unwrap(ring);
    const first = continuous[0]!;
    const last = continuous[continuous.length - 1]!;
    if (Math.abs(last[0]! - first[0]!) < 180) {
      kept.push(continuous);
      continue;
    }
    const lats = continuous.map((p) => p[1]!);
    if (Math.max(...lats) - Math.min(...lats) < 0.01) continue; // a circle round the pole itself: no area on a flat map
    const pole = lats.reduce((a, b) => a + b, 0) / lats.length < 0 ? -90 : 90;
    own.push([[...continuous, [last[0]!, pole], [first[0]!, pole], first]]);
  }
  return kept.length ? [kept, ...own] : own;
}

/** Shifts each point by whole turns so that no step is longer than half the world. */
function unwrap(ring: Position[]): Position[] {
  const out: Position[] = [];
  let shift = 0;
  let previous: number | null = null;
  for (const p of ring) {
    const lon = p[0]!;
    if (previous !== null) {
      if (lon + shift - previous > 180) shift -= 360;
      else if (previous - (lon + shift) > 180) shift += 360;
    }
    previous = lon + shift;
    out.push([previous, p[1]!]);
  }
  return out;
}
