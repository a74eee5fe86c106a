import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Actor, Bbox, Report } from '@sitroom/shared';
import { ChangesRepository } from '../changes/changes.repository.js';
import { geoIndexLat, readSnapshot } from '../changes/entity-snapshot.js';
import { Keyspace } from '../redis/keyspace.js';
import { REDIS } from '../redis/redis.tokens.js';

/**
 * Keys: `reports` (hash id → JSON), `reports:by-time` (zset by receivedAt ms, for newest-first
 * lists), `reports:geo` (GEO index for bbox reads). Every write also appends its change.
 */
@Injectable()
export class ReportsRepository {
  private readonly hash: string;
  private readonly byTime: string;
  private readonly geo: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    keys: Keyspace,
    private readonly changes: ChangesRepository,
  ) {
    this.hash = keys.key('reports');
    this.byTime = keys.key('reports', 'by-time');
    this.geo = keys.key('reports', 'geo');
  }

  /** Stores a new report and its change (and audit entry) in one MULTI; returns the change id. */
  async create(report: Report, actor: Actor): Promise<string> {
    const tx = this.redis
      .multi()
      .hset(this.hash, report.id, JSON.stringify(report))
      .zadd(this.byTime, Date.parse(report.receivedAt), report.id)
      .geoadd(this.geo, report.location.lon, geoIndexLat(report.location.lat), report.id);
    this.changes.append(tx, { entity: 'report', op: 'upsert', data: report as unknown as Record<string, unknown>, audit: { actor, action: 'report.submit' } });
    const [changeId] = await this.changes.exec(tx);
    return changeId!;
  }

  async get(id: string): Promise<Report | null> {
    const raw = await this.getRaw(id);
    return raw ? (JSON.parse(raw) as Report) : null;
  }

  /** The stored JSON exactly, for compare-and-set. */
  getRaw(id: string): Promise<string | null> {
    return this.redis.hget(this.hash, id);
  }

  /** Replaces a report only if it is still `expected`; returns the change id, or null on a lost race. */
  replaceIf(expected: string, next: Report, prev: Report, audit: { actor: Actor; action: string }): Promise<string | null> {
    return this.changes.replaceIf(this.hash, expected, { entity: 'report', op: 'upsert', data: next as never, prev: prev as never, audit });
  }

  snapshot(bbox?: Bbox): Promise<{ items: Report[]; cursor: string }> {
    return readSnapshot<Report>(this.redis, { hash: this.hash, byTime: this.byTime, geo: this.geo, stream: this.changes.streamKey }, bbox);
  }
}
