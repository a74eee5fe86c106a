import { RESOURCE_TYPES, type NeedStatus, type OfferStatus } from '@sitroom/shared';

export type Tone = 'ok' | 'warn' | 'info' | 'danger' | 'muted';

export const OFFER_STATUS: Record<OfferStatus, { label: string; tone: Tone }> = {
  available: { label: 'Available', tone: 'ok' },
  'partly-committed': { label: 'Partly committed', tone: 'warn' },
  committed: { label: 'Committed', tone: 'info' },
  delivered: { label: 'Delivered', tone: 'info' },
  withdrawn: { label: 'Withdrawn', tone: 'muted' },
  expired: { label: 'Expired', tone: 'muted' },
};

export const NEED_STATUS: Record<NeedStatus, { label: string; tone: Tone }> = {
  open: { label: 'Open', tone: 'danger' },
  'partly-met': { label: 'Partly met', tone: 'warn' },
  met: { label: 'Met', tone: 'ok' },
  cancelled: { label: 'Cancelled', tone: 'muted' },
};

/** "1,000 litres": counts are whole numbers, grouped the way this browser's language groups them. */
export function formatQuantity(n: number, unit: string): string {
  return `${n.toLocaleString()} ${unit}`;
}

/** The unit of a type id as typed in a form, or '' before a type is chosen. */
export function unitFor(type: string): string {
  return RESOURCE_TYPES.find((r) => r.id === type)?.unit ?? '';
}

/** "51.50000, -0.12000": five decimals is about a metre, enough to find a gate. */
export function formatPlace(p: { lat: number; lon: number }): string {
  return `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`;
}
