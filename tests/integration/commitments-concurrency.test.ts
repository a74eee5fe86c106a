import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Commitment, Need, Offer } from '@sitroom/shared';
import { aNeed, anOffer, client } from '../support/resources.js';
import { dropPrefix, issueToken, REDIS_URL, startServer, testPrefix, type TestServer } from '../support/test-server.js';

type Client = ReturnType<typeof client>;

/**
 * The no-double-booking proof: many operators commit the same offer at once, through two server
 * instances sharing one Redis (as behind a load balancer). Whatever the interleaving, exactly what
 * fits succeeds, nothing is committed beyond the offer, and every 201 is a stored commitment.
 */
describe('commitments under concurrency, across two instances', () => {
  let a: TestServer;
  let b: TestServer;
  let redis: Redis;
  let business: Client;
  let operators: Client[];

  beforeAll(async () => {
    const prefix = testPrefix();
    a = await startServer({}, prefix);
    b = await startServer({}, prefix);
    redis = new Redis(REDIS_URL);
    business = client(a.url, (await issueToken(a.url, 'business', 'Acme Hotels')).token);
    // Four operators, two on each instance.
    operators = await Promise.all([a.url, b.url, a.url, b.url].map(async (url, i) => client(url, (await issueToken(a.url, 'operator', `Agency ${i}`)).token)));
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await dropPrefix(a.prefix);
    redis.disconnect();
  });

  const key = (...parts: string[]) => `{${a.prefix}}:${parts.join(':')}`;

  /** Everything stored about one offer: the offer, its commitments, and every offer change in the stream. */
  async function ledger(offerId: string) {
    const offer = JSON.parse((await redis.hget(key('offers'), offerId))!) as Offer;
    const members = await redis.zrangebylex(key('commitments', 'by-offer'), `[${offerId}|`, `(${offerId}}`);
    const commitments = members.length ? (await redis.hmget(key('commitments'), ...members.map((m) => m.split('|')[1]!))).map((v) => JSON.parse(v!) as Commitment) : [];
    const stream = (await redis.xrange(key('changes'), '-', '+')) as [string, string[]][];
    const changes = stream.map(([, f]) => ({ e: f[1], d: JSON.parse(f[5]!) as { id: string; offerId?: string; remaining?: number } }));
    return {
      offer,
      commitments,
      offerChanges: changes.filter((c) => c.e === 'offer' && c.d.id === offerId).map((c) => c.d as Offer),
      commitmentChanges: changes.filter((c) => c.e === 'commitment' && c.d.offerId === offerId).map((c) => c.d as Commitment),
    };
  }

  it('50 parallel commitments of 1 at an offer of 10: exactly 10 succeed, 40 get 409, nothing is lost', async () => {
    const offer = (await business.post('/api/offers', anOffer({ quantity: 10 }))).body as Offer;
    const need = (await operators[0]!.post('/api/needs', aNeed({ quantity: 100 }))).body as Need;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => operators[i % operators.length]!.post(`/api/needs/${need.id}/commitments`, { offerId: offer.id, quantity: 1 })),
    );
    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status !== 201);
    expect(won).toHaveLength(10);
    expect(lost).toHaveLength(40);
    const refusal = { code: 'conflict', message: 'The offer has no beds left: it is fully committed.', fields: [{ path: 'quantity' }] };
    for (const r of lost) expect(r).toMatchObject({ status: 409, body: { error: refusal } });

    const { offer: final, commitments, offerChanges, commitmentChanges } = await ledger(offer.id);
    expect(final).toMatchObject({ remaining: 0, status: 'committed' });
    expect(commitments.map((c) => c.id).sort()).toEqual(won.map((r) => r.body.id).sort()); // every 201 is stored, nothing else
    expect(commitments.reduce((sum, c) => sum + c.quantity, 0)).toBe(final.quantity - final.remaining);
    expect(commitmentChanges.map((c) => c.id).sort()).toEqual(won.map((r) => r.body.id).sort()); // and announced once
    // The offer's changes step down one at a time, never below zero: no two commitments saw the same remainder.
    expect(offerChanges.map((o) => o.remaining)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(((await operators[1]!.get(`/api/needs/${need.id}`)).body as Need).met).toBe(10);
  });

  it('50 parallel commitments of mixed sizes to five needs: only what fits succeeds, and no refused request would have fitted', async () => {
    const offer = (await business.post('/api/offers', anOffer({ resourceType: 'meals', quantity: 10 }))).body as Offer;
    const needs = await Promise.all(Array.from({ length: 5 }, () => operators[0]!.post('/api/needs', aNeed({ resourceType: 'meals', quantity: 6 })).then((r) => r.body as Need)));
    const asks = Array.from({ length: 50 }, (_, i) => ({ need: needs[i % 5]!, quantity: 1 + ((i * 7) % 4), via: operators[i % operators.length]! }));
    const results = await Promise.all(asks.map((ask) => ask.via.post(`/api/needs/${ask.need.id}/commitments`, { offerId: offer.id, quantity: ask.quantity })));

    const { offer: final, commitments } = await ledger(offer.id);
    const granted = asks.filter((_, i) => results[i]!.status === 201);
    const refused = asks.filter((_, i) => results[i]!.status !== 201);
    for (const i of results.keys()) expect([201, 409]).toContain(results[i]!.status);
    expect(final.remaining).toBeGreaterThanOrEqual(0);
    expect(granted.reduce((sum, g) => sum + g.quantity, 0)).toBe(final.quantity - final.remaining);
    expect(commitments.reduce((sum, c) => sum + c.quantity, 0)).toBe(final.quantity - final.remaining);
    expect(commitments).toHaveLength(granted.length);

    const metNow = new Map<string, Need>();
    for (const n of needs) metNow.set(n.id, (await operators[2]!.get(`/api/needs/${n.id}`)).body as Need);
    for (const n of metNow.values()) {
      expect(n.met).toBe(commitments.filter((c) => c.needId === n.id).reduce((sum, c) => sum + c.quantity, 0));
      expect(n.met).toBeLessThanOrEqual(n.quantity);
    }
    // Room only ever shrinks, so a request refused earlier must still not fit now.
    for (const r of refused) {
      const need = metNow.get(r.need.id)!;
      expect(r.quantity > final.remaining || r.quantity > need.quantity - need.met).toBe(true);
    }
  });
});
