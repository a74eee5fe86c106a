import { describe, expect, it } from 'vitest';
import { NewCommitment } from './commitment.js';
import { NewNeed } from './need.js';
import { NewOffer, OfferPatch, OfferQuery } from './offer.js';
import { RESOURCE_TYPES } from './taxonomy.js';

const offer = { resourceType: 'potable-water', quantity: 5000, location: { lat: 51.5, lon: -0.1 } };
const paths = (res: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => res.error!.issues.map((i) => i.path.join('.'));

describe('NewOffer', () => {
  it('accepts a minimal offer, and the type\'s own unit', () => {
    expect(NewOffer.parse(offer)).toEqual(offer);
    expect(NewOffer.safeParse({ ...offer, unit: 'litres' }).success).toBe(true);
  });

  it.each([
    ['a unit of another type', { ...offer, unit: 'kW' }, 'unit'],
    ['a fractional quantity', { ...offer, quantity: 2.5 }, 'quantity'],
    ['an empty window', { ...offer, availableFrom: '2091-01-02T00:00:00Z', availableUntil: '2091-01-01T00:00:00Z' }, 'availableUntil'],
    ['an unknown field', { ...offer, remaining: 3 }, ''],
  ])('refuses %s, naming %s', (_n, input, path) => {
    expect(paths(NewOffer.safeParse(input))).toContain(path);
  });
});

describe('OfferPatch', () => {
  it('takes null to clear a field, and refuses an empty patch or a type change', () => {
    expect(OfferPatch.parse({ contact: null })).toEqual({ contact: null });
    expect(paths(OfferPatch.safeParse({}))).toEqual(['']);
    expect(OfferPatch.safeParse({ resourceType: 'meals' }).success).toBe(false);
  });
});

describe('NewNeed and NewCommitment', () => {
  it('validate like offers', () => {
    expect(NewNeed.safeParse({ ...offer, neededBy: '2091-01-01T00:00:00+02:00', incidentId: 'i-1' }).success).toBe(true);
    expect(paths(NewNeed.safeParse({ ...offer, unit: 'beds' }))).toEqual(['unit']);
    expect(paths(NewCommitment.safeParse({ offerId: ' ', quantity: 0 })).sort()).toEqual(['offerId', 'quantity']);
  });
});

describe('status filters', () => {
  it('read a comma list and name the field when a status is unknown', () => {
    expect(OfferQuery.parse({ status: 'available, withdrawn' })).toEqual({ status: ['available', 'withdrawn'] });
    expect(paths(OfferQuery.safeParse({ status: 'available,gone' }))).toEqual(['status']);
  });
});

describe('resource taxonomy', () => {
  it('has the units the issue lists', () => {
    const unit = Object.fromEntries(RESOURCE_TYPES.map((r) => [r.id, r.unit]));
    expect(unit).toMatchObject({ 'potable-water': 'litres', generators: 'kW', fuel: 'litres', buses: 'seats', volunteers: 'people', 'warehouse-space': 'm²' });
  });
});
