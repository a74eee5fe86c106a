import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { socketClient } from '../support/live-clients.js';
import { ADMIN, aReport, dropPrefix, eventually, issueToken, postReport, startServer, type TestServer } from '../support/test-server.js';
import { io } from 'socket.io-client';

describe('console sign-in with a session cookie', () => {
  let s: TestServer;
  let operator: { id: string; token: string };
  beforeAll(async () => {
    s = await startServer();
    operator = await issueToken(s.url, 'operator', 'County Fire');
  });
  afterAll(async () => {
    await s.close();
    await dropPrefix(s.prefix);
  });

  const signIn = async (token: string) => {
    const res = await fetch(`${s.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    return { res, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, body: res.status === 200 ? await res.json() : await res.json() };
  };

  it('exchanges a token for an httpOnly SameSite=Strict cookie and a CSRF value', async () => {
    const { res, cookie, body } = await signIn(operator.token);
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^sitroom_session=[\w-]{40,};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).not.toContain(operator.token);
    expect(body).toEqual({ tokenId: operator.id, role: 'operator', org: 'County Fire', csrf: expect.any(String) });
    const me = await fetch(`${s.url}/api/session`, { headers: { cookie } });
    expect(await me.json()).toEqual(body);
  });

  it('reads with the cookie, but writes only with the CSRF header', async () => {
    const { cookie, body } = await signIn(operator.token);
    expect((await fetch(`${s.url}/api/audit`, { headers: { cookie } })).status).toBe(200);
    const id = (await (await postReport(s.url, aReport())).json()).id;
    const forged = await fetch(`${s.url}/api/reports/${id}/verify`, { method: 'POST', headers: { cookie } });
    expect(forged.status).toBe(403);
    expect((await forged.json()).error.message).toContain('x-csrf-token');
    const ok = await fetch(`${s.url}/api/reports/${id}/verify`, { method: 'POST', headers: { cookie, 'x-csrf-token': body.csrf } });
    expect(ok.status).toBe(200);
  });

  it('authenticates the live connection with the cookie, and ends session and sockets when the token is revoked', async () => {
    const { cookie } = await signIn(operator.token);
    const socket = io(s.url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
    const received: unknown[] = [];
    socket.on('changes', (b) => received.push(...b));
    await new Promise<void>((r, j) => (socket.once('connect', () => r()), socket.once('connect_error', j)));
    await postReport(s.url, aReport({ contact: 'ops can see me' }));
    await eventually(() => expect(JSON.stringify(received)).toContain('ops can see me'));
    await fetch(`${s.url}/api/admin/tokens/${operator.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
    await eventually(() => expect(socket.connected).toBe(false));
    expect((await fetch(`${s.url}/api/session`, { headers: { cookie } })).status).toBe(401);
    expect((await fetch(`${s.url}/api/audit`, { headers: { cookie } })).status).toBe(401);
  });

  it('signs out', async () => {
    const viewer = (await issueToken(s.url, 'viewer')).token;
    const { cookie, body } = await signIn(viewer);
    expect((await fetch(`${s.url}/api/session`, { method: 'DELETE', headers: { cookie } })).status).toBe(403); // a cross-site page cannot sign you out either
    const out = await fetch(`${s.url}/api/session`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': body.csrf } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await fetch(`${s.url}/api/session`, { headers: { cookie } })).status).toBe(401);
    const pub = socketClient(s.url);
    await pub.connected;
    pub.close();
  });

  it('refuses a bad token with 401 and no cookie', async () => {
    const { res } = await signIn('srt_nope');
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});
