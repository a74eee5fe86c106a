import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aNeed, anOffer, client, inHours } from '../support/resources.js';
import { dropPrefix, issueToken, REDIS_URL, startServer, type TestServer } from '../support/test-server.js';

type Client = ReturnType<typeof client>;

describe('needs, matches and commitments API', () => {
  let s: TestServer;
  let redis: Redis;
  let acme: Client;
  let beta: Client;
  let operator: Client;
  let operatorTokenId: string;
  let viewer: Client;

  beforeAll(async () => {
    s = await startServer();
    redis = new Redis(REDIS_URL);
    acme = client(s.url, (await issueToken(s.url, 'business', 'Acme Hotels')).token);
    beta = client(s.url, (await issueToken(s.url, 'business', 'Beta Foods')).token);
    const op = await issueToken(s.url, 'operator', 'County EOC');
    operatorTokenId = op.id;
    operator = client(s.url, op.token);
    viewer = client(s.url, (await issueToken(s.url, 'viewer')).token);
  });
  afterAll(async () => {
    await s.close();
    await dropPrefix(s.prefix);
    redis.disconnect();
  });

  const key = (...parts: string[]) => `{${s.prefix}}:${parts.join(':')}`;
  const written = async () => [await redis.hlen(key('needs')), await redis.hlen(key('commitments')), await redis.xlen(key('changes'))];
  const offer = async (over: Record<string, unknown> = {}, who = acme) => (await who.post('/api/offers', anOffer(over))).body;
  const need = async (over: Record<string, unknown> = {}) => (await operator.post('/api/needs', aNeed(over))).body;

  it('lets an operator record a need: 201 with the entity, open, nothing met', async () => {
    const res = await operator.post('/api/needs', aNeed({ neededBy: '2091-01-01T12:00:00+01:00', incidentId: 'inc-1', description: 'School gym shelter' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'need', org: 'County EOC', resourceType: 'shelter-beds', unit: 'beds', quantity: 100, met: 0, status: 'open',
      neededBy: '2091-01-01T11:00:00.000Z', incidentId: 'inc-1',
    });
    expect(JSON.parse((await redis.hget(key('needs'), res.body.id))!)).toEqual(res.body);
    expect((await viewer.get(`/api/needs/${res.body.id}`)).body).toEqual(res.body);
  });

  it.each([
    ['an unknown type', aNeed({ resourceType: 'hope' }), 'resourceType'],
    ['a negative quantity', aNeed({ quantity: -5 }), 'quantity'],
    ['a wrong unit', aNeed({ unit: 'kW' }), 'unit'],
    ['lon 200', aNeed({ location: { lat: 0, lon: 200 } }), 'location.lon'],
    ['neededBy without a zone', aNeed({ neededBy: 'tomorrow' }), 'neededBy'],
    ['a status', aNeed({ status: 'met' }), ''],
  ])('refuses a need with %s (400 naming the field, nothing written)', async (_name, body, field) => {
    const before = await written();
    const res = await operator.post('/api/needs', body);
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    expect(await written()).toEqual(before);
  });

  it('keeps needs to operators (write) and operators and viewers (read)', async () => {
    expect((await client(s.url).post('/api/needs', aNeed())).status).toBe(401);
    expect((await acme.post('/api/needs', aNeed())).status).toBe(403);
    expect((await viewer.post('/api/needs', aNeed())).status).toBe(403);
    expect((await acme.get('/api/needs')).status).toBe(403);
    expect((await client(s.url).get('/api/needs')).status).toBe(401);
    expect((await viewer.get('/api/needs')).status).toBe(200);
  });

  it('ranks matches in the hand-checked order, each with distanceKm and reasons', async () => {
    // All near 60°N 10°E, far from the other tests' offers. 1 km north = 0.008993° of latitude.
    const KM = 180 / (Math.PI * 6371.0088);
    const at = (km: number) => ({ lat: 60 + km * KM, lon: 10 });
    const n = await need({ resourceType: 'boats', quantity: 40, location: at(0), neededBy: inHours(6) });
    const ids = {
      D: (await offer({ resourceType: 'boats', location: at(200) })).id,
      C: (await offer({ resourceType: 'boats', quantity: 10, location: at(1) })).id,
      B: (await offer({ resourceType: 'boats', quantity: 100, location: at(2), availableFrom: inHours(12) })).id,
      F: (await offer({ resourceType: 'boats', location: at(10), availableUntil: inHours(2) }, beta)).id,
      A: (await offer({ resourceType: 'boats', location: at(10) }, beta)).id,
    };
    await offer({ resourceType: 'trucks', location: at(0.1) }); // another type: never a match
    const withdrawn = await offer({ resourceType: 'boats', location: at(0.1) });
    await acme.post(`/api/offers/${withdrawn.id}/withdraw`);

    const res = await operator.get(`/api/needs/${n.id}/matches`);
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    expect(res.body.map((m: { offer: { id: string } }) => byId[m.offer.id])).toEqual(['A', 'F', 'B', 'C', 'D']);
    expect(res.body.map((m: { score: number }) => m.score)).toEqual([93.3, 83.3, 78.5, 76.7, 68]);
    expect(res.body[0]).toMatchObject({ distanceKm: 10, reasons: expect.arrayContaining(['10 km away (great-circle)', 'covers all 40 boats still needed']) });
    expect(res.body[0].offer.contact).toBeDefined(); // operators arrange delivery
    expect((await operator.get(`/api/needs/${n.id}/matches?limit=2`)).body).toHaveLength(2);
    expect((await operator.get(`/api/needs/${n.id}/matches?limit=0`)).status).toBe(400);
    expect((await viewer.get(`/api/needs/${n.id}/matches`)).status).toBe(403);
    expect((await operator.get('/api/needs/nope/matches')).status).toBe(404);
  });

  it('commits part of an offer to a need: offer, need and commitment change together', async () => {
    const o = await offer({ resourceType: 'meals', quantity: 500 });
    const n = await need({ resourceType: 'meals', quantity: 300 });
    const before = await redis.xlen(key('changes'));
    const res = await operator.post(`/api/needs/${n.id}/commitments`, { offerId: o.id, quantity: 200 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'commitment', needId: n.id, offerId: o.id, offerOrg: 'Acme Hotels', resourceType: 'meals', unit: 'meals', quantity: 200,
      deliverTo: n.location, committedByOrg: 'County EOC', committedByToken: operatorTokenId, status: 'committed',
    });
    expect(await redis.xlen(key('changes'))).toBe(before + 3); // offer, need, commitment: one atomic step
    expect((await acme.get(`/api/offers/${o.id}`)).body).toMatchObject({ remaining: 300, status: 'partly-committed' });
    expect((await operator.get(`/api/needs/${n.id}`)).body).toMatchObject({ met: 200, status: 'partly-met' });
    expect((await operator.get(`/api/needs/${n.id}/commitments`)).body).toEqual([res.body]);
    const seenByBusiness = (await acme.get(`/api/offers/${o.id}/commitments`)).body;
    expect(seenByBusiness).toEqual([expect.objectContaining({ id: res.body.id, committedByOrg: 'County EOC' })]);
    expect(seenByBusiness[0]).not.toHaveProperty('committedByToken');
    expect((await beta.get(`/api/offers/${o.id}/commitments`)).status).toBe(404);
    expect((await acme.get('/api/commitments')).body.items.map((c: { id: string }) => c.id)).toContain(res.body.id);
    expect((await beta.get('/api/commitments')).body.items.map((c: { id: string }) => c.id)).not.toContain(res.body.id);
    const audit = (await operator.get(`/api/audit?entity=commitment&id=${res.body.id}`)).body.items;
    expect(audit).toEqual([expect.objectContaining({ action: 'commitment.create', actor: { tokenId: operatorTokenId, role: 'operator', org: 'County EOC' } })]);

    const met = await operator.post(`/api/needs/${n.id}/commitments`, { offerId: o.id, quantity: 100 });
    expect(met.status).toBe(201);
    expect((await operator.get(`/api/needs/${n.id}`)).body.status).toBe('met');
    const again = await operator.post(`/api/needs/${n.id}/commitments`, { offerId: o.id, quantity: 1 });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('The need is met.');
  });

  it.each([
    ['more than the offer has left', 41, 'The offer has only 40 beds left.'],
    ['more than the need still requires', 40, 'The need requires only 30 more beds.', 30],
  ])('answers 409 for %s, naming quantity, and writes nothing', async (_name, quantity, message, needQuantity = 100) => {
    const o = await offer();
    const n = await need({ quantity: needQuantity });
    const before = await written();
    const res = await operator.post(`/api/needs/${n.id}/commitments`, { offerId: o.id, quantity });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({ code: 'conflict', message, fields: [{ path: 'quantity', message }] });
    expect(await written()).toEqual(before);
  });

  it('refuses bad commitments with the right status and writes nothing', async () => {
    const o = await offer();
    const n = await need();
    const food = await offer({ resourceType: 'meals' });
    const before = await written();
    const cases: [Client, string, unknown, number, string][] = [
      [operator, `/api/needs/${n.id}/commitments`, { offerId: o.id, quantity: 0 }, 400, 'quantity'],
      [operator, `/api/needs/${n.id}/commitments`, { quantity: 1 }, 400, 'offerId'],
      [operator, `/api/needs/${n.id}/commitments`, { offerId: o.id, quantity: 1, note: 'x' }, 400, ''],
      [operator, `/api/needs/${n.id}/commitments`, { offerId: 'no-such-offer', quantity: 1 }, 400, 'offerId'],
      [operator, `/api/needs/${n.id}/commitments`, { offerId: food.id, quantity: 1 }, 400, 'offerId'],
      [operator, '/api/needs/no-such-need/commitments', { offerId: o.id, quantity: 1 }, 404, ''],
      [acme, `/api/needs/${n.id}/commitments`, { offerId: o.id, quantity: 1 }, 403, ''],
      [viewer, `/api/needs/${n.id}/commitments`, { offerId: o.id, quantity: 1 }, 403, ''],
      [client(s.url), `/api/needs/${n.id}/commitments`, { offerId: o.id, quantity: 1 }, 401, ''],
    ];
    for (const [who, path, body, status, field] of cases) {
      const res = await who.post(path, body);
      expect([path, res.status]).toEqual([path, status]);
      if (status === 400) expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    }
    expect(await written()).toEqual(before);
  });

  it('refuses to commit an offer whose window closed, even before the sweep marks it expired', async () => {
    const o = await offer({ availableUntil: new Date(Date.now() + 1200).toISOString() });
    const n = await need();
    await new Promise((r) => setTimeout(r, 1300));
    const res = await operator.post(`/api/needs/${n.id}/commitments`, { offerId: o.id, quantity: 1 });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/^The offer expired at /);
    expect((await operator.get(`/api/needs/${n.id}/matches`)).body.map((m: { offer: { id: string } }) => m.offer.id)).not.toContain(o.id);
  });

  it('keeps an edit by the business from going below what is committed (409), and above it frees more', async () => {
    const o = await offer({ quantity: 40 });
    const n = await need();
    await operator.post(`/api/needs/${n.id}/commitments`, { offerId: o.id, quantity: 30 });
    const low = await acme.patch(`/api/offers/${o.id}`, { quantity: 29 });
    expect(low.status).toBe(409);
    expect(low.body.error.fields).toEqual([{ path: 'quantity', message: '30 beds are already committed: quantity cannot go below that.' }]);
    expect((await acme.patch(`/api/offers/${o.id}`, { quantity: 30 })).body).toMatchObject({ remaining: 0, status: 'committed' });
    expect((await acme.post(`/api/offers/${o.id}/withdraw`)).status).toBe(409); // nothing left to withdraw
    expect((await acme.patch(`/api/offers/${o.id}`, { quantity: 50 })).body).toMatchObject({ remaining: 20, status: 'partly-committed' });
    const withdrawn = await acme.post(`/api/offers/${o.id}/withdraw`);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', remaining: 20 });
    expect((await operator.get(`/api/needs/${n.id}/commitments`)).body[0].status).toBe('committed'); // what was promised stands
    expect((await operator.post(`/api/needs/${n.id}/commitments`, { offerId: o.id, quantity: 1 })).body.error.message).toBe('The offer is withdrawn.');
  });

  it('cancels a need, releasing its undelivered commitments back to their offers', async () => {
    const o = await offer({ quantity: 40 });
    const n = await need({ quantity: 40 });
    const delivered = (await operator.post(`/api/needs/${n.id}/commitments`, { offerId: o.id, quantity: 10 })).body;
    const pending = (await operator.post(`/api/needs/${n.id}/commitments`, { offerId: o.id, quantity: 25 })).body;
    expect((await operator.post(`/api/commitments/${delivered.id}/deliver`)).body).toMatchObject({ status: 'delivered', deliveredAt: expect.any(String) });
    expect((await acme.post(`/api/needs/${n.id}/cancel`)).status).toBe(403);
    const res = await operator.post(`/api/needs/${n.id}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', met: 10 });
    expect((await acme.get(`/api/offers/${o.id}`)).body).toMatchObject({ remaining: 30, delivered: 10, status: 'partly-committed' });
    const commitments = (await operator.get(`/api/needs/${n.id}/commitments`)).body;
    expect(commitments.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([[delivered.id, 'delivered'], [pending.id, 'released']]);
    expect((await operator.post(`/api/needs/${n.id}/cancel`)).status).toBe(409);
    expect((await viewer.get(`/api/needs/${n.id}`)).status).toBe(404);
    expect((await operator.get(`/api/needs/${n.id}/matches`)).body).toEqual([]);
  });

  it('marks an offer delivered once all of it is committed and delivered', async () => {
    const o = await offer({ quantity: 10 });
    const n = await need({ quantity: 10 });
    const a = (await operator.post(`/api/needs/${n.id}/commitments`, { offerId: o.id, quantity: 4 })).body;
    const b = (await operator.post(`/api/needs/${n.id}/commitments`, { offerId: o.id, quantity: 6 })).body;
    await operator.post(`/api/commitments/${a.id}/deliver`);
    expect((await acme.get(`/api/offers/${o.id}`)).body).toMatchObject({ status: 'committed', delivered: 4 });
    await operator.post(`/api/commitments/${b.id}/deliver`);
    expect((await acme.get(`/api/offers/${o.id}`)).body).toMatchObject({ status: 'delivered', delivered: 10, remaining: 0 });
    expect((await operator.post(`/api/commitments/${b.id}/deliver`)).status).toBe(409);
    expect((await operator.post('/api/commitments/nope/deliver')).status).toBe(404);
    expect((await acme.post(`/api/commitments/${a.id}/deliver`)).status).toBe(403);
    expect((await acme.patch(`/api/offers/${o.id}`, { quantity: 20 })).status).toBe(409); // delivered is final
  });
});
