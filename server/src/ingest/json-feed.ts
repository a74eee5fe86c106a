import { AlertContent, type AlertGeometry } from '@sitroom/shared';
import { refuse, type Issues } from './issues.js';

/** Defaults for alerts read from non-CAP feeds: public, actual, one language, nothing referenced. */
export function feedAlert(fields: Partial<AlertContent> & Pick<AlertContent, 'sender' | 'identifier' | 'sent' | 'event'>): AlertContent {
  return {
    status: 'Actual',
    msgType: 'Alert',
    scope: 'Public',
    references: [],
    codes: [],
    categories: ['Other'],
    responseTypes: [],
    urgency: 'Unknown',
    severity: 'Unknown',
    certainty: 'Unknown',
    areas: [],
    parameters: [],
    eventCodes: [],
    languages: ['en-US'],
    translations: [],
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null)),
  } as unknown as AlertContent;
}

/** Checks an alert built from a JSON feed against the shared schema, naming each bad field under `path`. */
export function checked(alert: AlertContent, path: string, issues: Issues): AlertContent | null {
  const res = AlertContent.safeParse(alert);
  if (res.success) return res.data;
  for (const i of res.error.issues) issues.add([path, ...i.path.map(String)].join('.'), i.message);
  return null;
}

/** An instant from epoch ms or a date string (RFC 3339 or RFC 822), as a UTC ISO string. */
export function toInstant(value: unknown): string | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

export function addHours(iso: string | undefined, hours: number): string | undefined {
  return iso === undefined ? undefined : new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
}

/** A GeoJSON Point or Polygon from a feed, kept only if its coordinates are really [lon, lat] numbers on the globe. */
export function feedGeometry(g: unknown): AlertGeometry | null {
  const geo = g as { type?: string; coordinates?: unknown } | null;
  if (!geo || typeof geo !== 'object') return null;
  const pos = (c: unknown): [number, number] | null =>
    Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number' && Math.abs(c[0]) <= 180 && Math.abs(c[1]) <= 90 ? [c[0], c[1]] : null;
  const ring = (r: unknown) => (Array.isArray(r) && r.length >= 4 ? r.map(pos) : null);
  if (geo.type === 'Point') {
    const p = pos(geo.coordinates);
    return p ? { type: 'Point', coordinates: p } : null;
  }
  if (geo.type === 'Polygon' && Array.isArray(geo.coordinates)) {
    const rings = geo.coordinates.map(ring);
    return rings.length && rings.every((r) => r && r.every(Boolean)) ? { type: 'Polygon', coordinates: rings as [number, number][][] } : null;
  }
  if (geo.type === 'MultiPolygon' && Array.isArray(geo.coordinates)) {
    const polys = geo.coordinates.map((p: unknown) => (Array.isArray(p) ? p.map(ring) : [null]));
    return polys.length && polys.every((p) => p.length && p.every((r) => r && r.every(Boolean))) ? { type: 'MultiPolygon', coordinates: polys as [number, number][][][] } : null;
  }
  return null;
}

/** JSON text to a value, refusing anything that is not JSON with the contract's error body. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw refuse('', 'the document is not valid JSON');
  }
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
export const pair = (name: string, value: unknown) => (value === undefined || value === null || value === '' ? [] : [{ name, value: String(value) }]);
