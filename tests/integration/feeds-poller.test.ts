import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedState } from '@sitroom/shared';
import { fixture } from '../support/fixtures.js';
import { acceptedIds, getJson, postSignal } from '../support/signals.js';
import { ADMIN, dropPrefix, eventually, issueToken, startServer, testPrefix, type TestServer } from '../support/test-server.js';

/** A local stand-in for the feeds of the world: serves the sample documents, misbehaving on request. */
class FeedSource {
  readonly hits = new Map<string, { at: number; headers: IncomingMessage['headers'] }[]>();
  inFlight = 0;
  maxInFlight = 0;
  private server!: Server;
  url = '';

  constructor(private readonly routes: Record<string, (req: IncomingMessage, res: ServerResponse, n: number) => void | Promise<void>>) {}

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const path = req.url!.split('?')[0]!;
      const list = this.hits.get(path) ?? [];
      list.push({ at: Date.now(), headers: req.headers });
      this.hits.set(path, list);
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      res.on('close', () => this.inFlight--);
      const route = this.routes[path];
      if (!route) return void res.writeHead(404).end('not here');
      await route(req, res, list.length);
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  count(path: string): number {
    return this.hits.get(path)?.length ?? 0;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

const send = (res: ServerResponse, body: string | Buffer, type: string, headers: Record<string, string> = {}) => res.writeHead(200, { 'content-type': type, ...headers }).end(body);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the feed poller', () => {
  let a: TestServer;
  let b: TestServer;
  let viewer: string;
  let source: FeedSource;

  beforeAll(async () => {
    source = new FeedSource({
      '/usgs.geojson': (req, res) => (req.headers['if-none-match'] === '"v1"' ? void res.writeHead(304).end() : send(res, fixture('geojson-usgs-significant-month-2023.geojson'), 'application/geo+json', { etag: '"v1"' })),
      '/flaky.json': (_req, res, n) => (n <= 2 ? void res.writeHead(500).end('boom') : send(res, fixture('json-eonet-v3-events-subset.json'), 'application/json')),
      '/slow.xml': async (_req, res) => {
        await sleep(3000);
        send(res, fixture('atom-nws-empty-index.xml'), 'application/atom+xml');
      },
      '/garbage.xml': (_req, res) => send(res, Buffer.from([0x00, 0xff, 0x13, 0x37, 0x3c, 0x3e]), 'application/atom+xml'),
      '/index.atom': (_req, res) => send(res, indexFeed(source.url, ['/cap/thunderstorm.xml', '/cap/amber.xml', '/cap/missing.xml']), 'application/atom+xml'),
      '/cap/thunderstorm.xml': (_req, res) => send(res, fixture('cap12-oasis-thunderstorm.xml'), 'application/cap+xml'),
      '/cap/amber.xml': (_req, res) => send(res, fixture('cap12-oasis-amber-multilingual.xml'), 'application/cap+xml'),
      '/fat.atom': (_req, res) => send(res, fixture('atom-google-earthquake-fat.xml'), 'application/atom+xml'),
      '/nws.json': (_req, res, n) => send(res, fixture(n === 1 ? 'geojson-nws-api-alerts-active-zone.json' : 'geojson-nws-api-alerts-active-zone-second.json'), 'application/geo+json'),
      '/gdacs.xml': async (_req, res) => {
        await sleep(300); // long enough that a second poller would overlap
        send(res, fixture('rss-gdacs-2019-12-tc-eq-dr.xml'), 'application/rss+xml');
      },
    });
    await source.start();
    const prefix = testPrefix();
    a = await startServer({}, prefix);
    b = await startServer({}, prefix);
    viewer = (await issueToken(a.url, 'viewer')).token;
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await source.close();
    await dropPrefix(a.prefix);
  });

  const register = async (kind: string, path: string, extra: Record<string, unknown> = {}) => {
    const res = await fetch(`${a.url}/api/admin/feeds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind, url: `${source.url}${path}`, everySeconds: 1, org: 'Test Org', ...extra }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as FeedState;
  };
  const feed = async (id: string): Promise<FeedState> => (await getJson(a.url, '/api/admin/feeds')).body.items.find((f: FeedState) => f.id === id);

  it('polls a USGS feed, stores its events, and then asks conditionally (ETag → 304)', async () => {
    const f = await register('usgs-geojson', '/usgs.geojson');
    await eventually(async () => expect(await feed(f.id)).toMatchObject({ status: 'ok', items: 18, lastSuccessAt: expect.any(String) }), 5000);
    await eventually(() => expect(source.count('/usgs.geojson')).toBeGreaterThanOrEqual(2), 5000);
    expect(source.hits.get('/usgs.geojson')!.at(-1)!.headers['if-none-match']).toBe('"v1"');
    expect((await feed(f.id)).items).toBe(18); // a 304 keeps the count
    const alerts = (await getJson(a.url, '/api/alerts?limit=10000')).body.items.filter((x: { source: { feed?: string } }) => x.source.feed === f.id);
    expect(alerts).toHaveLength(18);
  });

  it('records failures, backs off exponentially, and recovers', async () => {
    const f = await register('eonet', '/flaky.json');
    await eventually(async () => expect(await feed(f.id)).toMatchObject({ status: 'failing', lastError: 'HTTP 500 Internal Server Error', failingSince: expect.any(String) }), 5000);
    await eventually(async () => expect(await feed(f.id)).toMatchObject({ status: 'ok', items: 8, consecutiveFailures: 0, failingSince: null }), 10_000);
    const [first, second, third] = source.hits.get('/flaky.json')!.map((h) => h.at);
    // Backoff from the feed's 1 s: the first retry after 1 s, the next after 2 s (never sooner).
    expect(second! - first!).toBeGreaterThanOrEqual(950);
    expect(third! - second!).toBeGreaterThanOrEqual(1950);
  });

  it('gives up on a slow source at the feed timeout', async () => {
    const f = await register('cap-atom', '/slow.xml', { timeoutSeconds: 1 });
    await eventually(async () => expect(await feed(f.id)).toMatchObject({ status: 'failing', lastError: 'timed out after 1 s' }), 5000);
  });

  it('records garbage as a failure with a reason, and keeps serving', async () => {
    const f = await register('cap-atom', '/garbage.xml');
    await eventually(async () => expect((await feed(f.id)).lastError).toMatch(/not well-formed XML|no XML element|not valid/), 5000);
    expect((await fetch(`${a.url}/health`)).status).toBe(200);
  });

  it('follows an index feed to each linked CAP, skipping one that fails', async () => {
    const f = await register('cap-atom', '/index.atom');
    await eventually(async () => expect(await feed(f.id)).toMatchObject({ status: 'ok', items: 2, skipped: 1, lastError: expect.stringContaining('/cap/missing.xml: HTTP 404') }), 5000);
    await sleep(1500);
    expect(source.count('/cap/thunderstorm.xml')).toBe(1); // read once, not on every poll
  });

  it('lets an agency Update supersede an alert that came from a feed of its organisation', async () => {
    const f = await register('cap-atom', '/fat.atom');
    await eventually(async () => expect((await feed(f.id)).items).toBe(1), 5000);
    const agency = (await issueToken(a.url, 'agency', 'Test Org')).token;
    const [update] = await acceptedIds(await postSignal(a.url, agency, fixture('cap12-oasis-earthquake-update.xml')));
    const original = (await getJson(a.url, '/api/alerts?limit=10000')).body.items.find((x: { identifier: string }) => x.identifier === 'TRI13970876.1');
    expect(original).toMatchObject({ state: 'superseded', endedBy: update, source: { org: 'Test Org', feed: f.id } });
  });

  it('upserts the same NWS alert across polls: one alert, not two', async () => {
    const f = await register('nws-alerts', '/nws.json');
    await eventually(async () => expect(source.count('/nws.json')).toBeGreaterThanOrEqual(2), 5000);
    await eventually(async () => expect((await feed(f.id)).items).toBe(2), 5000);
    const fromFeed = (await getJson(a.url, '/api/alerts?limit=10000')).body.items.filter((x: { source: { feed?: string } }) => x.source.feed === f.id);
    expect(fromFeed.map((x: { identifier: string }) => x.identifier).sort()).toEqual(['NWS-IDP-PROD-3965873-001', 'NWS-IDP-PROD-3965873-3369046']);
  });

  it('polls a feed from one instance at a time, though both instances run the poller', async () => {
    const f = await register('gdacs-rss', '/gdacs.xml');
    const started = Date.now();
    await sleep(4200);
    const polls = source.count('/gdacs.xml');
    expect(source.hits.get('/gdacs.xml')!.every((h, i, all) => i === 0 || h.at - all[i - 1]!.at >= 900)).toBe(true);
    expect(polls).toBeGreaterThanOrEqual(2);
    expect(polls).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 1000) + 1);
    expect((await feed(f.id)).items).toBe(4);
  });

  it('shows feed health to walls (URLs without query) on GET /api/feeds and the change feed, not to the public', async () => {
    const list = await getJson(a.url, '/api/feeds', viewer);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.cursor).toMatch(/^\d+-\d+$/);
    const changes = await getJson(a.url, '/api/changes?since=0-0&entities=feed&limit=10000', viewer);
    expect(changes.body.items.some((c: { data: FeedState }) => c.data.status === 'failing')).toBe(true);
    expect((await getJson(a.url, '/api/feeds', null)).status).toBe(401);
    expect((await getJson(a.url, '/api/admin/feeds', viewer)).status).toBe(403);
  });

  it('refuses a bad registration naming the field, a duplicate with 409, and deletes a feed', async () => {
    const bad = await fetch(`${a.url}/api/admin/feeds`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'telepathy', url: 'ftp://x', everySeconds: 0, org: 'x' }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['kind', 'url', 'everySeconds']));
    const f = await register('cap-atom', '/never.xml', { everySeconds: 3600 });
    const dup = await fetch(`${a.url}/api/admin/feeds`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'cap-atom', url: `${source.url}/never.xml`, everySeconds: 60, org: 'y' }) });
    expect(dup.status).toBe(409);
    expect((await fetch(`${a.url}/api/admin/feeds/${f.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(204);
    expect(await feed(f.id)).toBeUndefined();
  });
});

/** An Atom index feed (written for the test: its links must point here, never to the real hosts). */
function indexFeed(base: string, paths: string[]): string {
  const entries = paths.map((p, i) => `<entry><id>urn:test:${i}</id><title>Entry ${i}</title><updated>2026-11-30T00:00:00Z</updated><link href="${base}${p}" type="application/cap+xml"/></entry>`);
  return `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>urn:test:index</id><title>Test index</title><updated>2026-11-30T00:00:00Z</updated>${entries.join('')}</feed>`;
}
