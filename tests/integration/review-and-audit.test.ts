import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '@sitroom/shared';
import { socketClient } from '../support/live-clients.js';
import { ADMIN, aReport, dropPrefix, eventually, issueToken, postReport, startServer, type TestServer } from '../support/test-server.js';

describe('operator review, audit and public intake', () => {
  let s: TestServer;
  let opA: { id: string; token: string };
  let opB: { id: string; token: string };
  let viewer: string;

  beforeAll(async () => {
    s = await startServer();
    opA = await issueToken(s.url, 'operator', 'County Fire');
    opB = await issueToken(s.url, 'operator', 'City Police');
    viewer = (await issueToken(s.url, 'viewer')).token;
  });
  afterAll(async () => {
    await s.close();
    await dropPrefix(s.prefix);
  });

  const act = (token: string, id: string, action: string, body?: unknown) =>
    fetch(`${s.url}/api/reports/${id}/${action}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const newReport = async (over = {}) => (await (await postReport(s.url, aReport(over))).json()).id as string;

  it('lets one operator verify, and refuses a second conflicting decision with 409 naming who decided', async () => {
    const id = await newReport();
    const res = await act(opA.token, id, 'verify');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, status: 'verified', decision: { by: { org: 'County Fire' } } });
    const second = await act(opB.token, id, 'reject', { reason: 'hoax' });
    expect(second.status).toBe(409);
    expect((await second.json()).error).toMatchObject({ code: 'conflict', message: expect.stringContaining('County Fire') });
  });

  it('lets exactly one of many simultaneous decisions win', async () => {
    const id = await newReport();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => act(i % 2 ? opA.token : opB.token, id, i % 3 ? 'verify' : 'reject', i % 3 ? undefined : { reason: 'no' })));
    const codes = results.map((r) => r.status).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(9);
  });

  it('validates decisions: reason required, duplicate of an existing other report, role operator', async () => {
    const id = await newReport();
    expect((await (await act(opA.token, id, 'reject', {})).json()).error.fields[0].path).toBe('reason');
    const self = await act(opA.token, id, 'duplicate', { of: id });
    expect((await self.json()).error.fields[0].path).toBe('of');
    expect((await act(opA.token, id, 'duplicate', { of: 'no-such-report' })).status).toBe(400);
    expect((await act(viewer, id, 'verify')).status).toBe(403);
    expect((await act('', id, 'verify')).status).toBe(401);
    expect((await act(opA.token, 'missing', 'verify')).status).toBe(404);
  });

  it('removes a rejected report from viewers live, and shows a verified one to the public (coarsened, no contact)', async () => {
    const wall = socketClient(s.url, { token: viewer });
    const pub = socketClient(s.url);
    await Promise.all([wall.connected, pub.connected]);
    const bad = await newReport({ description: 'obvious prank' });
    const good = await newReport({ contact: '+44 7700 900000', location: { lat: 51.501234, lon: -0.123456 } });
    await eventually(() => expect(wall.received.map((c: Change) => (c.data as { id: string }).id)).toEqual(expect.arrayContaining([bad, good])));
    await act(opA.token, bad, 'reject', { reason: 'prank' });
    await act(opA.token, good, 'verify');
    await eventually(() => expect(wall.received).toContainEqual(expect.objectContaining({ op: 'remove', data: { id: bad } })));
    await eventually(() => expect(pub.received.map((c: Change) => (c.data as { id: string }).id)).toContain(good));
    const seen = pub.received.find((c: Change) => (c.data as { id: string }).id === good)!.data as Record<string, unknown>;
    expect(seen).not.toHaveProperty('contact');
    expect(seen.location).not.toEqual({ lat: 51.501234, lon: -0.123456 });
    expect((seen.decision as Record<string, unknown>).by).toBeUndefined();
    expect(pub.received.map((c: Change) => (c.data as { id: string }).id)).not.toContain(bad);
    wall.close();
    pub.close();
  });

  it('records every change with actor, time, before and after, filterable, and exports CSV', async () => {
    const id = await newReport({ description: '=HYPERLINK("http://evil")' });
    await act(opB.token, id, 'verify');
    const auth = { authorization: `Bearer ${opA.token}` };
    const { items } = await (await fetch(`${s.url}/api/audit?entity=report&id=${id}`, { headers: auth })).json();
    expect(items.map((e: { action: string }) => e.action)).toEqual(['report.submit', 'report.verify']);
    expect(items[0].actor).toEqual({ tokenId: null, role: 'public', org: null });
    expect(items[1]).toMatchObject({ actor: { tokenId: opB.id, role: 'operator', org: 'City Police' }, before: { status: 'unverified' }, after: { status: 'verified' } });
    const byActor = await (await fetch(`${s.url}/api/audit?actor=${opB.id}`, { headers: auth })).json();
    expect(byActor.items.every((e: { actor: { tokenId: string } }) => e.actor.tokenId === opB.id)).toBe(true);
    const future = await (await fetch(`${s.url}/api/audit?from=2999-01-01T00:00:00Z`, { headers: auth })).json();
    expect(future.items).toEqual([]);
    const csv = await fetch(`${s.url}/api/audit?entity=report&id=${id}&format=csv`, { headers: auth });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('at,actor_token_id,actor_role,actor_org,action,entity,id,before,after');
    expect(text).not.toMatch(/(^|,)"=HYPERLINK/m); // formulas defused
    expect((await fetch(`${s.url}/api/audit`, { headers: { authorization: `Bearer ${viewer}` } })).status).toBe(403);
    const issued = await (await fetch(`${s.url}/api/audit?entity=token`, { headers: auth })).json();
    expect(issued.items.some((e: { action: string; id: string }) => e.action === 'token.issue' && e.id === opB.id)).toBe(true);
    expect(JSON.stringify(issued.items)).not.toContain(opB.token);
  });

  it('offers no route that alters or deletes the audit log', async () => {
    for (const method of ['DELETE', 'PUT', 'PATCH', 'POST']) {
      const res = await fetch(`${s.url}/api/audit`, { method, headers: { authorization: `Bearer ${ADMIN}` } });
      expect(res.status).toBe(404);
    }
  });

  it('merges the same text from the same address within minutes instead of storing it twice', async () => {
    const body = aReport({ description: 'Gas smell at the school gate' });
    const first = await postReport(s.url, body);
    const again = await postReport(s.url, { ...body, description: '  gas SMELL at the school   gate ' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    const [a, b] = [await first.json(), await again.json()];
    expect(b).toMatchObject({ id: a.id, merged: true });
  });

  it('lets an admin pause public intake with a message the form shows, then resume', async () => {
    const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
    const paused = await fetch(`${s.url}/api/admin/intake`, { method: 'PUT', headers: admin, body: JSON.stringify({ paused: true, message: 'Reporting is paused during the system move; call 112.' }) });
    expect(paused.status).toBe(200);
    expect(await (await fetch(`${s.url}/api/intake`)).json()).toMatchObject({ paused: true, message: 'Reporting is paused during the system move; call 112.' });
    const refused = await postReport(s.url, aReport());
    expect(refused.status).toBe(503);
    expect((await refused.json()).error).toEqual({ code: 'unavailable', message: 'Reporting is paused during the system move; call 112.' });
    expect((await postReport(s.url, aReport(), { authorization: `Bearer ${opA.token}` })).status).toBe(201); // staff can still log reports
    expect((await fetch(`${s.url}/api/admin/intake`, { method: 'PUT', headers: { authorization: `Bearer ${opA.token}`, 'content-type': 'application/json' }, body: '{"paused":false}' })).status).toBe(403);
    await fetch(`${s.url}/api/admin/intake`, { method: 'PUT', headers: admin, body: '{"paused":false}' });
    expect((await postReport(s.url, aReport())).status).toBe(201);
  });
});
