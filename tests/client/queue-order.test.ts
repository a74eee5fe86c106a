import { describe, expect, it } from 'vitest';
import type { Alert, Report } from '@sitroom/shared';
import { distanceToGeometryKm, PointIndex } from '../../client/src/lib/geo/nearness.js';
import { rankQueue } from '../../client/src/routes/ops/queue-order.js';

const report = (id: string, lat: number, lon: number, receivedAt: string, status: Report['status'] = 'unverified'): Report =>
  ({ id, kind: 'report', category: 'flooding', hazard: 'flood', description: id, location: { lat, lon }, receivedAt, status, updatedAt: receivedAt }) as Report;

const square = (lon: number, lat: number, d: number) => ({ type: 'Polygon', coordinates: [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]] });
const alert = (id: string, geometry: object) => ({ id, event: 'Flood Warning', areas: [{ desc: 'Valley', geometry, geocodes: [] }] }) as unknown as Alert;

describe('distanceToGeometryKm', () => {
  it('is 0 inside a polygon and the distance to the nearest edge outside', () => {
    expect(distanceToGeometryKm({ lat: 50, lon: 7 }, square(7, 50, 0.1))).toBe(0);
    expect(distanceToGeometryKm({ lat: 50, lon: 7.2 }, square(7, 50, 0.1))).toBeCloseTo(0.1 * 111.32 * Math.cos((50 * Math.PI) / 180), 0);
  });

  it('handles polygons across the antimeridian', () => {
    const across = { type: 'Polygon', coordinates: [[[179.5, -1], [-179.5, -1], [-179.5, 1], [179.5, 1], [179.5, -1]]] };
    expect(distanceToGeometryKm({ lat: 0, lon: 179.9 }, across)).toBe(0);
    expect(distanceToGeometryKm({ lat: 0, lon: -179.9 }, across)).toBe(0);
  });
});

describe('PointIndex', () => {
  it('finds the nearest item within range, across the antimeridian too', () => {
    const index = new PointIndex([{ id: 'a', at: { lat: 0, lon: 179.99 } }, { id: 'b', at: { lat: 1, lon: 0 } }], (x) => x.at);
    expect(index.nearest({ lat: 0, lon: -179.99 }, 5)?.item.id).toBe('a');
    expect(index.nearest({ lat: 0, lon: 0 }, 5)).toBeNull();
  });
});

describe('rankQueue', () => {
  it('puts reports near a live alert or a verified report first, each band newest first', () => {
    const far = report('far-newest', 10, 10, '2026-01-01T12:00:00Z');
    const inside = report('inside-alert', 50, 7, '2026-01-01T10:00:00Z');
    const nearVerified = report('near-verified', 40, 3, '2026-01-01T11:00:00Z');
    const verified = new PointIndex([report('v', 40.02, 3, '2026-01-01T09:00:00Z', 'verified')], (r) => r.location);
    const queue = rankQueue([far, inside, nearVerified], { alerts: [alert('al', square(7, 50, 0.2))], incidents: [], verified });
    expect(queue.map((q) => q.report.id)).toEqual(['near-verified', 'inside-alert', 'far-newest']);
    expect(queue[1]!.near).toMatchObject({ kind: 'alert', km: 0 });
    expect(queue[0]!.near?.kind).toBe('report');
    expect(queue[2]!.near).toBeNull();
  });
});
