import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClientSchema, getIntrospectionQuery, type GraphQLObjectType } from 'graphql';
import { Alert, type Change } from '@sitroom/shared';
import { socketClient } from '../support/live-clients.js';
import { acceptedIds, capXml, getJson, postSignal } from '../support/signals.js';
import { dropPrefix, eventually, issueToken, REDIS_URL, startServer, testPrefix, type TestServer } from '../support/test-server.js';

const alertChanges = (cs: Change[], id: string) => cs.filter((c) => c.entity === 'alert' && (c.data as { id: string }).id === id);

async function gql(url: string, query: string, token?: string) {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query }) });
  return res.json();
}

describe('alerts on the live picture', () => {
  let a: TestServer;
  let b: TestServer;
  let redis: Redis;
  let agency: string;
  let viewer: string;
  const open: { close: () => unknown }[] = [];

  beforeAll(async () => {
    const prefix = testPrefix();
    // Two instances sharing one Redis: both sweep for expiry, both deliver.
    a = await startServer({}, prefix);
    b = await startServer({}, prefix);
    redis = new Redis(REDIS_URL);
    agency = (await issueToken(a.url, 'agency', 'NWS')).token;
    viewer = (await issueToken(a.url, 'viewer')).token;
  });
  afterAll(async () => {
    for (const c of open) await c.close();
    await a.close();
    await b.close();
    await dropPrefix(a.prefix);
    redis.disconnect();
  });

  const wall = async () => {
    const client = socketClient(b.url, { token: viewer });
    open.push(client);
    await client.connected;
    await new Promise((r) => setTimeout(r, 100));
    return client;
  };

  it('delivers a new alert to a wall over Socket.IO, and its cancellation as a remove', async () => {
    const w = await wall();
    const [id] = await acceptedIds(await postSignal(a.url, agency, capXml({ identifier: 'live-1' })));
    await eventually(() => expect(alertChanges(w.received, id!)).toMatchObject([{ op: 'upsert', data: { id, state: 'active', event: 'Flood Warning' } }]));
    await acceptedIds(await postSignal(a.url, agency, capXml({ identifier: 'live-1-cancel', msgType: 'Cancel', references: 'test@sitroom.example,live-1,2026-01-01T00:00:00-00:00' })));
    await eventually(() => expect(alertChanges(w.received, id!).at(-1)).toMatchObject({ op: 'remove', data: { id } }));
  });

  it('never sends a wall a Test or Exercise alert', async () => {
    const w = await wall();
    const [test] = await acceptedIds(await postSignal(a.url, agency, capXml({ identifier: 'drill-live', status: 'Exercise' })));
    const [real] = await acceptedIds(await postSignal(a.url, agency, capXml({ identifier: 'real-after-drill' })));
    await eventually(() => expect(alertChanges(w.received, real!)).toHaveLength(1));
    expect(alertChanges(w.received, test!)).toEqual([]);
  });

  it('takes an alert off the wall by itself when it expires, written once though two instances sweep', async () => {
    const w = await wall();
    const [id] = await acceptedIds(await postSignal(a.url, agency, capXml({ identifier: 'short-lived', expires: new Date(Date.now() + 1500).toISOString() })));
    await eventually(() => expect(alertChanges(w.received, id!)).toHaveLength(1));
    await eventually(() => expect(alertChanges(w.received, id!).at(-1)).toMatchObject({ op: 'remove' }), 6000);
    expect((await getJson(a.url, `/api/alerts/${id}`)).body.state).toBe('expired');
    await new Promise((r) => setTimeout(r, 1500)); // a second sweep on each instance
    const entries = (await redis.xrange(`{${a.prefix}}:changes`, '-', '+')) as [string, string[]][];
    const expiries = entries.filter(([, f]) => f[1] === 'alert' && f[5]!.includes(`"id":"${id}"`) && f[5]!.includes('"state":"expired"'));
    expect(expiries).toHaveLength(1);
  });

  it('finds alerts whose area crosses a bbox even when the area centre lies outside it', async () => {
    // A long strip from 0°E to 20°E along 50°N: its centre (10°E) is far outside a box around 19°E.
    const strip = await acceptedIds(await postSignal(a.url, agency, capXml({ identifier: 'strip', polygon: '49.9,0 50.1,0 50.1,20 49.9,20 49.9,0' })));
    const far = await acceptedIds(await postSignal(a.url, agency, capXml({ identifier: 'far', polygon: '-33.9,151.1 -33.8,151.1 -33.8,151.3 -33.9,151.1' })));
    const { body } = await getJson(a.url, '/api/alerts?bbox=18.5,49.5,19.5,50.5&state=active', viewer);
    const ids = body.items.map((x: { id: string }) => x.id);
    expect(ids).toContain(strip[0]);
    expect(ids).not.toContain(far[0]);
    expect(body.cursor).toMatch(/^\d+-\d+$/);
  });

  it('filters by state and status for operators, and pages newest first', async () => {
    const { body } = await getJson(a.url, '/api/alerts?state=expired,cancelled&status=Actual,Exercise&limit=2');
    expect(body.items.length).toBeLessThanOrEqual(2);
    for (const x of body.items) expect(['expired', 'cancelled']).toContain(x.state);
    expect((await getJson(a.url, '/api/alerts?state=gone')).status).toBe(400);
  });

  it('serves alerts over GraphQL with a type that matches the shared schema', async () => {
    const schema = buildClientSchema((await gql(a.url, getIntrospectionQuery())).data);
    expect(Object.keys((schema.getType('Alert') as GraphQLObjectType).getFields()).sort()).toEqual(Object.keys(Alert.shape).sort());
    const res = await gql(a.url, '{ alerts(state: "active", limit: 50) { cursor total items { id state status severity areas { desc geometry geocodes { name value } } } } }', viewer);
    expect(res.data.alerts.items.length).toBeGreaterThan(0);
    for (const x of res.data.alerts.items) expect([x.state, x.status]).toEqual(['active', 'Actual']);
    const one = await gql(a.url, `{ alert(id: "${res.data.alerts.items[0].id}") { identifier languages } }`, viewer);
    expect(one.data.alert.languages).toEqual(['en-US']);
  });
});
