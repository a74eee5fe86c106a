import { createClient, type Client } from 'graphql-ws';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { Change, ClientToServerEvents, ServerToClientEvents } from '@sitroom/shared';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A Socket.IO client that records every change it receives, in order. */
export function socketClient(url: string, auth: { token?: string; since?: string } = {}) {
  const received: Change[] = [];
  const resyncs: string[] = [];
  const socket: LiveSocket = io(url, { path: '/socket.io', transports: ['websocket'], auth, reconnection: false, forceNew: true });
  socket.on('changes', (batch) => received.push(...batch));
  socket.on('resync', (r) => resyncs.push(r.reason));
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, received, resyncs, connected, close: () => socket.disconnect() };
}

/** A graphql-ws client subscribed to `changes`, recording each change. */
export function graphqlSubscriber(url: string, opts: { token?: string; since?: string; entities?: string[] } = {}) {
  const received: Change[] = [];
  const errors: unknown[] = [];
  const client: Client = createClient({
    url: url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: opts.token ? { token: opts.token } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: (err) => errors.push(err),
  });
  let ack!: () => void;
  const acknowledged = new Promise<void>((r) => (ack = r));
  client.on('connected', () => ack());
  const dispose = client.subscribe<{ changes: Change }>(
    {
      query: 'subscription ($since: String, $entities: [String]) { changes(since: $since, entities: $entities) { id entity op data } }',
      variables: { since: opts.since ?? null, entities: opts.entities ?? null },
    },
    {
      next: (msg) => {
        if (msg.data?.changes) received.push(msg.data.changes);
        if (msg.errors) errors.push(msg.errors);
      },
      error: (err) => errors.push(err),
      complete: () => {},
    },
  );
  return { received, errors, acknowledged, close: async () => { dispose(); await client.dispose(); } };
}

/**
 * What a wall does: keep the last applied change id, de-duplicate by id, and on any disconnect
 * reconnect (to the next instance in the list, as a load balancer would) with `since`.
 */
export function resilientClient(urls: string[], token: string, start = 0) {
  const received: Change[] = [];
  const stats = { duplicates: 0, outOfOrder: 0, reconnects: 0, resyncs: 0 };
  let lastId: string | undefined;
  let index = start;
  let stopped = false;
  let socket: LiveSocket;
  const connect = () => {
    socket = io(urls[index % urls.length]!, {
      path: '/socket.io',
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: (cb) => cb({ token, ...(lastId ? { since: lastId } : {}) }),
    });
    socket.on('changes', (batch) => {
      for (const c of batch) {
        if (lastId && compareIds(c.id, lastId) <= 0) {
          if (received.some((r) => r.id === c.id)) stats.duplicates++;
          else stats.outOfOrder++;
          continue;
        }
        received.push(c);
        lastId = c.id;
      }
    });
    socket.on('resync', () => stats.resyncs++);
    const again = () => {
      if (stopped) return;
      stats.reconnects++;
      index++;
      setTimeout(connect, 50 + Math.random() * 100);
    };
    socket.on('disconnect', again);
    socket.on('connect_error', () => {
      socket.close();
      again();
    });
  };
  connect();
  return {
    received,
    stats,
    get socket() {
      return socket;
    },
    close: () => {
      stopped = true;
      socket.disconnect();
    },
  };
}

function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  return am !== bm ? (am < bm ? -1 : 1) : as === bs ? 0 : as < bs ? -1 : 1;
}
