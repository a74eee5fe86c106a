import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ACTIVE_OFFER_STATUSES, compareChangeIds, type Offer, type ResourceTypeId } from '@sitroom/shared';
import { ChangeTail } from '../changes/change-tail.service.js';
import { ChangesRepository } from '../changes/changes.repository.js';
import type { StreamChange } from '../changes/stream-change.js';
import { OffersRepository } from './offers.repository.js';

/** How long a match request waits for this instance to read changes already in the stream. */
const CATCH_UP_MS = 500;

/**
 * The committable offers, by type, in this instance's memory: the matcher's candidates without
 * reading and parsing every one from Redis on each request (measured ~15× the cost of the scoring
 * itself). Filled from one snapshot and kept current by the change tail, like a live client.
 *
 * Fresh enough to rank with: `ofType` first asks Redis for the stream's last id and waits (briefly)
 * until the tail has read that far, so a ranking reflects every write acknowledged before it was
 * asked for. If the tail lags behind, the candidates are read from Redis instead. Commitments never
 * rely on this: they check the offer itself, atomically.
 */
@Injectable()
export class ActiveOffers implements OnApplicationShutdown {
  readonly #byType = new Map<string, Map<string, Offer>>();
  /** The last change applied (of any entity): how far this index has read the stream. */
  #seen = '0-0';
  #loading: Promise<void> | null = null;
  #stop: (() => void) | null = null;
  readonly #waiters = new Set<() => void>();

  constructor(
    private readonly tail: ChangeTail,
    private readonly changes: ChangesRepository,
    private readonly offers: OffersRepository,
  ) {}

  onApplicationShutdown(): void {
    this.#stop?.();
  }

  async ofType(type: ResourceTypeId): Promise<Iterable<Offer>> {
    const wanted = await this.changes.lastId();
    await (this.#loading ??= this.load());
    if (!(await this.caughtUp(wanted))) return this.offers.activeOfType(type);
    return this.#byType.get(type)?.values() ?? [];
  }

  /**
   * Loaded on first use, when the tail is already running: listening before the snapshot means every
   * change after the snapshot's cursor reaches `apply`, and the ones up to it are skipped.
   */
  private async load(): Promise<void> {
    const held: StreamChange[][] = [];
    let loaded = false;
    this.#stop = this.tail.onListen((batch) => (loaded ? this.apply(batch) : held.push(batch)));
    try {
      const { items, cursor } = await this.offers.snapshot();
      for (const offer of items) this.put(offer);
      this.#seen = cursor;
      for (const batch of held) this.apply(batch);
      loaded = true;
    } catch (err) {
      this.#stop();
      this.#byType.clear();
      this.#loading = null; // the next request tries again
      throw err;
    }
  }

  private apply(batch: StreamChange[]): void {
    for (const c of batch) {
      if (compareChangeIds(c.id, this.#seen) <= 0) continue;
      if (c.entity === 'offer') this.put(c.data as unknown as Offer);
      this.#seen = c.id;
    }
    for (const wake of this.#waiters) wake();
  }

  private put(offer: Offer): void {
    let ofType = this.#byType.get(offer.resourceType);
    if (!ofType) this.#byType.set(offer.resourceType, (ofType = new Map()));
    if (ACTIVE_OFFER_STATUSES.includes(offer.status) && offer.remaining > 0) ofType.set(offer.id, offer);
    else ofType.delete(offer.id);
  }

  private caughtUp(wanted: string): Promise<boolean> {
    if (compareChangeIds(this.#seen, wanted) >= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(ok);
      };
      const check = () => compareChangeIds(this.#seen, wanted) >= 0 && done(true);
      const timer = setTimeout(() => done(false), CATCH_UP_MS);
      this.#waiters.add(check);
    });
  }
}
