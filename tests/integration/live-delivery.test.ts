import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareChangeIds, type Change } from '@sitroom/shared';
import { graphqlSubscriber, socketClient } from '../support/live-clients.js';
import { ADMIN, aReport, dropPrefix, eventually, issueToken, postReport, startServer, testPrefix, type TestServer } from '../support/test-server.js';

const ids = (changes: Change[]) => changes.map((c) => c.id);
const reportIds = (changes: Change[]) => changes.map((c) => (c.data as { id: string }).id);

describe('live delivery of the change feed', () => {
  let a: TestServer;
  let b: TestServer;
  let viewer: string;
  const open: { close: () => unknown }[] = [];

  beforeAll(async () => {
    const prefix = testPrefix();
    // Two instances on two ports sharing one Redis, as behind a load balancer.
    a = await startServer({}, prefix);
    b = await startServer({}, prefix);
    viewer = (await issueToken(a.url, 'viewer')).token;
  });
  afterAll(async () => {
    for (const c of open) await c.close();
    await a.close();
    await b.close();
    await dropPrefix(a.prefix);
  });

  const track = <T extends { close: () => unknown }>(c: T) => (open.push(c), c);

  it('delivers a public report to Socket.IO and graphql-ws clients on both instances', async () => {
    const onA = track(socketClient(a.url, { token: viewer }));
    const onB = track(socketClient(b.url, { token: viewer }));
    const gqlA = track(graphqlSubscriber(a.url, { token: viewer }));
    const gqlB = track(graphqlSubscriber(b.url, { token: viewer }));
    await Promise.all([onA.connected, onB.connected, gqlA.acknowledged, gqlB.acknowledged]);
    await new Promise((r) => setTimeout(r, 100)); // subscriptions are registered after the ack

    const { id } = await (await postReport(a.url, aReport({ description: 'Bridge flooded' }))).json();

    for (const client of [onA, onB, gqlA, gqlB]) {
      await eventually(() => expect(reportIds(client.received)).toContain(id));
      const change = client.received.find((c) => (c.data as { id: string }).id === id)!;
      expect(change).toMatchObject({ entity: 'report', op: 'upsert', data: { id, description: 'Bridge flooded', status: 'unverified' } });
      expect(change.data).not.toHaveProperty('contact');
    }
  });

  it('sends nothing unverified to the public, over Socket.IO or GraphQL', async () => {
    const pub = track(socketClient(a.url));
    const gql = track(graphqlSubscriber(b.url));
    const watcher = track(socketClient(b.url, { token: viewer }));
    await Promise.all([pub.connected, gql.acknowledged, watcher.connected]);
    await new Promise((r) => setTimeout(r, 100));
    const { id } = await (await postReport(a.url, aReport({ contact: 'me@example.org' }))).json();
    await eventually(() => expect(reportIds(watcher.received)).toContain(id));
    await new Promise((r) => setTimeout(r, 200));
    expect(pub.received).toEqual([]);
    expect(gql.received).toEqual([]);
  });

  it('shows reporter contact to operators only', async () => {
    const operator = (await issueToken(a.url, 'operator')).token;
    const ops = track(socketClient(b.url, { token: operator }));
    await ops.connected;
    const { id } = await (await postReport(a.url, aReport({ contact: 'me@example.org' }))).json();
    await eventually(() => expect(reportIds(ops.received)).toContain(id));
    expect(ops.received.find((c) => (c.data as { id: string }).id === id)!.data).toMatchObject({ contact: 'me@example.org' });
  });

  it('replays exactly what a reconnecting client missed, in order, with no duplicate', async () => {
    const first = track(socketClient(a.url, { token: viewer }));
    await first.connected;
    const { id: seen } = await (await postReport(a.url, aReport({ description: 'seen before the drop' }))).json();
    await eventually(() => expect(reportIds(first.received)).toContain(seen));
    const lastId = first.received.at(-1)!.id;
    first.close();

    const missed: string[] = [];
    for (let i = 0; i < 5; i++) missed.push((await (await postReport(b.url, aReport({ description: `missed ${i}` }))).json()).id);

    // Reconnect to the *other* instance with the last id; more reports arrive while it catches up.
    const again = track(socketClient(b.url, { token: viewer, since: lastId }));
    const during = postReport(a.url, aReport({ description: 'during catch-up' })).then((r) => r.json());
    await again.connected;
    const { id: after } = await during;
    await eventually(() => expect(reportIds(again.received)).toContain(after));
    expect(reportIds(again.received)).toEqual([...missed, after]);
    const got = ids(again.received);
    expect(new Set(got).size).toBe(got.length);
    expect([...got].sort(compareChangeIds)).toEqual(got);
    expect(compareChangeIds(got[0]!, lastId)).toBe(1);
  });

  it('replays from since over graphql-ws as well', async () => {
    const cursor = (await (await fetch(`${a.url}/api/reports?limit=1`, { headers: { authorization: `Bearer ${viewer}` } })).json()).cursor;
    const one = (await (await postReport(a.url, aReport())).json()).id;
    const two = (await (await postReport(b.url, aReport())).json()).id;
    const gql = track(graphqlSubscriber(b.url, { token: viewer, since: cursor }));
    await eventually(() => expect(reportIds(gql.received)).toEqual([one, two]));
  });

  it('gives a snapshot whose cursor joins the live feed with no gap and no duplicate', async () => {
    const writes = Array.from({ length: 20 }, (_, i) => postReport(i % 2 ? a.url : b.url, aReport({ description: `burst ${i}` })));
    const snapshot = await (await fetch(`${a.url}/api/reports?limit=10000`, { headers: { authorization: `Bearer ${viewer}` } })).json();
    const created = await Promise.all(writes.map(async (w) => (await (await w).json()).id as string));
    const follow = await (await fetch(`${b.url}/api/changes?since=${snapshot.cursor}`, { headers: { authorization: `Bearer ${viewer}` } })).json();
    const inSnapshot = new Set(snapshot.items.map((r: { id: string }) => r.id));
    const inFeed = reportIds(follow.items);
    for (const id of created) expect(inSnapshot.has(id) !== inFeed.includes(id)).toBe(true); // exactly one of the two
  });

  it('narrows a Socket.IO client to a bbox when it subscribes', async () => {
    const narrow = track(socketClient(a.url, { token: viewer }));
    await narrow.connected;
    const ack = await narrow.socket.emitWithAck('subscribe', { entities: ['report'], bbox: [-1, 51, 1, 52] });
    expect(ack).toEqual({ ok: true });
    const outside = (await (await postReport(a.url, aReport({ location: { lat: 48.85, lon: 2.35 } }))).json()).id;
    const inside = (await (await postReport(a.url, aReport({ location: { lat: 51.5, lon: -0.1 } }))).json()).id;
    await eventually(() => expect(reportIds(narrow.received)).toContain(inside));
    expect(narrow.received.filter((c) => c.op === 'upsert').map((c) => (c.data as { id: string }).id)).not.toContain(outside);
    const bad = await narrow.socket.emitWithAck('subscribe', { bbox: [0, 0, 1] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('tells a client whose cursor is unknown to resync', async () => {
    const lost = track(socketClient(a.url, { token: viewer, since: '99999999999999-0' }));
    await eventually(() => expect(lost.resyncs).toEqual(['since_too_old']));
    const res = await fetch(`${a.url}/api/changes?since=99999999999999-0`, { headers: { authorization: `Bearer ${viewer}` } });
    expect(res.status).toBe(410);
    expect((await res.json()).error.code).toBe('gone');
  });

  it('refuses a bad token at the handshake on both channels', async () => {
    const bad = socketClient(a.url, { token: 'nope' });
    await expect(bad.connected).rejects.toThrow('unauthorized');
    bad.close();
    const gql = graphqlSubscriber(a.url, { token: 'nope' });
    await eventually(() => expect(gql.errors.length).toBeGreaterThan(0));
    await gql.close();
  });

  it('cuts the live connections of a revoked token at once, on every instance', async () => {
    const { id, token } = await issueToken(a.url, 'viewer');
    const onA = track(socketClient(a.url, { token }));
    const onB = track(socketClient(b.url, { token }));
    const gql = track(graphqlSubscriber(b.url, { token }));
    await Promise.all([onA.connected, onB.connected, gql.acknowledged]);
    await new Promise((r) => setTimeout(r, 100));
    const res = await fetch(`${a.url}/api/admin/tokens/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.status).toBe(204);
    await eventually(() => expect([onA.socket.connected, onB.socket.connected]).toEqual([false, false]));
    await eventually(() => expect(gql.errors.length).toBeGreaterThan(0));
    expect((await fetch(`${a.url}/api/reports`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });
});
