import type { Page } from '@sitroom/shared';
import { ApiError, requestJson } from '../api/http';

/** The server's largest page. */
const PAGE_LIMIT = 10_000;

export interface PagedSnapshotOptions {
  /** The wall's bearer token (the console uses its session cookie and passes none). */
  token?: string | null;
  query?: Record<string, string>;
  /** Answer null on 404: a list another part of SitRoom has not shipped yet must not stop the page. */
  optional?: boolean;
  signal?: AbortSignal;
}

/**
 * Every item of a list route (`/api/incidents`, …) in pages of the server's largest size, keeping the
 * FIRST page's cursor: resuming from the earliest point re-applies what later pages already show,
 * which is harmless because changes carry whole entities.
 */
export async function pagedSnapshot<T>(path: string, opts: PagedSnapshotOptions = {}): Promise<Page<T> | null> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let offset = 0; ; offset += PAGE_LIMIT) {
    const query = new URLSearchParams({ ...opts.query, limit: String(PAGE_LIMIT), offset: String(offset) });
    let page: Page<T> & { total?: number };
    try {
      page = await requestJson<Page<T> & { total?: number }>(`${path}?${query}`, { token: opts.token, signal: opts.signal });
    } catch (err) {
      if (opts.optional && err instanceof ApiError && err.status === 404) return null;
      throw err;
    }
    cursor ??= page.cursor;
    items.push(...page.items);
    const total = page.total ?? items.length;
    if (page.items.length < PAGE_LIMIT || offset + PAGE_LIMIT >= total) return { items, cursor };
  }
}
