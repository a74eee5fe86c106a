import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor, Alert, Report } from '@sitroom/shared';
import type { StreamChange } from '../changes/stream-change.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { FusionEngine, type IncidentState, type Outcome } from './fusion-engine.js';
import { memberOfAlert, memberOfReport } from './fusion-member.js';
import { FusionRepository } from './fusion.repository.js';
import { SignalLinks } from './signal-links.js';

const LEASE_MS = 10_000;
const IDLE_BLOCK_MS = 1000;
const RESOLVE_EVERY_MS = 60_000;

export type FusionCommand =
  | { cmd: 'merge'; into: string; from: string }
  | { cmd: 'split'; incident: string; kind: 'report' | 'alert'; id: string }
  | { cmd: 'status'; incident: string; status: IncidentState['incident']['status'] };

/**
 * Runs fusion on exactly one instance at a time (a lease in Redis), reading the change stream with
 * a consumer group: at-least-once, and idempotent because the engine is deterministic and its state
 * is reloaded from Redis whenever leadership moves or a step fails. Operator actions (merge, split,
 * status) arrive on `fusion:commands` and run in the same loop, so they never race automation.
 */
@Injectable()
export class FusionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FusionService.name);
  private readonly owner = `fusion-${randomUUID()}`;
  private engine: FusionEngine | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private leaseCheckedAt = 0;
  private resolvedAt = 0;
  private pendingFirst = true;

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

  /** Queues an operator action and waits for the fusion leader's answer. */
  async command(command: FusionCommand, actor: Actor, timeoutMs = 8000): Promise<unknown> {
    const replyId = randomUUID();
    await this.fusion.enqueueCommand({ ...command, actor, replyId });
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const reply = await this.fusion.takeReply(replyId);
      if (reply !== null) return reply;
      await new Promise((r) => setTimeout(r, 40));
    }
    return null;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!(await this.lead())) {
          await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        await this.step();
      } catch (err) {
        // Whatever failed, start over from Redis: the entries are still pending, the state reloads.
        this.logger.warn(`fusion step failed (${(err as Error).message}); reloading`);
        this.engine = null;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** Holds (or takes) the lease; on taking it, loads the engine state and adopts abandoned entries. */
  private async lead(): Promise<boolean> {
    if (this.engine && Date.now() - this.leaseCheckedAt < LEASE_MS / 3) return true;
    const held = await this.fusion.holdLease(this.owner, LEASE_MS);
    this.leaseCheckedAt = Date.now();
    if (!held) {
      this.engine = null;
      return false;
    }
    if (!this.engine) {
      const engine = new FusionEngine();
      engine.load(await this.fusion.loadStates());
      await this.fusion.claimAbandoned(this.owner);
      this.engine = engine;
      this.pendingFirst = true;
      this.logger.log(`this instance now runs fusion (${engine.incidents.size} incidents loaded)`);
    }
    return true;
  }

  private async step(): Promise<void> {
    const engine = this.engine!;
    const { changes, commands } = await this.fusion.read(this.owner, this.pendingFirst, IDLE_BLOCK_MS);
    if (this.pendingFirst && !changes.length && !commands.length) {
      this.pendingFirst = false;
      return;
    }
    const changed = new Map<string, IncidentState>();
    const touched = new Set<string>();
    for (const c of changes) this.fuseChange(engine, c, changed, touched);
    await this.links.sync(engine, touched);
    await this.fusion.commit([...changed.values()], { changes: changes.map((c) => c.id), commands: [] }, engine.drainDirty());

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
      const quiet = engine.resolveQuiet(Date.now(), new Date().toISOString());
      if (quiet.length) await this.fusion.commit(quiet, { changes: [], commands: [] }, engine.drainDirty(), undefined, 'incident.resolve');
    }
  }

  private fuseChange(engine: FusionEngine, c: StreamChange, changed: Map<string, IncidentState>, touched: Set<string>): void {
    if (c.op !== 'upsert' || (c.entity !== 'report' && c.entity !== 'alert')) return;
    const signal = c.entity === 'report' ? memberOfReport(c.data as unknown as Report) : memberOfAlert(c.data as unknown as Alert);
    const outcome = engine.fuse(signal);
    for (const s of outcome.changed) changed.set(s.incident.id, s);
    touched.add(`${signal.kind}:${signal.id}`);
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
