import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, Incident } from '@sitroom/shared';
import { readdirSync, readFileSync } from 'node:fs';
import { FusionHost } from '../../server/src/fusion/fusion-host.js';
import { socketClient } from '../support/live-clients.js';
import { ADMIN, aReport, dropPrefix, eventually, issueToken, postReport, startServer, testPrefix, type TestServer } from '../support/test-server.js';

const km = (lat: number, lon: number, dxKm: number, dyKm: number) => ({ lat: lat + dyKm / 111.32, lon: lon + dxKm / (111.32 * Math.cos((lat * Math.PI) / 180)) });

describe('fusion through Redis', () => {
  let a: TestServer;
  let b: TestServer;
  let operator: string;
  let agency: string;
  let viewer: string;
  beforeAll(async () => {
    const prefix = testPrefix();
    // Two instances: fusion runs on exactly one of them at a time.
    a = await startServer({ FUSION: 'on' }, prefix);
    b = await startServer({ FUSION: 'on' }, prefix);
    operator = (await issueToken(a.url, 'operator', 'County EOC')).token;
    agency = (await issueToken(a.url, 'agency', 'DWD')).token;
    viewer = (await issueToken(a.url, 'viewer')).token;
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await dropPrefix(a.prefix);
  });

  const get = async (path: string, token = operator) => (await fetch(`${a.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
  const post = (url: string, path: string, body: unknown, token = operator) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('fuses twenty street reports and the district flood warning into one incident, and tags every source', async () => {
    const wall = socketClient(b.url, { token: viewer });
    await wall.connected;
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const p = km(51.05, 13.74, (i % 5) * 0.05, Math.floor(i / 5) * 0.05);
      ids.push((await (await postReport(i % 2 ? a.url : b.url, aReport({ location: p, description: `Water in the street, house ${i}` }))).json()).id);
    }
    const ring = [[-5, -5], [5, -5], [5, 5], [-5, 5], [-5, -5]].map(([x, y]) => { const p = km(51.05, 13.74, x!, y!); return [p.lon, p.lat]; });
    const sent = await post(a.url, '/api/signals', {
      identifier: 'DWD-FLOOD-1', sent: new Date().toISOString(), status: 'Actual', categories: ['Met'], event: 'Flood warning', urgency: 'Immediate', severity: 'Severe', certainty: 'Observed',
      headline: 'Flood warning for Dresden', areas: [{ desc: 'Dresden', geometry: { type: 'Polygon', coordinates: [ring] } }],
    }, agency);
    expect(sent.status).toBe(202);

    const incident = await eventually(async () => {
      const { items } = await get('/api/incidents');
      expect(items).toHaveLength(1);
      expect(items[0].counts.sources).toBe(21);
      return items[0] as Incident;
    }, 15_000);
    expect(incident).toMatchObject({ hazard: 'flood', status: 'active', severity: 'Severe', counts: { reports: 20, alerts: 1 } });
    // The incident carries the alert and the latest dozen reports; the sources route has all 21, newest first.
    expect(incident.sources).toHaveLength(13);
    const all = await get(`/api/incidents/${incident.id}/sources`);
    expect(all.total).toBe(21);
    expect(all.items.map((s: { id: string }) => s.id).sort()).toEqual([...ids, ...incident.sources.filter((s) => s.kind === 'alert').map((s) => s.id)].sort());
    expect(all.items.map((s: { addedAt: string }) => s.addedAt)).toEqual(all.items.map((s: { addedAt: string }) => s.addedAt).sort().reverse());
    const page = await get(`/api/incidents/${incident.id}/sources?limit=5&offset=20`);
    expect(page).toMatchObject({ total: 21, items: [all.items[20]] });
    await eventually(async () => {
      for (const id of ids) expect((await get(`/api/reports/${id}`)).incidentId).toBe(incident.id);
    }, 10_000);
    await eventually(() => expect(wall.received.some((c: Change) => c.entity === 'incident' && (c.data as Incident).counts?.sources === 21)).toBe(true));
    wall.close();
  });

  it('keeps two fires a town apart as two incidents', async () => {
    const fire = (p: { lat: number; lon: number }, i: number) => postReport(a.url, aReport({ category: 'building-fire', location: p, description: `Flames from the roof ${i}` }));
    await fire({ lat: 48.137, lon: 11.575 }, 1);
    await fire(km(48.137, 11.575, 0.05, 0), 2);
    await fire(km(48.137, 11.575, 4, 0), 3);
    await eventually(async () => {
      const { items } = await get('/api/incidents?bbox=11,47.5,12,48.5');
      expect(items.map((i: Incident) => i.sources.length).sort()).toEqual([1, 2]);
    }, 15_000);
  });

  it('lets an operator merge, split and set status, and fusion keeps those decisions', async () => {
    const r1 = (await (await postReport(a.url, aReport({ category: 'road-blocked', location: { lat: 45.0, lon: 7.0 }, description: 'Lorry across the road' }))).json()).id;
    const r2 = (await (await postReport(a.url, aReport({ category: 'road-blocked', location: km(45, 7, 3, 0), description: 'Queue behind the lorry' }))).json()).id;
    const [x, y] = await eventually(async () => {
      const one = (await get(`/api/reports/${r1}`)).incidentId;
      const two = (await get(`/api/reports/${r2}`)).incidentId;
      expect(one && two && one !== two).toBeTruthy();
      return [one as string, two as string];
    }, 15_000);
    const merged = await post(b.url, `/api/incidents/${x}/merge`, { from: y });
    expect(merged.status).toBe(200);
    expect((await merged.json()).sources.map((s: { id: string }) => s.id).sort()).toEqual([r1, r2].sort());
    await eventually(async () => expect((await get(`/api/reports/${r2}`)).incidentId).toBe(x), 10_000);
    expect((await get(`/api/incidents/${y}`)).mergedInto).toBe(x);

    const split = await post(a.url, `/api/incidents/${x}/split`, { kind: 'report', id: r2 });
    expect(split.status).toBe(200);
    const alone = await split.json();
    expect(alone.sources.map((s: { id: string }) => s.id)).toEqual([r2]);

    const status = await post(a.url, `/api/incidents/${x}/status`, { status: 'resolved' });
    expect(await status.json()).toMatchObject({ status: 'resolved', pinned: { status: true } });
    await fetch(`${a.url}/api/reports/${r1}/verify`, { method: 'POST', headers: { authorization: `Bearer ${operator}` } });
    await new Promise((r) => setTimeout(r, 500));
    expect((await get(`/api/incidents/${x}`)).status).toBe('resolved'); // automation does not reopen it
    expect((await get(`/api/reports/${r2}`)).incidentId).toBe(alone.id);

    const audit = await get(`/api/audit?entity=incident&id=${x}`);
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['incident.merge', 'incident.split', 'incident.status']));
  });

  it('refuses bad operator input and other roles', async () => {
    const { items } = await get('/api/incidents');
    const id = items[0].id;
    expect((await post(a.url, `/api/incidents/${id}/status`, { status: 'exploded' })).status).toBe(400);
    expect((await post(a.url, `/api/incidents/${id}/merge`, { from: 'nope' })).status).toBe(400);
    expect((await post(a.url, `/api/incidents/nope/split`, { kind: 'report', id: 'x' })).status).toBe(404);
    expect((await post(a.url, `/api/incidents/${id}/status`, { status: 'resolved' }, viewer)).status).toBe(403);
    expect((await fetch(`${a.url}/api/incidents/${id}/status`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: '{}' })).status).toBe(400);
  });

  it('shows the public only confirmed or active incidents, without public report ids', async () => {
    const pub = await (await fetch(`${a.url}/api/incidents`)).json();
    for (const i of pub.items as Incident[]) {
      expect(['confirmed', 'active']).toContain(i.status);
      expect(i.sources.every((s) => s.kind === 'alert')).toBe(true);
      const all = await (await fetch(`${a.url}/api/incidents/${i.id}/sources`)).json();
      expect(all.items.length).toBeGreaterThan(0);
      expect(all.items.every((s: { kind: string }) => s.kind === 'alert')).toBe(true);
    }
    expect(pub.items.length).toBeGreaterThan(0);
    const bad = await fetch(`${a.url}/api/incidents/${pub.items[0].id}/sources?limit=0`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields[0].path).toBe('limit');
    expect((await fetch(`${a.url}/api/incidents/nope/sources`)).status).toBe(404);
  });
});

describe('fusion pacing', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ FUSION: 'on', FUSION_INTERVAL_MS: '1000' });
  });
  afterAll(async () => {
    await s.close();
    await dropPrefix(s.prefix);
  });

  it('changes a hot incident once per step, not once per report', async () => {
    const { cursor } = await (await fetch(`${s.url}/api/incidents`, { headers: { authorization: `Bearer ${ADMIN}` } })).json();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      ids.push((await (await postReport(s.url, aReport({ location: km(40.41, -3.70, (i % 6) * 0.03, Math.floor(i / 6) * 0.03), description: `Street flooded, door ${i}` }))).json()).id);
    }
    const headers = { authorization: `Bearer ${ADMIN}` };
    const incident = await eventually(async () => {
      const { items } = await (await fetch(`${s.url}/api/incidents`, { headers })).json();
      expect(items).toHaveLength(1);
      expect(items[0].counts.reports).toBe(30);
      return items[0] as Incident;
    }, 15_000);
    for (const id of ids) expect((await (await fetch(`${s.url}/api/reports/${id}`, { headers })).json()).incidentId).toBe(incident.id);
    const { items } = await (await fetch(`${s.url}/api/changes?since=${cursor}`, { headers })).json();
    const incidentChanges = (items as Change[]).filter((c) => c.entity === 'incident');
    // 30 reports posted one after another in well under a second: a step for the first, then one for the rest.
    expect(incidentChanges.length).toBeGreaterThanOrEqual(1);
    expect(incidentChanges.length).toBeLessThanOrEqual(3);
    expect((incidentChanges.at(-1)!.data as Incident).counts.reports).toBe(30);
  });
});

describe('live delivery with fusion', () => {
  let s: TestServer;
  beforeAll(async () => {
    // A generous wait, so that a busy test machine does not decide the outcome.
    s = await startServer({ FUSION: 'on', LIVE_LINK_WAIT_MS: '1000' });
  });
  afterAll(async () => {
    await s.close();
    await dropPrefix(s.prefix);
  });

  it('sends each new report to a wall once, already carrying its incident', async () => {
    const viewer = (await issueToken(s.url, 'viewer')).token;
    const headers = { authorization: `Bearer ${ADMIN}` };
    // The live feed waits for links once it has seen fusion write one.
    const first = (await (await postReport(s.url, aReport({ location: { lat: 45.46, lon: 9.19 } }))).json()).id;
    await eventually(async () => expect((await (await fetch(`${s.url}/api/reports/${first}`, { headers })).json()).incidentId).toBeTruthy(), 10_000);

    const wall = socketClient(s.url, { token: viewer });
    await wall.connected;
    const { cursor } = await (await fetch(`${s.url}/api/reports`, { headers })).json();
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      ids.push((await (await postReport(s.url, aReport({ location: km(45.46, 9.19, i * 0.05, 0), description: `Water in the underpass, exit ${i}` }))).json()).id);
      await new Promise((r) => setTimeout(r, 30));
    }
    await eventually(() => expect(ids.every((id) => wall.received.some((c) => c.entity === 'report' && (c.data as { id: string }).id === id))).toBe(true), 10_000);
    await new Promise((r) => setTimeout(r, 300));
    for (const id of ids) {
      const got = wall.received.filter((c) => c.entity === 'report' && (c.data as { id: string }).id === id);
      expect(got).toHaveLength(1);
      expect((got[0]!.data as { incidentId?: string }).incidentId).toMatch(/^inc-/);
    }
    // The stream itself keeps both changes of every report (the report, then its link).
    const { items } = await (await fetch(`${s.url}/api/changes?since=${cursor}`, { headers })).json();
    for (const id of ids) expect((items as Change[]).filter((c) => c.entity === 'report' && (c.data as { id: string }).id === id)).toHaveLength(2);
    wall.close();
  });
});

describe('the fusion thread', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ FUSION: 'on' });
  });
  afterAll(async () => {
    await s.close();
    await dropPrefix(s.prefix);
  });

  /** Nice values of this process's threads (the server runs inside the test process). */
  const niceValues = () =>
    readdirSync('/proc/self/task').map((tid) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]));

  it.runIf(process.platform === 'linux')('runs at a lower CPU priority than the thread taking in reports', () => {
    expect(niceValues()).toContain(10);
    expect(niceValues()).toContain(0);
  });

  it('comes back when its thread dies, and fuses what arrived meanwhile', async () => {
    const host = s.app.get(FusionHost) as unknown as { worker: { terminate(): Promise<number> } | null };
    await host.worker!.terminate();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await (await postReport(s.url, aReport({ location: km(59.33, 18.07, i * 0.05, 0), description: `Flooded cellar, house ${i}` }))).json()).id);
    const headers = { authorization: `Bearer ${ADMIN}` };
    await eventually(async () => {
      const ofEach = await Promise.all(ids.map(async (id) => (await (await fetch(`${s.url}/api/reports/${id}`, { headers })).json()).incidentId));
      expect(new Set(ofEach).size).toBe(1);
      expect(ofEach[0]).toMatch(/^inc-/);
    }, 20_000);
    expect(host.worker).not.toBeNull();
  });
});
