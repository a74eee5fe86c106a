import { io, type Socket } from 'socket.io-client';
import { compareChangeIds, type Change, type ClientToServerEvents, type Report, type ReportStatus, type ServerToClientEvents } from '@sitroom/shared';
import { ApiError } from '../api/http';
import { reportsSnapshot } from '../api/reports';
import { Backoff, sleep } from './backoff';

export type ConnectionState = 'connecting' | 'live' | 'offline';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What a wall shows; rejected and duplicate reports leave the picture (an operator's token still receives them). */
const SHOWN: readonly ReportStatus[] = ['unverified', 'verified'];
/** A lost connection reads as "reconnecting" this long before the wall admits it is offline. */
const OFFLINE_AFTER_MS = 10_000;
/** The server's heartbeat comes every 10 s; silence for 25 s means a dead link that TCP has not noticed yet. */
const SILENCE_LIMIT_MS = 25_000;
const RECONNECT = { minMs: 1_000, maxMs: 30_000, jitter: 0.5 };

/**
 * The live set of reports a wall shows: one REST snapshot, then the change feed over Socket.IO,
 * resumed after the last applied change id on every reconnect. When the server can no longer resume
 * (`resync`), the snapshot is taken again. Reconnects forever, with backoff and jitter.
 */
export class LiveReports {
  #reports = $state.raw<ReadonlyMap<string, Report>>(new Map());
  #ready = $state(false);
  #connected = $state(false);
  #everConnected = $state(false);
  /** When the wall last stopped being live (or started trying). */
  #downSince = $state(Date.now());
  #lastHeartbeatAt = $state<number | null>(null);
  #lastChangeAt = $state<number | null>(null);
  #unauthorized = $state(false);
  #now = $state(Date.now());

  #state = $derived.by((): ConnectionState => {
    if (this.#unauthorized) return 'offline';
    if (this.#connected) return 'live';
    return this.#now - this.#downSince >= OFFLINE_AFTER_MS ? 'offline' : 'connecting';
  });
  #unverifiedCount = $derived.by(() => {
    let n = 0;
    for (const r of this.#reports.values()) if (r.status === 'unverified') n++;
    return n;
  });

  readonly #token: string | null;
  #lastAppliedId: string | null = null;
  #lastSignalAt = 0;
  #resyncRequested = false;
  #socket: LiveSocket | null = null;
  #running: AbortController | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #retryBackoff = new Backoff(RECONNECT);

  constructor(token: string | null) {
    this.#token = token;
  }

  /** Reports by id, replaced (never mutated) on each change batch. */
  get reports(): ReadonlyMap<string, Report> { return this.#reports; }
  get count(): number { return this.#reports.size; }
  get unverifiedCount(): number { return this.#unverifiedCount; }
  /** True once the first snapshot is in. */
  get ready(): boolean { return this.#ready; }
  get state(): ConnectionState { return this.#state; }
  get everConnected(): boolean { return this.#everConnected; }
  /** When the live feed was lost, while the wall is offline. */
  get offlineSince(): Date | null { return this.#state === 'offline' ? new Date(this.#downSince) : null; }
  get lastHeartbeatAt(): Date | null { return this.#lastHeartbeatAt === null ? null : new Date(this.#lastHeartbeatAt); }
  get lastChangeAt(): Date | null { return this.#lastChangeAt === null ? null : new Date(this.#lastChangeAt); }
  /** The token was refused (HTTP 401 or the socket's `unauthorized`): retrying will not help. */
  get unauthorized(): boolean { return this.#unauthorized; }
  get hasToken(): boolean { return this.#token !== null; }
  get lastAppliedId(): string | null { return this.#lastAppliedId; }

  start(): void {
    if (this.#running) return;
    const running = (this.#running = new AbortController());
    const tick = setInterval(() => this.#onTick(), 1_000);
    running.signal.addEventListener('abort', () => clearInterval(tick), { once: true });
    // The browser knows about its network before TCP does: act on it rather than wait for a timeout.
    window.addEventListener('offline', () => this.#socket?.io.engine?.close(), { signal: running.signal });
    window.addEventListener('online', () => this.#reconnectNow(), { signal: running.signal });
    void this.#takeSnapshot(running.signal).then((ok) => {
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

  async #takeSnapshot(signal: AbortSignal): Promise<boolean> {
    const backoff = new Backoff(RECONNECT);
    while (!signal.aborted) {
      try {
        const { items, cursor } = await reportsSnapshot({ token: this.#token, statuses: SHOWN, signal });
        this.#reports = new Map(items.filter((r) => SHOWN.includes(r.status)).map((r) => [r.id, r]));
        this.#lastAppliedId = cursor;
        this.#ready = true;
        return true;
      } catch (err) {
        if (signal.aborted) return false;
        if (err instanceof ApiError && err.status === 401) {
          this.#refused();
          return false;
        }
        const waited = await sleep(backoff.next(), signal).then(() => true, () => false);
        if (!waited) return false;
      }
    }
    return false;
  }

  #openSocket(signal: AbortSignal): void {
    const socket: LiveSocket = io({
      path: '/socket.io',
      transports: ['websocket'],
      autoConnect: false,
      reconnection: true,
      reconnectionAttempts: Infinity,
      reconnectionDelay: RECONNECT.minMs,
      reconnectionDelayMax: RECONNECT.maxMs,
      randomizationFactor: RECONNECT.jitter,
      timeout: 10_000,
      // A function, so that every reconnect resumes after the last change applied, not the first snapshot.
      auth: (cb) => cb(this.#token ? { token: this.#token, since: this.#lastAppliedId } : { since: this.#lastAppliedId }),
    });
    this.#socket = socket;

    socket.on('connect', () => {
      this.#connected = true;
      this.#everConnected = true;
      this.#lastSignalAt = Date.now();
      this.#retryBackoff.reset();
    });
    socket.on('disconnect', (reason) => {
      if (this.#connected) this.#downSince = Date.now();
      this.#connected = false;
      // The client reconnects by itself after transport failures, but not when the server hung up.
      if (reason !== 'io server disconnect') return;
      if (this.#resyncRequested) void this.#resync(signal);
      else this.#retryLater();
    });
    socket.on('connect_error', (err) => {
      if (err.message === 'unauthorized') {
        this.#refused();
        socket.disconnect();
      } else if (!socket.active) {
        this.#retryLater(); // the server refused for now (e.g. its Redis is down): not retried by the client
      }
    });
    socket.on('heartbeat', () => {
      this.#lastHeartbeatAt = this.#lastSignalAt = Date.now();
    });
    socket.on('changes', (batch) => {
      this.#lastSignalAt = Date.now();
      this.#apply(batch);
    });
    socket.on('resync', () => {
      this.#resyncRequested = true;
    });
    socket.connect();
  }

  /** Applies a batch in id order, skipping what was already applied (replay overlaps, duplicates). */
  #apply(batch: Change[]): void {
    let next: Map<string, Report> | null = null;
    for (const change of batch) {
      if (this.#lastAppliedId !== null && compareChangeIds(change.id, this.#lastAppliedId) <= 0) continue;
      this.#lastAppliedId = change.id;
      if (change.entity !== 'report') continue;
      next ??= new Map(this.#reports);
      const report = change.data as Report;
      if (change.op === 'upsert' && SHOWN.includes(report.status)) next.set(report.id, report);
      else next.delete(report.id);
    }
    if (next) {
      this.#reports = next;
      this.#lastChangeAt = Date.now();
    }
  }

  async #resync(signal: AbortSignal): Promise<void> {
    this.#resyncRequested = false;
    if (await this.#takeSnapshot(signal)) this.#socket?.connect();
  }

  /** A refused token (revoked, say) must stop showing what it was allowed to see. */
  #refused(): void {
    this.#unauthorized = true;
    this.#reports = new Map();
  }

  /** Skips the rest of a backoff wait, e.g. when the network comes back. */
  #reconnectNow(): void {
    const socket = this.#socket;
    if (!socket || socket.connected || this.#unauthorized) return;
    clearTimeout(this.#retryTimer);
    socket.disconnect().connect();
  }

  #retryLater(): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#socket?.connect(), this.#retryBackoff.next());
  }

  #onTick(): void {
    this.#now = Date.now();
    if (this.#connected && this.#now - this.#lastSignalAt > SILENCE_LIMIT_MS) {
      // Closing the transport makes the client reconnect (and resume) now rather than when TCP gives up.
      this.#socket?.io.engine?.close();
    }
  }
}
