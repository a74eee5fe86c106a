import type { FeedState } from '@sitroom/shared';

/** A feed is healthy when its last poll worked and it is not overdue (three intervals, a minute of grace). */
export function feedHealthy(f: FeedState, now: Date): boolean {
  if (f.status !== 'ok' || !f.lastSuccessAt) return false;
  return now.getTime() - Date.parse(f.lastSuccessAt) <= (f.everySeconds * 3 + 60) * 1000;
}
