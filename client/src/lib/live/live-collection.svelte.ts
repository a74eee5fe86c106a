import type { Change, Page } from '@sitroom/shared';

export interface CollectionOptions<T> {
  /**
   * The snapshot to start from (and to take again on resync); null when the list is not available
   * (a route another part of SitRoom has not shipped yet): the collection stays empty and live.
   */
  snapshot: (signal: AbortSignal) => Promise<Page<T> | null>;
  /** Which items to hold; an upsert that fails it removes the item (a report rejected, say). */
  keep?: (item: T) => boolean;
  /**
   * How often `items` is republished while changes stream in: 0 (the default) after every batch;
   * a wall with 50,000 items and 100 changes a second uses ~250 ms, since each publish copies the map.
   * Diff listeners (the map) hear every batch at once either way.
   */
  publishEveryMs?: number;
}

/** What one batch (or a new snapshot: `reset`) changed, for consumers that apply diffs (map sources). */
export interface CollectionDiff<T> {
  /** A new snapshot: `upserted` is everything; drop what you had. */
  reset: boolean;
  upserted: readonly T[];
  removed: readonly string[];
}

export type DiffListener<T> = (diff: CollectionDiff<T>) => void;

/**
 * One entity kind's live items by id, fed by a LiveFeed: replaced (never mutated) on each publish, so
 * anything derived from `items` recomputes once per publish. Consumers that must not pay for a full
 * pass per change (map sources) listen to the diffs instead.
 */
export class LiveCollection<T extends { id: string }> {
  #items = $state.raw<ReadonlyMap<string, T>>(new Map());
  /** Always current; `#items` is its last published copy. */
  #working = new Map<string, T>();
  #publishTimer: ReturnType<typeof setTimeout> | undefined;
  #available = $state(true);
  readonly #listeners = new Set<DiffListener<T>>();
  readonly entity: string;
  readonly #opts: CollectionOptions<T>;

  constructor(entity: string, opts: CollectionOptions<T>) {
    this.entity = entity;
    this.#opts = opts;
  }

  get items(): ReadonlyMap<string, T> { return this.#items; }
  get size(): number { return this.#items.size; }
  get(id: string): T | undefined { return this.#items.get(id); }
  /** The latest state without waiting for the next publish (not reactive). */
  current(): ReadonlyMap<string, T> { return this.#working; }
  /** False when the server has no such list yet (404 on its snapshot). */
  get available(): boolean { return this.#available; }

  snapshot(signal: AbortSignal): Promise<Page<T> | null> {
    return this.#opts.snapshot(signal);
  }

  /** Hears every batch as a diff, and a `reset` with everything right away; returns the unsubscribe. */
  ondiff(listener: DiffListener<T>): () => void {
    this.#listeners.add(listener);
    listener({ reset: true, upserted: [...this.#working.values()], removed: [] });
    return () => this.#listeners.delete(listener);
  }

  replace(items: readonly T[], available = true): void {
    const keep = this.#opts.keep;
    this.#available = available;
    this.#working = new Map((keep ? items.filter(keep) : items).map((item) => [item.id, item]));
    this.#emit({ reset: true, upserted: [...this.#working.values()], removed: [] });
    this.#publish();
  }

  /** Applies this entity's changes from a batch already filtered for order. */
  apply(changes: readonly Change[]): void {
    if (!changes.length) return;
    const upserted = new Map<string, T>();
    const removed = new Set<string>();
    const keep = this.#opts.keep;
    for (const change of changes) {
      const item = change.data as T;
      if (change.op === 'upsert' && (keep?.(item) ?? true)) {
        this.#working.set(item.id, item);
        upserted.set(item.id, item);
        removed.delete(item.id);
      } else if (this.#working.delete(item.id) || upserted.has(item.id)) {
        upserted.delete(item.id);
        removed.add(item.id);
      }
    }
    if (!upserted.size && !removed.size) return;
    this.#emit({ reset: false, upserted: [...upserted.values()], removed: [...removed] });
    this.#schedulePublish();
  }

  /** Puts in what a write just returned, ahead of its change arriving on the feed. */
  upsert(item: T): void {
    this.apply([{ id: '', entity: this.entity as Change['entity'], op: 'upsert', data: item }]);
    this.#publish();
  }

  clear(): void {
    this.replace([]);
  }

  #emit(diff: CollectionDiff<T>): void {
    for (const listener of this.#listeners) listener(diff);
  }

  #schedulePublish(): void {
    const every = this.#opts.publishEveryMs ?? 0;
    if (every <= 0) return this.#publish();
    this.#publishTimer ??= setTimeout(() => this.#publish(), every);
  }

  #publish(): void {
    clearTimeout(this.#publishTimer);
    this.#publishTimer = undefined;
    this.#items = new Map(this.#working);
  }
}
