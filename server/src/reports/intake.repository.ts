import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Keyspace } from '../redis/keyspace.js';
import { REDIS } from '../redis/redis.tokens.js';

/** INCR and set the window's expiry in one step, so a crash between them cannot leave an immortal counter. */
const HIT_LUA = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { n, redis.call('PTTL', KEYS[1]) }
`;

/**
 * Per-address counters for public intake, one fixed window per minute: `ratelimit:reports:<addr>`.
 * Shared through Redis so the limit holds across every instance behind a load balancer.
 */
@Injectable()
export class IntakeLimitRepository {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: Keyspace,
  ) {}

  async hit(address: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const [count, ttl] = (await this.redis.eval(HIT_LUA, 1, this.keys.key('ratelimit', 'reports', address), windowMs)) as [number, number];
    return { count, resetInMs: ttl > 0 ? ttl : windowMs };
  }
}
