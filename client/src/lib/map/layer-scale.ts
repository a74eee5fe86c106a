import type { Map as MapLibreMap } from 'maplibre-gl';

/** Paint and layout properties given in screen pixels, which a big screen should draw larger. */
const PAINT = ['circle-radius', 'circle-stroke-width', 'line-width'] as const;

/**
 * Multiplies a size value by `k`: a number, or the outputs of a `step`, `interpolate` or `match`
 * expression (inputs and zoom stops stay as they are).
 */
export function scaleSize(value: unknown, k: number): unknown {
  if (typeof value === 'number') return value * k;
  if (!Array.isArray(value)) return value;
  const [op] = value;
  const out = [...value];
  if (op === 'interpolate') for (let i = 4; i < out.length; i += 2) out[i] = scaleSize(out[i], k);
  else if (op === 'step') for (let i = 2; i < out.length; i += 2) out[i] = scaleSize(out[i], k);
  else if (op === 'match') {
    for (let i = 3; i < out.length - 1; i += 2) out[i] = scaleSize(out[i], k);
    out[out.length - 1] = scaleSize(out[out.length - 1], k);
  } else return ['*', k, value];
  return out;
}

/** Scales the pixel sizes of layers just added (icons scale with their images, see addMapImages). */
export function scaleLayers(map: MapLibreMap, ids: readonly string[], k: number): void {
  if (k === 1) return;
  for (const id of ids) {
    const layer = map.getLayer(id);
    if (!layer) continue;
    for (const prop of PAINT) {
      if (!prop.startsWith(layer.type)) continue;
      const v = map.getPaintProperty(id, prop);
      if (v !== undefined) map.setPaintProperty(id, prop, scaleSize(v, k) as never);
    }
  }
}
