import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '@sitroom/shared';
import { socketClient } from '../support/live-clients.js';
import { aReport, dropPrefix, eventually, issueToken, postReport, startServer, type TestServer } from '../support/test-server.js';

const reportIds = (changes: Change[]) => changes.map((c) => (c.data as { id: string }).id);

async function burst(url: string, n: number, description = 'x'.repeat(1900)): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 50) {
    // Each text differs: identical repeats from one address are merged into one report.
    const batch = await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, k) => postReport(url, aReport({ description: `${description} ${i + k}` })).then((r) => r.json())));
    ids.push(...batch.map((b) => b.id));
  }
  return ids;
}

describe('a client that stops reading', () => {
  let s: TestServer;
  let viewer: string;
  beforeAll(async () => {
    s = await startServer({ LIVE_MAX_QUEUED_BYTES: '65536' });
    viewer = (await issueToken(s.url, 'viewer')).token;
  });
  afterAll(async () => {
    await s.close();
    await dropPrefix(s.prefix);
  });

  it('is dropped past the limit without holding up others, and catches up when it resumes with since', async () => {
    const healthy = socketClient(s.url, { token: viewer });
    const slow = socketClient(s.url, { token: viewer });
    await Promise.all([healthy.connected, slow.connected]);
    // Stop reading the TCP socket, as a frozen browser tab or a dead network would.
    const tcp = (slow.socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } }).ws._socket;
    const firstIds = await burst(s.url, 100, 'first');
    await eventually(() => expect(reportIds(slow.received)).toEqual(firstIds));
    const lastSeen = slow.received.at(-1)!.id;
    tcp.pause();

    const ids = await burst(s.url, 3000);
    await eventually(() => expect(reportIds(healthy.received).slice(100)).toEqual(ids), 20_000);
    const sockets = s.app.get((await import('../../server/src/live/live-fanout.service.js')).LiveFanout) as unknown as { server: { of(n: string): { sockets: Map<string, unknown> } } };
    await eventually(() => expect(sockets.server.of('/').sockets.size).toBe(1), 20_000); // only the healthy one is left

    tcp.resume();
    await eventually(() => expect(slow.socket.connected).toBe(false));
    const back = socketClient(s.url, { token: viewer, since: lastSeen });
    await eventually(() => expect(reportIds(back.received)).toEqual(ids), 20_000);
    for (const c of [healthy, slow, back]) c.close();
  }, 60_000);
});

describe('retention', () => {
  let s: TestServer;
  let viewer: string;
  beforeAll(async () => {
    s = await startServer({ CHANGES_RETAIN: '100' });
    viewer = (await issueToken(s.url, 'viewer')).token;
  });
  afterAll(async () => {
    await s.close();
    await dropPrefix(s.prefix);
  });

  it('trims the stream to the horizon and sends an older cursor to a fresh snapshot', async () => {
    const auth = { authorization: `Bearer ${viewer}` };
    const old = (await (await fetch(`${s.url}/api/reports`, { headers: auth })).json()).cursor;
    await burst(s.url, 600, 'trim me');
    expect((await fetch(`${s.url}/api/changes?since=${old}`, { headers: auth })).status).toBe(410);
    const stale = socketClient(s.url, { token: viewer, since: old });
    await eventually(() => expect(stale.resyncs).toEqual(['since_too_old']));
    await eventually(() => expect(stale.socket.connected).toBe(false));

    // Recovery: a new snapshot (entities are never trimmed, only their history) and the feed from its cursor.
    const snapshot = await (await fetch(`${s.url}/api/reports?limit=10000`, { headers: auth })).json();
    expect(snapshot.items).toHaveLength(600);
    const fresh = socketClient(s.url, { token: viewer, since: snapshot.cursor });
    const id = (await (await postReport(s.url, aReport())).json()).id;
    await eventually(() => expect(reportIds(fresh.received)).toEqual([id]));
    stale.close();
    fresh.close();
  });
});
