import { APPEND_CHANGE_LUA } from '../changes/changes.lua.js';

/*
 * Alerts are written one at a time by compare-and-set: the service reads an alert, decides its next
 * version, and STORE_ALERT_LUA writes it only if the stored JSON is still what was read. Redis runs
 * the script alone, so an Update superseding an alert, a re-send and the expiry sweep of any number
 * of instances can never interleave or write the same transition twice; a loser re-reads and decides
 * again. Every index moves in the same step as the entity and its change.
 *
 * KEYS: changes, alerts, by-time, geo, extent, placeless, active, expiry, identity, referenced-by, audit
 */
export const ALERT_KEY_NAMES = ['changes', 'alerts', 'by-time', 'geo', 'extent', 'placeless', 'active', 'expiry', 'identity', 'referenced-by', 'audit'] as const;

/**
 * ARGV: 1 CHANGES_RETAIN, 2 id, 3 expected JSON ('' = must not exist yet), 4 next JSON, 5 sent ms,
 * 6 lon ('' = no geometry), 7 lat, 8 extent km, 9 '1' if active, 10 expiry ms ('' = none),
 * 11 identity keys (JSON array), 12 referenced-by pairs (JSON [[key, value], ...]), 13 audit actor
 * (JSON), 14 audit action ('' = not audited).
 * Returns the change id, or false when the alert changed since it was read.
 */
export const STORE_ALERT_LUA = `
local K_CHANGES, K_ALERTS, K_BY_TIME, K_GEO, K_EXTENT, K_PLACELESS, K_ACTIVE, K_EXPIRY, K_IDENTITY, K_REFBY, K_AUDIT =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10], KEYS[11]
local RETAIN, id, expected, next_json, ACTOR, ACTION = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[13], ARGV[14]
${APPEND_CHANGE_LUA}
local cur = redis.call('HGET', K_ALERTS, id)
if (expected == '' and cur) or (expected ~= '' and cur ~= expected) then return false end
redis.call('HSET', K_ALERTS, id, next_json)
redis.call('ZADD', K_BY_TIME, ARGV[5], id)
if ARGV[6] ~= '' then
  redis.call('GEOADD', K_GEO, ARGV[6], ARGV[7], id)
  redis.call('ZADD', K_EXTENT, ARGV[8], id)
  redis.call('SREM', K_PLACELESS, id)
else
  redis.call('ZREM', K_GEO, id)
  redis.call('ZREM', K_EXTENT, id)
  redis.call('SADD', K_PLACELESS, id)
end
if ARGV[9] == '1' then redis.call('SADD', K_ACTIVE, id) else redis.call('SREM', K_ACTIVE, id) end
if ARGV[10] ~= '' then redis.call('ZADD', K_EXPIRY, ARGV[10], id) else redis.call('ZREM', K_EXPIRY, id) end
for _, key in ipairs(cjson.decode(ARGV[11])) do redis.call('HSET', K_IDENTITY, key, id) end
for _, kv in ipairs(cjson.decode(ARGV[12])) do redis.call('HSET', K_REFBY, kv[1], kv[2]) end
return append_change('alert', id, 'upsert', next_json, cur or nil)
`;

/**
 * Everything the service needs to decide an alert's next version, in one round trip: the id its
 * identity (or an alias) already has, its stored JSON, and the Update or Cancel that named it.
 * ARGV: identity keys. Returns { id or '', JSON or '', referenced-by or '' }.
 */
export const LOOKUP_ALERT_LUA = `
local K_ALERTS, K_IDENTITY, K_REFBY = KEYS[2], KEYS[9], KEYS[10]
local id, refby = '', ''
for _, key in ipairs(ARGV) do
  if id == '' then id = redis.call('HGET', K_IDENTITY, key) or '' end
  if refby == '' then refby = redis.call('HGET', K_REFBY, key) or '' end
end
local raw = ''
if id ~= '' then raw = redis.call('HGET', K_ALERTS, id) or '' end
return { id, raw, refby }
`;

/**
 * A consistent snapshot and its cursor. With a box, the geo index (alerts by the centre of their
 * areas' bounds) is searched in a box widened by the largest alert's reach (its centre-to-corner
 * distance, kept in the extent zset), so every alert whose area may touch the box is read; alerts
 * without geometry are always read. The exact filter runs in TypeScript.
 * ARGV: 1 'all' | 'box', 2 'all' | 'active', then lon, lat, widthKm, heightKm for 'box'.
 */
export const SNAPSHOT_ALERTS_LUA = `
local K_CHANGES, K_ALERTS, K_BY_TIME, K_GEO, K_EXTENT, K_PLACELESS, K_ACTIVE = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local ids
local only_active = ARGV[2] == 'active'
if ARGV[1] == 'box' then
  local top = redis.call('ZREVRANGE', K_EXTENT, 0, 0, 'WITHSCORES')
  local reach = tonumber(top[2] or '0')
  local w, h = tonumber(ARGV[5]) + 2 * reach, tonumber(ARGV[6]) + 2 * reach
  if w > 20000 or h > 20000 then
    ids = only_active and redis.call('SMEMBERS', K_ACTIVE) or redis.call('ZRANGE', K_BY_TIME, 0, -1)
  else
    ids = redis.call('GEOSEARCH', K_GEO, 'FROMLONLAT', ARGV[3], ARGV[4], 'BYBOX', w, h, 'km')
    for _, id in ipairs(redis.call('SMEMBERS', K_PLACELESS)) do ids[#ids + 1] = id end
  end
elseif only_active then
  ids = redis.call('SMEMBERS', K_ACTIVE)
else
  ids = redis.call('ZRANGE', K_BY_TIME, 0, -1)
end
local last = redis.call('XREVRANGE', K_CHANGES, '+', '-', 'COUNT', 1)
local out = { (last[1] and last[1][1]) or '0-0' }
local chunk = {}
local function flush()
  if #chunk == 0 then return end
  for _, v in ipairs(redis.call('HMGET', K_ALERTS, unpack(chunk))) do if v then out[#out + 1] = v end end
  chunk = {}
end
for _, id in ipairs(ids) do
  if not only_active or redis.call('SISMEMBER', K_ACTIVE, id) == 1 then
    chunk[#chunk + 1] = id
    if #chunk == 500 then flush() end
  end
end
flush()
return out
`;
