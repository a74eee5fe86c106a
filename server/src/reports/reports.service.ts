import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hazardOfCategory, type Bbox, type NewReport, type Report, type ReportStatus } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AppError } from '../errors/app-error.js';
import { CLOCK, type Clock } from '../clock.js';
import { paginate, type ListOptions } from '../changes/paging.js';
import { IntakeLimitRepository } from './intake-limit.repository.js';
import { ReportsRepository } from './reports.repository.js';
import { reportAsSeenBy } from './reports.visibility.js';

@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly intake: IntakeLimitRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The public's limit applies to callers without a token; agencies and operators relaying reports are trusted. */
  async checkIntakeLimit(caller: Caller, address: string): Promise<void> {
    const perMinute = this.config.PUBLIC_REPORTS_PER_MINUTE;
    if (perMinute === 0 || caller.role !== 'public') return;
    const { count, resetInMs } = await this.intake.hit(address, 60_000);
    if (count > perMinute) {
      const retryAfter = Math.max(1, Math.ceil(resetInMs / 1000));
      throw new AppError('rate_limited', `Too many reports from this address; try again in ${retryAfter} s.`, undefined, { 'Retry-After': String(retryAfter) });
    }
  }

  async submit(input: NewReport): Promise<{ id: string; status: ReportStatus }> {
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
    await this.reports.create(report);
    return { id: report.id, status: report.status };
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
