import { APPEND_CHANGE_LUA } from '../changes/changes.lua.js';

/**
 * Saves a poll's outcome only if the feed is still as the poll found it (an admin may have deleted
 * or replaced it meanwhile), with its next poll time, HTTP validators, read links and its change.
 * KEYS: changes, feeds, due, http, seen. ARGV: retain, id, expected JSON, next JSON, next poll ms,
 * validators JSON ('' = keep), seen links (JSON array, '' = keep).
 */
export const SAVE_POLL_LUA = `
local K_CHANGES, K_FEEDS, K_DUE, K_HTTP, K_SEEN = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local RETAIN, id, expected, next_json = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
-- Polls are SitRoom's own doing, told by the change stream; they are not audited.
local K_AUDIT, ACTOR, ACTION = '', '', ''
${APPEND_CHANGE_LUA}
if redis.call('HGET', K_FEEDS, id) ~= expected then return false end
redis.call('HSET', K_FEEDS, id, next_json)
redis.call('ZADD', K_DUE, ARGV[5], id)
if ARGV[6] ~= '' then redis.call('HSET', K_HTTP, id, ARGV[6]) end
if ARGV[7] ~= '' then
  redis.call('DEL', K_SEEN)
  local links = cjson.decode(ARGV[7])
  for i = 1, #links, 500 do redis.call('SADD', K_SEEN, unpack(links, i, math.min(i + 499, #links))) end
end
return append_change('feed', id, 'upsert', next_json, expected)
`;

/** KEYS: lock. ARGV: token, ms. Extends the lock only for its holder. */
export const RENEW_LOCK_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** KEYS: lock. ARGV: token. Deletes the lock only for its holder (never one a later poller took after expiry). */
export const RELEASE_LOCK_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
