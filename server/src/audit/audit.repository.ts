import { Inject, Injectable } from '@nestjs/common';
import type { ChainableCommander, Redis } from 'ioredis';
import type { AuditEntry } from '@sitroom/shared';
import { Keyspace } from '../redis/keyspace.js';
import { REDIS } from '../redis/redis.tokens.js';

export type NewAuditEntry = Omit<AuditEntry, 'seq' | 'at'>;

/**
 * The audit log: one Redis Stream (`audit`), appended in the same MULTI or Lua call as the change it
 * records, never trimmed, and with no route that edits or deletes it.
 */
@Injectable()
export class AuditRepository {
  readonly streamKey: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    keys: Keyspace,
  ) {
    this.streamKey = keys.key('audit');
  }

  append(tx: ChainableCommander, entry: NewAuditEntry): void {
    tx.xadd(this.streamKey, '*', 'a', AuditRepository.encode(entry));
  }

  /** The JSON the Lua write paths store as field `a` (the time comes from the entry id). */
  static encode(entry: NewAuditEntry): string {
    return JSON.stringify(entry);
  }

  /** Entries between two instants (inclusive), oldest first, up to `count`. */
  async range(fromMs: number | null, toMs: number | null, count: number, afterSeq?: string): Promise<AuditEntry[]> {
    const start = afterSeq ? `(${afterSeq}` : fromMs === null ? '-' : String(fromMs);
    const end = toMs === null ? '+' : String(toMs);
    const raw = (await this.redis.xrange(this.streamKey, start, end, 'COUNT', count)) as [string, string[]][];
    return raw.map(([seq, fields]) => ({ seq, at: new Date(Number(seq.split('-')[0])).toISOString(), ...(JSON.parse(fields[1]!) as NewAuditEntry) }));
  }
}
