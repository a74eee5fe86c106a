import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FeedState } from '@sitroom/shared';
import { CLOCK, type Clock } from '../clock.js';
import { FeedPollService } from './feed-poll.service.js';
import { FeedsRepository } from './feeds.repository.js';

const TICK_MS = 500;
/** Polls one instance runs at once (each mostly waits on the network). */
const MAX_IN_FLIGHT = 4;
/** The lock outlives a stalled instance by at most this; the holder renews it every third of it. */
const LOCK_MS = 30_000;

/**
 * Runs in every instance: every half second it takes the feeds that are due and polls each one it
 * can lock. The lock (SET NX PX with a random token, renewed while polling, released only by its
 * holder) means one instance polls a feed at a time; an instance that dies mid-poll loses the lock
 * when it expires, and the feed, still due, goes to another instance.
 */
@Injectable()
export class FeedPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FeedPoller.name);
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly shutdown = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;

  constructor(
    private readonly feeds: FeedsRepository,
    private readonly polls: FeedPollService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.shutdown.abort();
    await Promise.race([Promise.allSettled(this.inFlight.values()), new Promise((r) => setTimeout(r, 3000).unref())]);
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.shutdown.signal.aborted) return;
    this.ticking = true;
    try {
      const room = MAX_IN_FLIGHT - this.inFlight.size;
      if (room <= 0) return;
      for (const id of await this.feeds.dueIds(this.clock.now().getTime(), room + this.inFlight.size)) {
        if (this.inFlight.size >= MAX_IN_FLIGHT || this.inFlight.has(id)) continue;
        const run = this.pollLocked(id).finally(() => this.inFlight.delete(id));
        this.inFlight.set(id, run);
      }
    } catch (err) {
      this.logger.warn(`feed scheduling failed (${(err as Error).message}); will retry`);
    } finally {
      this.ticking = false;
    }
  }

  private async pollLocked(id: string): Promise<void> {
    const token = randomUUID();
    try {
      if (!(await this.feeds.lockFeed(id, token, LOCK_MS))) return;
    } catch {
      return;
    }
    const renew = setInterval(() => void this.feeds.renewLock(id, token, LOCK_MS).catch(() => undefined), LOCK_MS / 3);
    renew.unref();
    try {
      // Another instance may have polled it between our read of the due list and our lock.
      if (!(await this.feeds.isDue(id, this.clock.now().getTime()))) return;
      const raw = await this.feeds.getRaw(id);
      if (!raw) return await this.feeds.forgetDue(id);
      await this.polls.poll(JSON.parse(raw) as FeedState, raw, this.shutdown.signal);
    } catch (err) {
      this.logger.warn(`poll of feed ${id} failed (${(err as Error).message})`);
    } finally {
      clearInterval(renew);
      await this.feeds.releaseLock(id, token).catch(() => undefined);
    }
  }
}
