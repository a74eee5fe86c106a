import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Actor, Commitment, Need } from '@sitroom/shared';
import { ChangesRepository } from '../changes/changes.repository.js';
import { readSnapshot } from '../changes/entity-snapshot.js';
import { OffersRepository, unwrap } from '../offers/offers.repository.js';
import { Keyspace } from '../redis/keyspace.js';
import { LuaScript } from '../redis/lua-script.js';
import { REDIS } from '../redis/redis.tokens.js';
import { CANCEL_NEED_LUA, COMMIT_LUA, DELIVER_LUA } from './commitments.lua.js';
import { NeedsRepository } from './needs.repository.js';

const commit = new LuaScript(COMMIT_LUA);
const cancelNeed = new LuaScript(CANCEL_NEED_LUA);
const deliver = new LuaScript(DELIVER_LUA);

/** The commitment as the service builds it; the script adds what it reads from the offer and need. */
export type NewCommitmentRecord = Pick<Commitment, 'id' | 'kind' | 'needId' | 'offerId' | 'quantity' | 'status' | 'createdAt' | 'committedByOrg' | 'committedByToken'>;

/**
 * Keys: `commitments` (hash id → JSON), `commitments:by-time` (zset by creation ms),
 * `commitments:by-need` and `commitments:by-offer` (zsets of "<need|offer id>|<commitment id>",
 * read by prefix with ZRANGEBYLEX). Every write is a Lua script over the offer, need and
 * commitment together (commitments.lua.ts).
 */
@Injectable()
export class CommitmentsRepository {
  private readonly hash: string;
  private readonly byTime: string;
  private readonly byNeed: string;
  private readonly byOffer: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    keys: Keyspace,
    private readonly changes: ChangesRepository,
    private readonly offers: OffersRepository,
    private readonly needs: NeedsRepository,
  ) {
    this.hash = keys.key('commitments');
    this.byTime = keys.key('commitments', 'by-time');
    this.byNeed = keys.key('commitments', 'by-need');
    this.byOffer = keys.key('commitments', 'by-offer');
  }

  private scriptKeys(): string[] {
    return [...this.offers.scriptKeys(), this.needs.hashKey, this.hash, this.byTime, this.byNeed, this.byOffer];
  }

  /** Commits part of an offer to a need, or throws 409 (conflict) when it no longer fits. */
  async commit(record: NewCommitmentRecord, actor: Actor, now: Date): Promise<Commitment> {
    const args = [...this.offers.scriptArgs(now, actor, 'commitment.create'), record.needId, record.offerId, record.quantity, JSON.stringify(record)];
    return JSON.parse(unwrap(await commit.run(this.redis, this.scriptKeys(), args))[0]!) as Commitment;
  }

  async cancelNeed(needId: string, actor: Actor, now: Date): Promise<Need> {
    const args = [...this.offers.scriptArgs(now, actor, 'need.cancel'), needId];
    return JSON.parse(unwrap(await cancelNeed.run(this.redis, this.scriptKeys(), args))[0]!) as Need;
  }

  async deliver(id: string, actor: Actor, now: Date): Promise<Commitment> {
    const args = [...this.offers.scriptArgs(now, actor, 'commitment.deliver'), id];
    return JSON.parse(unwrap(await deliver.run(this.redis, this.scriptKeys(), args))[0]!) as Commitment;
  }

  async get(id: string): Promise<Commitment | null> {
    const raw = await this.redis.hget(this.hash, id);
    return raw ? (JSON.parse(raw) as Commitment) : null;
  }

  forNeed(needId: string): Promise<Commitment[]> {
    return this.indexed(this.byNeed, needId);
  }

  forOffer(offerId: string): Promise<Commitment[]> {
    return this.indexed(this.byOffer, offerId);
  }

  snapshot(): Promise<{ items: Commitment[]; cursor: string }> {
    // Commitments have no place of their own (deliverTo is the need's): no geo index, no bbox.
    return readSnapshot<Commitment & { location?: never }>(this.redis, { hash: this.hash, byTime: this.byTime, geo: this.byTime, stream: this.changes.streamKey });
  }

  private async indexed(index: string, id: string): Promise<Commitment[]> {
    const members = await this.redis.zrangebylex(index, `[${id}|`, `(${id}}`);
    if (!members.length) return [];
    const values = await this.redis.hmget(this.hash, ...members.map((m) => m.slice(id.length + 1)));
    return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as Commitment).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
}
