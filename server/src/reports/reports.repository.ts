import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Actor, Bbox, Report } from '@sitroom/shared';
import { AuditRepository } from '../audit/audit.repository.js';
import { ChangesRepository } from '../changes/changes.repository.js';
import { geoIndexLat, readSnapshot } from '../changes/entity-snapshot.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Keyspace } from '../redis/keyspace.js';
import { LuaScript } from '../redis/lua-script.js';
import { REDIS } from '../redis/redis.tokens.js';
import type { IntakeGate } from './intake.repository.js';
import { SUBMIT_REPORT_LUA } from './reports.lua.js';

const submitReport = new LuaScript(SUBMIT_REPORT_LUA);

/** What the submit script did: stored the report, found it a repeat, or refused it at the gate. */
export type CreateOutcome =
  | { kind: 'stored'; changeId: string }
  | { kind: 'merged'; id: string }
  | { kind: 'paused'; state: string }
  | { kind: 'limited'; resetInMs: number };

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
    private readonly audit: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.hash = keys.key('reports');
    this.byTime = keys.key('reports', 'by-time');
    this.geo = keys.key('reports', 'geo');
  }

  /**
   * Stores a new report with its change and audit entry, if the intake's checks in `gate` let it
   * through — checks and write in one Lua call (see reports.lua.ts for why).
   */
  async create(report: Report, actor: Actor, gate: IntakeGate): Promise<CreateOutcome> {
    const keys = [
      this.changes.streamKey, this.audit.streamKey, this.hash, this.byTime, this.geo,
      gate.stateKey, gate.limit?.key ?? gate.stateKey, gate.repeat?.key ?? gate.stateKey,
    ];
    const args = [
      this.config.CHANGES_RETAIN, JSON.stringify(actor), 'report.submit',
      report.id, JSON.stringify(report), Date.parse(report.receivedAt), report.location.lon, geoIndexLat(report.location.lat),
      gate.checkPause ? '1' : '', gate.limit?.max ?? '', gate.limit?.windowMs ?? '', gate.repeat?.seconds ?? '',
    ];
    const [kind, value] = (await submitReport.run(this.redis, keys, args)) as [string, string | number];
    if (kind === 'ok') return { kind: 'stored', changeId: String(value) };
    if (kind === 'merged') return { kind: 'merged', id: String(value) };
    if (kind === 'paused') return { kind: 'paused', state: String(value) };
    return { kind: 'limited', resetInMs: Number(value) };
  }

  async get(id: string): Promise<Report | null> {
    const raw = await this.getRaw(id);
    return raw ? (JSON.parse(raw) as Report) : null;
  }

  /** The stored JSON exactly, for compare-and-set. */
  getRaw(id: string): Promise<string | null> {
    return this.redis.hget(this.hash, id);
  }

  /** Records which incident each report belongs to (fusion's write-back), one step per batch. */
  attachIncidents(pairs: [string, string | null][]): Promise<void> {
    return this.changes.setIncidentIds(this.hash, 'report', pairs);
  }

  /** Replaces a report only if it is still `expected`; returns the change id, or null on a lost race. */
  replaceIf(expected: string, next: Report, prev: Report, audit: { actor: Actor; action: string }): Promise<string | null> {
    return this.changes.replaceIf(this.hash, expected, { entity: 'report', op: 'upsert', data: next as never, prev: prev as never, audit });
  }

  snapshot(bbox?: Bbox): Promise<{ items: Report[]; cursor: string }> {
    return readSnapshot<Report>(this.redis, { hash: this.hash, byTime: this.byTime, geo: this.geo, stream: this.changes.streamKey }, bbox);
  }
}
