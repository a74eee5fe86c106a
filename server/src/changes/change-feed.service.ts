import { Injectable } from '@nestjs/common';
import type { Change, EntityKind } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';
import { changeAsSeenBy } from '../live/visibility.js';
import { ChangesRepository } from './changes.repository.js';
import type { StreamChange } from './stream-change.js';

/** Reading the feed for one receiver: replay after a cursor, as that receiver may see it. */
@Injectable()
export class ChangeFeedService {
  constructor(private readonly changes: ChangesRepository) {}

  /**
   * One page of changes after `since`. `cursor` is the last change *considered*, not the last one
   * returned: changes this receiver may not see still move it forward, so polling never stalls.
   */
  async page(caller: Caller, since: string, limit: number, entities?: EntityKind[]): Promise<{ items: Change[]; cursor: string }> {
    await this.changes.assertResumable(since);
    const raw = await this.changes.after(since, limit);
    return { items: this.view(raw, caller, entities), cursor: raw.length ? raw[raw.length - 1]!.id : since };
  }

  /** Every change after `since` up to `until` (inclusive), in pages, for catching up a live client. */
  async *replay(since: string, until: string): AsyncGenerator<StreamChange[]> {
    let after = since;
    for (;;) {
      const raw = await this.changes.after(after, 1000, until);
      if (raw.length) yield raw;
      if (raw.length < 1000) return;
      after = raw[raw.length - 1]!.id;
    }
  }

  view(raw: StreamChange[], caller: Pick<Caller, 'role' | 'org'>, entities?: readonly string[]): Change[] {
    const out: Change[] = [];
    for (const c of raw) {
      if (entities && !entities.includes(c.entity)) continue;
      const seen = changeAsSeenBy(c, caller);
      if (seen) out.push(seen);
    }
    return out;
  }
}
