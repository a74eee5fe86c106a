import { distanceKm, type Alert, type LatLon, type Report } from '@sitroom/shared';
import { reportsSnapshot } from '../../lib/api/reports';
import { distanceToGeometryKm } from '../../lib/geo/nearness';
import { LiveCollection } from '../../lib/live/live-collection.svelte';
import { LiveFeed } from '../../lib/live/live-feed.svelte';
import { pagedSnapshot } from '../../lib/live/snapshots';

/** Something on the public list: an official alert or a verified report, with its distance once located. */
export type PublicItem = { kind: 'alert'; alert: Alert; km: number | null } | { kind: 'report'; report: Report; km: number | null };

/** Live, official (Actual, active) alerts: what the server sends the public anyway, checked again here. */
function isLiveAlert(a: Alert): boolean {
  return a.status === 'Actual' && a.state === 'active' && (a.msgType === 'Alert' || a.msgType === 'Update');
}

/**
 * What the public may see, live, without a token: verified reports (located by the server to about
 * 500 m) and live alerts. The filters repeat the server's rules on purpose: a browser that is also
 * signed in to /ops sends its session cookie with the socket, and this page must still show only
 * what is verified and official.
 */
export class PublicPicture {
  readonly reports = new LiveCollection<Report>('report', {
    snapshot: (signal) => reportsSnapshot({ token: null, statuses: ['verified'], signal }),
    keep: (r) => r.status === 'verified',
  });
  readonly alerts = new LiveCollection<Alert>('alert', {
    snapshot: (signal) => pagedSnapshot<Alert>('/api/alerts', { signal, optional: true, query: { state: 'active' } }),
    keep: isLiveAlert,
  });
  readonly feed: LiveFeed;

  #me = $state.raw<LatLon | null>(null);

  /** Alerts first (official, and about areas people are in), then reports; nearest first once located, else newest. */
  #items = $derived.by((): PublicItem[] => {
    const me = this.#me;
    const alerts: PublicItem[] = [...this.alerts.items.values()].map((alert) => ({
      kind: 'alert',
      alert,
      km: me ? Math.min(Infinity, ...alert.areas.map((a) => distanceToGeometryKm(me, a.geometry))) : null,
    }));
    const reports: PublicItem[] = [...this.reports.items.values()].map((report) => ({ kind: 'report', report, km: me ? distanceKm(me, report.location) : null }));
    const byNear = (a: PublicItem, b: PublicItem) => (a.km ?? Infinity) - (b.km ?? Infinity);
    const newest = (a: PublicItem, b: PublicItem) => stamp(b).localeCompare(stamp(a));
    return [...alerts.sort(me ? byNear : newest), ...reports.sort(me ? byNear : newest)];
  });

  constructor() {
    const collections = [this.reports, this.alerts] as unknown as LiveCollection<{ id: string }>[];
    this.feed = new LiveFeed(collections, { token: null });
  }

  get items(): readonly PublicItem[] { return this.#items; }
  get me(): LatLon | null { return this.#me; }
  set me(p: LatLon | null) { this.#me = p; }

  start(): void { this.feed.start(); }
  stop(): void { this.feed.stop(); }
}

function stamp(item: PublicItem): string {
  return item.kind === 'alert' ? (item.alert.sent ?? item.alert.receivedAt) : (item.report.occurredAt ?? item.report.receivedAt);
}
