import { APPEND_CHANGE_LUA } from '../changes/changes.lua.js';

/*
 * Taking a new report is one Lua call: the intake's checks (pause switch, per-address limit, repeat
 * merge) and the write (report hash, time and geo indexes, change, audit entry). It used to be three
 * round trips (GET the switch, SET NX the repeat digest, then the MULTI), and on the benchmark machine
 * each round trip — a socket write, a reply, one more event-loop turn — was the largest single cost
 * of a report (tests/bench/versus-reference.bench.mjs). Redis runs the script alone, so the checks and
 * the write are also atomic across instances.
 *
 * KEYS: [1] changes, [2] audit, [3] reports, [4] reports:by-time, [5] reports:geo, [6] intake:state,
 *   [7] the address's rate-limit counter, [8] the repeat digest. A check that does not apply gets
 *   intake:state in its place (same hash tag, so a cluster still sees one slot).
 * ARGV: [1] CHANGES_RETAIN, [2] actor (JSON), [3] audit action, [4] report id, [5] report JSON,
 *   [6] receivedAt in ms, [7] lon, [8] lat for the GEO index, [9] '1' to honour the pause switch,
 *   [10] per-address limit ('' for none), [11] its window in ms, [12] repeat window in s ('' for no merge).
 * Result: { 'ok', change id } | { 'paused', state JSON } | { 'limited', ms until the window resets }
 *   | { 'merged', id of the earlier identical report }.
 */
export const SUBMIT_REPORT_LUA = `
local K_CHANGES, K_AUDIT, K_REPORTS, K_BY_TIME, K_GEO = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local K_STATE, K_LIMIT, K_SEEN = KEYS[6], KEYS[7], KEYS[8]
local RETAIN, ACTOR, ACTION = ARGV[1], ARGV[2], ARGV[3]
local ID, DATA, AT_MS, LON, LAT = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local CHECK_PAUSE, LIMIT, LIMIT_WINDOW_MS, REPEAT_SECONDS = ARGV[9], ARGV[10], ARGV[11], ARGV[12]
${APPEND_CHANGE_LUA}
if CHECK_PAUSE == '1' then
  local state = redis.call('GET', K_STATE)
  if state and cjson.decode(state).paused == true then return { 'paused', state } end
end
if LIMIT ~= '' then
  -- INCR and the window's expiry together, as IntakeRepository.hit does
  local n = redis.call('INCR', K_LIMIT)
  if n == 1 then redis.call('PEXPIRE', K_LIMIT, LIMIT_WINDOW_MS) end
  if n > tonumber(LIMIT) then return { 'limited', redis.call('PTTL', K_LIMIT) } end
end
if REPEAT_SECONDS ~= '' then
  local prior = redis.call('SET', K_SEEN, ID, 'EX', REPEAT_SECONDS, 'NX', 'GET')
  if prior then return { 'merged', prior } end
end
redis.call('HSET', K_REPORTS, ID, DATA)
redis.call('ZADD', K_BY_TIME, AT_MS, ID)
redis.call('GEOADD', K_GEO, LON, LAT, ID)
return { 'ok', append_change('report', ID, 'upsert', DATA, nil) }
`;
