import { OFFER_PRELUDE_LUA } from '../offers/offers.lua.js';

/*
 * Commitments touch an offer, a need and the commitment record at once, so each is one Lua script:
 * the checks ("does the offer still have that much?") and the writes happen with nothing in
 * between, whichever instance sends them. Under any concurrency an offer is never committed beyond
 * its quantity, a need never beyond what it asked for, and every commitment that is answered 201 is
 * stored with its changes. Calling convention: see offers.lua.ts; KEYS[9..13] are the needs
 * domain's keys (CommitmentsRepository.scriptKeys).
 */
const PRELUDE = `${OFFER_PRELUDE_LUA}
local K_NEEDS, K_COMMITMENTS, K_C_BY_TIME, K_C_BY_NEED, K_C_BY_OFFER = KEYS[9], KEYS[10], KEYS[11], KEYS[12], KEYS[13]

local function need_status(n)
  if n.status == 'cancelled' then return 'cancelled' end
  if n.met >= n.quantity then return 'met' end
  if n.met > 0 then return 'partly-met' end
  return 'open'
end

local function store_need(n, prev_raw)
  n.status = need_status(n)
  n.updatedAt = NOW
  local raw = cjson.encode(n)
  redis.call('HSET', K_NEEDS, n.id, raw)
  append_change('need', n.id, 'upsert', raw, prev_raw)
  return raw
end

local function store_commitment(c, prev_raw)
  c.updatedAt = NOW
  local raw = cjson.encode(c)
  redis.call('HSET', K_COMMITMENTS, c.id, raw)
  append_change('commitment', c.id, 'upsert', raw, prev_raw)
  return raw
end

-- Index members are "<need or offer id>|<commitment id>"; '}' sorts right after '|', so the range
-- [id| .. (id} holds exactly one need's (or offer's) commitments.
local function commitments_of(index, id)
  return redis.call('ZRANGEBYLEX', index, '[' .. id .. '|', '(' .. id .. '}')
end
`;

/** ARGV[6] need id, ARGV[7] offer id, ARGV[8] quantity, ARGV[9] the commitment as far as the caller knows it (JSON). */
export const COMMIT_LUA = `${PRELUDE}
local need_raw = redis.call('HGET', K_NEEDS, ARGV[6])
if not need_raw then return fail('not_found', '', 'No need with this id.') end
local offer_raw = redis.call('HGET', K_OFFERS, ARGV[7])
if not offer_raw then return fail('invalid_input', 'offerId', 'No offer with this id.') end
local n, o, q = cjson.decode(need_raw), cjson.decode(offer_raw), tonumber(ARGV[8])
if o.resourceType ~= n.resourceType or o.unit ~= n.unit then
  return fail('invalid_input', 'offerId', 'The offer is ' .. o.resourceType .. ' in ' .. o.unit .. '; the need is ' .. n.resourceType .. ' in ' .. n.unit .. '.')
end
if n.status ~= 'open' and n.status ~= 'partly-met' then return fail('conflict', '', 'The need is ' .. n.status .. '.') end
if o.status == 'committed' or o.status == 'delivered' then
  return fail('conflict', 'quantity', 'The offer has no ' .. o.unit .. ' left: it is fully committed.')
end
if not is_active(o) then return fail('conflict', 'offerId', 'The offer is ' .. o.status .. '.') end
if o.availableUntil and o.availableUntil <= NOW then return fail('conflict', 'offerId', 'The offer expired at ' .. o.availableUntil .. '.') end
if q > o.remaining then return fail('conflict', 'quantity', 'The offer has only ' .. o.remaining .. ' ' .. o.unit .. ' left.') end
if q > n.quantity - n.met then
  return fail('conflict', 'quantity', 'The need requires only ' .. (n.quantity - n.met) .. ' more ' .. n.unit .. '.')
end
o.remaining = o.remaining - q
store_offer(o, offer_raw)
n.met = n.met + q
store_need(n, need_raw)
local c = cjson.decode(ARGV[9])
c.offerOrg, c.resourceType, c.unit, c.deliverTo, c.incidentId = o.org, o.resourceType, o.unit, n.location, n.incidentId
redis.call('ZADD', K_C_BY_TIME, NOW_MS, c.id)
redis.call('ZADD', K_C_BY_NEED, 0, n.id .. '|' .. c.id)
redis.call('ZADD', K_C_BY_OFFER, 0, o.id .. '|' .. c.id)
return { 'ok', store_commitment(c, nil) }
`;

/** ARGV[6] need id. Undelivered commitments are released: their offers get the quantity back. */
export const CANCEL_NEED_LUA = `${PRELUDE}
local need_raw = redis.call('HGET', K_NEEDS, ARGV[6])
if not need_raw then return fail('not_found', '', 'No need with this id.') end
local n = cjson.decode(need_raw)
if n.status == 'cancelled' then return fail('conflict', '', 'The need is already cancelled.') end
for _, member in ipairs(commitments_of(K_C_BY_NEED, n.id)) do
  local c_raw = redis.call('HGET', K_COMMITMENTS, string.sub(member, #n.id + 2))
  local c = c_raw and cjson.decode(c_raw)
  if c and c.status == 'committed' then
    c.status = 'released'
    store_commitment(c, c_raw)
    local o_raw = redis.call('HGET', K_OFFERS, c.offerId)
    if o_raw then
      local o = cjson.decode(o_raw)
      o.remaining = math.min(o.quantity, o.remaining + c.quantity)
      store_offer(o, o_raw)
    end
    n.met = n.met - c.quantity
  end
end
n.status = 'cancelled'
return { 'ok', store_need(n, need_raw) }
`;

/** ARGV[6] commitment id. */
export const DELIVER_LUA = `${PRELUDE}
local c_raw = redis.call('HGET', K_COMMITMENTS, ARGV[6])
if not c_raw then return fail('not_found', '', 'No commitment with this id.') end
local c = cjson.decode(c_raw)
if c.status ~= 'committed' then return fail('conflict', '', 'The commitment is already ' .. c.status .. '.') end
c.status, c.deliveredAt = 'delivered', NOW
local out = store_commitment(c, c_raw)
local o_raw = redis.call('HGET', K_OFFERS, c.offerId)
if o_raw then
  local o = cjson.decode(o_raw)
  o.delivered = o.delivered + c.quantity
  store_offer(o, o_raw)
end
return { 'ok', out }
`;
