import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FeedState, NewFeed } from '@sitroom/shared';
import type { z } from 'zod';
import type { Caller } from '../auth/caller.js';
import { CLOCK, type Clock } from '../clock.js';
import { AppError } from '../errors/app-error.js';
import { FeedsRepository } from './feeds.repository.js';
import { feedAsSeenBy } from './feeds.visibility.js';

type NewFeedOut = z.output<typeof NewFeed>;

@Injectable()
export class FeedsService {
  constructor(
    private readonly feeds: FeedsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async register(input: NewFeedOut): Promise<FeedState> {
    const now = this.clock.now().toISOString();
    const feed: FeedState = {
      id: randomUUID(),
      kind: 'feed',
      feedKind: input.kind,
      url: input.url,
      org: input.org,
      everySeconds: input.everySeconds,
      timeoutSeconds: input.timeoutSeconds,
      status: 'pending',
      lastPollAt: null,
      lastSuccessAt: null,
      lastError: null,
      lastErrorAt: null,
      failingSince: null,
      consecutiveFailures: 0,
      items: 0,
      skipped: 0,
      nextPollAt: now,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.feeds.create(feed))) throw new AppError('conflict', `A ${input.kind} feed at this URL is registered already.`, [{ path: 'url', message: 'already registered' }]);
    return feed;
  }

  async list(caller: Caller): Promise<{ items: FeedState[]; cursor: string }> {
    const { items, cursor } = await this.feeds.list();
    return { items: items.map((f) => feedAsSeenBy(f, caller)).filter((f): f is FeedState => f !== null), cursor };
  }

  async remove(id: string): Promise<void> {
    if (!(await this.feeds.remove(id))) throw new AppError('not_found', `No feed with id ${id}.`);
  }
}
