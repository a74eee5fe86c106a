import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Presence, PresenceTarget } from '@sitroom/shared';
import { ChangesRepository } from '../changes/changes.repository.js';
import { Keyspace } from '../redis/keyspace.js';
import { REDIS } from '../redis/redis.tokens.js';

interface Seat {
  target: PresenceTarget;
  tokenId: string | null;
  org: string | null;
  since: string;
  seenAt: number;
}

/**
 * Who has what open: `presence` (hash connection id → seat). A connection that vanishes without a
 * goodbye (an instance crash) is swept once its heartbeat is older than STALE_MS.
 * Each change of one entity's viewers is appended as a `presence` change (operators only).
 */
@Injectable()
export class PresenceRepository {
  private readonly hash: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    keys: Keyspace,
    private readonly changes: ChangesRepository,
  ) {
    this.hash = keys.key('presence');
  }

  async seats(): Promise<Map<string, Seat>> {
    const all = await this.redis.hgetall(this.hash);
    return new Map(Object.entries(all).map(([k, v]) => [k, JSON.parse(v) as Seat]));
  }

  /** Sets (or clears) one connection's seat and publishes the new viewer lists of what it left and joined. */
  async set(connection: string, seat: Seat | null): Promise<void> {
    const before = await this.redis.hget(this.hash, connection);
    const prev = before ? (JSON.parse(before) as Seat) : null;
    const sameTarget = prev && seat && prev.target.entity === seat.target.entity && prev.target.id === seat.target.id;
    if (sameTarget) {
      await this.redis.hset(this.hash, connection, JSON.stringify({ ...seat, since: prev.since })); // heartbeat only
      return;
    }
    if (!prev && !seat) return;
    const tx = this.redis.multi();
    if (seat) tx.hset(this.hash, connection, JSON.stringify(seat));
    else tx.hdel(this.hash, connection);
    await tx.exec();
    await this.publish([prev?.target, seat?.target].filter((t): t is PresenceTarget => Boolean(t)));
  }

  /** Drops seats whose heartbeat stopped (their instance died); returns how many. */
  async sweep(staleBefore: number): Promise<number> {
    const seats = await this.seats();
    const stale = [...seats].filter(([, s]) => s.seenAt < staleBefore);
    if (!stale.length) return 0;
    await this.redis.hdel(this.hash, ...stale.map(([k]) => k));
    await this.publish(stale.map(([, s]) => s.target));
    return stale.length;
  }

  async list(): Promise<Presence[]> {
    const byTarget = new Map<string, Presence>();
    for (const seat of (await this.seats()).values()) {
      const id = `${seat.target.entity}:${seat.target.id}`;
      const p = byTarget.get(id) ?? { id, entity: seat.target.entity, entityId: seat.target.id, viewers: [] };
      p.viewers.push({ tokenId: seat.tokenId, org: seat.org, since: seat.since });
      byTarget.set(id, p);
    }
    return [...byTarget.values()];
  }

  /** Appends the current viewers of each target (a remove when nobody is left). */
  private async publish(targets: PresenceTarget[]): Promise<void> {
    if (!targets.length) return;
    const all = await this.list();
    const tx = this.redis.multi();
    const done = new Set<string>();
    for (const t of targets) {
      const id = `${t.entity}:${t.id}`;
      if (done.has(id)) continue;
      done.add(id);
      const now = all.find((p) => p.id === id);
      this.changes.append(tx, now ? { entity: 'presence', op: 'upsert', data: { ...now } } : { entity: 'presence', op: 'remove', data: { id } });
    }
    await this.changes.exec(tx);
  }
}
