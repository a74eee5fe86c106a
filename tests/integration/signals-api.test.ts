import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../support/fixtures.js';
import { acceptedIds, capXml, getJson, postSignal } from '../support/signals.js';
import { dropPrefix, issueToken, REDIS_URL, startServer, type TestServer } from '../support/test-server.js';

describe('POST /api/signals', () => {
  let s: TestServer;
  let redis: Redis;
  let agency: string;
  let otherAgency: string;
  let viewer: string;
  let operator: string;

  beforeAll(async () => {
    s = await startServer();
    redis = new Redis(REDIS_URL);
    agency = (await issueToken(s.url, 'agency', 'NWS')).token;
    otherAgency = (await issueToken(s.url, 'agency', 'Met Office')).token;
    viewer = (await issueToken(s.url, 'viewer')).token;
    operator = (await issueToken(s.url, 'operator')).token;
  });
  afterAll(async () => {
    await s.close();
    await dropPrefix(s.prefix);
    redis.disconnect();
  });

  const streamLength = () => redis.xlen(`{${s.prefix}}:changes`);
  const alertCount = () => redis.hlen(`{${s.prefix}}:alerts`);
  const alert = async (id: string) => (await getJson(s.url, `/api/alerts/${id}`)).body;

  it('accepts a CAP 1.2 alert with 202, recording the token org as its source', async () => {
    const res = await postSignal(s.url, agency, fixture('cap12-oasis-thunderstorm.xml'));
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body).toEqual({ accepted: [{ id: expect.any(String), kind: 'alert' }] });
    expect(await alert(body.accepted[0].id)).toMatchObject({ kind: 'alert', identifier: 'KSTO1055887203', source: { org: 'NWS' }, state: 'expired', expires: '2003-06-17T23:00:00.000Z' });
  });

  it('reads an ISO-8859-1 alert sent as bytes correctly', async () => {
    const [id] = await acceptedIds(await postSignal(s.url, agency, fixture('cap12-usgs-earthquake-iso8859-1.xml'), 'application/xml'));
    expect((await alert(id!)).areas.map((a: { desc: string }) => a.desc).join(' ')).toContain('á');
  });

  it('stores each alert of an EDXL-DE envelope, in order, and a near-900 kB signed WMO alert', async () => {
    expect(await acceptedIds(await postSignal(s.url, agency, fixture('edxlde10-nswrfs-bushfire-valid.xml'), 'text/xml'))).toHaveLength(7);
    expect(await acceptedIds(await postSignal(s.url, agency, fixture('cap12-wmo-meteoburkina-valid-signed.xml')))).toHaveLength(1);
  });

  it('is idempotent: the same alert again gives the same id and writes nothing', async () => {
    const xml = capXml({ identifier: 'idem-1' });
    const [first] = await acceptedIds(await postSignal(s.url, agency, xml));
    const before = await streamLength();
    const [again] = await acceptedIds(await postSignal(s.url, agency, xml));
    expect(again).toBe(first);
    expect(await streamLength()).toBe(before);
  });

  it('supersedes the referenced alert on Update and ends it on Cancel', async () => {
    const [original] = await acceptedIds(await postSignal(s.url, agency, capXml({ identifier: 'storm-1' })));
    const [update] = await acceptedIds(await postSignal(s.url, agency, capXml({ identifier: 'storm-2', msgType: 'Update', references: 'test@sitroom.example,storm-1,2026-01-01T00:00:00-00:00' })));
    expect(await alert(original!)).toMatchObject({ state: 'superseded', endedBy: update });
    expect(await alert(update!)).toMatchObject({ state: 'active', msgType: 'Update' });
    const [cancel] = await acceptedIds(await postSignal(s.url, agency, capXml({ identifier: 'storm-3', msgType: 'Cancel', references: 'test@sitroom.example,storm-2,2026-01-01T00:00:00-00:00' })));
    expect(await alert(update!)).toMatchObject({ state: 'cancelled', endedBy: cancel });
    expect(await alert(cancel!)).toMatchObject({ state: 'cancelled', msgType: 'Cancel' });
  });

  it('gives birth superseded to an original that arrives after its Update', async () => {
    await acceptedIds(await postSignal(s.url, agency, capXml({ identifier: 'late-2', msgType: 'Update', references: 'test@sitroom.example,late-1,2026-01-01T00:00:00-00:00' })));
    const [late] = await acceptedIds(await postSignal(s.url, agency, capXml({ identifier: 'late-1' })));
    expect((await alert(late!)).state).toBe('superseded');
  });

  it('stores an orphan Cancel (its alert never came) as a cancelled notice', async () => {
    const [id] = await acceptedIds(await postSignal(s.url, agency, fixture('cap12-athoc-ipaws-cancel-no-info-signed.xml')));
    expect(await alert(id!)).toMatchObject({ msgType: 'Cancel', state: 'cancelled', areas: [] });
  });

  it('keeps a Test alert for operators, labelled, and hides it from viewers', async () => {
    const [id] = await acceptedIds(await postSignal(s.url, agency, capXml({ identifier: 'drill-1', status: 'Test' })));
    expect((await getJson(s.url, `/api/alerts/${id}`, operator)).body).toMatchObject({ status: 'Test', state: 'active' });
    expect((await getJson(s.url, `/api/alerts/${id}`, viewer)).status).toBe(404);
    expect((await getJson(s.url, '/api/alerts?limit=10000', viewer)).body.items.map((a: { id: string }) => a.id)).not.toContain(id);
  });

  it("takes SitRoom's JSON form, one or an array, with the sender defaulting to the org", async () => {
    const one = { identifier: 'json-1', sent: new Date().toISOString(), status: 'Actual', categories: ['Fire'], event: 'Wildfire', urgency: 'Immediate', severity: 'Extreme', certainty: 'Observed', areas: [{ desc: 'Ridge', geometry: { type: 'Point', coordinates: [-120.5, 38.2] } }] };
    const [id] = await acceptedIds(await postSignal(s.url, agency, one));
    expect(await alert(id!)).toMatchObject({ sender: 'NWS', identifier: 'json-1', languages: ['en-US'], areas: [{ geometry: { type: 'Point', coordinates: [-120.5, 38.2] } }] });
    expect(await acceptedIds(await postSignal(s.url, agency, [{ ...one, identifier: 'json-2' }, { ...one, identifier: 'json-3' }]))).toHaveLength(2);
    const bad = await postSignal(s.url, agency, { ...one, urgency: 'Soonish' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields.map((f: { path: string }) => f.path)).toContain('urgency');
    const open = await postSignal(s.url, agency, { ...one, areas: [{ desc: 'Open ring', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] } }] });
    expect(open.status).toBe(400);
    expect((await open.json()).error.fields[0].path).toMatch(/^areas\.0\.geometry/);
  });

  it("refuses, with 409 and nothing written, an alert another organisation delivered first", async () => {
    await acceptedIds(await postSignal(s.url, agency, capXml({ identifier: 'owned-1' })));
    const [count, length] = [await alertCount(), await streamLength()];
    const res = await postSignal(s.url, otherAgency, capXml({ identifier: 'owned-1', event: 'Hijacked' }));
    expect(res.status).toBe(409);
    expect((await res.json()).error).toMatchObject({ code: 'conflict', fields: [{ path: 'identifier' }] });
    expect([await alertCount(), await streamLength()]).toEqual([count, length]);
  });

  const polygon = (o: object) => capXml({ identifier: 'bad', ...o });
  const BILLION_LAUGHS = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol3;</identifier></alert>`;
  const hostile: [string, () => string | Buffer, number, string][] = [
    ['an XXE attack', () => fixture('cap12-google-xxe-attack.xml'), 400, ''],
    ['an XXE attack in an Atom feed', () => fixture('atom-google-xxe-attack.xml'), 400, ''],
    ['billion laughs', () => BILLION_LAUGHS, 400, ''],
    ['a wrong namespace', () => fixture('cap12-wra-taiwan-wrong-namespace-invalid.xml'), 400, 'alert'],
    ['a missing identifier', () => capXml({ identifier: 'x', omit: ['identifier'] }), 400, 'alert.identifier'],
    ['an invalid enumeration', () => capXml({ identifier: 'x', urgency: 'Foobar' }), 400, 'alert.info[0].urgency'],
    ['a malformed polygon', () => polygon({ polygon: '51.4,-0.2 51.6 51.6,0.1 51.4,-0.2' }), 400, 'alert.info[0].area[0].polygon[0]'],
    ['a polygon off the globe', () => polygon({ polygon: '91,0 92,0 92,1 91,0' }), 400, 'alert.info[0].area[0].polygon[0]'],
    ['an Update without references', () => capXml({ identifier: 'x', msgType: 'Update' }), 400, 'alert.references'],
    ['an EDXL-DE envelope with two bad alerts (all or nothing)', () => fixture('edxlde10-nswrfs-bushfire-invalid.xml'), 400, 'EDXLDistribution.contentObject[1].alert.identifier'],
    ['text that is not XML', () => 'this is not xml', 400, ''],
    ['an XSD instead of an alert', () => fixture('cap12-wmo-meteoseychelles-invalid-schema.xml'), 400, ''],
    ['a 4.5 MB body', () => Buffer.alloc(4_500_000, ' '), 413, ''],
  ];
  it.each(hostile)('refuses %s with a clear error body, writing nothing', async (_name, body, status, field) => {
    const [count, length] = [await alertCount(), await streamLength()];
    const res = await postSignal(s.url, agency, body());
    expect(res.status).toBe(status);
    const err = (await res.json()).error;
    expect(err.code).toBe(status === 413 ? 'payload_too_large' : 'invalid_input');
    if (status === 400) expect(err.fields.map((f: { path: string }) => f.path)).toContain(field);
    expect([await alertCount(), await streamLength()]).toEqual([count, length]);
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
  });

  it('never reaches out to the hosts an XXE document names (localhost:8080)', async () => {
    let connections = 0;
    const trap = createServer((socket) => (connections++, socket.destroy()));
    const listening = await new Promise<boolean>((resolve) => {
      trap.once('error', () => resolve(false)); // port taken: the 400 below still shows nothing was read
      trap.listen(8080, '127.0.0.1', () => resolve(true));
    });
    try {
      for (const name of ['cap12-google-xxe-attack.xml', 'atom-google-xxe-attack.xml']) expect((await postSignal(s.url, agency, fixture(name))).status).toBe(400);
      await new Promise((r) => setTimeout(r, 200));
      if (listening) expect(connections).toBe(0);
    } finally {
      trap.close();
    }
  });

  it('answers 401 without a token, 403 for other roles, 415 for other media types', async () => {
    expect((await postSignal(s.url, null, capXml({ identifier: 'x' }))).status).toBe(401);
    expect((await postSignal(s.url, viewer, capXml({ identifier: 'x' }))).status).toBe(403);
    expect((await postSignal(s.url, agency, 'identifier=x', 'text/plain')).status).toBe(415);
  });

  it('keeps application/cap+xml to this route: elsewhere it is an unsupported media type', async () => {
    const res = await fetch(`${s.url}/api/reports`, { method: 'POST', headers: { 'content-type': 'application/cap+xml' }, body: capXml({ identifier: 'x' }) });
    expect(res.status).toBe(415);
  });
});
