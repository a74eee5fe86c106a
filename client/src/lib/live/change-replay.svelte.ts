import type { Change, EntityKind } from '@sitroom/shared';
import { ApiError, requestJson } from '../api/http';
import type { LiveCollection } from './live-collection.svelte';
import type { BatchListener } from './live-feed.svelte';

export type ReplayState = 'loading' | 'playing' | 'paused' | 'done' | 'failed';

/** Change ids are `<ms>-<seq>`: the ms is when the change was written. */
export const changeTime = (id: string): number => Number(id.slice(0, id.indexOf('-')));

const PAGE = 10_000;
/** Enough for a day of a busy picture; past it the replay starts later than asked and says so. */
const MAX_CHANGES = 500_000;
const TICK_MS = 100;

export interface ReplayOptions {
  token: string | null;
  /** How far back to start. */
  hours: number;
  /** Recorded seconds per second of playback. */
  speed: number;
  /** The collections the replay fills, paired with the live ones it starts from, by entity. */
  pairs: { replay: LiveCollection<{ id: string }>; live: LiveCollection<{ id: string }> }[];
}

/**
 * Plays the last hours of the change stream into collections of its own, at speed, in this browser
 * only: the live feed goes on underneath, and other screens see nothing of it.
 *
 * Where it starts from: the change stream has every change of the window but no picture of the
 * moment it opens, so the replay starts from today's items that did NOT change during the window
 * (they were there all along) and plays every change on top. Items that changed during the window
 * appear at their first change in it.
 */
export class ChangeReplay {
  #state = $state<ReplayState>('loading');
  #clock = $state(0);
  #error = $state<string | null>(null);
  #speed = $state(60);
  #from = $state(0);
  #until = $state(0);
  #total = $state(0);
  #applied = $state(0);
  #changes: Change[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #abort = new AbortController();
  readonly #opts: ReplayOptions;
  readonly #byEntity: Map<string, ReplayOptions['pairs'][number]>;
  readonly #listeners = new Set<BatchListener>();

  constructor(opts: ReplayOptions) {
    this.#opts = opts;
    this.#speed = opts.speed;
    this.#byEntity = new Map(opts.pairs.map((p) => [p.replay.entity, p]));
  }

  get state(): ReplayState { return this.#state; }
  /** The recorded moment on screen. */
  get clock(): Date { return new Date(this.#clock); }
  get from(): Date { return new Date(this.#from); }
  get until(): Date { return new Date(this.#until); }
  get speed(): number { return this.#speed; }
  get error(): string | null { return this.#error; }
  get progress(): number { return this.#until > this.#from ? Math.min(1, (this.#clock - this.#from) / (this.#until - this.#from)) : 0; }
  get total(): number { return this.#total; }
  get applied(): number { return this.#applied; }

  onbatch(listener: BatchListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async start(): Promise<void> {
    const until = Date.now();
    let from = until - this.#opts.hours * 3_600_000;
    this.#from = from;
    this.#until = until;
    this.#clock = from;
    try {
      let since = `${from}-0`;
      for (;;) {
        const page = await requestJson<{ items: Change[]; cursor: string }>(`/api/changes?since=${since}&limit=${PAGE}`, {
          token: this.#opts.token,
          signal: this.#abort.signal,
          timeoutMs: 60_000,
        });
        for (const c of page.items) if (changeTime(c.id) <= until) this.#changes.push(c);
        if (this.#changes.length > MAX_CHANGES) {
          this.#changes = this.#changes.slice(-MAX_CHANGES);
          from = changeTime(this.#changes[0]!.id);
          this.#from = this.#clock = from;
        }
        if (page.items.length < PAGE || page.cursor === since || changeTime(page.cursor) > until) break;
        since = page.cursor;
      }
    } catch (err) {
      if (this.#abort.signal.aborted) return;
      this.#state = 'failed';
      this.#error =
        err instanceof ApiError && err.status === 410
          ? `The server no longer keeps changes from ${this.#opts.hours} h ago. Try a shorter replay.`
          : err instanceof Error
            ? err.message
            : 'The history could not be loaded.';
      return;
    }
    this.#total = this.#changes.length;
    this.#seed();
    this.#state = 'playing';
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
  }

  pause(): void {
    if (this.#state === 'playing') this.#state = 'paused';
  }

  resume(): void {
    if (this.#state === 'paused') this.#state = 'playing';
  }

  setSpeed(speed: number): void {
    this.#speed = speed;
  }

  stop(): void {
    this.#abort.abort();
    clearInterval(this.#timer);
    this.#listeners.clear();
  }

  #seed(): void {
    const touched = new Map<string, Set<string>>();
    for (const c of this.#changes) {
      let ids = touched.get(c.entity);
      if (!ids) touched.set(c.entity, (ids = new Set()));
      ids.add((c.data as { id: string }).id);
    }
    for (const { replay, live } of this.#opts.pairs) {
      const ids = touched.get(replay.entity);
      replay.replace([...live.current().values()].filter((item) => !ids?.has(item.id)));
    }
  }

  #tick(): void {
    if (this.#state !== 'playing') return;
    this.#clock = Math.min(this.#until, this.#clock + TICK_MS * this.#speed);
    const due: Change[] = [];
    let i = this.#applied;
    while (i < this.#changes.length && changeTime(this.#changes[i]!.id) <= this.#clock) due.push(this.#changes[i++]!);
    this.#applied = i;
    if (due.length) this.#apply(due);
    if (this.#clock >= this.#until) {
      this.#state = 'done';
      clearInterval(this.#timer);
    }
  }

  #apply(batch: Change[]): void {
    const byEntity = new Map<string, Change[]>();
    const before = new Map<string, unknown>();
    for (const c of batch) {
      const pair = this.#byEntity.get(c.entity);
      if (!pair) continue;
      const id = (c.data as { id: string }).id;
      const key = `${c.entity}:${id}`;
      if (!before.has(key)) before.set(key, pair.replay.current().get(id));
      const list = byEntity.get(c.entity) ?? [];
      list.push(c);
      byEntity.set(c.entity, list);
    }
    for (const [entity, changes] of byEntity) this.#byEntity.get(entity as EntityKind)!.replay.apply(changes);
    const applied = [...byEntity.values()].flat();
    if (applied.length) for (const l of this.#listeners) l(applied, before);
  }
}
