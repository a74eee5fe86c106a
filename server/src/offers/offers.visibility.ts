import { ACTIVE_OFFER_STATUSES, type Offer } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';

/**
 * What each audience may see of an offer:
 * - operators and admins: everything, the business's private `contact` included (they arrange delivery);
 * - the business that posted it: everything, in every status (its /offer page lists them all);
 * - other businesses: nothing (an offer reveals a company's stock and whereabouts; they have no need);
 * - viewers (the wall): offers that can still be committed, without `contact` — the wall hides an
 *   offer once nothing remains, so a fully committed, withdrawn or expired one leaves it as a `remove`;
 * - agencies (machine ingest) and the public: nothing.
 */
export function offerAsSeenBy(offer: Offer, caller: Pick<Caller, 'role' | 'org'>): Offer | null {
  switch (caller.role) {
    case 'admin':
    case 'operator':
      return offer;
    case 'business':
      return caller.org !== null && offer.org === caller.org ? offer : null;
    case 'viewer':
      return ACTIVE_OFFER_STATUSES.includes(offer.status) && offer.remaining > 0 ? withoutContact(offer) : null;
    default:
      return null;
  }
}

function withoutContact(offer: Offer): Offer {
  if (offer.contact === undefined) return offer;
  const { contact: _private, ...rest } = offer;
  return rest;
}
