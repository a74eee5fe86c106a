import { io, type Socket } from 'socket.io-client';
import { compareChangeIds, type Change, type ClientToServerEvents, type ServerToClientEvents } from '@sitroom/shared';
import { ApiError } from '../api/http';
import { Backoff, sleep } from './backoff';
import type { LiveCollection } from './live-collection.svelte';
import type { PresenceClientEvents } from './presence';

/** What the connection indicator shows. */
export type ConnectionState = 'connecting' | 'live' | 'offline';

export type FeedSocket = Socket<ServerToClientEvents, ClientToServerEvents & PresenceClientEvents>;

/** A lost connection reads as "reconnecting" this long before the page admits it is offline. */
const OFFLINE_AFTER_MS = 10_000;
/** The server's heartbeat comes every 10 s; silence for 25 s means a dead link TCP has not noticed. */
const SILENCE_LIMIT_MS = 25_000;
const RECONNECT = { minMs: 1_000, maxMs: 30_000, jitter: 0.5 };

export interface LiveFeedOptions {
  /** A bearer token; without one the socket goes as the public, or as the console's session cookie. */
  token?: string | null;
  /** Each (re)connect: the place to re-announce per-connection state such as presence. */
  onconnect?: (socket: FeedSocket) => void;
  /**
   * Keep trying this often after the credentials were refused (a wall must never give up by itself:
   * a token re-issued under the same value, a server restored from backup). Off by default.
   */
  retryRefusedMs?: number;
}

/**
 * Changes as they were applied (after de-duplication), and what each changed item was before the
 * batch (`before.get(\`${entity}:${id}\`)`, undefined when it is new): enough to tell "new" from "updated".
 */
export type BatchListener = (changes: readonly Change[], before: ReadonlyMap<string, unknown>) => void;

/**
 * Several entity kinds kept live from one socket, in the wall's pattern: snapshots first, then the
 * change feed resumed after the last applied change id on every reconnect, a fresh snapshot on
 * `resync`. It resumes from the EARLIEST snapshot cursor: replaying changes a later snapshot already
 * shows is harmless, since changes carry whole entities.
 * (The wall keeps its own report-only store, LiveReports; this is the same design for several kinds.)
 */
export class LiveFeed {
  #ready = $state(false);
  #connected = $state(false);
  #everConnected = $state(false);
  #downSince = $state(Date.now());
  #lastHeartbeatAt = $state<number | null>(null);
  /** The last sign of life from the server (connect, heartbeat or changes), refreshed once a second. */
  #lastSignalSeenAt = $state<number | null>(null);
  #lastResync = $state<{ at: number; reason: string } | null>(null);
  #unauthorized = $state(false);
  #now = $state(Date.now());

  #state = $derived.by((): ConnectionState => {
    if (this.#unauthorized) return 'offline';
    if (this.#connected) return 'live';
    return this.#now - this.#downSince >= OFFLINE_AFTER_MS ? 'offline' : 'connecting';
  });

  readonly #collections: ReadonlyMap<string, LiveCollection<{ id: string }>>;
  readonly #opts: LiveFeedOptions;
  #lastAppliedId: string | null = null;
  #lastSignalAt = 0;
  #resyncRequested = false;
  readonly #batchListeners = new Set<BatchListener>();
  #socket: FeedSocket | null = null;
  #running: AbortController | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #retryBackoff = new Backoff(RECONNECT);

  constructor(collections: readonly LiveCollection<{ id: string }>[], opts: LiveFeedOptions = {}) {
    this.#collections = new Map(collections.map((c) => [c.entity, c]));
    this.#opts = opts;
  }

  /** True once the first snapshots are in. */
  get ready(): boolean { return this.#ready; }
  get state(): ConnectionState { return this.#state; }
  get everConnected(): boolean { return this.#everConnected; }
  get offlineSince(): Date | null { return this.#state === 'offline' ? new Date(this.#downSince) : null; }
  get lastHeartbeatAt(): Date | null { return this.#lastHeartbeatAt === null ? null : new Date(this.#lastHeartbeatAt); }
  /** The credentials were refused (401, or the socket's `unauthorized`): retrying will not help. */
  get unauthorized(): boolean { return this.#unauthorized; }
  /** When the server last showed it is alive and talking to us (heartbeat, changes or connect); to the second. */
  get lastSignalAt(): Date | null { return this.#lastSignalSeenAt === null ? null : new Date(this.#lastSignalSeenAt); }
  /** The last time the server sent us back to a snapshot, and why. */
  get lastResync(): { at: Date; reason: string } | null { return this.#lastResync && { at: new Date(this.#lastResync.at), reason: this.#lastResync.reason }; }
  /** The id of the last change applied: where a reconnect resumes. */
  get lastAppliedId(): string | null { return this.#lastAppliedId; }
  /** Whether the socket is connected right now (not reactive; `state` is). */
  get connected(): boolean { return this.#socket?.connected ?? false; }

  /** Hears every live batch after it was applied to the collections (not snapshots); returns the unsubscribe. */
  onbatch(listener: BatchListener): () => void {
    this.#batchListeners.add(listener);
    return () => this.#batchListeners.delete(listener);
  }

  /**
   * Applies a batch exactly as if the socket had delivered it. The socket's own path; public so that
   * benchmarks and tests can drive the page at rates no test server sustains.
   */
  receive(batch: Change[]): void {
    this.#markSignal();
    this.#apply(batch);
  }

  start(): void {
    if (this.#running) return;
    const running = (this.#running = new AbortController());
    const tick = setInterval(() => this.#onTick(), 1_000);
    running.signal.addEventListener('abort', () => clearInterval(tick), { once: true });
    window.addEventListener('offline', () => this.#socket?.io.engine?.close(), { signal: running.signal });
    window.addEventListener('online', () => this.#reconnectNow(), { signal: running.signal });
    void this.#takeSnapshots(running.signal).then((ok) => {
      if (ok) this.#openSocket(running.signal);
    });
  }

  stop(): void {
    this.#running?.abort();
    this.#running = null;
    clearTimeout(this.#retryTimer);
    this.#socket?.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = null;
    this.#connected = false;
  }

  /** Sends on the socket when connected; per-connection state must be re-sent from `onconnect`. */
  emit<E extends keyof PresenceClientEvents>(event: E, ...args: Parameters<PresenceClientEvents[E]>): void {
    if (this.#socket?.connected) this.#socket.emit(event, ...args);
  }

  async #takeSnapshots(signal: AbortSignal): Promise<boolean> {
    const backoff = new Backoff(RECONNECT);
    const collections = [...this.#collections.values()];
    while (!signal.aborted) {
      try {
        const pages = await Promise.all(collections.map((c) => c.snapshot(signal)));
        let earliest: string | null = null;
        pages.forEach((page, i) => {
          collections[i]!.replace(page?.items ?? [], page !== null);
          if (page && (earliest === null || compareChangeIds(page.cursor, earliest) < 0)) earliest = page.cursor;
        });
        this.#lastAppliedId = earliest;
        this.#ready = true;
        if (this.#unauthorized) this.#unauthorized = false;
        return true;
      } catch (err) {
        if (signal.aborted) return false;
        if (err instanceof ApiError && err.status === 401) {
          this.#refused();
          if (!this.#opts.retryRefusedMs) return false;
          if (!(await sleep(jittered(this.#opts.retryRefusedMs), signal).then(() => true, () => false))) return false;
          continue;
        }
        if (!(await sleep(backoff.next(), signal).then(() => true, () => false))) return false;
      }
    }
    return false;
  }

  #openSocket(signal: AbortSignal): void {
    const token = this.#opts.token;
    const socket: FeedSocket = io({
      path: '/socket.io',
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelay: RECONNECT.minMs,
      reconnectionDelayMax: RECONNECT.maxMs,
      randomizationFactor: RECONNECT.jitter,
      timeout: 10_000,
      // A function, so every reconnect resumes after the last change applied, not the first snapshot.
      auth: (cb) => cb(token ? { token, since: this.#lastAppliedId } : { since: this.#lastAppliedId }),
    });
    this.#socket = socket;

    socket.on('connect', () => {
      this.#connected = this.#everConnected = true;
      if (this.#unauthorized) this.#unauthorized = false;
      this.#markSignal();
      this.#retryBackoff.reset();
      this.#opts.onconnect?.(socket);
    });
    socket.on('disconnect', (reason) => {
      if (this.#connected) this.#downSince = Date.now();
      this.#connected = false;
      if (reason !== 'io server disconnect') return; // the client reconnects by itself otherwise
      if (this.#resyncRequested) void this.#resync(signal);
      else this.#retryLater();
    });
    socket.on('connect_error', (err) => {
      if (err.message === 'unauthorized') {
        this.#refused();
        socket.disconnect();
        if (this.#opts.retryRefusedMs) this.#retryLater(jittered(this.#opts.retryRefusedMs));
      } else if (!socket.active) {
        this.#retryLater();
      }
    });
    socket.on('heartbeat', () => {
      this.#markSignal();
      this.#lastHeartbeatAt = this.#lastSignalAt;
    });
    socket.on('changes', (batch) => this.receive(batch));
    socket.on('resync', ({ reason }) => {
      this.#resyncRequested = true;
      this.#lastResync = { at: Date.now(), reason };
    });
    socket.connect();
  }

  /** Applies a batch in id order, skipping what was already applied, one update per collection. */
  #apply(batch: Change[]): void {
    const byEntity = new Map<string, Change[]>();
    for (const change of batch) {
      if (this.#lastAppliedId !== null && compareChangeIds(change.id, this.#lastAppliedId) <= 0) continue;
      this.#lastAppliedId = change.id;
      if (!this.#collections.has(change.entity)) continue;
      const list = byEntity.get(change.entity) ?? [];
      list.push(change);
      byEntity.set(change.entity, list);
    }
    const before = new Map<string, unknown>();
    if (this.#batchListeners.size) {
      for (const [entity, changes] of byEntity) {
        const current = this.#collections.get(entity)!.current();
        for (const c of changes) {
          const key = `${entity}:${(c.data as { id: string }).id}`;
          if (!before.has(key)) before.set(key, current.get((c.data as { id: string }).id));
        }
      }
    }
    for (const [entity, changes] of byEntity) this.#collections.get(entity)!.apply(changes);
    if (byEntity.size && this.#batchListeners.size) {
      const applied = [...byEntity.values()].flat();
      for (const listener of this.#batchListeners) listener(applied, before);
    }
  }

  #markSignal(): void {
    this.#lastSignalAt = Date.now();
    // The first sign of life shows at once; after that the once-a-second tick keeps it current.
    if (this.#lastSignalSeenAt === null) this.#lastSignalSeenAt = this.#lastSignalAt;
  }

  async #resync(signal: AbortSignal): Promise<void> {
    this.#resyncRequested = false;
    if (await this.#takeSnapshots(signal)) this.#socket?.connect();
  }

  #refused(): void {
    this.#unauthorized = true;
    for (const c of this.#collections.values()) c.clear();
  }

  #reconnectNow(): void {
    const socket = this.#socket;
    if (!socket || socket.connected || this.#unauthorized) return;
    clearTimeout(this.#retryTimer);
    socket.disconnect().connect();
  }

  #retryLater(delayMs = this.#retryBackoff.next()): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#socket?.connect(), delayMs);
  }

  #onTick(): void {
    this.#now = Date.now();
    if (this.#lastSignalAt && this.#lastSignalSeenAt !== this.#lastSignalAt) this.#lastSignalSeenAt = this.#lastSignalAt;
    if (this.#connected && this.#now - this.#lastSignalAt > SILENCE_LIMIT_MS) this.#socket?.io.engine?.close();
  }
}

/** ±25 %, so a room of walls refused together does not retry together. */
function jittered(ms: number): number {
  return Math.round(ms * (0.75 + Math.random() * 0.5));
}
