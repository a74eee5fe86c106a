import { NewOffer, type Offer, type OfferPatch } from '@sitroom/shared';
import { DraftForm, errorsByField, type Checked } from '../../lib/forms/draft-form.svelte';
import { coordinate, DIGITS_ONLY, instant, localInput, optionalText, wholeNumber } from '../../lib/forms/form-values';
import { missingPlaceMessage } from '../../lib/forms/place-form';

/** What the business typed, as typed. */
export interface OfferDraft {
  resourceType: string;
  quantity: string;
  lat: string;
  lon: string;
  availableFrom: string;
  availableUntil: string;
  description: string;
  contact: string;
}

export type OfferField = keyof OfferDraft | 'location';
const ORDER: readonly OfferField[] = ['resourceType', 'quantity', 'location', 'lat', 'lon', 'availableFrom', 'availableUntil', 'description', 'contact'];

export type OfferForm = DraftForm<OfferDraft, OfferField, NewOffer>;

export function offerForm(draft: OfferDraft = draftOf()): OfferForm {
  return new DraftForm(draft, { check: checkOffer, order: ORDER, sources: { location: ['lat', 'lon'] }, fieldOf: offerFieldOf });
}

/** A blank draft, or an offer's values to edit. */
export function draftOf(offer?: Offer): OfferDraft {
  return {
    resourceType: offer?.resourceType ?? '',
    quantity: offer ? String(offer.quantity) : '',
    lat: offer ? String(offer.location.lat) : '',
    lon: offer ? String(offer.location.lon) : '',
    availableFrom: localInput(offer?.availableFrom),
    availableUntil: localInput(offer?.availableUntil),
    description: offer?.description ?? '',
    contact: offer?.contact ?? '',
  };
}

/** The shared `NewOffer` schema over the draft: what the server will say, said before sending. */
export function checkOffer(d: OfferDraft): Checked<NewOffer, OfferField> {
  const lat = coordinate(d.lat);
  const lon = coordinate(d.lon);
  const candidate = {
    resourceType: d.resourceType || undefined,
    quantity: wholeNumber(d.quantity),
    location: lat === undefined && lon === undefined ? undefined : { lat, lon },
    availableFrom: d.availableFrom ? instant(d.availableFrom) : undefined,
    availableUntil: d.availableUntil ? instant(d.availableUntil) : undefined,
    description: optionalText(d.description),
    contact: optionalText(d.contact),
  };
  const result = NewOffer.safeParse(candidate);
  if (result.success) return { data: result.data, errors: {} };
  return { data: null, errors: errorsByField(result.error.issues, offerFieldOf, (f) => ownWords(f, d, lat, lon)) };
}

/** Where an issue's path is shown: `location.lat` on the latitude, `unit` on the type that decides it. */
export function offerFieldOf(path: string[]): OfferField | null {
  const [head, sub] = path;
  if (head === 'location') return sub === 'lat' || sub === 'lon' ? sub : 'location';
  if (head === 'unit') return 'resourceType';
  return head !== undefined && (ORDER as readonly string[]).includes(head) ? (head as OfferField) : null;
}

function ownWords(field: OfferField, d: OfferDraft, lat?: number, lon?: number): string | null {
  if (field === 'resourceType' && !d.resourceType) return 'Choose what you can offer.';
  if (field === 'quantity' && !d.quantity.trim()) return 'Say how much you can offer.';
  if (field === 'quantity' && /[.,]/.test(d.quantity)) return DIGITS_ONLY;
  if (field === 'location' || field === 'lat' || field === 'lon') return missingPlaceMessage(field, lat, lon);
  // datetime-local values in one format and zone compare as text.
  if (field === 'availableUntil' && d.availableFrom && d.availableUntil && d.availableUntil <= d.availableFrom) return '“Until” must be after “from”.';
  return null;
}

/**
 * What an edit changed, as an `OfferPatch`: only the fields whose text changed, and `null` for an
 * optional field emptied (the contract's way to clear it). Type and unit are never sent.
 */
export function patchOf(before: OfferDraft, after: OfferDraft, data: NewOffer): OfferPatch {
  const patch: OfferPatch = {};
  const changed = (k: keyof OfferDraft) => before[k] !== after[k];
  if (changed('quantity')) patch.quantity = data.quantity;
  if (changed('lat') || changed('lon')) patch.location = data.location;
  if (changed('availableFrom')) patch.availableFrom = data.availableFrom ?? null;
  if (changed('availableUntil')) patch.availableUntil = data.availableUntil ?? null;
  if (changed('description')) patch.description = data.description ?? null;
  if (changed('contact')) patch.contact = data.contact ?? null;
  return patch;
}
