import type { StreamChange } from './stream-change.js';

/**
 * Fusion writes each new report's and alert's `incidentId` back as a change of its own, a millisecond
 * or two after the signal itself. Sent as they are, every wall would receive each report twice (the
 * second time only to learn its incident). Instead the change tail waits briefly for those links
 * (`awaitsLink`) and, within one batch, sends a signal once, in its linked form (`coalesceLinks`).
 */

/** A report or alert that fusion will link: new (no incident yet) and live. */
export function awaitsLink(c: StreamChange): boolean {
  if (c.op !== 'upsert' || c.link || c.prev || c.data.incidentId) return false;
  if (c.entity === 'report') return c.data.status === 'unverified' || c.data.status === 'verified';
  if (c.entity === 'alert') return c.data.state === 'active';
  return false;
}

export function linkKey(c: StreamChange): string {
  return `${c.entity}:${String(c.data.id)}`;
}

/**
 * Leaves out every plain upsert of an entity whose link comes later in the same batch: the link
 * carries the whole entity as stored when it was written, so it supersedes them for every receiver.
 * Changes with a `prev` stay: for some receivers they turn into a `remove`, which no later upsert
 * replaces. The stream keeps every change; only live delivery is spared the repeats.
 */
export function coalesceLinks(batch: StreamChange[]): StreamChange[] {
  let lastLink: Map<string, number> | null = null;
  for (let i = 0; i < batch.length; i++) if (batch[i]!.link) (lastLink ??= new Map()).set(linkKey(batch[i]!), i);
  if (!lastLink) return batch;
  return batch.filter((c, i) => {
    if (c.op !== 'upsert' || c.prev) return true;
    const at = lastLink.get(linkKey(c));
    return at === undefined || at <= i;
  });
}
