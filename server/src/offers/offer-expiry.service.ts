import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock.js';
import { OffersRepository } from './offers.repository.js';

/** How often each instance sweeps: an offer shows as expired at most this long after `availableUntil`. */
export const EXPIRY_SWEEP_MS = 5_000;

/**
 * Marks offers expired once their window closes, appending the change so every client sees it.
 * Every instance sweeps on its own timer: the sweep is one atomic, idempotent Lua script, so two
 * instances sweeping at once expire each offer exactly once, and no leader election is needed.
 * Commitments do not wait for the sweep: they check the window themselves.
 */
@Injectable()
export class OfferExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OfferExpiry.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly offers: OffersRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running = this.sweep().catch((err: Error) => this.logger.warn(`offer expiry sweep failed: ${err.message}`));
    }, EXPIRY_SWEEP_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Expires what is due now; returns how many offers it expired. */
  sweep(): Promise<number> {
    return this.offers.expireDue(this.clock.now());
  }
}
