import type { NewReport, Page, Report, ReportStatus } from '@sitroom/shared';
import { requestJson } from './http';

/** The server's largest page. */
const PAGE_LIMIT = 10_000;

export interface ReportsSnapshot {
  items: Report[];
  /** The change id to resume the live feed after. */
  cursor: string;
}

/**
 * Every report the token may see, in pages of the server's largest size. Each page is its own
 * snapshot, so the FIRST page's cursor is kept: replaying from the earliest point re-applies any
 * change a later page already shows, which is harmless because changes carry whole entities.
 */
export async function reportsSnapshot(opts: { token: string | null; statuses: readonly ReportStatus[]; signal?: AbortSignal }): Promise<ReportsSnapshot> {
  const items: Report[] = [];
  let cursor: string | null = null;
  for (let offset = 0; ; offset += PAGE_LIMIT) {
    const query = new URLSearchParams({ status: opts.statuses.join(','), limit: String(PAGE_LIMIT), offset: String(offset) });
    const page = await requestJson<Page<Report> & { total: number }>(`/api/reports?${query}`, { token: opts.token, signal: opts.signal });
    cursor ??= page.cursor;
    items.push(...page.items);
    if (page.items.length < PAGE_LIMIT || offset + PAGE_LIMIT >= page.total) return { items, cursor };
  }
}

export interface ReportReceipt {
  id: string;
  status: ReportStatus;
}

/**
 * Sent as the public, without cookies: in a browser also signed in to /ops, the session cookie would
 * make this a cookie-authenticated write, which the server refuses without the console's CSRF header.
 */
export function submitReport(report: NewReport, signal?: AbortSignal): Promise<ReportReceipt> {
  return requestJson<ReportReceipt>('/api/reports', { method: 'POST', body: report, signal, credentials: 'omit' });
}
