import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor, Alert, Report } from '@sitroom/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { FusionEngine, type IncidentState, type Outcome } from './fusion-engine.js';
import { memberOfAlert, memberOfReport } from './fusion-member.js';
import type { FusionCommand } from './fusion-commands.js';
import { FusionRepository } from './fusion.repository.js';
import { SignalLinks } from './signal-links.js';

const LEASE_MS = 10_000;
const IDLE_BLOCK_MS = 1000;
const RESOLVE_EVERY_MS = 60_000;
/** Entries per read (from each stream). */
const READ_BATCH = 500;
/** Write (and acknowledge) at least this often by count, whatever the interval: bounds what a crash re-fuses. */
const MAX_UNACKED = 5000;
/** The shortest step while signals keep coming (ms); well inside LIVE_LINK_WAIT_MS's default of 5. */
const MIN_STEP_MS = 3;

/**
 * Runs fusion on exactly one instance at a time (a lease in Redis), reading the change stream with
 * a consumer group: at-least-once, and idempotent because the engine is deterministic and its state
 * is reloaded from Redis whenever leadership moves or a step fails. Operator actions (merge, split,
 * status) arrive on `fusion:commands` and run in the same loop, so they never race automation.
 * It runs in a worker thread of its own (fusion-worker.ts), off the API's event loop.
 */
@Injectable()
export class FusionRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FusionRunner.name);
  /** Who holds the lease when this runner leads (the host frees it if the thread dies). */
  readonly owner = `fusion-${randomUUID()}`;
  private engine: FusionEngine | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private leaseCheckedAt = 0;
  private resolvedAt = 0;
  private pendingFirst = true;
  /** Incidents fused but not yet written, and the change entries read since the last write. */
  private readonly unwritten = new Map<string, IncidentState>();
  private unacked: string[] = [];
  private writtenAt = 0;

  constructor(
    private readonly fusion: FusionRepository,
    private readonly links: SignalLinks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.FUSION === 'off') return;
    await this.fusion.ensureGroups();
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await Promise.race([this.loop, new Promise((r) => setTimeout(r, 3000).unref())]);
    if (this.engine) await this.fusion.releaseLease(this.owner).catch(() => undefined);
    this.fusion.closeReader();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!(await this.lead())) {
          await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        const started = Date.now();
        const read = await this.step();
        // Under load, let a few milliseconds' signals gather: one read, one write of links and far
        // fewer wake-ups of this thread and Redis per signal. Alone, a signal is fused at once.
        const rest = MIN_STEP_MS - (Date.now() - started);
        if (read > 0 && read < READ_BATCH && rest > 0) await new Promise((r) => setTimeout(r, rest));
      } catch (err) {
        // Whatever failed, start over from Redis: the entries are still pending, the state reloads.
        this.logger.warn(`fusion step failed (${(err as Error).message}); reloading`);
        this.dropEngine();
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    // Stopping: what was fused but not yet written goes out now (else the next leader re-fuses it).
    if (this.engine) await this.flush().catch(() => undefined);
  }

  private dropEngine(): void {
    this.engine = null;
    this.unwritten.clear();
    this.unacked = [];
  }

  /** Holds (or takes) the lease; on taking it, loads the engine state and adopts abandoned entries. */
  private async lead(): Promise<boolean> {
    if (this.engine && Date.now() - this.leaseCheckedAt < LEASE_MS / 3) return true;
    const held = await this.fusion.holdLease(this.owner, LEASE_MS);
    this.leaseCheckedAt = Date.now();
    if (!held) {
      this.dropEngine();
      return false;
    }
    if (!this.engine) {
      const engine = new FusionEngine();
      engine.load(await this.fusion.loadStates());
      await this.fusion.claimAbandoned(this.owner);
      this.engine = engine;
      this.pendingFirst = true;
      this.writtenAt = Date.now();
      this.logger.log(`this instance now runs fusion (${engine.incidents.size} incidents loaded)`);
    }
    return true;
  }

  /**
   * One read and what it led to. Each signal's `incidentId` is written back at once, so a wall
   * usually receives a new report already linked (see ChangeTail's wait for links). The incidents
   * themselves are written at once when one is new, otherwise at most every FUSION_INTERVAL_MS: a
   * hot spot of 100 reports a second then changes its incident 4 times a second, not 100. The
   * entries are acknowledged with the incidents they led to, so a crash in between re-fuses them
   * (the engine is deterministic: the same incidents and links again).
   */
  private async step(): Promise<number> {
    const engine = this.engine!;
    const dueIn = this.unwritten.size ? Math.max(1, this.writtenAt + this.config.FUSION_INTERVAL_MS - Date.now()) : IDLE_BLOCK_MS;
    const { signals, read, commands } = await this.fusion.read(this.owner, this.pendingFirst, dueIn, READ_BATCH);
    if (this.pendingFirst && !read.length && !commands.length) {
      this.pendingFirst = false;
      return 0;
    }
    const touched = new Set<string>();
    let founded = false;
    for (const c of signals) {
      const signal = c.entity === 'report' ? memberOfReport(c.data as unknown as Report) : memberOfAlert(c.data as unknown as Alert);
      const before = engine.incidents.size;
      for (const s of engine.fuse(signal).changed) this.unwritten.set(s.incident.id, s);
      founded ||= engine.incidents.size > before;
      touched.add(`${signal.kind}:${signal.id}`);
    }
    this.unacked.push(...read);
    await this.links.sync(engine, touched);
    const due = Date.now() - this.writtenAt >= this.config.FUSION_INTERVAL_MS;
    // While catching up on its own pending entries (read from the start each time) it must acknowledge every step.
    if (founded || due || commands.length || this.pendingFirst || this.unacked.length >= MAX_UNACKED) await this.flush();

    for (const { id, body } of commands) {
      const outcome = this.apply(engine, body as unknown as FusionCommand);
      const moved = new Set<string>();
      for (const s of outcome.changed) for (const m of s.members) moved.add(`${m.kind}:${m.id}`);
      await this.links.sync(engine, moved);
      await this.fusion.commit(outcome.changed, { changes: [], commands: [id] }, engine.drainDirty(), body.actor as Actor, `incident.${String(body.cmd)}`);
      await this.fusion.reply(String(body.replyId), outcome.changed.length ? { ok: true, incidentId: outcome.incidentId, incidents: outcome.changed.map((s) => s.incident) } : { ok: false });
    }

    if (Date.now() - this.resolvedAt > RESOLVE_EVERY_MS) {
      this.resolvedAt = Date.now();
      await this.flush();
      const quiet = engine.resolveQuiet(Date.now(), new Date().toISOString());
      if (quiet.length) await this.fusion.commit(quiet, { changes: [], commands: [] }, engine.drainDirty(), undefined, 'incident.resolve');
    }
    return read.length + commands.length;
  }

  /** Writes the incidents fused since the last write, with their members, and acknowledges what led to them. */
  private async flush(): Promise<void> {
    this.writtenAt = Date.now();
    if (!this.unwritten.size && !this.unacked.length) return;
    await this.fusion.commit([...this.unwritten.values()], { changes: this.unacked, commands: [] }, this.engine!.drainDirty());
    this.unwritten.clear();
    this.unacked = [];
  }

  private apply(engine: FusionEngine, c: FusionCommand): Outcome {
    const at = new Date().toISOString();
    switch (c.cmd) {
      case 'merge':
        return engine.merge(c.into, c.from, at);
      case 'split':
        return engine.split(c.incident, c.kind, c.id, at);
      case 'status':
        return engine.setStatus(c.incident, c.status, at);
    }
  }
}
