import { ACTIVE_OFFER_STATUSES, type Alert, type FeedState, type Need, type Offer, type Report } from '@sitroom/shared';
import { LiveCollection } from '../../lib/live/live-collection.svelte';
import { LiveFeed } from '../../lib/live/live-feed.svelte';
import { isActiveIncident, type Incident } from '../../lib/live/entities';
import { pagedSnapshot } from '../../lib/live/snapshots';
import { isUrgent, SEVERITIES, severityOf, type Severity } from '../../lib/map/severity-style';

/** What the wall draws and counts: the same shape whether it comes live or from a replay. */
export interface WallCollections {
  incidents: LiveCollection<Incident>;
  alerts: LiveCollection<Alert>;
  reports: LiveCollection<Report>;
  offers: LiveCollection<Offer>;
  needs: LiveCollection<Need>;
}

/** Items the wall keeps of each kind: what is on the live picture now. */
export const KEEP = {
  incident: (i: Incident) => isActiveIncident(i),
  alert: (a: Alert) => a.state === 'active' && a.status === 'Actual' && a.msgType !== 'Cancel',
  report: (r: Report) => r.status === 'unverified' || r.status === 'verified',
  offer: (o: Offer) => o.remaining > 0 && ACTIVE_OFFER_STATUSES.includes(o.status),
  need: (n: Need) => n.status !== 'cancelled',
};

/**
 * The counts, chart and lists are recomputed at most this often, whatever the change rate: each pass
 * walks every item (100,000 incidents), and a wall's figures need not change faster than once a second.
 * The map does not wait for it: it gets every batch as a diff.
 */
const PUBLISH_MS = 1000;

/** The live wall: one socket, the snapshots of every kind it shows, and the feeds' health. */
export function liveWallData(token: string | null): WallCollections & { feed: LiveFeed; feeds: LiveCollection<FeedState> } {
  const list = <T>(path: string, query?: Record<string, string>) => (signal: AbortSignal) => pagedSnapshot<T>(path, { token, query, optional: true, signal });
  const c = {
    incidents: new LiveCollection<Incident>('incident', { snapshot: list('/api/incidents'), keep: KEEP.incident, publishEveryMs: PUBLISH_MS }),
    alerts: new LiveCollection<Alert>('alert', { snapshot: list('/api/alerts'), keep: KEEP.alert, publishEveryMs: PUBLISH_MS }),
    reports: new LiveCollection<Report>('report', { snapshot: list('/api/reports', { status: 'unverified,verified' }), keep: KEEP.report, publishEveryMs: PUBLISH_MS }),
    offers: new LiveCollection<Offer>('offer', { snapshot: list('/api/offers'), keep: KEEP.offer, publishEveryMs: PUBLISH_MS }),
    needs: new LiveCollection<Need>('need', { snapshot: list('/api/needs'), keep: KEEP.need, publishEveryMs: PUBLISH_MS }),
    feeds: new LiveCollection<FeedState>('feed', { snapshot: list('/api/feeds'), publishEveryMs: PUBLISH_MS }),
  };
  const feed = new LiveFeed([c.incidents, c.alerts, c.reports, c.offers, c.needs, c.feeds] as unknown as LiveCollection<{ id: string }>[], {
    token,
    // A wall is never signed out by itself: a refused token is retried every few minutes.
    retryRefusedMs: 5 * 60_000,
  });
  return { ...c, feed };
}

export type SeverityCounts = Record<Severity, number>;

function countBySeverity(items: Iterable<{ severity: string }>): SeverityCounts {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
  for (const i of items) counts[severityOf(i.severity)]++;
  return counts;
}

/** The wall's numbers, derived from whichever collections it shows (live or replay). */
export class WallKpis {
  readonly #c: () => WallCollections;

  constructor(collections: () => WallCollections) {
    this.#c = collections;
  }

  incidents = $derived.by(() => countBySeverity(this.#c().incidents.items.values()));
  incidentsAvailable = $derived.by(() => this.#c().incidents.available);
  alerts = $derived.by(() => countBySeverity(this.#c().alerts.items.values()));
  unverifiedReports = $derived.by(() => {
    let n = 0;
    for (const r of this.#c().reports.items.values()) if (r.status === 'unverified') n++;
    return n;
  });
  reports = $derived.by(() => this.#c().reports.items.size);
  needs = $derived.by(() => {
    const out = { open: 0, partly: 0, met: 0 };
    for (const n of this.#c().needs.items.values()) {
      if (n.status === 'met') out.met++;
      else if (n.status === 'partly-met') out.partly++;
      else if (n.status === 'open') out.open++;
    }
    return out;
  });
  offers = $derived.by(() => this.#c().offers.items.size);
}

export function urgentCount(counts: SeverityCounts): number {
  return SEVERITIES.filter((s) => isUrgent(s)).reduce((n, s) => n + counts[s], 0);
}
