import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Keyspace } from '../redis/keyspace.js';
import { REDIS } from '../redis/redis.tokens.js';
import { AuditRepository } from '../audit/audit.repository.js';
import type { Actor } from '@sitroom/shared';

/** INCR and set the window's expiry in one step, so a crash between them cannot leave an immortal counter. */
const HIT_LUA = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { n, redis.call('PTTL', KEYS[1]) }
`;

export interface IntakeState {
  paused: boolean;
  message: string | null;
  since: string | null;
}

/**
 * The intake's checks for one submission, run by the submit script in the same call as the write
 * (reports.lua.ts): the pause switch, the per-address counter and the repeat digest; null = skipped.
 */
export interface IntakeGate {
  stateKey: string;
  checkPause: boolean;
  limit: { key: string; max: number; windowMs: number } | null;
  repeat: { key: string; seconds: number } | null;
}

/**
 * Public intake under pressure, shared by every instance through Redis:
 * `ratelimit:reports:<addr>` (counter per address per minute), `intake:seen:<digest>` (report id of
 * a recent identical submission, 10 min), `intake:state` (the admin's pause switch).
 */
@Injectable()
export class IntakeRepository {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: Keyspace,
    private readonly audit: AuditRepository,
  ) {}

  async hit(address: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const [count, ttl] = (await this.redis.eval(HIT_LUA, 1, this.limitKey(address), windowMs)) as [number, number];
    return { count, resetInMs: ttl > 0 ? ttl : windowMs };
  }

  /** The keys a submission's checks use (see IntakeGate); the script does the reading and counting. */
  get stateKey(): string { return this.keys.key('intake', 'state'); }
  limitKey(address: string): string { return this.keys.key('ratelimit', 'reports', address); }
  repeatKey(digest: string): string { return this.keys.key('intake', 'seen', digest); }

  async state(): Promise<IntakeState> {
    const raw = await this.redis.get(this.stateKey);
    return raw ? (JSON.parse(raw) as IntakeState) : { paused: false, message: null, since: null };
  }

  async setState(next: IntakeState, before: IntakeState, actor: Actor): Promise<void> {
    const tx = this.redis.multi().set(this.stateKey, JSON.stringify(next));
    this.audit.append(tx, { actor, action: next.paused ? 'intake.pause' : 'intake.resume', entity: 'intake', id: 'public-reports', before, after: next });
    await tx.exec();
  }
}
