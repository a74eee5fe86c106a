import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISSUABLE_ROLES, type Audience } from '@sitroom/shared';
import { dropPrefix, issueToken, startServer, type TestServer } from '../support/test-server.js';

/**
 * Walks every route the running app exposes (from its own OpenAPI document, so new routes are covered
 * the day they are added) with every role, and fails on any unexpected allow: a role outside a route's
 * list must get 401 (no token) or 403 (a token of another role), before any body is even looked at.
 */
describe('the role matrix over every route', () => {
  let s: TestServer;
  const tokens: Partial<Record<Audience, string>> = {};
  beforeAll(async () => {
    s = await startServer();
    for (const role of ISSUABLE_ROLES) tokens[role] = (await issueToken(s.url, role, `${role} org`)).token;
  });
  afterAll(async () => {
    await s.close();
    await dropPrefix(s.prefix);
  });

  it('refuses every role a route does not list', async () => {
    const doc = await (await fetch(`${s.url}/api/docs/openapi.json`)).json();
    const checked: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, { description: string }>>)) {
      for (const [method, op] of Object.entries(methods)) {
        const m = /^Roles: (.+)\.$/.exec(op.description);
        if (!m) continue; // open to anyone
        const allowed = m[1]!.split(', ');
        for (const role of ['public', ...ISSUABLE_ROLES] as Audience[]) {
          if (allowed.includes(role)) continue;
          const url = s.url + path.replace(/\{\w+\}/g, 'matrix-probe');
          const res = await fetch(url, {
            method: method.toUpperCase(),
            headers: { 'content-type': 'application/json', ...(role === 'public' ? {} : { authorization: `Bearer ${tokens[role]}` }) },
            ...(method === 'get' || method === 'delete' ? {} : { body: '{}' }),
          });
          expect({ route: `${method.toUpperCase()} ${path}`, role, status: res.status }).toEqual({ route: `${method.toUpperCase()} ${path}`, role, status: role === 'public' ? 401 : 403 });
          checked.push(`${method} ${path} ${role}`);
        }
      }
    }
    expect(checked.length).toBeGreaterThan(20);
  });

  it('lets each listed role through the guard (whatever the body then says)', async () => {
    const doc = await (await fetch(`${s.url}/api/docs/openapi.json`)).json();
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, { description: string }>>)) {
      for (const [method, op] of Object.entries(methods)) {
        const m = /^Roles: (.+)\.$/.exec(op.description);
        if (!m) continue;
        for (const role of m[1]!.split(', ') as Audience[]) {
          const res = await fetch(s.url + path.replace(/\{\w+\}/g, 'matrix-probe'), {
            method: method.toUpperCase(),
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[role as keyof typeof tokens]}` },
            ...(method === 'get' || method === 'delete' ? {} : { body: '{}' }),
          });
          expect([401, 403]).not.toContain(res.status);
        }
      }
    }
  });
});
