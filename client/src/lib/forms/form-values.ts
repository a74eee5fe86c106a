/** Turning what people type into what the shared schemas check, the same way on every form. */

/** Accepts a decimal comma, as many phones' keyboards type it. Empty means "not given". */
export function coordinate(text: string): number | undefined {
  const t = text.trim();
  if (!t) return undefined;
  return Number(t.includes('.') ? t : t.replace(',', '.'));
}

/**
 * A count as typed; spaces may group its digits. Commas and points are not guessed at: "1.000" is a
 * thousand in German and one in English, and a count off by a thousandfold is worse than a question.
 */
export function wholeNumber(text: string): number | undefined {
  const t = text.trim().replace(/[\s'’_]/g, '');
  if (!t) return undefined;
  return /[.,]/.test(t) ? NaN : Number(t);
}

/** What to say when `wholeNumber` refused the separators. */
export const DIGITS_ONLY = 'Type a whole number, digits only (1000, not 1,000 or 1.000).';

export function validLocation(lat?: number, lon?: number): { lat: number; lon: number } | null {
  if (lat === undefined || lon === undefined || !Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
}

/** A `datetime-local` value is the device's local time; the API wants an explicit offset. */
export function instant(local: string): string {
  const t = new Date(local);
  return Number.isNaN(t.getTime()) ? local : t.toISOString();
}

/** The other way: an API instant as a `datetime-local` value in this device's time, to the minute. */
export function localInput(iso: string | undefined): string {
  if (!iso) return '';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return '';
  const local = new Date(t.getTime() - t.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** Optional text: blank is "not given", not an error about blankness. */
export function optionalText(text: string): string | undefined {
  return text.trim() ? text : undefined;
}

/** The schemas speak to API integrators in lower case; a form shows sentences. */
export function sentence(message: string): string {
  const m = message.trim();
  return m ? m[0]!.toUpperCase() + m.slice(1) + (/[.!?]$/.test(m) ? '' : '.') : m;
}

/** About 10 cm: more digits only suggest a precision no tap or GPS has. */
export function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
