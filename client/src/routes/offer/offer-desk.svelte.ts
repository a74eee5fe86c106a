import { ACTIVE_OFFER_STATUSES, resourceLabel, type Commitment, type NewOffer, type Offer, type OfferPatch } from '@sitroom/shared';
import { ApiError, NetworkError } from '../../lib/api/http';
import { LiveCollection } from '../../lib/live/live-collection.svelte';
import { LiveFeed } from '../../lib/live/live-feed.svelte';
import { pagedSnapshot } from '../../lib/live/snapshots';
import type { Session } from '../../lib/session/session.svelte';
import { formatQuantity } from '../../lib/resources/resource-labels';

/** Still on offer or promised; the rest (delivered, withdrawn, expired) is history. */
const CURRENT = new Set<string>([...ACTIVE_OFFER_STATUSES, 'committed']);

const newestFirst = <T extends { createdAt: string; id: string }>(a: T, b: T) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

/**
 * A business's offers and who committed what of them, live over one socket authenticated by the
 * session cookie. The server sends a business only its own offers and their commitments (with the
 * committing agency's org, never the operator), so the page lists everything it receives.
 */
export class OfferDesk {
  readonly offers = new LiveCollection<Offer>('offer', { snapshot: (signal) => pagedSnapshot<Offer>('/api/offers', { signal }) });
  /**
   * One snapshot of all its commitments, consistent with the feed's cursor, rather than a request
   * per offer (`/api/offers/:id/commitments` answers the same, offer by offer, without a cursor).
   */
  readonly commitments = new LiveCollection<Commitment>('commitment', { snapshot: (signal) => pagedSnapshot<Commitment>('/api/commitments', { signal }) });
  readonly feed: LiveFeed;

  #notice = $state<string | null>(null);
  #lists = $derived.by(() => {
    const all = [...this.offers.items.values()].sort(newestFirst);
    return { current: all.filter((o) => CURRENT.has(o.status)), past: all.filter((o) => !CURRENT.has(o.status)) };
  });
  #byOffer = $derived.by(() => {
    const by = new Map<string, Commitment[]>();
    for (const c of this.commitments.items.values()) by.set(c.offerId, [...(by.get(c.offerId) ?? []), c]);
    for (const list of by.values()) list.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return by;
  });

  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
    this.feed = new LiveFeed([this.offers, this.commitments] as unknown as LiveCollection<{ id: string }>[]);
    // The news a business waits for: someone took it up on its offer.
    this.feed.onbatch((changes, before) => {
      for (const c of changes) {
        if (c.entity !== 'commitment' || c.op !== 'upsert' || before.get(`commitment:${(c.data as Commitment).id}`)) continue;
        const made = c.data as Commitment;
        this.#notice = `${made.committedByOrg ?? 'An agency'} committed ${formatQuantity(made.quantity, made.unit)} of your ${resourceLabel(made.resourceType).toLowerCase()}.`;
      }
    });
  }

  /** Offers still available or promised, newest first. */
  get current(): readonly Offer[] { return this.#lists.current; }
  /** Delivered, withdrawn and expired offers. */
  get past(): readonly Offer[] { return this.#lists.past; }
  /** The latest thing that happened to the offers, for the live status line. */
  get notice(): string | null { return this.#notice; }

  commitmentsOf(offerId: string): readonly Commitment[] {
    return this.#byOffer.get(offerId) ?? [];
  }

  start(): void { this.feed.start(); }
  stop(): void { this.feed.stop(); }

  async create(offer: NewOffer): Promise<Offer> {
    const created = await this.#session.request<Offer>('/api/offers', { method: 'POST', body: offer });
    this.offers.upsert(created);
    this.#notice = `Posted: ${formatQuantity(created.quantity, created.unit)} of ${resourceLabel(created.resourceType).toLowerCase()}.`;
    return created;
  }

  async update(id: string, patch: OfferPatch): Promise<Offer> {
    const updated = await this.#session.request<Offer>(`/api/offers/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });
    this.offers.upsert(updated);
    this.#notice = `Saved your changes to the ${resourceLabel(updated.resourceType).toLowerCase()} offer.`;
    return updated;
  }

  /** Withdraws what remains; answers null, or why it did not happen. */
  async withdraw(id: string): Promise<string | null> {
    try {
      const offer = await this.#session.request<Offer>(`/api/offers/${encodeURIComponent(id)}/withdraw`, { method: 'POST', body: {} });
      this.offers.upsert(offer);
      this.#notice = `Withdrawn: the ${resourceLabel(offer.resourceType).toLowerCase()} offer is no longer shown to agencies.`;
      return null;
    } catch (err) {
      if (err instanceof ApiError) return `Not withdrawn. ${err.message}`;
      return err instanceof NetworkError ? 'Not withdrawn: SitRoom is not answering. Try again.' : 'Not withdrawn.';
    }
  }
}
