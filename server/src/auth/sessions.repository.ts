import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Role } from '@sitroom/shared';
import { Keyspace } from '../redis/keyspace.js';
import { REDIS } from '../redis/redis.tokens.js';

export interface SessionRecord {
  tokenId: string;
  role: Role;
  org: string | null;
  csrf: string;
  createdAt: string;
}

/**
 * Browser sessions for the console (`sessions:<sha256(session id)>`, expiring). Like tokens, only a
 * hash of the session id is stored; the session lives only as long as its token does (checked on use).
 */
@Injectable()
export class SessionsRepository {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: Keyspace,
  ) {}

  private key(hash: string) {
    return this.keys.key('sessions', hash);
  }

  async save(hash: string, record: SessionRecord, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.key(hash), JSON.stringify(record), 'EX', ttlSeconds);
  }

  async find(hash: string): Promise<SessionRecord | null> {
    const raw = await this.redis.get(this.key(hash));
    return raw ? (JSON.parse(raw) as SessionRecord) : null;
  }

  async delete(hash: string): Promise<void> {
    await this.redis.del(this.key(hash));
  }
}
