import type { Redis } from 'ioredis';
import { distanceKm, inBbox, type Bbox, type LatLon } from '@sitroom/shared';

/**
 * Reads a consistent snapshot of one entity kind together with the change id it matches, in one
 * Lua call (atomic in Redis): a client that applies the feed after `cursor` sees no gap and no
 * duplicate. With a bbox the geo index narrows the read to a box that surely covers it; the exact
 * filter runs here.
 *
 * KEYS: entity hash, time index (zset), geo index, change stream.
 * ARGV: 'all' | 'box', then lon, lat, widthKm, heightKm for 'box'.
 */
const SNAPSHOT_LUA = `
local ids
if ARGV[1] == 'box' then
  ids = redis.call('GEOSEARCH', KEYS[3], 'FROMLONLAT', ARGV[2], ARGV[3], 'BYBOX', ARGV[4], ARGV[5], 'km')
else
  ids = redis.call('ZRANGE', KEYS[2], 0, -1)
end
local last = redis.call('XREVRANGE', KEYS[4], '+', '-', 'COUNT', 1)
local out = { (last[1] and last[1][1]) or '0-0' }
for i = 1, #ids, 500 do
  local chunk = {}
  for j = i, math.min(i + 499, #ids) do chunk[#chunk + 1] = ids[j] end
  local vals = redis.call('HMGET', KEYS[1], unpack(chunk))
  for _, v in ipairs(vals) do if v then out[#out + 1] = v end end
end
return out
`;

export interface SnapshotKeys {
  hash: string;
  byTime: string;
  geo: string;
  stream: string;
}

export async function readSnapshot<T extends { location?: LatLon }>(redis: Redis, keys: SnapshotKeys, bbox?: Bbox): Promise<{ items: T[]; cursor: string }> {
  const args = bbox && useGeoIndex(bbox) ? ['box', ...coveringBox(bbox).map(String)] : ['all'];
  const raw = (await redis.eval(SNAPSHOT_LUA, 4, keys.hash, keys.byTime, keys.geo, keys.stream, ...args)) as string[];
  const [cursor, ...values] = raw;
  let items = values.map((v) => JSON.parse(v) as T);
  if (bbox) items = items.filter((it) => it.location && inBbox(it.location, bbox));
  return { items, cursor: cursor ?? '0-0' };
}

/** The geo index helps only for boxes that neither wrap the antimeridian, span half the world, nor reach the poles. */
export function useGeoIndex([minLon, minLat, maxLon, maxLat]: Bbox): boolean {
  return minLon <= maxLon && maxLon - minLon <= 180 && minLat >= -85 && maxLat <= 85;
}

/** Latitude as the geo index stores it: GEOADD accepts only ±85.05112878. */
export function geoIndexLat(lat: number): number {
  return Math.max(-85.05, Math.min(85.05, lat));
}

/** A centre and a width/height in km that contain the whole bbox (Redis boxes are not lat/lon aligned). */
export function coveringBox([minLon, minLat, maxLon, maxLat]: Bbox): [number, number, number, number] {
  const centre = { lon: (minLon + maxLon) / 2, lat: (minLat + maxLat) / 2 };
  const widestLat = minLat <= 0 && maxLat >= 0 ? 0 : Math.min(Math.abs(minLat), Math.abs(maxLat));
  const width = distanceKm({ lat: widestLat, lon: minLon }, { lat: widestLat, lon: maxLon }) * 2 + 1;
  const height = distanceKm({ lat: minLat, lon: 0 }, { lat: maxLat, lon: 0 }) * 1.02 + 1;
  return [centre.lon, centre.lat, width, height];
}
