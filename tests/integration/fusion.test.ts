import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, Incident } from '@sitroom/shared';
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
      expect(items[0].sources).toHaveLength(21);
      return items[0] as Incident;
    }, 15_000);
    expect(incident).toMatchObject({ hazard: 'flood', status: 'active', severity: 'Severe', counts: { reports: 20, alerts: 1 } });
    await eventually(async () => {
      for (const id of ids) expect((await get(`/api/reports/${id}`)).incidentId).toBe(incident.id);
    }, 10_000);
    await eventually(() => expect(wall.received.some((c: Change) => c.entity === 'incident' && (c.data as Incident).sources?.length === 21)).toBe(true));
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
    }
    expect(pub.items.length).toBeGreaterThan(0);
  });
});
