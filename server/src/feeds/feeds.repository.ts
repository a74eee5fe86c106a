import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { FeedState } from '@sitroom/shared';
import { ChangesRepository } from '../changes/changes.repository.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Keyspace } from '../redis/keyspace.js';
import { LuaScript } from '../redis/lua-script.js';
import { REDIS } from '../redis/redis.tokens.js';
import type { Validators } from './feed-fetch.js';
import { RELEASE_LOCK_LUA, RENEW_LOCK_LUA, SAVE_POLL_LUA } from './feeds.lua.js';

const savePoll = new LuaScript(SAVE_POLL_LUA);
const renewLock = new LuaScript(RENEW_LOCK_LUA);
const releaseLock = new LuaScript(RELEASE_LOCK_LUA);

/**
 * Keys: `feeds` (hash id → FeedState JSON), `feeds:urls` (hash "<kind> <url>" → id: one registration
 * per source), `feeds:due` (zset id → next poll ms), `feeds:http` (hash id → last ETag and
 * Last-Modified), `feeds:seen:<id>` (set of linked CAP URLs already read), `feeds:lock:<id>` (the
 * poller's lock: token with expiry).
 */
@Injectable()
export class FeedsRepository {
  private readonly feeds: string;
  private readonly urls: string;
  private readonly due: string;
  private readonly http: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: Keyspace,
    private readonly changes: ChangesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.feeds = keys.key('feeds');
    this.urls = keys.key('feeds', 'urls');
    this.due = keys.key('feeds', 'due');
    this.http = keys.key('feeds', 'http');
  }

  private seen(id: string) { return this.keys.key('feeds', 'seen', id); }
  private lock(id: string) { return this.keys.key('feeds', 'lock', id); }

  /** Registers a feed, due at once; false when this kind and URL are registered already. */
  async create(feed: FeedState): Promise<boolean> {
    if (!(await this.redis.hsetnx(this.urls, `${feed.feedKind} ${feed.url}`, feed.id))) return false;
    const tx = this.redis.multi().hset(this.feeds, feed.id, JSON.stringify(feed)).zadd(this.due, Date.parse(feed.nextPollAt), feed.id);
    this.changes.append(tx, { entity: 'feed', op: 'upsert', data: feed as unknown as Record<string, unknown> });
    await this.changes.exec(tx);
    return true;
  }

  async remove(id: string): Promise<boolean> {
    const raw = await this.redis.hget(this.feeds, id);
    if (!raw) return false;
    const feed = JSON.parse(raw) as FeedState;
    const tx = this.redis.multi().hdel(this.feeds, id).hdel(this.urls, `${feed.feedKind} ${feed.url}`).zrem(this.due, id).hdel(this.http, id).del(this.seen(id));
    this.changes.append(tx, { entity: 'feed', op: 'remove', data: { id }, prev: feed as unknown as Record<string, unknown> });
    await this.changes.exec(tx);
    return true;
  }

  async getRaw(id: string): Promise<string | null> {
    return this.redis.hget(this.feeds, id);
  }

  /** Every feed and the change id that state is consistent with (one MULTI: no change slips between the two). */
  async list(): Promise<{ items: FeedState[]; cursor: string }> {
    const res = await this.redis.multi().hvals(this.feeds).xrevrange(this.changes.streamKey, '+', '-', 'COUNT', 1).exec();
    const values = (res?.[0]?.[1] ?? []) as string[];
    const last = (res?.[1]?.[1] ?? []) as [string, string[]][];
    return { items: values.map((v) => JSON.parse(v) as FeedState).sort((a, b) => a.createdAt.localeCompare(b.createdAt)), cursor: last[0]?.[0] ?? '0-0' };
  }

  async dueIds(nowMs: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.due, '-inf', nowMs, 'LIMIT', 0, limit);
  }

  async isDue(id: string, nowMs: number): Promise<boolean> {
    const score = await this.redis.zscore(this.due, id);
    return score !== null && Number(score) <= nowMs;
  }

  async forgetDue(id: string): Promise<void> {
    await this.redis.zrem(this.due, id);
  }

  async pollContext(id: string): Promise<{ validators: Validators; seen: Set<string> }> {
    const [http, seen] = await Promise.all([this.redis.hget(this.http, id), this.redis.smembers(this.seen(id))]);
    return { validators: http ? (JSON.parse(http) as Validators) : {}, seen: new Set(seen) };
  }

  /** Saves a poll's outcome if the feed is unchanged since `expected`; false when it was deleted or replaced meanwhile. */
  async savePoll(expected: string, next: FeedState, opts: { validators?: Validators; seen?: string[] }): Promise<boolean> {
    const res = await savePoll.run(
      this.redis,
      [this.changes.streamKey, this.feeds, this.due, this.http, this.seen(next.id)],
      [
        this.config.CHANGES_RETAIN, next.id, expected, JSON.stringify(next), Date.parse(next.nextPollAt),
        opts.validators ? JSON.stringify(opts.validators) : '', opts.seen ? JSON.stringify(opts.seen) : '',
      ],
    );
    return Boolean(res);
  }

  /** Takes the poller's lock on a feed; only one instance polls a feed at a time. */
  async lockFeed(id: string, token: string, ms: number): Promise<boolean> {
    return (await this.redis.set(this.lock(id), token, 'PX', ms, 'NX')) === 'OK';
  }

  async renewLock(id: string, token: string, ms: number): Promise<boolean> {
    return (await renewLock.run(this.redis, [this.lock(id)], [token, ms])) === 1;
  }

  async releaseLock(id: string, token: string): Promise<void> {
    await releaseLock.run(this.redis, [this.lock(id)], [token]);
  }
}
