import type { FeedState } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';

/**
 * Feed health is for the people who run the picture: viewers' walls ("USGS: updated 40 s ago"),
 * agencies, operators and admins; not the public or businesses. Only admins see a feed's full URL:
 * query strings often carry API keys, so the others get it without query, fragment or credentials.
 */
export function feedAsSeenBy(feed: FeedState, caller: Pick<Caller, 'role'>): FeedState | null {
  if (caller.role === 'admin') return feed;
  if (caller.role !== 'viewer' && caller.role !== 'agency' && caller.role !== 'operator') return null;
  return { ...feed, url: publicUrl(feed.url) };
}

function publicUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '';
  }
}
