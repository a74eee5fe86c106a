import type { Alert, Incident, Report } from '@sitroom/shared';
import { ApiError, NetworkError } from '../../lib/api/http';
import { pagedSnapshot } from '../../lib/live/snapshots';
import { reportsSnapshot } from '../../lib/api/reports';
import { PointIndex } from '../../lib/geo/nearness';
import { LiveCollection } from '../../lib/live/live-collection.svelte';
import { LiveFeed } from '../../lib/live/live-feed.svelte';
import { otherViewers, PresenceAnnouncer, presenceKey, presenceSnapshot, type Presence, type PresenceViewer } from '../../lib/live/presence';
import type { Session } from '../../lib/session/session.svelte';
import { rankQueue, type QueueItem } from './queue-order';

export type Decision = 'verify' | 'reject' | 'duplicate';

/** The outcome of the last action on the open report, shown in its panel until another is opened. */
export type Outcome =
  | { kind: 'conflict'; message: string }
  | { kind: 'invalid'; message: string }
  | { kind: 'failed'; message: string };

/** Only live alerts (Actual, active, Alert or Update) make a report urgent; operators also receive tests and exercises. */
function isLiveAlert(a: Alert): boolean {
  return a.status === 'Actual' && a.state === 'active' && (a.msgType === 'Alert' || a.msgType === 'Update');
}

/**
 * Incidents that stand for something real: confirmed or active. An unconfirmed one is often just a
 * cluster of the very unverified reports being triaged, and would rank each of them by itself.
 */
function isActiveIncident(i: Incident): boolean {
  return (i.status === 'confirmed' || i.status === 'active') && !i.mergedInto;
}

/**
 * The operator console's state: the live reports, alerts, incidents and presence; the ranked queue;
 * which report is open (announced to other operators); and the decisions, with their 409s.
 */
export class Triage {
  /** Every status the feed sends (decided reports stay, so an open one shows who decided it). */
  readonly reports = new LiveCollection<Report>('report', {
    snapshot: (signal) => reportsSnapshot({ token: null, statuses: ['unverified', 'verified'], signal }),
  });
  readonly alerts = new LiveCollection<Alert>('alert', {
    snapshot: (signal) => pagedSnapshot<Alert>('/api/alerts', { signal, optional: true, query: { state: 'active', status: 'Actual' } }),
    keep: isLiveAlert,
  });
  readonly incidents = new LiveCollection<Incident>('incident', {
    snapshot: (signal) => pagedSnapshot<Incident>('/api/incidents', { signal, optional: true, query: { status: 'confirmed,active' } }),
    keep: isActiveIncident,
  });
  readonly presence = new LiveCollection<Presence>('presence', { snapshot: presenceSnapshot });
  readonly feed: LiveFeed;

  #selectedId = $state<string | null>(null);
  /** Where the open report was in the queue, so j/k carry on from there once it has left. */
  #lastIndex = 0;
  #busy = $state<Decision | null>(null);
  #outcome = $state.raw<Outcome | null>(null);
  #notice = $state<string | null>(null);

  #shown = $derived.by(() => {
    const unverified: Report[] = [];
    const verified: Report[] = [];
    for (const r of this.reports.items.values()) {
      if (r.status === 'unverified') unverified.push(r);
      else if (r.status === 'verified') verified.push(r);
    }
    return { unverified, verified };
  });
  #verifiedIndex = $derived(new PointIndex(this.#shown.verified, (r) => r.location));
  #allIndex = $derived(new PointIndex([...this.#shown.unverified, ...this.#shown.verified], (r) => r.location));
  #queue = $derived(rankQueue(this.#shown.unverified, { alerts: this.alerts.items.values(), incidents: this.incidents.items.values(), verified: this.#verifiedIndex }));
  /** Reports on the map: what is still open or confirmed; rejected and duplicates are noise there. */
  #mapReports = $derived(new Map([...this.#shown.unverified, ...this.#shown.verified].map((r) => [r.id, r])));

  readonly #session: Session;
  readonly #announcer: PresenceAnnouncer;

  /** `more`: other kinds the console keeps live (its Needs tab), on the same socket. */
  constructor(session: Session, more: readonly LiveCollection<{ id: string }>[] = []) {
    this.#session = session;
    this.#announcer = new PresenceAnnouncer((target) => this.feed.emit('presence', target));
    // The cast: diff listeners make LiveCollection<T> invariant in T, and the feed only needs what every collection has.
    const collections = [this.reports, this.alerts, this.incidents, this.presence] as unknown as LiveCollection<{ id: string }>[];
    this.feed = new LiveFeed([...collections, ...more], { onconnect: () => this.#announcer.announce() });
  }

  get queue(): readonly QueueItem[] { return this.#queue; }
  get mapReports(): ReadonlyMap<string, Report> { return this.#mapReports; }
  get selectedId(): string | null { return this.#selectedId; }
  get selected(): Report | null { return this.#selectedId ? (this.reports.get(this.#selectedId) ?? null) : null; }
  get busy(): Decision | null { return this.#busy; }
  get outcome(): Outcome | null { return this.#outcome; }
  /** The last decision that went through, for the status line. */
  get notice(): string | null { return this.#notice; }

  start(): void { this.feed.start(); }

  stop(): void {
    this.#announcer.stop();
    this.feed.stop();
  }

  /** Other sessions that have this report open. */
  viewersOf(reportId: string): PresenceViewer[] {
    return otherViewers(this.presence.get(presenceKey('report', reportId)), { tokenId: this.#session.tokenId, org: this.#session.org });
  }

  /** Reports within `km` of the open one, nearest first, for "duplicate of". */
  nearby(report: Report, km: number, max = 8): { report: Report; km: number }[] {
    return this.#allIndex
      .within(report.location, km)
      .filter((n) => n.item.id !== report.id)
      .slice(0, max)
      .map((n) => ({ report: n.item, km: n.km }));
  }

  select(id: string | null): void {
    if (id === this.#selectedId) return;
    const index = id ? this.#queue.findIndex((q) => q.report.id === id) : -1;
    if (index >= 0) this.#lastIndex = index;
    this.#selectedId = id;
    this.#outcome = null;
    this.#announcer.set(id ? { entity: 'report', id } : null);
  }

  /** j / k: the next or previous report in the queue (from where the open one was, if it has left). */
  move(step: 1 | -1): void {
    const queue = this.#queue;
    if (!queue.length) return;
    const at = this.#selectedId ? queue.findIndex((q) => q.report.id === this.#selectedId) : -1;
    const next = at >= 0 ? at + step : this.#selectedId ? this.#lastIndex + (step > 0 ? 0 : -1) : 0;
    this.select(queue[Math.max(0, Math.min(queue.length - 1, next))]!.report.id);
  }

  verify(): Promise<void> { return this.#decide('verify'); }
  reject(reason: string): Promise<void> { return this.#decide('reject', { reason }); }
  duplicate(of: string): Promise<void> { return this.#decide('duplicate', { of }); }

  async #decide(kind: Decision, body?: object): Promise<void> {
    const id = this.#selectedId;
    if (!id || this.#busy) return;
    this.#busy = kind;
    this.#outcome = null;
    try {
      const report = await this.#session.request<Report>(`/api/reports/${encodeURIComponent(id)}/${kind}`, { method: 'POST', body: body ?? {} });
      this.reports.upsert(report);
      this.#notice = `${DONE[kind]} ${report.id}.`;
      // Straight on to the next report: triage is a stream, not a form.
      if (this.#selectedId === id) {
        const next = this.#queue[Math.min(this.#lastIndex, this.#queue.length - 1)];
        this.select(next?.report.id ?? null);
      }
    } catch (err) {
      if (this.#selectedId !== id) return;
      if (err instanceof ApiError && err.status === 409) {
        this.#outcome = { kind: 'conflict', message: err.message };
        await this.refresh(id);
      } else if (err instanceof ApiError && err.status === 400) {
        this.#outcome = { kind: 'invalid', message: err.fields.map((f) => f.message).join(' ') || err.message };
      } else if (err instanceof ApiError) {
        this.#outcome = { kind: 'failed', message: `Not saved: ${err.message}` };
      } else {
        this.#outcome = { kind: 'failed', message: err instanceof NetworkError ? 'Not saved: SitRoom is not answering. Try again.' : 'Not saved.' };
      }
    } finally {
      this.#busy = null;
    }
  }

  /** Fetches a report again (after a 409 its live copy may not have arrived yet). */
  async refresh(id: string): Promise<void> {
    try {
      this.reports.upsert(await this.#session.request<Report>(`/api/reports/${encodeURIComponent(id)}`));
    } catch {
      // The live feed brings it anyway.
    }
  }
}

const DONE: Record<Decision, string> = { verify: 'Verified', reject: 'Rejected', duplicate: 'Marked as duplicate:' };
