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

  /** One write per kind for the whole batch: fusion keeps pace with ingest only if it does not pay a round trip per signal. */
  async sync(engine: FusionEngine, keys: Iterable<string>): Promise<void> {
    const byKind: Record<'report' | 'alert', [string, string | null][]> = { report: [], alert: [] };
    for (const key of keys) {
      const i = key.indexOf(':');
      const kind = key.slice(0, i) as 'report' | 'alert';
      byKind[kind]?.push([key.slice(i + 1), engine.assignment.get(key) ?? null]);
    }
    if (byKind.report.length) await this.reports.attachIncidents(byKind.report);
    if (byKind.alert.length) await this.alerts.attachIncidents(byKind.alert);
  }
}
