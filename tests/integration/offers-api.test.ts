import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffersRepository } from '../../server/src/offers/offers.repository.js';
import { anOffer, client, inHours } from '../support/resources.js';
import { dropPrefix, issueToken, REDIS_URL, startServer, type TestServer } from '../support/test-server.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/edxl-rm/${name}`, import.meta.url), 'utf8');

describe('offers API', () => {
  let s: TestServer;
  let redis: Redis;
  let acme: ReturnType<typeof client>;
  let beta: ReturnType<typeof client>;
  let operator: ReturnType<typeof client>;
  let viewer: ReturnType<typeof client>;
  let acmeTokenId: string;

  beforeAll(async () => {
    s = await startServer();
    redis = new Redis(REDIS_URL);
    const acmeToken = await issueToken(s.url, 'business', 'Acme Hotels');
    acmeTokenId = acmeToken.id;
    acme = client(s.url, acmeToken.token);
    beta = client(s.url, (await issueToken(s.url, 'business', 'Beta Foods')).token);
    operator = client(s.url, (await issueToken(s.url, 'operator', 'County EOC')).token);
    viewer = client(s.url, (await issueToken(s.url, 'viewer')).token);
  });
  afterAll(async () => {
    await s.close();
    await dropPrefix(s.prefix);
    redis.disconnect();
  });

  const key = (...parts: string[]) => `{${s.prefix}}:${parts.join(':')}`;
  const written = async () => [await redis.hlen(key('offers')), await redis.xlen(key('changes'))];

  it('lets a business post an offer: 201 with the stored entity, its change and its audit entry', async () => {
    const before = await written();
    const res = await acme.post('/api/offers', anOffer({ availableUntil: inHours(48), availableFrom: '2020-01-01T00:00:00+02:00' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String), kind: 'offer', org: 'Acme Hotels', resourceType: 'shelter-beds', quantity: 40, remaining: 40, delivered: 0,
      unit: 'beds', status: 'available', contact: 'Duty manager +44 20 7946 0000', availableFrom: '2019-12-31T22:00:00.000Z',
    });
    expect(res.body.confirmedAt).toBe(res.body.createdAt);
    expect(await written()).toEqual([before[0]! + 1, before[1]! + 1]);
    const stored = JSON.parse((await redis.hget(key('offers'), res.body.id))!);
    expect(stored).toEqual(res.body);
    const audit = await operator.get(`/api/audit?entity=offer&id=${res.body.id}`);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'offer.create', actor: { tokenId: acmeTokenId, role: 'business', org: 'Acme Hotels' } })]);
  });

  const bad: [string, unknown, string][] = [
    ['no resource type', { quantity: 1, location: { lat: 1, lon: 1 } }, 'resourceType'],
    ['an unknown resource type', anOffer({ resourceType: 'unicorns' }), 'resourceType'],
    ['quantity 0', anOffer({ quantity: 0 }), 'quantity'],
    ['a fractional quantity', anOffer({ quantity: 1.5 }), 'quantity'],
    ['quantity as a string', anOffer({ quantity: '10' }), 'quantity'],
    ['an absurd quantity', anOffer({ quantity: 2e9 }), 'quantity'],
    ['a unit that is not the type\'s', anOffer({ unit: 'litres' }), 'unit'],
    ['lat 91', anOffer({ location: { lat: 91, lon: 0 } }), 'location.lat'],
    ['no location', { resourceType: 'meals', quantity: 5 }, 'location'],
    ['a window that closed already', anOffer({ availableUntil: '2020-01-01T00:00:00Z' }), 'availableUntil'],
    ['a window that ends before it begins', anOffer({ availableFrom: inHours(5), availableUntil: inHours(4) }), 'availableUntil'],
    ['a time without a zone', anOffer({ availableUntil: '2091-01-01T10:00:00' }), 'availableUntil'],
    ['a blank description', anOffer({ description: '   ' }), 'description'],
    ['a 201-character contact', anOffer({ contact: 'x'.repeat(201) }), 'contact'],
    ['an org of its own choosing', anOffer({ org: 'Someone Else' }), ''],
    ['a status of its own choosing', anOffer({ status: 'committed' }), ''],
    ['an array', [anOffer()], ''],
  ];
  it.each(bad)('refuses %s with 400, and writes nothing', async (_name, body, field) => {
    const before = await written();
    const res = await acme.post('/api/offers', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    expect(await written()).toEqual(before);
  });

  it('answers 401 without a token, 403 for other roles and for a business token without an org', async () => {
    expect((await client(s.url).post('/api/offers', anOffer())).status).toBe(401);
    for (const who of [operator, viewer, client(s.url, (await issueToken(s.url, 'agency', 'Met Office')).token)]) {
      const res = await who.post('/api/offers', anOffer());
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    const orgless = client(s.url, (await issueToken(s.url, 'business')).token);
    expect((await orgless.post('/api/offers', anOffer())).status).toBe(403);
    expect((await client(s.url).get('/api/offers')).status).toBe(401);
  });

  it('refuses other content types with 415', async () => {
    const res = await acme.post('/api/offers', 'resourceType=meals', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
  });

  it('shows an offer with its contact to its business and operators, without it to viewers, and not at all to other businesses', async () => {
    const { body: offer } = await acme.post('/api/offers', anOffer({ location: { lat: 48.85, lon: 2.35 } }));
    const ids = async (who: ReturnType<typeof client>, q = '') => (await who.get(`/api/offers${q}`)).body.items.map((o: { id: string }) => o.id);
    expect(await ids(acme)).toContain(offer.id);
    expect(await ids(operator)).toContain(offer.id);
    expect(await ids(viewer)).toContain(offer.id);
    expect(await ids(beta)).not.toContain(offer.id);
    expect((await operator.get(`/api/offers/${offer.id}`)).body.contact).toBe(offer.contact);
    expect((await viewer.get(`/api/offers/${offer.id}`)).body).not.toHaveProperty('contact');
    expect((await beta.get(`/api/offers/${offer.id}`)).status).toBe(404);
    expect(await ids(viewer, '?bbox=2,48,3,49')).toEqual([offer.id]);
    expect(await ids(operator, '?status=withdrawn')).not.toContain(offer.id);
    const list = (await viewer.get('/api/offers?limit=1')).body;
    expect(list).toMatchObject({ items: [expect.anything()], total: expect.any(Number), cursor: expect.stringMatching(/^\d+-\d+$/) });
    const badQuery = await viewer.get('/api/offers?bbox=1,2,3&status=lost');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['bbox', 'status']);
  });

  it('lets only the owning business change an offer, and null clears a field', async () => {
    const { body: offer } = await acme.post('/api/offers', anOffer());
    expect((await beta.patch(`/api/offers/${offer.id}`, { quantity: 1 })).status).toBe(403);
    expect((await operator.patch(`/api/offers/${offer.id}`, { quantity: 1 })).status).toBe(403);
    expect((await acme.patch('/api/offers/no-such-offer', { quantity: 1 })).status).toBe(404);
    const res = await acme.patch(`/api/offers/${offer.id}`, { quantity: 60, contact: null, availableUntil: inHours(3), description: 'Now 60 rooms' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ quantity: 60, remaining: 60, status: 'available', description: 'Now 60 rooms' });
    expect(res.body).not.toHaveProperty('contact');
    expect(res.body.confirmedAt > offer.confirmedAt).toBe(true);
    expect(JSON.parse((await redis.hget(key('offers'), offer.id))!)).toEqual(res.body);
  });

  it.each([
    ['an empty patch', {}, ''],
    ['quantity 0', { quantity: 0 }, 'quantity'],
    ['a type change', { resourceType: 'meals' }, ''],
    ['a past window end', { availableUntil: '2020-01-01T00:00:00Z' }, 'availableUntil'],
    ['a window that ends before it begins', { availableFrom: inHours(9), availableUntil: inHours(8) }, 'availableUntil'],
  ])('refuses a patch with %s (400, nothing written)', async (_name, patch, field) => {
    const { body: offer } = await acme.post('/api/offers', anOffer());
    const before = await written();
    const res = await acme.patch(`/api/offers/${offer.id}`, patch);
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    expect(await written()).toEqual(before);
  });

  it('refuses a window end before the stored start, checked where the offer is stored', async () => {
    const { body: offer } = await acme.post('/api/offers', anOffer({ availableFrom: inHours(10) }));
    const res = await acme.patch(`/api/offers/${offer.id}`, { availableUntil: inHours(5) });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ path: 'availableUntil', message: 'availableUntil must be after availableFrom' }]);
  });

  it('lets only the owning business withdraw an offer, once; it then leaves the wall and cannot be changed', async () => {
    const { body: offer } = await acme.post('/api/offers', anOffer());
    expect((await beta.post(`/api/offers/${offer.id}/withdraw`)).status).toBe(403);
    const res = await acme.post(`/api/offers/${offer.id}/withdraw`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('withdrawn');
    expect((await acme.post(`/api/offers/${offer.id}/withdraw`)).status).toBe(409);
    expect((await acme.patch(`/api/offers/${offer.id}`, { quantity: 5 })).status).toBe(409);
    expect((await viewer.get(`/api/offers/${offer.id}`)).status).toBe(404);
    expect((await acme.get(`/api/offers/${offer.id}`)).body.status).toBe('withdrawn');
  });

  it('expires committable offers at availableUntil, once, however many instances sweep', async () => {
    const { body: offer } = await acme.post('/api/offers', anOffer({ availableUntil: inHours(1) }));
    const repo = s.app.get(OffersRepository);
    const later = new Date(Date.now() + 2 * 3_600_000);
    expect(await repo.expireDue(new Date())).toBe(0);
    const swept = await Promise.all([repo.expireDue(later), repo.expireDue(later), repo.expireDue(later)]);
    expect(swept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    expect((await acme.get(`/api/offers/${offer.id}`)).body.status).toBe('expired');
    expect((await viewer.get(`/api/offers/${offer.id}`)).status).toBe(404);
    const changes = (await operator.get('/api/changes?since=0-0&entities=offer&limit=10000')).body.items;
    expect(changes.filter((c: { data: { id: string; status: string } }) => c.data.id === offer.id && c.data.status === 'expired')).toHaveLength(1);
    expect(await redis.zscore(key('offers', 'until'), offer.id)).toBeNull();
  });
});

describe('offers as EDXL-RM 1.0', () => {
  let s: TestServer;
  let redis: Redis;
  let acme: ReturnType<typeof client>;

  beforeAll(async () => {
    s = await startServer();
    redis = new Redis(REDIS_URL);
    acme = client(s.url, (await issueToken(s.url, 'business', 'Acme Logistics')).token);
  });
  afterAll(async () => {
    await s.close();
    await dropPrefix(s.prefix);
    redis.disconnect();
  });

  const written = async () => [await redis.hlen(`{${s.prefix}}:offers`), await redis.xlen(`{${s.prefix}}:changes`)];

  it('creates one offer per ResourceInformation, owned by the posting business', async () => {
    const res = await acme.xml('/api/offers', fixture('offer-water-generators.xml'));
    expect(res.status).toBe(201);
    expect(res.body.items).toEqual([
      expect.objectContaining({ org: 'Acme Logistics', resourceType: 'potable-water', quantity: 20000, unit: 'litres', availableUntil: '2091-03-08T18:00:00.000Z', status: 'available' }),
      expect.objectContaining({ org: 'Acme Logistics', resourceType: 'generators', quantity: 270, unit: 'kW' }),
    ]);
    const beds = await acme.xml('/api/offers', fixture('offer-beds-polygon.xml'), 'text/xml; charset=utf-8');
    expect(beds.status).toBe(201);
    expect(beds.body.items[0]).toMatchObject({ resourceType: 'shelter-beds', quantity: 120, location: { lat: 51.51, lon: -0.09 } });
  });

  it('answers a resent message with the offers it created the first time, and creates nothing', async () => {
    const first = (await acme.xml('/api/offers', fixture('offer-water-generators.xml').replace('2091-0001', '2091-0002'))).body.items;
    const before = await written();
    const again = await acme.xml('/api/offers', fixture('offer-water-generators.xml').replace('2091-0001', '2091-0002'));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ items: first, resent: true });
    expect(await written()).toEqual(before);
  });

  it.each([
    ['an XXE attempt', `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><OfferUnsolicitedResource>&x;</OfferUnsolicitedResource>`, /DOCTYPE/],
    ['a billion-laughs attempt', `<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><OfferUnsolicitedResource>&b;</OfferUnsolicitedResource>`, /DOCTYPE/],
    ['malformed XML', '<OfferUnsolicitedResource><MessageID>x</OfferUnsolicitedResource>', /well-formed/],
    ['an empty body', '', /required/],
    ['a message with one bad resource among good ones', fixture('offer-water-generators.xml').replace('<rm:Amount>270</rm:Amount>', '<rm:Amount>0</rm:Amount>'), /at least 1/],
  ])('refuses %s with 400 and writes nothing', async (_name, xml, why) => {
    const before = await written();
    const res = await acme.xml('/api/offers', xml);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(JSON.stringify(res.body.error)).toMatch(why);
    expect(await written()).toEqual(before);
  });

  it('names the EDXL element of a bad field', async () => {
    const res = await acme.xml('/api/offers', fixture('offer-water-generators.xml').replace('<rm:Amount>270</rm:Amount>', '<rm:Amount>0</rm:Amount>'));
    expect(res.body.error.fields).toEqual([{ path: 'ResourceInformation[1].AssignmentInformation.Quantity.MeasuredQuantity.Amount', message: 'quantity must be at least 1' }]);
  });

  it('refuses a window end in the past, naming the resource', async () => {
    const res = await acme.xml('/api/offers', fixture('offer-water-generators.xml').replace('2091-03-08T18:00:00Z', '2001-03-08T18:00:00Z').replace('2091-03-01T09:00:00-05:00', '2001-03-01T09:00:00Z'));
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ path: 'ResourceInformation[0].ScheduleInformation(EndAvailable).DateTime', message: 'the end of the availability window must be in the future' }]);
  });
});
