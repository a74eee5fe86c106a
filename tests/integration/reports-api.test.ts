import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, aReport, dropPrefix, issueToken, postReport, REDIS_URL, startServer, type TestServer } from '../support/test-server.js';

describe('POST /api/reports', () => {
  let s: TestServer;
  let redis: Redis;
  let viewer: string;

  beforeAll(async () => {
    s = await startServer();
    redis = new Redis(REDIS_URL);
    viewer = (await issueToken(s.url, 'viewer')).token;
  });
  afterAll(async () => {
    await s.close();
    await dropPrefix(s.prefix);
    redis.disconnect();
  });

  const streamLength = () => redis.xlen(`{${s.prefix}}:changes`);
  const reportCount = () => redis.hlen(`{${s.prefix}}:reports`);

  it('accepts a valid report from the public and answers 201 with id and status', async () => {
    const res = await postReport(s.url, aReport({ occurredAt: '2026-11-30T10:42:00+01:00', contact: '+44 20 7946 0000' }));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({ id: expect.any(String), status: 'unverified' });
    const stored = JSON.parse((await redis.hget(`{${s.prefix}}:reports`, body.id))!);
    expect(stored).toMatchObject({ kind: 'report', hazard: 'flood', occurredAt: '2026-11-30T09:42:00.000Z', contact: '+44 20 7946 0000' });
  });

  it('stores the report and appends its change in one step', async () => {
    const [before, reportsBefore] = [await streamLength(), await reportCount()];
    await postReport(s.url, aReport());
    expect(await streamLength()).toBe(before + 1);
    expect(await reportCount()).toBe(reportsBefore + 1);
  });

  const bad: [string, unknown, string][] = [
    ['missing category', { description: 'x', location: { lat: 1, lon: 1 } }, 'category'],
    ['unknown category', aReport({ category: 'alien-invasion' }), 'category'],
    ['empty description', aReport({ description: '   ' }), 'description'],
    ['100 kB description', aReport({ description: 'x'.repeat(100_000) }), 'description'],
    ['lat 91', aReport({ location: { lat: 91, lon: 0 } }), 'location.lat'],
    ['lon as a string', aReport({ location: { lat: 1, lon: '2' } }), 'location.lon'],
    ['missing location', { category: 'flooding', description: 'x' }, 'location'],
    ['occurredAt without zone', aReport({ occurredAt: '2026-11-30 10:42' }), 'occurredAt'],
    ['unknown field', aReport({ admin: true }), ''],
    ['an array body', [aReport()], ''],
  ];
  it.each(bad)('refuses %s with 400 naming the field, and writes nothing', async (_name, body, field) => {
    const [before, reportsBefore] = [await streamLength(), await reportCount()];
    const res = await postReport(s.url, body);
    expect(res.status).toBe(400);
    const err = await res.json();
    expect(err.error.code).toBe('invalid_input');
    expect(err.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    expect(await streamLength()).toBe(before);
    expect(await reportCount()).toBe(reportsBefore);
  });

  it('refuses malformed JSON with 400 in the contract shape', async () => {
    const res = await postReport(s.url, '{"category": "flooding",');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'invalid_input', fields: [{ path: '' }] });
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'text/html'])('refuses %s with 415', async (type) => {
    const res = await fetch(`${s.url}/api/reports`, { method: 'POST', headers: { 'content-type': type }, body: 'category=flooding' });
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe('unsupported_media_type');
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const res = await postReport(s.url, aReport({ description: 'x'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('refuses an unknown token with 401 rather than treating it as the public', async () => {
    const res = await postReport(s.url, aReport(), { authorization: 'Bearer not-a-real-token' });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it('keeps description as text: markup is stored verbatim, never interpreted', async () => {
    const description = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const { id } = await (await postReport(s.url, aReport({ description }))).json();
    const res = await fetch(`${s.url}/api/reports/${id}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect((await res.json()).description).toBe(description);
  });

  it('survives a flood of bad input and still serves', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => postReport(s.url, i % 2 ? '{{{' : { nope: i })));
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
    expect(viewer).toBeTruthy();
  });
});

describe('public intake limit', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ PUBLIC_REPORTS_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await s.close();
    await dropPrefix(s.prefix);
  });

  it('answers 429 with Retry-After past the per-address limit, and exempts token holders', async () => {
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await postReport(s.url, aReport())).status);
    expect(codes).toEqual([201, 201, 201, 429]);
    const limited = await postReport(s.url, aReport());
    expect(limited.status).toBe(429);
    const retry = Number(limited.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect((await limited.json()).error.code).toBe('rate_limited');
    expect((await postReport(s.url, aReport(), { authorization: `Bearer ${ADMIN}` })).status).toBe(201);
  });
});
