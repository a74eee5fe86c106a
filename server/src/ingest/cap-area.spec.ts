import { describe, expect, it } from 'vitest';
import { distanceKm } from '@sitroom/shared';
import { areaGeometry, circleRing, readCircle, readPolygon } from './cap-area.js';
import { Issues } from './issues.js';

describe(readPolygon.name, () => {
  it('turns CAP lat,lon pairs into a GeoJSON [lon, lat] ring', () => {
    const issues = new Issues();
    expect(readPolygon('38.47,-120.14 38.34,-119.95 38.52,-119.74 38.47,-120.14', 'p', issues)).toEqual([[-120.14, 38.47], [-119.95, 38.34], [-119.74, 38.52], [-120.14, 38.47]]);
    expect(issues.count).toBe(0);
  });

  it('closes an open ring of three distinct points', () => {
    expect(readPolygon('1,1 1,2 2,2', 'p', new Issues())).toEqual([[1, 1], [2, 1], [2, 2], [1, 1]]);
  });

  it.each([
    ['a trailing comma', '41.12,-117.61 40.85,-118.09, 41.12,-117.61', 'pair 2'],
    ['too few points', '1,1 2,2 1,1', 'at least 3 distinct'],
    ['latitude out of range (lon,lat order)', '95,10 95,11 96,11 95,10', 'latitude'],
    ['a word', '1,1 2,x 3,3 1,1', 'pair 2'],
  ])('refuses %s, naming the field', (_name, text, message) => {
    const issues = new Issues();
    expect(readPolygon(text, 'alert.info[0].area[0].polygon[0]', issues)).toBeNull();
    expect(issues.list).toEqual([{ path: expect.stringMatching(/^alert\.info\[0\]\.area\[0\]\.polygon\[0\]/), message: expect.stringContaining(message) }]);
  });
});

describe(readCircle.name, () => {
  it('reads "lat,lon radius" and refuses a negative radius', () => {
    expect(readCircle('32.9525,-115.5527 10', 'c', new Issues())).toEqual({ centre: [-115.5527, 32.9525], radiusKm: 10 });
    const issues = new Issues();
    expect(readCircle('32.9,-115.5 -1', 'c', issues)).toBeNull();
    expect(issues.count).toBe(1);
  });
});

describe(areaGeometry.name, () => {
  it('gives a Point for a lone zero-radius circle, a Polygon for one shape, a MultiPolygon for several, null for none', () => {
    expect(areaGeometry([], [{ centre: [1, 2], radiusKm: 0 }])).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(areaGeometry([[[0, 0], [1, 0], [1, 1], [0, 0]]], [])!.type).toBe('Polygon');
    expect(areaGeometry([[[0, 0], [1, 0], [1, 1], [0, 0]]], [{ centre: [5, 5], radiusKm: 3 }])!.type).toBe('MultiPolygon');
    expect(areaGeometry([], [])).toBeNull();
  });

  it('draws a circle as a closed ring whose vertices lie at the radius', () => {
    const ring = circleRing([-115.5527, 32.9525], 25);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    for (const [lon, lat] of ring) expect(distanceKm({ lat: 32.9525, lon: -115.5527 }, { lat: lat!, lon: lon! })).toBeCloseTo(25, 1);
  });
});
