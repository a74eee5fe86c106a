import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Commitment, NewCommitment } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';
import { paginate, type ListOptions } from '../changes/paging.js';
import { CLOCK, type Clock } from '../clock.js';
import { AppError } from '../errors/app-error.js';
import { OffersRepository } from '../offers/offers.repository.js';
import { offerAsSeenBy } from '../offers/offers.visibility.js';
import { CommitmentsRepository } from './commitments.repository.js';
import { NeedsService } from './needs.service.js';
import { commitmentAsSeenBy } from './needs.visibility.js';

@Injectable()
export class CommitmentsService {
  constructor(
    private readonly commitments: CommitmentsRepository,
    private readonly offers: OffersRepository,
    private readonly needs: NeedsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Commits part of an offer to a need in one atomic step; 409 when the offer (or need) no longer has room. */
  commit(caller: Caller, needId: string, input: NewCommitment): Promise<Commitment> {
    const now = this.clock.now();
    return this.commitments.commit(
      {
        id: randomUUID(),
        kind: 'commitment',
        needId,
        offerId: input.offerId,
        quantity: input.quantity,
        status: 'committed',
        createdAt: now.toISOString(),
        ...(caller.org ? { committedByOrg: caller.org } : {}),
        ...(caller.tokenId ? { committedByToken: caller.tokenId } : {}),
      },
      caller,
      now,
    );
  }

  deliver(caller: Caller, id: string): Promise<Commitment> {
    return this.commitments.deliver(id, caller, this.clock.now());
  }

  async forNeed(caller: Caller, needId: string): Promise<Commitment[]> {
    await this.needs.get(caller, needId); // 404 unless the caller may see the need
    return this.visible(caller, await this.commitments.forNeed(needId));
  }

  async forOffer(caller: Caller, offerId: string): Promise<Commitment[]> {
    const offer = await this.offers.get(offerId);
    if (!offer || !offerAsSeenBy(offer, caller)) throw new AppError('not_found', `No offer with id ${offerId}.`);
    return this.visible(caller, await this.commitments.forOffer(offerId));
  }

  async list(caller: Caller, opts: ListOptions) {
    const { items, cursor } = await this.commitments.snapshot();
    const visible = this.visible(caller, items).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    return { ...paginate(visible, opts), cursor };
  }

  private visible(caller: Caller, items: Commitment[]): Commitment[] {
    return items.map((c) => commitmentAsSeenBy(c, caller)).filter((c): c is Commitment => c !== null);
  }
}
