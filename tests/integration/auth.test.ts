import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, aReport, dropPrefix, issueToken, postReport, REDIS_URL, startServer, type TestServer } from '../support/test-server.js';

describe('tokens and roles', () => {
  let s: TestServer;
  let redis: Redis;
  beforeAll(async () => {
    s = await startServer();
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await s.close();
    await dropPrefix(s.prefix);
    redis.disconnect();
  });

  const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };

  it('issues a token once and keeps only its hash', async () => {
    const res = await fetch(`${s.url}/api/admin/tokens`, { method: 'POST', headers: admin, body: JSON.stringify({ role: 'business', org: 'Acme Water', label: 'dispatch desk' }) });
    expect(res.status).toBe(201);
    const issued = await res.json();
    expect(issued).toEqual({ id: expect.any(String), token: expect.stringMatching(/^srt_[\w-]{40,}$/), role: 'business', org: 'Acme Water', label: 'dispatch desk' });
    const dump = JSON.stringify(await redis.hgetall(`{${s.prefix}}:tokens`));
    expect(dump).not.toContain(issued.token);
    expect(dump).toContain(issued.id);
  });

  it('lets only admins issue and revoke tokens', async () => {
    const operator = (await issueToken(s.url, 'operator')).token;
    const asOperator = await fetch(`${s.url}/api/admin/tokens`, { method: 'POST', headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' }, body: '{"role":"admin"}' });
    expect(asOperator.status).toBe(403);
    expect((await asOperator.json()).error.code).toBe('forbidden');
    const anonymous = await fetch(`${s.url}/api/admin/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"role":"admin"}' });
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe('unauthorized');
  });

  it.each([
    [{ role: 'public' }, 'role'],
    [{ role: 'viewer', org: '' }, 'org'],
    [{ role: 'viewer', extra: 1 }, ''],
  ])('refuses token spec %j naming %j', async (body, field) => {
    const res = await fetch(`${s.url}/api/admin/tokens`, { method: 'POST', headers: admin, body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields.map((f: { path: string }) => f.path)).toContain(field);
  });

  it('revokes a token at once and answers 404 for an unknown id', async () => {
    const { id, token } = await issueToken(s.url, 'viewer');
    expect((await fetch(`${s.url}/api/reports`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${s.url}/api/admin/tokens/${id}`, { method: 'DELETE', headers: admin })).status).toBe(204);
    expect((await fetch(`${s.url}/api/reports`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    const again = await fetch(`${s.url}/api/admin/tokens/${id}`, { method: 'DELETE', headers: admin });
    expect(again.status).toBe(404);
    expect((await again.json()).error.code).toBe('not_found');
  });

  it('needs a viewer token to see unverified reports', async () => {
    const { id } = await (await postReport(s.url, aReport())).json();
    const viewer = (await issueToken(s.url, 'viewer')).token;
    const publicList = await (await fetch(`${s.url}/api/reports`)).json();
    const viewerList = await (await fetch(`${s.url}/api/reports`, { headers: { authorization: `Bearer ${viewer}` } })).json();
    expect(publicList.items.map((r: { id: string }) => r.id)).not.toContain(id);
    expect(viewerList.items.map((r: { id: string }) => r.id)).toContain(id);
    expect((await fetch(`${s.url}/api/reports/${id}`)).status).toBe(404);
  });

  it('treats a malformed Authorization header as 401', async () => {
    const res = await fetch(`${s.url}/api/reports`, { headers: { authorization: 'Basic Zm9vOmJhcg==' } });
    expect(res.status).toBe(401);
  });

  it('checks roles in GraphQL too: a bad token fails the operation', async () => {
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ reports { total } }' }),
    });
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe('unauthorized');
  });
});
