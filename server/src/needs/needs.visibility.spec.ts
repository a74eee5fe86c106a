import { describe, expect, it } from 'vitest';
import type { Commitment, Need, Offer } from '@sitroom/shared';
import { changeAsSeenBy } from '../live/visibility.js';
import { offerAsSeenBy } from '../offers/offers.visibility.js';
import { commitmentAsSeenBy, needAsSeenBy } from './needs.visibility.js';

const offer = (over: Partial<Offer> = {}): Offer => ({
  id: 'o1', kind: 'offer', org: 'Acme', resourceType: 'meals', quantity: 10, remaining: 10, delivered: 0, unit: 'meals', location: { lat: 1, lon: 1 },
  status: 'available', contact: '+44 1', createdAt: 't', confirmedAt: 't', updatedAt: 't', ...over,
});
const need: Need = { id: 'n1', kind: 'need', resourceType: 'meals', quantity: 5, met: 0, unit: 'meals', location: { lat: 1, lon: 1 }, status: 'open', createdAt: 't', updatedAt: 't' };
const commitment: Commitment = {
  id: 'c1', kind: 'commitment', needId: 'n1', offerId: 'o1', offerOrg: 'Acme', resourceType: 'meals', unit: 'meals', quantity: 5, deliverTo: { lat: 1, lon: 1 },
  committedByOrg: 'EOC', committedByToken: 'tok-1', status: 'committed', createdAt: 't', updatedAt: 't',
};
const as = (role: string, org: string | null = null) => ({ role: role as never, org });

describe('offer, need and commitment visibility', () => {
  it('shows an offer with its contact to its business and operators, without to viewers, not to others', () => {
    expect(offerAsSeenBy(offer(), as('business', 'Acme'))).toHaveProperty('contact');
    expect(offerAsSeenBy(offer(), as('operator'))).toHaveProperty('contact');
    expect(offerAsSeenBy(offer(), as('viewer'))).not.toHaveProperty('contact');
    for (const who of [as('business', 'Beta'), as('business', null), as('agency'), as('public')]) expect(offerAsSeenBy(offer(), who)).toBeNull();
  });

  it('takes an offer off the wall once nothing remains, as a remove', () => {
    const change = { id: '2-0', entity: 'offer' as const, op: 'upsert' as const, data: offer({ remaining: 0, status: 'committed' }) as never, prev: offer() as never };
    expect(changeAsSeenBy(change, as('viewer'))).toEqual({ id: '2-0', entity: 'offer', op: 'remove', data: { id: 'o1' } });
    expect(changeAsSeenBy(change, as('business', 'Acme'))!.op).toBe('upsert');
    expect(changeAsSeenBy(change, as('business', 'Beta'))).toBeNull();
  });

  it('shows needs to operators and viewers (cancelled ones to operators only), never to businesses', () => {
    expect(needAsSeenBy({ ...need, status: 'met' }, as('viewer'))).not.toBeNull();
    expect(needAsSeenBy({ ...need, status: 'cancelled' }, as('viewer'))).toBeNull();
    expect(needAsSeenBy({ ...need, status: 'cancelled' }, as('operator'))).not.toBeNull();
    expect(needAsSeenBy(need, as('business'))).toBeNull();
  });

  it("shows a commitment's operator token to operators only, and the commitment to its offer's business only", () => {
    expect(commitmentAsSeenBy(commitment, as('admin'))).toHaveProperty('committedByToken', 'tok-1');
    expect(commitmentAsSeenBy(commitment, as('business', 'Acme'))).toEqual(expect.not.objectContaining({ committedByToken: expect.anything() }));
    expect(commitmentAsSeenBy(commitment, as('business', 'Acme'))).toHaveProperty('committedByOrg', 'EOC');
    expect(commitmentAsSeenBy(commitment, as('viewer'))).not.toHaveProperty('committedByToken');
    expect(commitmentAsSeenBy(commitment, as('business', 'Beta'))).toBeNull();
    expect(commitmentAsSeenBy(commitment, as('public'))).toBeNull();
  });
});
