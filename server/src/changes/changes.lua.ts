/**
 * `append_change` for Lua scripts that write an entity and its change in one atomic step. The same
 * stream entry layout as `ChangesRepository.append` (fields e, o, d and optional p; MAXLEN ~ retain),
 * and, when the script has an ACTION, the audit entry `AuditRepository` stores (field a: JSON of
 * actor, action, entity, id, before, after; the audit stream is never trimmed).
 * The script must define the locals K_CHANGES, K_AUDIT, RETAIN, ACTOR (JSON) and ACTION first.
 */
export const APPEND_CHANGE_LUA = `
local function append_change(entity, id, op, data, prev)
  local change_id
  if prev then
    change_id = redis.call('XADD', K_CHANGES, 'MAXLEN', '~', RETAIN, '*', 'e', entity, 'o', op, 'd', data, 'p', prev)
  else
    change_id = redis.call('XADD', K_CHANGES, 'MAXLEN', '~', RETAIN, '*', 'e', entity, 'o', op, 'd', data)
  end
  if ACTION ~= '' then
    local entry = '{"actor":' .. ACTOR .. ',"action":' .. cjson.encode(ACTION) .. ',"entity":' .. cjson.encode(entity) .. ',"id":' .. cjson.encode(id)
    if prev then entry = entry .. ',"before":' .. prev end
    if op ~= 'remove' then entry = entry .. ',"after":' .. data end
    redis.call('XADD', K_AUDIT, '*', 'a', entry .. '}')
  end
  return change_id
end
`;
