import { describe, expect, it } from 'vitest';
import { FusionEngine, type Signal } from './fusion-engine.js';

const T = (min: number) => new Date(Date.parse('2026-11-30T10:00:00Z') + min * 60_000).toISOString();
const km = (lat: number, lon: number, dxKm: number, dyKm: number) => ({ lat: lat + dyKm / 111.32, lon: lon + dxKm / (111.32 * Math.cos((lat * Math.PI) / 180)) });

let n = 0;
const report = (over: Partial<Signal> = {}): Signal => ({
  kind: 'report', id: `r${++n}`, hazard: 'flood', point: { lat: 51.05, lon: 13.74 }, area: null, at: T(0), org: null, official: false, live: true,
  verified: false, cancelled: false, severity: null, label: 'flooding', identity: null, refs: [], ...over,
});
const square = (c: { lat: number; lon: number }, halfKm: number) => {
  const a = km(c.lat, c.lon, -halfKm, -halfKm);
  const b = km(c.lat, c.lon, halfKm, halfKm);
  return { type: 'MultiPolygon', coordinates: [[[[a.lon, a.lat], [b.lon, a.lat], [b.lon, b.lat], [a.lon, b.lat], [a.lon, a.lat]]]] };
};
const alert = (over: Partial<Signal> = {}): Signal => ({
  kind: 'alert', id: `a${++n}`, hazard: 'flood', point: { lat: 51.05, lon: 13.74 }, area: square({ lat: 51.05, lon: 13.74 }, 5), at: T(5), org: 'DWD', official: true,
  live: true, verified: false, cancelled: false, severity: 'Severe', label: 'Flood warning for Dresden', identity: `dwd|${n}`, refs: [], ...over,
});

describe(FusionEngine.name, () => {
  it('makes twenty reports of one flooded street and the district flood warning one incident with 21 sources', () => {
    const e = new FusionEngine();
    for (let i = 0; i < 20; i++) e.fuse(report({ point: km(51.05, 13.74, (i % 5) * 0.05, Math.floor(i / 5) * 0.05), at: T(i) }));
    e.fuse(alert());
    expect(e.incidents.size).toBe(1);
    const [{ incident }] = [...e.incidents.values()];
    expect(incident).toMatchObject({ hazard: 'flood', status: 'active', severity: 'Severe', title: 'Flood warning for Dresden', counts: { reports: 20, alerts: 1, sources: 21 } });
    // The incident itself lists the official source and the latest dozen reports (its changes go to every wall).
    expect(incident.sources.filter((s) => s.kind === 'alert')).toHaveLength(1);
    expect(incident.sources.filter((s) => s.kind === 'report').map((s) => s.id)).toEqual(e.incidents.get(incident.id)!.members.filter((m) => m.kind === 'report').slice(-12).map((m) => m.id));
    expect(incident.geometry!.type).toBe('MultiPolygon'); // the official area wins over the report cluster
  });

  it('keeps two building fires a town apart as two incidents', () => {
    const e = new FusionEngine();
    e.fuse(report({ hazard: 'structure-fire', label: 'building-fire', point: { lat: 51.05, lon: 13.74 } }));
    e.fuse(report({ hazard: 'structure-fire', label: 'building-fire', point: km(51.05, 13.74, 3, 0), at: T(2) }));
    e.fuse(report({ hazard: 'structure-fire', label: 'building-fire', point: km(51.05, 13.74, 0.05, 0), at: T(3) }));
    expect([...e.incidents.values()].map((s) => s.incident.sources.length).sort()).toEqual([1, 2]);
  });

  it('keeps different hazards apart even at the same place, and the same hazard apart in time', () => {
    const e = new FusionEngine();
    e.fuse(report({ hazard: 'structure-fire', label: 'building-fire' }));
    e.fuse(report({ hazard: 'transport-accident', label: 'road-blocked' }));
    e.fuse(report({ hazard: 'structure-fire', label: 'building-fire', at: T(60 * 24) }));
    expect(e.incidents.size).toBe(3);
  });

  it('gathers a report anywhere inside the official area, beyond the distance rule', () => {
    const e = new FusionEngine();
    e.fuse(report());
    e.fuse(alert());
    const far = e.fuse(report({ point: km(51.05, 13.74, 4.5, 4.5), at: T(30) }));
    expect(e.incidents.size).toBe(1);
    expect(far.incidentId).toBe([...e.incidents.keys()][0]);
  });

  it('follows an Update to its predecessor incident, and cancels an incident whose only source is cancelled', () => {
    const e = new FusionEngine();
    const first = alert({ hazard: 'earthquake', point: { lat: 32.95, lon: -115.55 }, area: null, identity: 'usgs|TRI1' });
    const { incidentId } = e.fuse(first);
    const update = e.fuse(alert({ hazard: 'earthquake', point: { lat: 40, lon: -100 }, area: null, identity: 'usgs|TRI2', refs: ['usgs|TRI1'] }));
    expect(update.incidentId).toBe(incidentId);
    const e2 = new FusionEngine();
    const a = alert();
    e2.fuse(a);
    e2.fuse({ ...a, live: false, cancelled: true });
    expect([...e2.incidents.values()][0]!.incident.status).toBe('cancelled');
  });

  it('takes a rejected report out of its incident', () => {
    const e = new FusionEngine();
    const r1 = report();
    e.fuse(r1);
    e.fuse(report({ point: km(51.05, 13.74, 0.2, 0) }));
    e.fuse({ ...r1, live: false });
    expect([...e.incidents.values()][0]!.incident.counts.reports).toBe(1);
    expect(e.assignment.has(`report:${r1.id}`)).toBe(false);
  });

  it('caps public-only severity until verified, and lets official severity win', () => {
    const e = new FusionEngine();
    const r = report();
    e.fuse(r);
    const state = () => [...e.incidents.values()][0]!.incident;
    expect(state()).toMatchObject({ severity: 'Minor', status: 'unconfirmed' });
    e.fuse({ ...r, verified: true });
    expect(state()).toMatchObject({ severity: 'Moderate', status: 'confirmed' });
    e.fuse(alert({ severity: 'Extreme' }));
    expect(state()).toMatchObject({ severity: 'Extreme', status: 'active' });
  });

  it('grows confidence with independent sources and weighs old ones less', () => {
    const e = new FusionEngine();
    e.fuse(report());
    const one = [...e.incidents.values()][0]!.incident.confidence;
    e.fuse(report({ point: km(51.05, 13.74, 0.1, 0) }));
    const two = [...e.incidents.values()][0]!.incident.confidence;
    expect(two).toBeGreaterThan(one);
    const fresh = new FusionEngine();
    fresh.fuse(report());
    fresh.fuse(report({ point: km(51.05, 13.74, 0.1, 0), at: T(60 * 20) })); // the first is now 20 h old
    expect([...fresh.incidents.values()][0]!.incident.confidence).toBeLessThan(two);
  });

  it('gives the same incidents for the same signals in the same order', () => {
    const signals: Signal[] = [];
    for (let i = 0; i < 30; i++) signals.push(report({ id: `s${i}`, point: km(51.05, 13.74, (i * 37) % 11, (i * 53) % 7), at: T(i * 7), hazard: i % 3 ? 'flood' : 'structure-fire' }));
    const run = () => {
      const e = new FusionEngine();
      for (const s of signals) e.fuse(s);
      return JSON.stringify([...e.incidents.values()].map((s) => s.incident).sort((a, b) => a.id.localeCompare(b.id)));
    };
    expect(run()).toBe(run());
  });

  it('never undoes an operator: a split source stays alone, a set status stays set', () => {
    const e = new FusionEngine();
    const a = report();
    const { incidentId } = e.fuse(a);
    const b = report({ point: km(51.05, 13.74, 0.1, 0) });
    e.fuse(b);
    const split = e.split(incidentId!, 'report', b.id, T(10));
    expect(split.incidentId).not.toBe(incidentId);
    e.fuse({ ...b, verified: true, at: T(11) }); // an update of the split report
    expect(e.assignment.get(`report:${b.id}`)).toBe(split.incidentId);
    e.setStatus(incidentId!, 'resolved', T(12));
    e.fuse({ ...a, verified: true, at: T(13) });
    expect(e.incidents.get(incidentId!)!.incident.status).toBe('resolved');
  });

  it('merges two incidents on an operator request and keeps them merged', () => {
    const e = new FusionEngine();
    const { incidentId: x } = e.fuse(report());
    const { incidentId: y } = e.fuse(report({ point: km(51.05, 13.74, 10, 0) }));
    const out = e.merge(x!, y!, T(20));
    expect(out.changed.find((s) => s.incident.id === y)!.incident).toMatchObject({ mergedInto: x, status: 'cancelled' });
    expect(e.incidents.get(x!)!.incident.sources).toHaveLength(2);
    expect(e.incidents.get(x!)!.incident.sources.every((s, i) => i === 0 || s.by === 'operator')).toBe(true);
  });
});
