import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Report } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';
import { CLOCK, type Clock } from '../clock.js';
import { AppError } from '../errors/app-error.js';
import { ReportsRepository } from './reports.repository.js';

type Decision = { kind: 'verify' } | { kind: 'reject'; reason: string } | { kind: 'duplicate'; of: string };

/**
 * Operators' decisions on public reports. A decision applies only to a report still `unverified`,
 * and is written with compare-and-set: when two operators act at once, exactly one wins and the
 * other gets 409 saying who decided first, so nobody overrides a colleague unknowingly.
 */
@Injectable()
export class ReviewService {
  constructor(
    private readonly reports: ReportsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** Incidents live in the incidents module, which itself builds on reports: looked up lazily, not imported. */
  private async incidentExists(id: string): Promise<boolean> {
    const { FusionRepository } = await import('../fusion/fusion.repository.js');
    const incidents = this.moduleRef.get(FusionRepository, { strict: false });
    return Boolean(await incidents.get(id));
  }

  async decide(caller: Caller, id: string, decision: Decision): Promise<Report> {
    if (decision.kind === 'duplicate') {
      if (decision.of === id) throw AppError.invalid([{ path: 'of', message: 'a report cannot duplicate itself' }]);
      const exists = (await this.reports.get(decision.of)) || (await this.incidentExists(decision.of));
      if (!exists) throw AppError.invalid([{ path: 'of', message: `no report or incident with id ${decision.of}` }]);
    }
    // Retry only when something other than a decision changed the report (fusion attaching it to an
    // incident); a decision that came first ends the loop with a 409 below.
    for (let attempt = 0; ; attempt++) {
      const found = await this.reports.getRaw(id);
      if (!found) throw new AppError('not_found', `No report with id ${id}.`);
      const result = await this.tryDecide(caller, found, decision);
      if (result || attempt >= 4) {
        if (result) return result;
        throw new AppError('conflict', 'The report keeps changing; try again.');
      }
    }
  }

  private async tryDecide(caller: Caller, found: string, decision: Decision): Promise<Report | null> {
    const current = JSON.parse(found) as Report;
    if (current.status !== 'unverified') {
      const who = current.decision?.by?.org ?? 'another operator';
      throw new AppError('conflict', `This report was already marked ${current.status} by ${who} at ${current.decision?.at ?? current.updatedAt}.`);
    }
    const now = this.clock.now().toISOString();
    const next: Report = {
      ...current,
      status: decision.kind === 'verify' ? 'verified' : decision.kind === 'reject' ? 'rejected' : 'duplicate',
      decision: {
        at: now,
        by: { tokenId: caller.tokenId, org: caller.org },
        ...(decision.kind === 'reject' ? { reason: decision.reason } : {}),
        ...(decision.kind === 'duplicate' ? { duplicateOf: decision.of } : {}),
      },
      updatedAt: now,
    };
    const changeId = await this.reports.replaceIf(found, next, current, { actor: caller, action: `report.${decision.kind}` });
    if (changeId) return next;
    const latest = await this.reports.get(current.id);
    if (latest && latest.status !== 'unverified') {
      throw new AppError('conflict', `Another operator decided first: the report is now ${latest.status}.`);
    }
    return null; // changed, but not decided: read again
  }
}
