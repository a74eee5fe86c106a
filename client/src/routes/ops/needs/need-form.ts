import { NewNeed } from '@sitroom/shared';
import { DraftForm, errorsByField, type Checked } from '../../../lib/forms/draft-form.svelte';
import { coordinate, DIGITS_ONLY, instant, optionalText, wholeNumber } from '../../../lib/forms/form-values';
import { missingPlaceMessage } from '../../../lib/forms/place-form';

/** What the operator typed, as typed. */
export interface NeedDraft {
  resourceType: string;
  quantity: string;
  lat: string;
  lon: string;
  neededBy: string;
  incidentId: string;
  description: string;
}

export type NeedField = keyof NeedDraft | 'location';
const ORDER: readonly NeedField[] = ['resourceType', 'quantity', 'location', 'lat', 'lon', 'neededBy', 'incidentId', 'description'];

export const EMPTY_NEED: NeedDraft = { resourceType: '', quantity: '', lat: '', lon: '', neededBy: '', incidentId: '', description: '' };

export function needForm(draft: NeedDraft = { ...EMPTY_NEED }): DraftForm<NeedDraft, NeedField, NewNeed> {
  return new DraftForm(draft, { check: checkNeed, order: ORDER, sources: { location: ['lat', 'lon'] }, fieldOf: needFieldOf });
}

/** The shared `NewNeed` schema over the draft, as the server will apply it. */
export function checkNeed(d: NeedDraft): Checked<NewNeed, NeedField> {
  const lat = coordinate(d.lat);
  const lon = coordinate(d.lon);
  const result = NewNeed.safeParse({
    resourceType: d.resourceType || undefined,
    quantity: wholeNumber(d.quantity),
    location: lat === undefined && lon === undefined ? undefined : { lat, lon },
    neededBy: d.neededBy ? instant(d.neededBy) : undefined,
    incidentId: optionalText(d.incidentId),
    description: optionalText(d.description),
  });
  if (result.success) return { data: result.data, errors: {} };
  return { data: null, errors: errorsByField(result.error.issues, needFieldOf, (f) => ownWords(f, d, lat, lon)) };
}

export function needFieldOf(path: string[]): NeedField | null {
  const [head, sub] = path;
  if (head === 'location') return sub === 'lat' || sub === 'lon' ? sub : 'location';
  if (head === 'unit') return 'resourceType';
  return head !== undefined && (ORDER as readonly string[]).includes(head) ? (head as NeedField) : null;
}

function ownWords(field: NeedField, d: NeedDraft, lat?: number, lon?: number): string | null {
  if (field === 'resourceType' && !d.resourceType) return 'Choose what is needed.';
  if (field === 'quantity' && !d.quantity.trim()) return 'Say how much is needed.';
  if (field === 'quantity' && /[.,]/.test(d.quantity)) return DIGITS_ONLY;
  if (field === 'location' || field === 'lat' || field === 'lon') return missingPlaceMessage(field, lat, lon);
  return null;
}
