import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PresenceTarget, type Presence } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';
import { CLOCK, type Clock } from '../clock.js';
import { AppError } from '../errors/app-error.js';
import { PresenceRepository } from './presence.repository.js';

/** Clients re-send their presence every 20 s; three missed beats and the seat is gone. */
const STALE_MS = 60_000;

/**
 * "Open by City Police": so that two operators never work the same report unknowingly. Presence is
 * a hint, not a lock: the decision itself is still compare-and-set (409 for the second).
 */
@Injectable()
export class PresenceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PresenceService.name);
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    private readonly presence: PresenceRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    // Every instance sweeps; a sweep removes only what is stale, so running it twice is harmless.
    this.sweeper = setInterval(() => {
      this.presence.sweep(this.clock.now().getTime() - STALE_MS).catch((e: Error) => this.logger.warn(`presence sweep failed: ${e.message}`));
    }, 15_000);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  async open(connection: string, caller: Caller, raw: unknown): Promise<void> {
    if (caller.role !== 'operator' && caller.role !== 'admin') throw new AppError('forbidden', 'Only operators share presence.');
    if (raw === null) return this.presence.set(connection, null);
    const parsed = PresenceTarget.safeParse(raw);
    if (!parsed.success) throw AppError.fromZod(parsed.error);
    const now = this.clock.now();
    await this.presence.set(connection, { target: parsed.data, tokenId: caller.tokenId, org: caller.org, since: now.toISOString(), seenAt: now.getTime() });
  }

  async leave(connection: string): Promise<void> {
    await this.presence.set(connection, null);
  }

  list(): Promise<Presence[]> {
    return this.presence.list();
  }
}
