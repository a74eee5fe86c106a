import { Injectable } from '@nestjs/common';
import { ReportsRepository } from '../reports/reports.repository.js';
import { AlertsRepository } from '../alerts/alerts.repository.js';
import type { FusionEngine } from './fusion-engine.js';

/**
 * Writes each fused signal's `incidentId` back onto the report or alert itself (the contract: every
 * report and alert carries its incident), through each domain's own repository.
 */
@Injectable()
export class SignalLinks {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly alerts: AlertsRepository,
  ) {}

  /** All at once: the commands of a batch share the connection's pipeline, one round trip for many signals. */
  async sync(engine: FusionEngine, keys: Iterable<string>): Promise<void> {
    await Promise.all(
      [...keys].map((key) => {
        const [kind, ...rest] = key.split(':');
        const id = rest.join(':');
        const incidentId = engine.assignment.get(key) ?? null;
        return kind === 'report' ? this.reports.attachIncident(id, incidentId) : this.alerts.attachIncident(id, incidentId);
      }),
    );
  }
}
