import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClientSchema, getIntrospectionQuery, type GraphQLInputObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { Commitment, Need, NewCommitment, NewNeed, NewOffer, Offer, OfferPatch } from '@sitroom/shared';
import { aNeed, anOffer, inHours } from '../support/resources.js';
import { dropPrefix, issueToken, startServer, type TestServer } from '../support/test-server.js';

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

const OFFER_FIELDS = 'id kind org resourceType quantity remaining delivered unit location { lat lon } availableFrom availableUntil status description contact createdAt confirmedAt updatedAt';

describe('GraphQL for offers, needs and commitments', () => {
  let s: TestServer;
  let schema: GraphQLSchema;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    s = await startServer();
    schema = buildClientSchema((await gql(s.url, getIntrospectionQuery())).data);
    t.acme = (await issueToken(s.url, 'business', 'Acme Hotels')).token;
    t.operator = (await issueToken(s.url, 'operator', 'County EOC')).token;
    t.viewer = (await issueToken(s.url, 'viewer')).token;
  });
  afterAll(async () => {
    await s.close();
    await dropPrefix(s.prefix);
  });

  const fieldsOf = (name: string) => Object.keys((schema.getType(name) as GraphQLObjectType | GraphQLInputObjectType).getFields()).sort();

  it.each([
    ['Offer', Offer.shape],
    ['NewOfferInput', NewOffer.shape],
    ['OfferPatchInput', OfferPatch.shape],
    ['Need', Need.shape],
    ['NewNeedInput', NewNeed.shape],
    ['Commitment', Commitment.shape],
    ['NewCommitmentInput', NewCommitment.shape],
  ])('keeps %s in step with its shared zod schema', (type, shape) => {
    expect(fieldsOf(type)).toEqual(Object.keys(shape).sort());
  });

  it('lets a business post and change offers, operators match and commit, and viewers read — by role', async () => {
    const created = await gql(s.url, `mutation ($input: NewOfferInput!) { createOffer(input: $input) { ${OFFER_FIELDS} } }`, { input: anOffer({ quantity: 30 }) }, t.acme);
    const offer = created.data.createOffer;
    expect(offer).toMatchObject({ org: 'Acme Hotels', remaining: 30, status: 'available', contact: anOffer().contact, availableFrom: null });

    const edited = await gql(s.url, 'mutation ($id: String!, $input: OfferPatchInput!) { updateOffer(id: $id, input: $input) { quantity contact availableUntil } }', { id: offer.id, input: { quantity: 35, contact: null, availableUntil: inHours(24) } }, t.acme);
    expect(edited.data.updateOffer).toMatchObject({ quantity: 35, contact: null });

    const need = (await gql(s.url, 'mutation ($input: NewNeedInput!) { createNeed(input: $input) { id status met unit } }', { input: aNeed({ quantity: 20 }) }, t.operator)).data.createNeed;
    expect(need).toMatchObject({ status: 'open', met: 0, unit: 'beds' });

    const matches = await gql(s.url, 'query ($id: String!) { matches(needId: $id) { score distanceKm reasons parts { proximity coverage timing freshness } offer { id } } }', { id: need.id }, t.operator);
    const mine = matches.data.matches.find((m: { offer: { id: string } }) => m.offer.id === offer.id);
    expect(mine).toMatchObject({ score: expect.any(Number), distanceKm: expect.any(Number), reasons: expect.arrayContaining(['covers all 20 beds still needed (35 on offer)']) });
    expect(Object.keys(mine).sort()).toEqual(fieldsOf('Match'));

    const committed = await gql(s.url, 'mutation ($need: String!, $input: NewCommitmentInput!) { commitToNeed(needId: $need, input: $input) { id quantity committedByOrg status } }', { need: need.id, input: { offerId: offer.id, quantity: 20 } }, t.operator);
    expect(committed.data.commitToNeed).toMatchObject({ quantity: 20, committedByOrg: 'County EOC', status: 'committed' });
    const tooMuch = await gql(s.url, 'mutation ($need: String!, $input: NewCommitmentInput!) { commitToNeed(needId: $need, input: $input) { id } }', { need: need.id, input: { offerId: offer.id, quantity: 1 } }, t.operator);
    expect(tooMuch.errors[0].extensions).toMatchObject({ code: 'conflict' });

    const wall = await gql(s.url, '{ offers { items { id contact remaining } } needs { items { id status } } commitments { items { quantity committedByToken } } }', {}, t.viewer);
    expect(wall.data.offers.items).toContainEqual({ id: offer.id, contact: null, remaining: 15 });
    expect(wall.data.needs.items).toContainEqual({ id: need.id, status: 'met' });
    expect(wall.data.commitments.items).toEqual([{ quantity: 20, committedByToken: null }]);

    const withdrawn = await gql(s.url, 'mutation ($id: String!) { withdrawOffer(id: $id) { status remaining } }', { id: offer.id }, t.acme);
    expect(withdrawn.data.withdrawOffer).toEqual({ status: 'withdrawn', remaining: 15 });
  });

  it('answers with the contract error codes: unauthorized, forbidden, invalid_input naming the field', async () => {
    const asViewer = await gql(s.url, 'mutation ($input: NewOfferInput!) { createOffer(input: $input) { id } }', { input: anOffer() }, t.viewer);
    expect(asViewer.errors[0].extensions.code).toBe('forbidden');
    const asPublic = await gql(s.url, '{ offers { total } }');
    expect(asPublic.errors[0].extensions.code).toBe('unauthorized');
    const bad = await gql(s.url, 'mutation ($input: NewOfferInput!) { createOffer(input: $input) { id } }', { input: anOffer({ quantity: 0 }) }, t.acme);
    expect(bad.errors[0].extensions).toMatchObject({ code: 'invalid_input', fields: [{ path: 'input.quantity' }] });
    const matches = await gql(s.url, '{ matches(needId: "x") { score } }', {}, t.viewer);
    expect(matches.errors[0].extensions.code).toBe('forbidden');
  });

  it('takes an EDXL-RM message as text', async () => {
    const xml = readFileSync(new URL('../fixtures/edxl-rm/offer-beds-polygon.xml', import.meta.url), 'utf8');
    const res = await gql(s.url, 'mutation ($xml: String!) { postOfferMessage(xml: $xml) { resent items { resourceType quantity org } } }', { xml }, t.acme);
    expect(res.data.postOfferMessage).toEqual({ resent: null, items: [{ resourceType: 'shelter-beds', quantity: 120, org: 'Acme Hotels' }] });
  });
});
