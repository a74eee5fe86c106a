import { REPORT_CATEGORIES } from '@sitroom/shared';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function categoryLabel(category: string): string {
  return REPORT_CATEGORIES.find((c) => c.id === category)?.label ?? category;
}

/** "12 Mar 2026, 14:05", or the raw text when it is not a date (the API's word is shown as is). */
export function formatDateTime(iso: string | undefined | null): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : dateTime.format(t);
}

/** "3 min ago": how stale a report is matters more to triage than its clock time. */
export function timeAgo(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  // Never "in 2 seconds": a report stamped by the server can be a moment ahead of this page's clock.
  const seconds = Math.min(0, Math.round((t - now) / 1000));
  if (Math.abs(seconds) < 60) return relative.format(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return relative.format(hours, 'hour');
  return relative.format(Math.round(hours / 24), 'day');
}

export function formatKm(km: number): string {
  if (km === 0) return 'inside';
  return km < 1 ? `${Math.round(km * 1000)} m` : `${km < 10 ? km.toFixed(1) : Math.round(km)} km`;
}
