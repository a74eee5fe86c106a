import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Actor, Bbox, Incident } from '@sitroom/shared';
import { ChangesRepository } from '../changes/changes.repository.js';
import { geoIndexLat, readSnapshot } from '../changes/entity-snapshot.js';
import { decodeEntry, entryField, type StreamChange } from '../changes/stream-change.js';
import { Keyspace } from '../redis/keyspace.js';
import { REDIS } from '../redis/redis.tokens.js';
import type { IncidentState } from './fusion-engine.js';
import type { Member } from './fusion-member.js';

export const FUSION_GROUP = 'fusion';
export const FUSION_READER = Symbol('FUSION_READER');
const FUSION_ACTOR: Actor = { tokenId: null, role: 'system', org: 'fusion' };

/**
 * Keys: `incidents` (hash id → incident), `incidents:by-time` (zset by firstSeenAt),
 * `incidents:geo` (GEO by location), `fusion:members:<incident id>` (hash `kind:id` → member summary),
 * `fusion:lease` (which instance runs fusion), `fusion:commands` (stream of operator actions) and
 * `fusion:reply:<id>` (their results); the consumer group `fusion` on the change stream and on
 * `fusion:commands`.
 */
@Injectable()
export class FusionRepository {
  private readonly hash: string;
  private readonly byTime: string;
  private readonly geo: string;
  readonly leaseKey: string;
  readonly commandsKey: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    /** XREADGROUP BLOCK gets its own connection: on the shared one it would stall every other command. */
    @Inject(FUSION_READER) private readonly reader: Redis,
    private readonly keys: Keyspace,
    private readonly changes: ChangesRepository,
  ) {
    this.hash = keys.key('incidents');
    this.byTime = keys.key('incidents', 'by-time');
    this.geo = keys.key('incidents', 'geo');
    this.leaseKey = keys.key('fusion', 'lease');
    this.commandsKey = keys.key('fusion', 'commands');
  }

  get streamKey(): string {
    return this.changes.streamKey;
  }

  /** Creates the consumer groups once; '0' so that signals stored before fusion first ran are fused too. */
  async ensureGroups(): Promise<void> {
    for (const key of [this.changes.streamKey, this.commandsKey]) {
      await this.redis.xgroup('CREATE', key, FUSION_GROUP, '0', 'MKSTREAM').catch((e: Error) => {
        if (!/BUSYGROUP/.test(e.message)) throw e;
      });
    }
  }

  /** Takes or renews the lease; true while this instance holds it. */
  async holdLease(owner: string, ttlMs: number): Promise<boolean> {
    const res = await this.redis.eval(
      `local cur = redis.call('GET', KEYS[1])
       if cur == false or cur == ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
       return 0`,
      1, this.leaseKey, owner, ttlMs,
    );
    return res === 1;
  }

  async releaseLease(owner: string): Promise<void> {
    await this.redis.eval(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`, 1, this.leaseKey, owner);
  }

  private membersKey(incidentId: string): string {
    return this.keys.key('fusion', 'members', incidentId);
  }

  /** Every incident with its members, in the order they joined (addedAt, then time, then key: stable). */
  async loadStates(): Promise<IncidentState[]> {
    const incidents = Object.entries(await this.redis.hgetall(this.hash));
    const tx = this.redis.pipeline();
    for (const [id] of incidents) tx.hgetall(this.membersKey(id));
    const lists = (await tx.exec()) ?? [];
    return incidents.map(([, raw], i) => {
      const members = Object.entries((lists[i]?.[1] ?? {}) as Record<string, string>)
        .map(([key, json]) => ({ key, m: JSON.parse(json) as Member }))
        .sort((a, b) => a.m.addedAt.localeCompare(b.m.addedAt) || a.m.at.localeCompare(b.m.at) || a.key.localeCompare(b.key))
        .map(({ m }) => m);
      return { incident: JSON.parse(raw) as Incident, members };
    });
  }

  /** Reads what this consumer has not yet acknowledged (after a crash), then new entries. */
  /**
   * Reads what this consumer has not yet acknowledged (after a crash), then new entries: the signals
   * to fuse (report and alert upserts, decoded), and the ids of every change entry read (`read`, all
   * to acknowledge). Everything else — incidents, offers, fusion's own `incidentId` write-backs — is
   * skipped without decoding: it is most of the stream, and decoding it cost as much as fusing.
   */
  async read(consumer: string, pendingFirst: boolean, blockMs: number, count: number): Promise<{ signals: StreamChange[]; read: string[]; commands: { id: string; body: Record<string, unknown> }[] }> {
    const start = pendingFirst ? '0' : '>';
    const res = (await this.reader.call(
      'XREADGROUP', 'GROUP', FUSION_GROUP, consumer, 'COUNT', String(count), ...(pendingFirst ? [] : ['BLOCK', String(blockMs)]), 'STREAMS', this.changes.streamKey, this.commandsKey, start, start,
    )) as [string, [string, string[] | null][]][] | null;
    const out = { signals: [] as StreamChange[], read: [] as string[], commands: [] as { id: string; body: Record<string, unknown> }[] };
    for (const [key, entries] of res ?? []) {
      for (const [id, fields] of entries) {
        if (key === this.commandsKey) {
          if (fields) out.commands.push({ id, body: JSON.parse(fields[1]!) });
          continue;
        }
        out.read.push(id);
        if (!fields) continue; // an entry trimmed away while pending
        const entity = entryField(fields, 'e');
        if ((entity === 'report' || entity === 'alert') && entryField(fields, 'o') === 'upsert' && entryField(fields, 'w') !== 'link') out.signals.push(decodeEntry([id, fields]));
      }
    }
    return out;
  }

  /** Entries other (dead) consumers took but never acknowledged: this one takes them over. */
  async claimAbandoned(consumer: string): Promise<void> {
    for (const key of [this.changes.streamKey, this.commandsKey]) {
      await this.redis.xautoclaim(key, FUSION_GROUP, consumer, 0, '0-0', 'COUNT', 10_000);
    }
  }

  /** Writes incidents, their members and changes, and acknowledges the entries that led to them, in one MULTI. */
  async commit(
    states: IncidentState[],
    ack: { changes: string[]; commands: string[] },
    dirty: Map<string, 'all' | Map<string, Member | null>>,
    actor: Actor = FUSION_ACTOR,
    action = 'incident.fuse',
  ): Promise<void> {
    const tx = this.redis.multi();
    for (const { incident, members } of states) {
      tx.hset(this.hash, incident.id, JSON.stringify(incident));
      const changed = dirty.get(incident.id);
      const key = this.membersKey(incident.id);
      if (changed === 'all') {
        tx.del(key);
        if (members.length) tx.hset(key, ...members.flatMap((m) => [`${m.kind}:${m.id}`, JSON.stringify(m)]));
      } else if (changed) {
        const set = [...changed].filter(([, m]) => m !== null).flatMap(([k, m]) => [k, JSON.stringify(m)]);
        const gone = [...changed].filter(([, m]) => m === null).map(([k]) => k);
        if (set.length) tx.hset(key, ...set);
        if (gone.length) tx.hdel(key, ...gone);
      }
      tx.zadd(this.byTime, Date.parse(incident.firstSeenAt), incident.id);
      if (incident.location) tx.geoadd(this.geo, incident.location.lon, geoIndexLat(incident.location.lat), incident.id);
      const merged = Boolean(incident.mergedInto);
      this.changes.append(tx, { entity: 'incident', op: merged ? 'remove' : 'upsert', data: incident as never, ...(merged ? { prev: incident as never } : {}), audit: { actor, action: merged ? 'incident.merge' : action } });
    }
    if (ack.changes.length) tx.xack(this.changes.streamKey, FUSION_GROUP, ...ack.changes);
    if (ack.commands.length) tx.xack(this.commandsKey, FUSION_GROUP, ...ack.commands);
    await this.changes.exec(tx);
  }

  closeReader(): void {
    this.reader.disconnect();
  }

  async get(id: string): Promise<Incident | null> {
    const raw = await this.redis.hget(this.hash, id);
    return raw ? (JSON.parse(raw) as Incident) : null;
  }

  /** Every member of one incident (its full list of sources; the incident itself carries the latest). */
  async members(incidentId: string): Promise<Member[]> {
    return Object.values(await this.redis.hgetall(this.membersKey(incidentId))).map((json) => JSON.parse(json) as Member);
  }

  snapshot(bbox?: Bbox): Promise<{ items: Incident[]; cursor: string }> {
    return readSnapshot<Incident & { location?: never }>(this.redis, { hash: this.hash, byTime: this.byTime, geo: this.geo, stream: this.changes.streamKey }, bbox) as Promise<{ items: Incident[]; cursor: string }>;
  }

  async enqueueCommand(body: Record<string, unknown>): Promise<string> {
    return (await this.redis.xadd(this.commandsKey, 'MAXLEN', '~', '10000', '*', 'c', JSON.stringify(body))) as string;
  }

  async reply(replyId: string, result: unknown): Promise<void> {
    await this.redis.set(this.keys.key('fusion', 'reply', replyId), JSON.stringify(result), 'EX', 120);
  }

  async takeReply(replyId: string): Promise<unknown | null> {
    const raw = await this.redis.getdel(this.keys.key('fusion', 'reply', replyId));
    return raw ? JSON.parse(raw) : null;
  }
}
