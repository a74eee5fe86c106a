import { Inject, Injectable } from '@nestjs/common';
import type { ChainableCommander, Redis } from 'ioredis';
import { compareChangeIds } from '@sitroom/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AppError } from '../errors/app-error.js';
import { Keyspace } from '../redis/keyspace.js';
import { LuaScript } from '../redis/lua-script.js';
import { REDIS } from '../redis/redis.tokens.js';
import { AuditRepository, type NewAuditEntry } from '../audit/audit.repository.js';
import { decodeEntry, type NewStreamChange, type StreamChange } from './stream-change.js';

/**
 * KEYS: entity hash, change stream, audit stream.
 * ARGV: id, expected JSON, next JSON, retain, entity, op, audit JSON ('' for none).
 */
const replaceIfScript = new LuaScript(`
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur ~= ARGV[2] then return false end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'e', ARGV[5], 'o', ARGV[6], 'd', ARGV[3], 'p', ARGV[2])
if ARGV[7] ~= '' then redis.call('XADD', KEYS[3], '*', 'a', ARGV[7]) end
return id
`);

/**
 * Sets (or clears, with '') `incidentId` on many stored entities at once, appending each one's change.
 * Plain string surgery on the stored JSON rather than decode/encode: cjson would turn empty arrays into
 * objects. It is safe because inside a JSON string every quote is escaped, so `"incidentId":"` can only
 * be the key itself; `incidentId` is never the first key, so its leading comma is always there.
 * No `prev` on the change: who may see a report or alert never depends on its incident, so no
 * receiver needs the old state to turn this change into a `remove` (and it halves the bytes).
 * `w: link` marks the entry as this write-back, so that fusion skips its own echo without decoding it.
 * KEYS: entity hash, change stream. ARGV: retain, entity, then id, incidentId pairs.
 */
const setIncidentIdsScript = new LuaScript(`
local n = 0
for i = 3, #ARGV, 2 do
  local id, inc = ARGV[i], ARGV[i + 1]
  local raw = redis.call('HGET', KEYS[1], id)
  if raw then
    local cur = string.match(raw, '"incidentId":"([^"]*)"')
    if (cur or '') ~= inc then
      local nxt
      if cur and inc == '' then nxt = string.gsub(raw, ',"incidentId":"[^"]*"', '', 1)
      elseif cur then nxt = string.gsub(raw, '"incidentId":"[^"]*"', function() return '"incidentId":"' .. inc .. '"' end, 1)
      else nxt = string.sub(raw, 1, -2) .. ',"incidentId":"' .. inc .. '"}' end
      redis.call('HSET', KEYS[1], id, nxt)
      redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[2], 'o', 'upsert', 'd', nxt, 'w', 'link')
      n = n + 1
    end
  end
end
return n
`);

function auditEntryOf(change: NewStreamChange): NewAuditEntry {
  const removed = change.op === 'remove';
  return {
    actor: change.audit!.actor,
    action: change.audit!.action,
    entity: change.entity,
    id: String(change.data.id),
    ...(change.prev || removed ? { before: change.prev ?? change.data } : {}),
    ...(removed ? {} : { after: change.data }),
  };
}

/**
 * The change stream (`changes`): the one truth for live updates. Repositories add their entity
 * writes to a MULTI, `append` adds the change to the same MULTI, and `exec` runs it: the entity and
 * its change are stored together or not at all.
 */
@Injectable()
export class ChangesRepository {
  readonly streamKey: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    keys: Keyspace,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditRepository,
  ) {
    this.streamKey = keys.key('changes');
  }

  /** Adds the change (and its audit entry, when it has one) to the caller's MULTI. */
  append(tx: ChainableCommander, change: NewStreamChange): void {
    const fields = ['e', change.entity, 'o', change.op, 'd', JSON.stringify(change.data)];
    if (change.prev) fields.push('p', JSON.stringify(change.prev));
    const at = (this.#changeIndexes.get(tx) ?? this.#changeIndexes.set(tx, []).get(tx))!;
    at.push(tx.length - 1); // position of this XADD among the MULTI's replies
    // Approximate trimming keeps XADD O(1); the horizon is CHANGES_RETAIN entries (older cursors get 410).
    tx.xadd(this.streamKey, 'MAXLEN', '~', String(this.config.CHANGES_RETAIN), '*', ...fields);
    if (change.audit) this.audit.append(tx, auditEntryOf(change));
  }

  readonly #changeIndexes = new WeakMap<ChainableCommander, number[]>();

  /** Runs the MULTI; returns the ids of the change entries it added, in order. */
  async exec(tx: ChainableCommander): Promise<string[]> {
    const results = await tx.exec();
    if (!results) throw new AppError('conflict', 'The data changed while writing; try again.');
    for (const [err] of results) if (err) throw err;
    return (this.#changeIndexes.get(tx) ?? []).map((i) => results[i]![1] as string);
  }

  /**
   * Replaces one entity in a hash only if it is still exactly `expected` (the JSON read before
   * deciding), appending its change and audit entry in the same Lua call. Returns the change id, or
   * null when someone else changed the entity first: the caller re-reads and decides again.
   */
  async replaceIf(hashKey: string, expected: string, change: NewStreamChange): Promise<string | null> {
    const next = JSON.stringify(change.data);
    const id = await replaceIfScript.run(this.redis, [hashKey, this.streamKey, this.audit.streamKey], [
      String(change.data.id), expected, next, String(this.config.CHANGES_RETAIN), change.entity, change.op,
      change.audit ? AuditRepository.encode(auditEntryOf(change)) : '',
    ]);
    return (id as string | null) ?? null;
  }

  /** Fusion's write-back of `incidentId` onto reports or alerts, a batch per call (see setIncidentIdsScript). */
  async setIncidentIds(hashKey: string, entity: 'report' | 'alert', pairs: [string, string | null][]): Promise<void> {
    for (let i = 0; i < pairs.length; i += 500) {
      const args = pairs.slice(i, i + 500).flatMap(([id, inc]) => [id, inc ?? '']);
      // By SHA: the script is sent once, not with every batch (it was an eighth of fusion's time).
      await setIncidentIdsScript.run(this.redis, [hashKey, this.streamKey], [String(this.config.CHANGES_RETAIN), entity, ...args]);
    }
  }

  /** Changes after `afterId` (exclusive), oldest first. */
  async after(afterId: string, count: number, untilId = '+'): Promise<StreamChange[]> {
    const entries = (await this.redis.xrange(this.streamKey, `(${afterId}`, untilId, 'COUNT', count)) as [string, string[]][];
    return entries.map(decodeEntry);
  }

  async lastId(): Promise<string> {
    const last = (await this.redis.xrevrange(this.streamKey, '+', '-', 'COUNT', 1)) as [string, string[]][];
    return last[0]?.[0] ?? '0-0';
  }

  /**
   * Whether a client at `since` can be brought up to date from the stream: nothing after it has been
   * trimmed, and it is not from the future (a Redis that lost data, or a cursor from another install).
   */
  async canResumeFrom(since: string): Promise<boolean> {
    const info = (await this.redis.call('XINFO', 'STREAM', this.streamKey).catch((e: Error) => {
      if (/no such key/i.test(e.message)) return null;
      throw e;
    })) as unknown[] | null;
    if (!info) return since === '0-0';
    const f: Record<string, unknown> = {};
    for (let i = 0; i < info.length; i += 2) f[String(info[i])] = info[i + 1];
    const lastGenerated = String(f['last-generated-id'] ?? '0-0');
    const maxDeleted = String(f['max-deleted-entry-id'] ?? '0-0');
    // Trimming (MAXLEN) does not move max-deleted-entry-id in Redis 7.0: when entries were trimmed,
    // only a cursor at or after the first retained entry is known to have nothing missing after it.
    const trimmed = Number(f['entries-added'] ?? 0) > Number(f['length'] ?? 0);
    const firstEntry = (f['first-entry'] as [string, unknown] | null)?.[0] ?? lastGenerated;
    if (compareChangeIds(since, lastGenerated) > 0) return false;
    if (compareChangeIds(since, maxDeleted) < 0) return false;
    return !trimmed || compareChangeIds(since, firstEntry) >= 0;
  }

  /** Throws the contract's 410 when `since` cannot be resumed from. */
  async assertResumable(since: string): Promise<void> {
    if (!(await this.canResumeFrom(since))) {
      throw new AppError('gone', 'That cursor is older than the retained history (or unknown here): take a new snapshot.');
    }
  }
}
