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
