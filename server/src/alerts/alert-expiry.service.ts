import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AlertsService } from './alerts.service.js';

/** How often each instance looks for alerts past their expiry: an alert leaves the wall within about this. */
export const EXPIRY_SWEEP_MS = 1000;

/**
 * Every instance sweeps; the compare-and-set in each transition makes that safe (an alert is
 * expired once, by whichever instance gets there first), and no instance is special.
 */
@Injectable()
export class AlertExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertExpiry.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;

  constructor(private readonly alerts: AlertsService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), EXPIRY_SWEEP_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }

  private tick(): void {
    if (this.sweeping) return;
    this.sweeping = this.alerts
      .expireDue()
      .catch((err: Error) => this.logger.warn(`expiry sweep failed (${err.message}); will retry`))
      .finally(() => (this.sweeping = null));
  }
}
