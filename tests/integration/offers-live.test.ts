import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '@sitroom/shared';
import { graphqlSubscriber, socketClient } from '../support/live-clients.js';
import { aNeed, anOffer, client } from '../support/resources.js';
import { dropPrefix, eventually, issueToken, startServer, testPrefix, type TestServer } from '../support/test-server.js';

const about = (changes: Change[], id: string) => changes.filter((c) => (c.data as { id: string }).id === id);

describe('live delivery of offers, needs and commitments', () => {
  let a: TestServer;
  let b: TestServer;
  const tokens: Record<string, { id: string; token: string }> = {};
  const open: { close: () => unknown }[] = [];
  const track = <T extends { close: () => unknown }>(c: T) => (open.push(c), c);

  beforeAll(async () => {
    const prefix = testPrefix();
    a = await startServer({}, prefix);
    b = await startServer({}, prefix);
    tokens.acme = await issueToken(a.url, 'business', 'Acme Hotels');
    tokens.beta = await issueToken(a.url, 'business', 'Beta Foods');
    tokens.operator = await issueToken(a.url, 'operator', 'County EOC');
    tokens.viewer = await issueToken(a.url, 'viewer');
  });
  afterAll(async () => {
    for (const c of open) await c.close();
    await a.close();
    await b.close();
    await dropPrefix(a.prefix);
  });

  it('shows each audience its own view of an offer, a need and a commitment, on either instance', async () => {
    const acme = track(socketClient(a.url, { token: tokens.acme!.token }));
    const beta = track(socketClient(b.url, { token: tokens.beta!.token }));
    const ops = track(socketClient(b.url, { token: tokens.operator!.token }));
    const wall = track(socketClient(a.url, { token: tokens.viewer!.token }));
    const acmeGql = track(graphqlSubscriber(b.url, { token: tokens.acme!.token, entities: ['commitment'] }));
    await Promise.all([acme.connected, beta.connected, ops.connected, wall.connected, acmeGql.acknowledged]);
    await new Promise((r) => setTimeout(r, 100)); // subscriptions register after the ack

    const offer = (await client(a.url, tokens.acme!.token).post('/api/offers', anOffer({ quantity: 40 }))).body;
    const operator = client(b.url, tokens.operator!.token);
    const need = (await operator.post('/api/needs', aNeed({ quantity: 40 }))).body;
    const commitment = (await operator.post(`/api/needs/${need.id}/commitments`, { offerId: offer.id, quantity: 40 })).body;
    expect(commitment.status).toBe('committed');

    // The business: its offer with its contact, then the commitment, naming the agency but not the operator.
    await eventually(() => expect(about(acme.received, commitment.id)).toHaveLength(1));
    const [posted, committed] = about(acme.received, offer.id);
    expect(posted).toMatchObject({ entity: 'offer', op: 'upsert', data: { remaining: 40, contact: offer.contact } });
    expect(committed).toMatchObject({ entity: 'offer', op: 'upsert', data: { remaining: 0, status: 'committed' } });
    const seenCommitment = about(acme.received, commitment.id)[0]!.data;
    expect(seenCommitment).toMatchObject({ committedByOrg: 'County EOC', quantity: 40, offerOrg: 'Acme Hotels', deliverTo: need.location });
    expect(seenCommitment).not.toHaveProperty('committedByToken');
    expect(about(acme.received, need.id)).toEqual([]);
    await eventually(() => expect(about(acmeGql.received, commitment.id)).toHaveLength(1));
    expect(about(acmeGql.received, commitment.id)[0]!.data).not.toHaveProperty('committedByToken');

    // The operator who committed: everything, with contact and token.
    await eventually(() => expect(about(ops.received, commitment.id)).toHaveLength(1));
    expect(about(ops.received, offer.id).map((c) => (c.data as { contact?: string }).contact)).toEqual([offer.contact, offer.contact]);
    expect(about(ops.received, need.id).map((c) => (c.data as { status: string }).status)).toEqual(['open', 'met']);
    expect(about(ops.received, commitment.id)[0]!.data).toMatchObject({ committedByToken: tokens.operator!.id });

    // The wall: the offer without contact, removed once nothing remains; the need (met); the commitment without token.
    await eventually(() => expect(about(wall.received, commitment.id)).toHaveLength(1));
    const wallOffer = about(wall.received, offer.id);
    expect(wallOffer.map((c) => c.op)).toEqual(['upsert', 'remove']);
    expect(wallOffer[0]!.data).not.toHaveProperty('contact');
    expect(wallOffer[1]!.data).toEqual({ id: offer.id });
    expect(about(wall.received, need.id).map((c) => (c.data as { status: string }).status)).toEqual(['open', 'met']);
    expect(about(wall.received, commitment.id)[0]!.data).not.toHaveProperty('committedByToken');

    // Another business: nothing of any of it.
    await new Promise((r) => setTimeout(r, 200));
    expect([...about(beta.received, offer.id), ...about(beta.received, need.id), ...about(beta.received, commitment.id)]).toEqual([]);
  });

  it('takes a withdrawn offer and a cancelled need off the wall as removes', async () => {
    const wall = track(socketClient(b.url, { token: tokens.viewer!.token }));
    await wall.connected;
    const acme = client(a.url, tokens.acme!.token);
    const operator = client(a.url, tokens.operator!.token);
    const offer = (await acme.post('/api/offers', anOffer())).body;
    const need = (await operator.post('/api/needs', aNeed())).body;
    await acme.post(`/api/offers/${offer.id}/withdraw`);
    await operator.post(`/api/needs/${need.id}/cancel`);
    await eventually(() => expect(about(wall.received, need.id).map((c) => c.op)).toEqual(['upsert', 'remove']));
    expect(about(wall.received, offer.id).map((c) => c.op)).toEqual(['upsert', 'remove']);
  });

  it('ranks on one instance what was just written through the other, without waiting', async () => {
    const operator = client(b.url, tokens.operator!.token);
    const acme = client(a.url, tokens.acme!.token);
    const place = { lat: -33.92, lon: 18.42 };
    const need = (await operator.post('/api/needs', aNeed({ resourceType: 'fuel', quantity: 1000, location: place }))).body;
    const matches = async () => (await operator.get(`/api/needs/${need.id}/matches`)).body as { offer: { id: string; remaining: number } }[];
    expect(await matches()).toEqual([]);
    const offer = (await acme.post('/api/offers', anOffer({ resourceType: 'fuel', quantity: 500, location: place }))).body;
    expect((await matches()).map((m) => [m.offer.id, m.offer.remaining])).toEqual([[offer.id, 500]]);
    await client(a.url, tokens.operator!.token).post(`/api/needs/${need.id}/commitments`, { offerId: offer.id, quantity: 200 });
    expect((await matches()).map((m) => [m.offer.id, m.offer.remaining])).toEqual([[offer.id, 300]]);
    await acme.post(`/api/offers/${offer.id}/withdraw`);
    expect(await matches()).toEqual([]);
  });

  it('lets a wall that reconnects with its cursor catch up on commitments it missed', async () => {
    const operator = client(a.url, tokens.operator!.token);
    const cursor = (await client(a.url, tokens.viewer!.token).get('/api/commitments?limit=1')).body.cursor;
    const offer = (await client(a.url, tokens.acme!.token).post('/api/offers', anOffer({ quantity: 5 }))).body;
    const need = (await operator.post('/api/needs', aNeed({ quantity: 5 }))).body;
    const c = (await operator.post(`/api/needs/${need.id}/commitments`, { offerId: offer.id, quantity: 2 })).body;
    const wall = track(socketClient(b.url, { token: tokens.viewer!.token, since: cursor }));
    await eventually(() => expect(about(wall.received, c.id)).toHaveLength(1));
    expect(about(wall.received, offer.id).map((x) => (x.data as { remaining: number }).remaining)).toEqual([5, 3]);
  });
});
