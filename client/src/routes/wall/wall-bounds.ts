import { geometryBbox, type Bbox } from '@sitroom/shared';
import type { WallCollections } from './wall-data.svelte';

/** The area holding everything the wall has, to frame the first snapshot; null when there is nothing. */
export function dataBounds(c: WallCollections): Bbox | null {
  const box: Bbox = [180, 90, -180, -90];
  let any = false;
  const add = (lon: number, lat: number) => {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return;
    any = true;
    box[0] = Math.min(box[0], lon);
    box[1] = Math.min(box[1], lat);
    box[2] = Math.max(box[2], lon);
    box[3] = Math.max(box[3], lat);
  };
  for (const r of c.reports.current().values()) add(r.location.lon, r.location.lat);
  for (const o of c.offers.current().values()) add(o.location.lon, o.location.lat);
  for (const n of c.needs.current().values()) add(n.location.lon, n.location.lat);
  for (const i of c.incidents.current().values()) {
    const b = geometryBbox(i.geometry);
    if (b) (add(b[0], b[1]), add(b[2], b[3]));
  }
  for (const a of c.alerts.current().values()) {
    for (const area of a.areas) {
      const b = geometryBbox(area.geometry);
      if (b) (add(b[0], b[1]), add(b[2], b[3]));
    }
  }
  if (!any) return null;
  // A single point (or a tight cluster) would zoom in to street level: keep some room around it.
  const min = 0.3;
  if (box[2] - box[0] < min) (box[0] -= min / 2, box[2] += min / 2);
  if (box[3] - box[1] < min) (box[1] -= min / 2, box[3] += min / 2);
  return box;
}
