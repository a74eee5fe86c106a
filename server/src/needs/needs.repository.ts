import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Actor, Bbox, Need } from '@sitroom/shared';
import { ChangesRepository } from '../changes/changes.repository.js';
import { geoIndexLat, readSnapshot } from '../changes/entity-snapshot.js';
import { Keyspace } from '../redis/keyspace.js';
import { REDIS } from '../redis/redis.tokens.js';

/**
 * Keys: `needs` (hash id → JSON), `needs:by-time` (zset by creation ms), `needs:geo` (GEO). A new
 * need is one MULTI with its change; everything after (commitments, cancellation) is a Lua script
 * in commitments.lua.ts, because it must see the need and its offers in the same instant.
 */
@Injectable()
export class NeedsRepository {
  readonly hashKey: string;
  private readonly byTime: string;
  private readonly geo: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    keys: Keyspace,
    private readonly changes: ChangesRepository,
  ) {
    this.hashKey = keys.key('needs');
    this.byTime = keys.key('needs', 'by-time');
    this.geo = keys.key('needs', 'geo');
  }

  async create(need: Need, actor: Actor): Promise<void> {
    const tx = this.redis
      .multi()
      .hset(this.hashKey, need.id, JSON.stringify(need))
      .zadd(this.byTime, Date.parse(need.createdAt), need.id)
      .geoadd(this.geo, need.location.lon, geoIndexLat(need.location.lat), need.id);
    this.changes.append(tx, { entity: 'need', op: 'upsert', data: need as never, audit: { actor, action: 'need.create' } });
    await this.changes.exec(tx);
  }

  async get(id: string): Promise<Need | null> {
    const raw = await this.redis.hget(this.hashKey, id);
    return raw ? (JSON.parse(raw) as Need) : null;
  }

  snapshot(bbox?: Bbox): Promise<{ items: Need[]; cursor: string }> {
    return readSnapshot<Need>(this.redis, { hash: this.hashKey, byTime: this.byTime, geo: this.geo, stream: this.changes.streamKey }, bbox);
  }
}
