import { describe, expect, it } from 'vitest';
import { BboxParam, coarsen, distanceKm, entityInBbox, inBbox } from './geo.js';
import { compareChangeIds } from './changes.js';

describe('BboxParam', () => {
  it('parses minLon,minLat,maxLon,maxLat', () => {
    expect(BboxParam.parse('-1.5,50,1,52.25')).toEqual([-1.5, 50, 1, 52.25]);
  });
  it.each(['1,2,3', '1,2,3,x', '-200,0,0,1', '0,10,1,5', ''])('refuses %j', (s) => {
    expect(BboxParam.safeParse(s).success).toBe(false);
  });
});

describe('inBbox', () => {
  it('handles a box across the antimeridian', () => {
    expect(inBbox({ lat: 0, lon: 179.5 }, [170, -10, -170, 10])).toBe(true);
    expect(inBbox({ lat: 0, lon: -175 }, [170, -10, -170, 10])).toBe(true);
    expect(inBbox({ lat: 0, lon: 0 }, [170, -10, -170, 10])).toBe(false);
  });
});

describe('entityInBbox', () => {
  it('tests points by location and areas by their bounds', () => {
    const box: [number, number, number, number] = [0, 0, 10, 10];
    expect(entityInBbox({ location: { lat: 5, lon: 5 } }, box)).toBe(true);
    expect(entityInBbox({ geometry: { type: 'Polygon', coordinates: [[[9, 9], [12, 9], [12, 12], [9, 9]]] } }, box)).toBe(true);
    expect(entityInBbox({ geometry: { type: 'Polygon', coordinates: [[[11, 11], [12, 11], [12, 12], [11, 11]]] } }, box)).toBe(false);
  });

  it('tests an alert by any of its areas, and keeps one with no drawn area', () => {
    const far = { type: 'Point', coordinates: [50, 50] };
    const near = { type: 'Polygon', coordinates: [[[-5, 5], [1, 5], [1, 6], [-5, 5]]] };
    expect(entityInBbox({ areas: [{ geometry: far }, { geometry: near }] }, [0, 0, 10, 10])).toBe(true);
    expect(entityInBbox({ areas: [{ geometry: far }] }, [0, 0, 10, 10])).toBe(false);
    expect(entityInBbox({ areas: [{ geometry: null }] }, [0, 0, 10, 10])).toBe(true);
  });
});

describe('distanceKm', () => {
  it('gives the great-circle distance London–Paris within 1 km of 343.5', () => {
    expect(distanceKm({ lat: 51.5074, lon: -0.1278 }, { lat: 48.8566, lon: 2.3522 })).toBeCloseTo(343.5, -0.5);
  });
});

describe('coarsen', () => {
  it('moves a point by at most about 500 m and maps nearby points to the same cell', () => {
    const p = { lat: 51.50123, lon: -0.12345 };
    const c = coarsen(p);
    expect(distanceKm(p, c)).toBeLessThan(0.36);
    expect(coarsen({ lat: 51.50124, lon: -0.12346 })).toEqual(c);
  });
});

describe('compareChangeIds', () => {
  it('compares numerically, not as strings', () => {
    expect(compareChangeIds('999-0', '1000-0')).toBe(-1);
    expect(compareChangeIds('1000-10', '1000-9')).toBe(1);
    expect(compareChangeIds('5-5', '5-5')).toBe(0);
  });
});
