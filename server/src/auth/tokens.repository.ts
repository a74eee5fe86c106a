import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Actor, Role } from '@sitroom/shared';
import { AuditRepository } from '../audit/audit.repository.js';
import { Keyspace } from '../redis/keyspace.js';
import { REDIS } from '../redis/redis.tokens.js';
import { ChangesRepository } from '../changes/changes.repository.js';

export interface TokenRecord {
  id: string;
  role: Role;
  org: string | null;
  label: string | null;
  createdAt: string;
}

/**
 * Tokens are stored only as SHA-256 hashes: a copy of Redis gives no one a usable token.
 * Keys: `tokens` (hash of token hash → record), `tokens:ids` (id → token hash),
 * `tokens:bootstrapped` (set once the first-start tokens were printed).
 */
@Injectable()
export class TokensRepository {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: Keyspace,
    private readonly changes: ChangesRepository,
    private readonly audit: AuditRepository,
  ) {}

  private get byHash() { return this.keys.key('tokens'); }
  private get byId() { return this.keys.key('tokens', 'ids'); }
  private get bootstrapped() { return this.keys.key('tokens', 'bootstrapped'); }

  async save(hash: string, record: TokenRecord, actor: Actor): Promise<void> {
    const tx = this.redis.multi().hset(this.byHash, hash, JSON.stringify(record)).hset(this.byId, record.id, hash);
    this.audit.append(tx, { actor, action: 'token.issue', entity: 'token', id: record.id, after: record });
    await this.changes.exec(tx);
  }

  async exists(id: string): Promise<boolean> {
    return (await this.redis.hexists(this.byId, id)) === 1;
  }

  async findByHash(hash: string): Promise<TokenRecord | null> {
    const raw = await this.redis.hget(this.byHash, hash);
    return raw ? (JSON.parse(raw) as TokenRecord) : null;
  }

  /** Deletes the token and announces it on the change stream, so every instance cuts its live connections. */
  async revoke(id: string, actor: Actor): Promise<boolean> {
    const hash = await this.redis.hget(this.byId, id);
    if (!hash) return false;
    const record = await this.findByHash(hash);
    const tx = this.redis.multi().hdel(this.byHash, hash).hdel(this.byId, id);
    this.changes.append(tx, { entity: 'token', op: 'remove', data: { id }, ...(record ? { prev: { ...record } } : {}), audit: { actor, action: 'token.revoke' } });
    await this.changes.exec(tx);
    return true;
  }

  async list(): Promise<TokenRecord[]> {
    const all = await this.redis.hvals(this.byHash);
    return all.map((raw) => JSON.parse(raw) as TokenRecord).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** True only for the first caller ever: the first start prints its tokens once. */
  async claimBootstrap(): Promise<boolean> {
    return (await this.redis.set(this.bootstrapped, new Date().toISOString(), 'NX')) === 'OK';
  }
}
