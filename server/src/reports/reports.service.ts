import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hazardOfCategory, NewReport, type Bbox, type Report, type ReportStatus } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';
import { AppError } from '../errors/app-error.js';
import { CLOCK, type Clock } from '../clock.js';
import { paginate, type ListOptions } from '../changes/paging.js';
import { validate } from '../errors/parse.pipe.js';
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

  /**
   * Takes a report (`body` as received; `root` names it in validation errors). A repeat of the same
   * text from the same address is merged into the first. A valid body is checked by the intake (pause
   * switch, per-address limit) and stored in one Redis call; an invalid one meets those checks alone
   * first, so it gets 503 or 429 before 400, and a flood of junk stores nothing.
   */
  async submit(caller: Caller, address: string, body: unknown, root = ''): Promise<{ id: string; status: ReportStatus; merged?: true }> {
    let input: NewReport;
    try {
      input = validate(NewReport, body, root);
    } catch (invalid) {
      await this.intake.admit(caller, address);
      throw invalid;
    }
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
    const outcome = await this.reports.create(report, caller, this.intake.gate(caller, address, input));
    if (outcome.kind === 'stored') return { id: report.id, status: report.status };
    if (outcome.kind !== 'merged') throw this.intake.refusal(outcome);
    return { id: outcome.id, status: (await this.reports.get(outcome.id))?.status ?? report.status, merged: true };
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
