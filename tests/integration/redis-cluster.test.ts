import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '@sitroom/shared';
import { socketClient } from '../support/live-clients.js';
import { startCluster } from '../support/redis-cluster.js';
import { aReport, eventually, issueToken, postReport, startServer, type TestServer } from '../support/test-server.js';

/** The same change-feed and ingest paths, on a three-master Redis Cluster (keys share one hash tag). */
describe('on a Redis Cluster', () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  let a: TestServer;
  let b: TestServer;
  let viewer: string;

  beforeAll(async () => {
    cluster = await startCluster();
    a = await startServer({ REDIS_CLUSTER_NODES: cluster.nodes });
    b = await startServer({ REDIS_CLUSTER_NODES: cluster.nodes }, a.prefix);
    viewer = (await issueToken(a.url, 'viewer')).token;
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await cluster?.stop();
  });

  it('ingests reports, lists them with a cursor, and delivers them live on two instances', async () => {
    const onB = socketClient(b.url, { token: viewer });
    await onB.connected;
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await postReport(i % 2 ? a.url : b.url, aReport({ description: `cluster ${i}` }));
      expect(res.status).toBe(201);
      ids.push((await res.json()).id);
    }
    await eventually(() => expect(onB.received.map((c: Change) => (c.data as { id: string }).id)).toEqual(ids));
    const list = await (await fetch(`${a.url}/api/reports?bbox=-1,51,1,52`, { headers: { authorization: `Bearer ${viewer}` } })).json();
    expect(list.items).toHaveLength(20);
    expect(list.cursor).toBe(onB.received.at(-1)!.id);
    onB.close();
  });

  it('replays from a cursor and answers the feed over HTTP', async () => {
    const cursor = (await (await fetch(`${a.url}/api/reports?limit=1`, { headers: { authorization: `Bearer ${viewer}` } })).json()).cursor;
    const id = (await (await postReport(a.url, aReport())).json()).id;
    const late = socketClient(b.url, { token: viewer, since: cursor });
    await eventually(() => expect(late.received.map((c: Change) => (c.data as { id: string }).id)).toEqual([id]));
    late.close();
    const feed = await (await fetch(`${b.url}/api/changes?since=${cursor}`, { headers: { authorization: `Bearer ${viewer}` } })).json();
    expect(feed.items).toHaveLength(1);
  });

  it('keeps every key of the install in one slot', async () => {
    const client = cluster.client();
    await new Promise((r) => client.once('ready', r));
    const keys: string[] = [];
    const holders = new Set<string>();
    for (const node of client.nodes('master')) {
      const found = await node.keys(`*${a.prefix}*`);
      if (found.length) holders.add(`${node.options.port}`);
      keys.push(...found);
    }
    const slots = new Set(await Promise.all(keys.map((k) => client.call('CLUSTER', 'KEYSLOT', k))));
    client.disconnect();
    expect(keys.length).toBeGreaterThan(3);
    expect(holders.size).toBe(1);
    expect(slots.size).toBe(1);
  });
});
