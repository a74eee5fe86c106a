import { Injectable } from '@nestjs/common';
import { ChangeId, compareChangeIds, ENTITY_KINDS, type Change } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';
import { ChangeFeedService } from '../changes/change-feed.service.js';
import { ChangeTail } from '../changes/change-tail.service.js';
import { ChangesRepository } from '../changes/changes.repository.js';
import type { StreamChange } from '../changes/stream-change.js';
import { AppError } from '../errors/app-error.js';

/** Batches a subscriber may fall behind before it is ended with `too_slow` (it resumes with `since`). */
const MAX_QUEUED_BATCHES = 1000;

/**
 * GraphQL's `subscription changes(since, entities)`: the same tail and replay as Socket.IO, one
 * change per event. A hand-written iterator rather than an async generator, because a generator
 * cannot be stopped while it awaits: an unsubscribed client would hold its listener until the next change.
 */
@Injectable()
export class ChangeSubscriptionService {
  constructor(
    private readonly tail: ChangeTail,
    private readonly feed: ChangeFeedService,
    private readonly changes: ChangesRepository,
  ) {}

  async open(caller: Caller, since: string | null | undefined, entities: string[] | null | undefined): Promise<AsyncIterableIterator<Change>> {
    if (since != null && !ChangeId.safeParse(since).success) throw AppError.invalid([{ path: 'since', message: 'must be a change id like 1764460000000-0' }]);
    const unknown = entities?.filter((e) => !(ENTITY_KINDS as readonly string[]).includes(e));
    if (unknown?.length) throw AppError.invalid([{ path: 'entities', message: `unknown entities: ${unknown.join(', ')}` }]);
    if (since != null) await this.changes.assertResumable(since);

    const out: Change[] = [];
    const waiting: { resolve: (r: IteratorResult<Change>) => void; reject: (e: unknown) => void }[] = [];
    let ended: AppError | 'done' | null = null;
    let queuedBatches = 0;
    let until = this.tail.position;
    let replaying = since != null;
    const held: StreamChange[][] = [];

    const push = (batch: StreamChange[]) => {
      for (const c of this.feed.view(batch.filter((x) => compareChangeIds(x.id, until) > 0), caller, entities ?? undefined)) out.push(c);
      flush();
    };
    const flush = () => {
      while (waiting.length && out.length) waiting.shift()!.resolve({ value: out.shift()!, done: false });
      if (!ended || out.length) return;
      if (ended instanceof AppError && waiting.length) {
        waiting.shift()!.reject(ended);
        ended = 'done';
      }
      for (const w of waiting.splice(0)) w.resolve({ value: undefined, done: true });
    };
    const stop = this.tail.onListen((batch) => {
      if (ended) return;
      if (caller.tokenId && batch.some((c) => c.entity === 'token' && c.data.id === caller.tokenId)) return finish(new AppError('unauthorized', 'The token was revoked.'));
      if (replaying) held.push(batch);
      else push(batch);
      if (++queuedBatches > MAX_QUEUED_BATCHES && out.length > MAX_QUEUED_BATCHES) finish(new AppError('gone', 'too_slow: resubscribe with since'));
    });
    const finish = (why: AppError | 'done') => {
      if (ended) return;
      ended = why;
      stop();
      flush();
    };

    if (since != null) {
      for await (const page of this.feed.replay(since, until)) for (const c of this.feed.view(page, caller, entities ?? undefined)) out.push(c);
      replaying = false;
      for (const b of held.splice(0)) push(b);
    }
    until = '0-0';

    const iterator: AsyncIterableIterator<Change> = {
      next: () => {
        queuedBatches = 0;
        if (out.length) return Promise.resolve({ value: out.shift()!, done: false });
        if (ended instanceof AppError) {
          const err = ended;
          ended = 'done';
          return Promise.reject(err);
        }
        if (ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
      },
      return: () => {
        finish('done');
        return Promise.resolve({ value: undefined, done: true });
      },
      throw: (err) => {
        finish('done');
        return Promise.reject(err);
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}
