import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hazardOfCategory, type Bbox, type NewReport, type Report, type ReportStatus } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';
import { AppError } from '../errors/app-error.js';
import { CLOCK, type Clock } from '../clock.js';
import { paginate, type ListOptions } from '../changes/paging.js';
import { IntakeService } from './intake.service.js';
import { ReportsRepository } from './reports.repository.js';
import { reportAsSeenBy } from './reports.visibility.js';

@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly intake: IntakeService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Pause switch and per-address limit, before the body is even validated (junk floods cost nothing). */
  admit(caller: Caller, address: string): Promise<void> {
    return this.intake.admit(caller, address);
  }

  /** Stores a report; a repeat of the same text from the same address is merged into the first. */
  async submit(caller: Caller, address: string, input: NewReport): Promise<{ id: string; status: ReportStatus; merged?: true }> {
    const now = this.clock.now().toISOString();
    const report: Report = {
      id: randomUUID(),
      kind: 'report',
      category: input.category,
      hazard: hazardOfCategory(input.category),
      description: input.description,
      location: input.location,
      ...(input.occurredAt ? { occurredAt: new Date(input.occurredAt).toISOString() } : {}),
      receivedAt: now,
      status: 'unverified',
      ...(input.contact ? { contact: input.contact } : {}),
      updatedAt: now,
    };
    const { id, merged } = await this.intake.once(caller, address, input, report.id, async () => {
      await this.reports.create(report, caller);
    });
    if (!merged) return { id, status: report.status };
    return { id, status: (await this.reports.get(id))?.status ?? report.status, merged: true };
  }

  async list(caller: Caller, opts: ListOptions & { bbox?: Bbox; status?: ReportStatus[] }) {
    const { items, cursor } = await this.reports.snapshot(opts.bbox);
    const visible = items
      .map((r) => reportAsSeenBy(r, caller))
      .filter((r): r is Report => r !== null && (!opts.status || opts.status.includes(r.status)))
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || b.id.localeCompare(a.id));
    return { ...paginate(visible, opts), cursor };
  }

  async get(caller: Caller, id: string): Promise<Report> {
    const report = await this.reports.get(id);
    const seen = report && reportAsSeenBy(report, caller);
    if (!seen) throw new AppError('not_found', `No report with id ${id}.`);
    return seen;
  }
}
