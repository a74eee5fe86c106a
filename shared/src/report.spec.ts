import { describe, expect, it } from 'vitest';
import { NewReport } from './report.js';
import { REPORT_CATEGORIES, HAZARDS, RESOURCE_TYPES, TAXONOMY } from './taxonomy.js';

describe('NewReport', () => {
  const ok = { category: 'flooding', description: ' Water on the road ', location: { lat: 51.5, lon: -0.1 } };

  it('accepts a minimal report and trims the description', () => {
    expect(NewReport.parse(ok)).toEqual({ ...ok, description: 'Water on the road' });
  });

  it.each([
    ['lat above 90', { ...ok, location: { lat: 90.0001, lon: 0 } }, 'location.lat'],
    ['lon below -180', { ...ok, location: { lat: 0, lon: -181 } }, 'location.lon'],
    ['NaN-like lat', { ...ok, location: { lat: 'NaN', lon: 0 } }, 'location.lat'],
    ['description too long', { ...ok, description: 'a'.repeat(2001) }, 'description'],
    ['blank description', { ...ok, description: '\n\t ' }, 'description'],
    ['unknown category', { ...ok, category: 'zombies' }, 'category'],
    ['contact too long', { ...ok, contact: 'x'.repeat(201) }, 'contact'],
    ['time without zone', { ...ok, occurredAt: '2026-11-30T10:00:00' }, 'occurredAt'],
  ])('refuses %s, naming %s', (_n, input, path) => {
    const res = NewReport.safeParse(input);
    expect(res.success).toBe(false);
    expect(res.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('accepts a time with an offset', () => {
    expect(NewReport.safeParse({ ...ok, occurredAt: '2026-11-30T10:00:00-05:00' }).success).toBe(true);
  });
});

describe('taxonomy', () => {
  it('uses unique lower-case kebab ids and maps every report category to a known hazard', () => {
    const hazards = new Set(HAZARDS.map((h) => h.id));
    for (const list of [HAZARDS, REPORT_CATEGORIES, RESOURCE_TYPES]) {
      const ids = list.map((x) => x.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
    for (const c of REPORT_CATEGORIES) expect(hazards.has(c.hazard)).toBe(true);
    expect(TAXONOMY.resourceTypes.find((r) => r.id === 'potable-water')).toEqual({ id: 'potable-water', label: 'Potable water', unit: 'litres' });
  });
});
