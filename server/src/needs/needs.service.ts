import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { rankMatches, unitOf, type Bbox, type Match, type Need, type NeedStatus, type NewNeed } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';
import { paginate, type ListOptions } from '../changes/paging.js';
import { CLOCK, type Clock } from '../clock.js';
import { AppError } from '../errors/app-error.js';
import { ActiveOffers } from '../offers/active-offers.js';
import { CommitmentsRepository } from './commitments.repository.js';
import { NeedsRepository } from './needs.repository.js';
import { needAsSeenBy } from './needs.visibility.js';

@Injectable()
export class NeedsService {
  constructor(
    private readonly needs: NeedsRepository,
    private readonly activeOffers: ActiveOffers,
    private readonly commitments: CommitmentsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(caller: Caller, input: NewNeed): Promise<Need> {
    const now = this.clock.now().toISOString();
    const need: Need = {
      id: randomUUID(),
      kind: 'need',
      ...(caller.org ? { org: caller.org } : {}),
      ...(input.incidentId ? { incidentId: input.incidentId } : {}),
      resourceType: input.resourceType,
      quantity: input.quantity,
      met: 0,
      unit: unitOf(input.resourceType),
      location: input.location,
      // UTC with milliseconds, like every stored instant: the Lua scripts compare them as strings.
      ...(input.neededBy ? { neededBy: new Date(input.neededBy).toISOString() } : {}),
      ...(input.description ? { description: input.description } : {}),
      status: 'open',
      createdAt: now,
      updatedAt: now,
    };
    await this.needs.create(need, caller);
    return need;
  }

  async list(caller: Caller, opts: ListOptions & { bbox?: Bbox; status?: NeedStatus[] }) {
    const { items, cursor } = await this.needs.snapshot(opts.bbox);
    const visible = items
      .map((n) => needAsSeenBy(n, caller))
      .filter((n): n is Need => n !== null && (!opts.status || opts.status.includes(n.status)))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    return { ...paginate(visible, opts), cursor };
  }

  async get(caller: Caller, id: string): Promise<Need> {
    const need = await this.needs.get(id);
    const seen = need && needAsSeenBy(need, caller);
    if (!seen) throw new AppError('not_found', `No need with id ${id}.`);
    return seen;
  }

  /** The offers that could meet the need, best first, scored by shared/src/matching.ts. */
  async matches(caller: Caller, id: string, limit: number): Promise<Match[]> {
    const need = await this.get(caller, id);
    if (need.status !== 'open' && need.status !== 'partly-met') return [];
    return rankMatches(need, await this.activeOffers.ofType(need.resourceType), this.clock.now(), limit);
  }

  cancel(caller: Caller, id: string): Promise<Need> {
    return this.commitments.cancelNeed(id, caller, this.clock.now());
  }
}
