import { ACTIVE_OFFER_STATUSES, NewCommitment, outstanding, type Change, type Commitment, type Match, type Need, type NewNeed, type Offer } from '@sitroom/shared';
import { ApiError, NetworkError } from '../../../lib/api/http';
import { sentence } from '../../../lib/forms/form-values';
import { LiveCollection } from '../../../lib/live/live-collection.svelte';
import type { LiveFeed } from '../../../lib/live/live-feed.svelte';
import { pagedSnapshot } from '../../../lib/live/snapshots';
import { formatQuantity } from '../../../lib/resources/resource-labels';
import type { Session } from '../../../lib/session/session.svelte';

const isActiveOffer = (o: Offer) => ACTIVE_OFFER_STATUSES.includes(o.status) && o.remaining > 0;
const isOpen = (n: Need) => n.status === 'open' || n.status === 'partly-met';
/** Live changes come in bursts (a commitment moves an offer, a need and itself): rank once per burst. */
const REFRESH_AFTER_MS = 250;

/** Open needs first, the most urgent (soonest needed-by) on top; then met and cancelled, newest first. */
function needOrder(a: Need, b: Need): number {
  if (isOpen(a) !== isOpen(b)) return isOpen(a) ? -1 : 1;
  if (isOpen(a) && (a.neededBy ?? '') !== (b.neededBy ?? '')) return !a.neededBy ? 1 : !b.neededBy ? -1 : a.neededBy.localeCompare(b.neededBy);
  return b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
}

/**
 * The console's needs: the live list, the one open with its ranked matches (from the server, ranked by
 * the shared rule), and the operator's actions. Matches are fetched again whenever something that could
 * change them arrives live: the need itself, a commitment, or an offer of its type.
 */
export class NeedsDesk {
  readonly needs = new LiveCollection<Need>('need', { snapshot: (signal) => pagedSnapshot<Need>('/api/needs', { signal }) });
  /** Held only to hear offers change; nothing renders them, so they are republished at most once a second. */
  readonly offers = new LiveCollection<Offer>('offer', {
    snapshot: (signal) => pagedSnapshot<Offer>('/api/offers', { signal, query: { status: ACTIVE_OFFER_STATUSES.join(',') } }),
    keep: isActiveOffer,
    publishEveryMs: 1000,
  });
  readonly commitments = new LiveCollection<Commitment>('commitment', { snapshot: (signal) => pagedSnapshot<Commitment>('/api/commitments', { signal }) });

  #selectedId = $state<string | null>(null);
  #matches = $state.raw<{ needId: string; items: Match[] } | null>(null);
  #matchesError = $state<string | null>(null);
  #loading = $state(false);
  #commitError = $state.raw<{ offerId: string; message: string } | null>(null);
  #committing = $state<string | null>(null);
  #notice = $state<string | null>(null);
  #fetching: AbortController | null = null;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;

  #sorted = $derived([...this.needs.items.values()].sort(needOrder));
  #kpi = $derived.by(() => {
    const k = { open: 0, partly: 0, met: 0 };
    for (const n of this.needs.items.values()) {
      if (n.status === 'open') k.open++;
      else if (n.status === 'partly-met') k.partly++;
      else if (n.status === 'met') k.met++;
    }
    return k;
  });

  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  /** For the console's one live feed. */
  get collections(): LiveCollection<{ id: string }>[] {
    return [this.needs, this.offers, this.commitments] as unknown as LiveCollection<{ id: string }>[];
  }

  get list(): readonly Need[] { return this.#sorted; }
  /** Needs still open (partly met included), partly met, and met. */
  get kpi(): { open: number; partly: number; met: number } { return this.#kpi; }
  get selected(): Need | null { return this.#selectedId ? (this.needs.get(this.#selectedId) ?? null) : null; }
  get selectedId(): string | null { return this.#selectedId; }
  /** The open need's matches, best first; null until they arrive. */
  get matches(): readonly Match[] | null { return this.#matches && this.#matches.needId === this.#selectedId ? this.#matches.items : null; }
  get matchesError(): string | null { return this.#matchesError; }
  get loadingMatches(): boolean { return this.#loading; }
  get commitError(): { offerId: string; message: string } | null { return this.#commitError; }
  /** The offer a commitment is being sent for. */
  get committing(): string | null { return this.#committing; }
  get notice(): string | null { return this.#notice; }

  commitmentsOf(needId: string): Commitment[] {
    return [...this.commitments.items.values()].filter((c) => c.needId === needId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Refreshes the open need's matches after live changes that could move them; returns the unsubscribe. */
  follow(feed: LiveFeed): () => void {
    const off = feed.onbatch((changes) => {
      const need = this.selected;
      if (need && isOpen(need) && changes.some((c) => this.#affects(c, need))) this.#scheduleRefresh();
    });
    return () => {
      off();
      this.#fetching?.abort();
      clearTimeout(this.#refreshTimer);
    };
  }

  select(id: string | null): void {
    if (id === this.#selectedId) return;
    this.#selectedId = id;
    this.#commitError = null;
    this.#matchesError = null;
    void this.refreshMatches();
  }

  async refreshMatches(): Promise<void> {
    clearTimeout(this.#refreshTimer);
    this.#fetching?.abort();
    const need = this.selected;
    if (!need || !isOpen(need)) {
      this.#loading = false;
      return;
    }
    const fetching = (this.#fetching = new AbortController());
    this.#loading = true;
    try {
      const items = await this.#session.request<Match[]>(`/api/needs/${encodeURIComponent(need.id)}/matches?limit=20`, { signal: fetching.signal });
      this.#matches = { needId: need.id, items };
      this.#matchesError = null;
    } catch (err) {
      if (fetching.signal.aborted) return;
      this.#matchesError = err instanceof ApiError ? `Matches could not be ranked: ${err.message}` : 'Matches could not be ranked: SitRoom is not answering.';
    } finally {
      if (this.#fetching === fetching) this.#loading = false;
    }
  }

  async create(need: NewNeed): Promise<Need> {
    const created = await this.#session.request<Need>('/api/needs', { method: 'POST', body: need });
    this.needs.upsert(created);
    this.#notice = `Need posted: ${formatQuantity(created.quantity, created.unit)}.`;
    this.select(created.id);
    return created;
  }

  /** Commits part of an offer to the open need in one step; a 409 (taken meanwhile) shows and re-ranks. */
  async commit(offer: Offer, quantity: number): Promise<boolean> {
    const need = this.selected;
    if (!need || this.#committing) return false;
    this.#commitError = null;
    const body = NewCommitment.safeParse({ offerId: offer.id, quantity });
    if (!body.success) {
      this.#commitError = { offerId: offer.id, message: sentence(body.error.issues[0]?.message ?? 'Invalid quantity') };
      return false;
    }
    this.#committing = offer.id;
    try {
      const made = await this.#session.request<Commitment>(`/api/needs/${encodeURIComponent(need.id)}/commitments`, { method: 'POST', body: body.data });
      this.commitments.upsert(made);
      this.#notice = `Committed ${formatQuantity(made.quantity, made.unit)} from ${offer.org}.`;
      return true;
    } catch (err) {
      this.#commitError = { offerId: offer.id, message: failure(err, 'Not committed') };
      return false;
    } finally {
      this.#committing = null;
      // Whatever happened, the ranking has moved (or was stale: that is what a 409 says).
      void this.refreshMatches();
    }
  }

  /** Cancels a need (releasing what was committed and not yet delivered); answers why not, or null. */
  async cancel(id: string): Promise<string | null> {
    try {
      const need = await this.#session.request<Need>(`/api/needs/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: {} });
      this.needs.upsert(need);
      this.#notice = 'Need cancelled; its undelivered commitments went back to their offers.';
      return null;
    } catch (err) {
      return failure(err, 'Not cancelled');
    }
  }

  /** What is still needed of a need. */
  outstanding(need: Need): number {
    return outstanding(need);
  }

  #affects(change: Change, need: Need): boolean {
    const data = change.data as { id: string; needId?: string; resourceType?: string };
    if (change.entity === 'need') return data.id === need.id;
    if (change.entity === 'commitment') return true; // any commitment moves some offer's remaining
    return change.entity === 'offer' && (data.resourceType === need.resourceType || change.op === 'remove');
  }

  #scheduleRefresh(): void {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => void this.refreshMatches(), REFRESH_AFTER_MS);
  }
}

function failure(err: unknown, what: string): string {
  if (err instanceof ApiError) return `${what}. ${sentence(err.message)}`;
  return err instanceof NetworkError ? `${what}: SitRoom is not answering. Try again.` : `${what}.`;
}
