import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Server, Socket } from 'socket.io';
import {
  ChangeId,
  compareChangeIds,
  entityInBbox,
  Subscription,
  type Change,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';
import { SessionsService } from '../auth/sessions.service.js';
import { ChangeFeedService } from '../changes/change-feed.service.js';
import { ChangeTail } from '../changes/change-tail.service.js';
import { ChangesRepository } from '../changes/changes.repository.js';
import type { StreamChange } from '../changes/stream-change.js';
import { audienceOf } from './audience.js';

export interface SocketData {
  caller: Caller;
  audience: string;
  sub: Subscription;
  /** Batches that arrived while the socket was still replaying from `since`. */
  pending: StreamChange[][] | null;
}

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const HEARTBEAT_MS = 10_000;


/**
 * Delivers the change tail to Socket.IO clients. Sockets without a narrowing subscription sit in
 * their audience's room and get one shared emit; narrowed sockets and those still catching up are
 * served one by one.
 */
@Injectable()
export class LiveFanout implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(LiveFanout.name);
  private server: LiveServer | null = null;
  private readonly individual = new Set<LiveSocket>();
  private stopTail: (() => void) | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  private readonly maxQueuedBytes: number;

  constructor(
    private readonly tail: ChangeTail,
    private readonly feed: ChangeFeedService,
    private readonly changes: ChangesRepository,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.maxQueuedBytes = config.LIVE_MAX_QUEUED_BYTES;
  }

  attach(server: LiveServer): void {
    this.server = server;
    server.use((socket, next) => {
      // A token in the handshake, else the console's session cookie (same origin, sent with the upgrade).
      this.sessions
        .resolve({ bearer: typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined, cookie: socket.handshake.headers.cookie })
        .then((caller) => {
          socket.data.caller = caller;
          next();
        })
        .catch((err: Error & { code?: string }) => {
          const e = new Error(err.code === 'unauthorized' ? 'unauthorized' : 'unavailable') as Error & { data?: unknown };
          e.data = { code: err.code ?? 'unavailable', message: err.message };
          next(e);
        });
    });
    this.stopTail = this.tail.onListen((batch) => this.deliver(batch));
    this.heartbeat = setInterval(() => server.emit('heartbeat', { cursor: this.tail.position, serverTime: new Date().toISOString() }), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /**
   * Before the HTTP server closes: live connections would otherwise keep it open forever. Clients
   * reconnect (to another instance, or to this one after a deploy) and resume from their last id.
   */
  beforeApplicationShutdown(): void {
    this.server?.disconnectSockets(true);
  }

  onApplicationShutdown(): void {
    this.stopTail?.();
    if (this.heartbeat) clearInterval(this.heartbeat);
  }

  async connect(socket: LiveSocket): Promise<void> {
    const caller = socket.data.caller;
    socket.data.audience = audienceOf(caller);
    socket.data.sub = {};
    socket.emit('heartbeat', { cursor: this.tail.position, serverTime: new Date().toISOString() });
    const since = socket.handshake.auth?.since;
    if (since === undefined || since === null || since === '') {
      void socket.join(socket.data.audience);
      return;
    }
    if (!ChangeId.safeParse(since).success || !(await this.changes.canResumeFrom(since))) {
      socket.emit('resync', { reason: 'since_too_old' });
      socket.disconnect(true);
      return;
    }
    // From here until the replay ends, live batches queue up for this socket. Taking `until` in the
    // same tick as arming the queue means every change is either replayed or queued: no gap, no duplicate.
    socket.data.pending = [];
    this.individual.add(socket);
    const until = this.tail.position;
    try {
      for await (const page of this.feed.replay(since, until)) {
        if (!socket.connected) return;
        this.emitTo(socket, page);
      }
      const queued = socket.data.pending ?? [];
      socket.data.pending = null;
      for (const batch of queued) this.emitTo(socket, batch.filter((c) => compareChangeIds(c.id, until) > 0));
      this.placeSocket(socket);
    } catch (err) {
      this.logger.warn(`replay for ${socket.id} failed: ${(err as Error).message}`);
      socket.disconnect(true);
    }
  }

  disconnect(socket: LiveSocket): void {
    this.individual.delete(socket);
  }

  subscribe(socket: LiveSocket, raw: unknown): { ok: true } | { ok: false; error: { code: string; message: string; fields?: { path: string; message: string }[] } } {
    const parsed = Subscription.safeParse(raw ?? {});
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid_input', message: 'Invalid subscription.', fields: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) } };
    }
    socket.data.sub = parsed.data as SocketData['sub'];
    if (!socket.data.pending) this.placeSocket(socket);
    return { ok: true };
  }

  /** A socket with no narrowing joins its audience room; a narrowed one is filtered individually. */
  private placeSocket(socket: LiveSocket): void {
    const narrowed = Boolean(socket.data.sub.entities || socket.data.sub.bbox);
    if (narrowed) {
      void socket.leave(socket.data.audience);
      this.individual.add(socket);
    } else {
      this.individual.delete(socket);
      void socket.join(socket.data.audience);
    }
  }

  private deliver(batch: StreamChange[]): void {
    const server = this.server;
    if (!server) return;
    this.cutRevoked(batch);
    const views = new Map<string, Change[]>();
    const viewFor = (audience: string, caller: Caller): Change[] => {
      let v = views.get(audience);
      if (!v) views.set(audience, (v = this.feed.view(batch, caller)));
      return v;
    };
    for (const [room, members] of server.of('/').adapter.rooms) {
      if (!room.startsWith('aud:') || members.size === 0) continue;
      const first = server.of('/').sockets.get(members.values().next().value as string);
      if (!first) continue;
      const view = viewFor(room, first.data.caller);
      if (view.length) server.to(room).emit('changes', view);
    }
    for (const socket of this.individual) {
      if (socket.data.pending) socket.data.pending.push(batch);
      else {
        const view = this.narrow(viewFor(socket.data.audience, socket.data.caller), socket.data.sub);
        if (view.length) socket.emit('changes', view);
      }
    }
    this.dropSlowSockets(server);
  }

  /**
   * A client that stops reading must not slow the others or grow our memory without bound. What it
   * has not taken yet sits in engine.io's write buffer (packets) and in the WebSocket's own buffer
   * (bytes); past the limit it is told to resync and dropped. It then resumes with `since`, or takes
   * a new snapshot if the stream no longer reaches back that far.
   */
  private dropSlowSockets(server: LiveServer): void {
    for (const socket of server.of('/').sockets.values()) {
      const conn = socket.conn as unknown as { writeBuffer: { data?: unknown }[]; transport: { socket?: { bufferedAmount?: number } } };
      let queued = conn.transport.socket?.bufferedAmount ?? 0;
      for (const packet of conn.writeBuffer) queued += typeof packet.data === 'string' ? packet.data.length : 0;
      if (queued <= this.maxQueuedBytes) continue;
      this.logger.warn(`dropping slow client ${socket.id}: ${Math.round(queued / 1024)} KiB queued`);
      socket.emit('resync', { reason: 'too_slow' });
      socket.disconnect(true);
    }
  }

  private emitTo(socket: LiveSocket, raw: StreamChange[]): void {
    const view = this.narrow(this.feed.view(raw, socket.data.caller), socket.data.sub);
    if (view.length) socket.emit('changes', view);
  }

  /** Applies a socket's subscription; an upsert that left the socket's area becomes a remove. */
  private narrow(view: Change[], sub: SocketData['sub']): Change[] {
    if (!sub.entities && !sub.bbox) return view;
    const out: Change[] = [];
    for (const c of view) {
      if (sub.entities && !sub.entities.includes(c.entity)) continue;
      if (sub.bbox && c.op === 'upsert' && !entityInBbox(c.data as never, sub.bbox)) {
        out.push({ id: c.id, entity: c.entity, op: 'remove', data: { id: (c.data as { id: string }).id } });
      } else out.push(c);
    }
    return out;
  }

  /** A revoked token loses its live connections on every instance, in stream order. */
  private cutRevoked(batch: StreamChange[]): void {
    const revoked = batch.filter((c) => c.entity === 'token').map((c) => c.data.id as string);
    if (!revoked.length || !this.server) return;
    for (const socket of this.server.of('/').sockets.values()) {
      if (socket.data.caller?.tokenId && revoked.includes(socket.data.caller.tokenId)) socket.disconnect(true);
    }
  }
}
