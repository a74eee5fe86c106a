import { APPEND_CHANGE_LUA } from '../changes/changes.lua.js';

/*
 * Every write to an offer runs as one Lua script: Redis runs it alone, so a commitment, an edit by
 * the business and the expiry sweep can never interleave, on any number of instances. The status
 * rule lives here (in `offer_status`) and nowhere else; the TypeScript side only ever creates
 * offers as `available`.
 *
 * Calling convention shared by the offer scripts and the commitment scripts (needs/commitments.lua.ts):
 *   KEYS[1] the change stream, KEYS[2] the audit stream, KEYS[3..8] the offer keys (see
 *   OffersRepository.scriptKeys), KEYS[9..] the needs domain's keys. ARGV[1] CHANGES_RETAIN, ARGV[2]
 *   now as ISO 8601 (UTC with milliseconds: such strings sort as their instants, so Lua compares
 *   times as strings), ARGV[3] now in ms, ARGV[4] the actor (JSON), ARGV[5] the audit action,
 *   ARGV[6..] the script's own arguments.
 * Results: { 'ok', ... } or { 'err', code, field, message } (see OffersRepository's `unwrap`).
 */
export const OFFER_PRELUDE_LUA = `
local K_CHANGES, K_AUDIT, K_OFFERS, K_OFFERS_BY_TIME, K_OFFERS_GEO = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local K_OFFERS_ACTIVE, K_OFFERS_UNTIL, K_OFFERS_MESSAGES = KEYS[6], KEYS[7], KEYS[8]
local RETAIN, NOW, NOW_MS, ACTOR, ACTION = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5]
${APPEND_CHANGE_LUA}
local function fail(code, field, message) return { 'err', code, field, message } end

local function offer_status(o)
  if o.status == 'withdrawn' or o.status == 'expired' then return o.status end
  if o.remaining >= o.quantity then return 'available' end
  if o.remaining > 0 then return 'partly-committed' end
  if o.delivered >= o.quantity then return 'delivered' end
  return 'committed'
end

local function is_active(o) return o.status == 'available' or o.status == 'partly-committed' end
local function is_final(o) return o.status == 'withdrawn' or o.status == 'expired' or o.status == 'delivered' end

local function place_offer(o)
  local lat = math.max(-85.05, math.min(85.05, o.location.lat)) -- GEOADD's limit
  redis.call('GEOADD', K_OFFERS_GEO, o.location.lon, lat, o.id)
end

-- Recomputes the status, stores the offer, keeps the indexes in step and appends the change.
-- offers:active holds "<type>:<id>" of committable offers (the matcher reads one type by ZRANGEBYLEX);
-- offers:until keeps every offer with a window end until it is final, so that an offer whose
-- commitment is released after its window closed still expires.
local function store_offer(o, prev_raw)
  o.status = offer_status(o)
  o.updatedAt = NOW
  local raw = cjson.encode(o)
  redis.call('HSET', K_OFFERS, o.id, raw)
  local member = o.resourceType .. ':' .. o.id
  if is_active(o) then redis.call('ZADD', K_OFFERS_ACTIVE, 0, member) else redis.call('ZREM', K_OFFERS_ACTIVE, member) end
  if is_final(o) then redis.call('ZREM', K_OFFERS_UNTIL, o.id) end
  append_change('offer', o.id, 'upsert', raw, prev_raw)
  return raw
end
`;

/** ARGV[6] offers (JSON array), ARGV[7] their window ends in ms (0 = none), ARGV[8] EDXL-RM dedupe field or ''. */
export const CREATE_OFFERS_LUA = `${OFFER_PRELUDE_LUA}
local offers, untils, message = cjson.decode(ARGV[6]), cjson.decode(ARGV[7]), ARGV[8]
if message ~= '' then
  local seen = redis.call('HGET', K_OFFERS_MESSAGES, message)
  if seen then return { 'duplicate', seen } end
end
local ids = {}
for i, o in ipairs(offers) do
  redis.call('ZADD', K_OFFERS_BY_TIME, NOW_MS, o.id)
  place_offer(o)
  if untils[i] > 0 then redis.call('ZADD', K_OFFERS_UNTIL, untils[i], o.id) end
  store_offer(o, nil)
  ids[#ids + 1] = o.id
end
if message ~= '' then redis.call('HSET', K_OFFERS_MESSAGES, message, cjson.encode(ids)) end
return { 'ok' }
`;

/** ARGV[6] id, ARGV[7] caller org, ARGV[8] patch (JSON; null clears), ARGV[9] window end ms ('' keep, '0' none). */
export const PATCH_OFFER_LUA = `${OFFER_PRELUDE_LUA}
local raw = redis.call('HGET', K_OFFERS, ARGV[6])
if not raw then return fail('not_found', '', 'No offer with this id.') end
local o, p = cjson.decode(raw), cjson.decode(ARGV[8])
if o.org ~= ARGV[7] then return fail('forbidden', '', 'Only the business that posted this offer may change it.') end
if is_final(o) then return fail('conflict', '', 'The offer is ' .. o.status .. ' and can no longer be changed.') end
if p.quantity ~= nil then
  local committed = o.quantity - o.remaining
  if p.quantity < committed then
    return fail('conflict', 'quantity', committed .. ' ' .. o.unit .. ' are already committed: quantity cannot go below that.')
  end
  o.remaining, o.quantity = p.quantity - committed, p.quantity
end
for _, f in ipairs({ 'location', 'availableFrom', 'availableUntil', 'description', 'contact' }) do
  if p[f] == cjson.null then o[f] = nil elseif p[f] ~= nil then o[f] = p[f] end
end
if o.availableFrom and o.availableUntil and o.availableFrom >= o.availableUntil then
  return fail('invalid_input', 'availableUntil', 'availableUntil must be after availableFrom')
end
if p.location then place_offer(o) end
if ARGV[9] == '0' then redis.call('ZREM', K_OFFERS_UNTIL, o.id)
elseif ARGV[9] ~= '' then redis.call('ZADD', K_OFFERS_UNTIL, ARGV[9], o.id) end
o.confirmedAt = NOW
return { 'ok', store_offer(o, raw) }
`;

/** ARGV[6] id, ARGV[7] caller org. What is already committed stands; only the remainder is withdrawn. */
export const WITHDRAW_OFFER_LUA = `${OFFER_PRELUDE_LUA}
local raw = redis.call('HGET', K_OFFERS, ARGV[6])
if not raw then return fail('not_found', '', 'No offer with this id.') end
local o = cjson.decode(raw)
if o.org ~= ARGV[7] then return fail('forbidden', '', 'Only the business that posted this offer may withdraw it.') end
if is_final(o) then return fail('conflict', '', 'The offer is already ' .. o.status .. '.') end
if o.remaining <= 0 then return fail('conflict', '', 'The offer is fully committed: nothing is left to withdraw.') end
o.status = 'withdrawn'
return { 'ok', store_offer(o, raw) }
`;

/**
 * Expires committable offers whose window has closed. Idempotent and atomic, so every instance may
 * run it on its own timer: whichever runs first does the work, the others find nothing to do.
 */
export const EXPIRE_OFFERS_LUA = `${OFFER_PRELUDE_LUA}
local expired = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', K_OFFERS_UNTIL, '-inf', NOW_MS)) do
  local raw = redis.call('HGET', K_OFFERS, id)
  if not raw then
    redis.call('ZREM', K_OFFERS_UNTIL, id)
  else
    local o = cjson.decode(raw)
    if is_active(o) then
      o.status = 'expired'
      store_offer(o, raw)
      expired = expired + 1
    end
  end
end
return expired
`;
