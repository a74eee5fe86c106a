import { CAP_SEVERITIES, HAZARDS, REPORT_CATEGORIES, type CapSeverity, type Geometry, type Incident, type IncidentStatus, type LatLon } from '@sitroom/shared';
import { ageFactor, PUBLIC_SEVERITY_CAP, SOURCE_WEIGHT } from './correlation-rules.js';
import { hull, representativePoint } from './fusion-geometry.js';
import type { Member } from './fusion-member.js';

/**
 * Everything about an incident that follows from its members, recomputed after every change so the
 * same members always give the same incident. Ages are measured from the incident's latest signal,
 * not the wall clock, for the same reason.
 */
export function derive(prev: Incident, members: Member[]): Incident {
  // One pass over the members: an incident can hold thousands of reports, and this runs per signal.
  let latest = prev.firstSeenAt;
  let first: string | null = null;
  const official: Member[] = [];
  let reports = 0;
  let verified = 0;
  let alerts = 0;
  let firstReport: Member | null = null;
  let sumLat = 0;
  let sumLon = 0;
  let located = 0;
  for (const m of members) {
    if (m.at > latest) latest = m.at;
    if (first === null || m.at < first) first = m.at;
    if (m.kind === 'alert') alerts++;
    if (!m.live) continue;
    if (m.kind === 'alert') {
      if (m.official) official.push(m);
      continue;
    }
    reports++;
    firstReport ??= m;
    if (m.verified) verified++;
    if (m.point) {
      sumLat += m.point.lat;
      sumLon += m.point.lon;
      located++;
    }
  }
  first = first === null || first > latest ? latest : first;

  return {
    ...prev,
    hazard: official[0]?.hazard ?? prev.hazard,
    title: titleOf(official, reports, firstReport, prev),
    geometry: (geometryOf(official, members, reports, prev.geometry) as Incident['geometry']) ?? prev.geometry,
    location: located ? { lat: sumLat / located, lon: sumLon / located } : (official.map((m) => m.point ?? representativePoint(m.area)).find(Boolean) ?? prev.location),
    severity: severityOf(official, verified, prev),
    confidence: confidenceOf(members, latest),
    status: prev.pinned.status ? prev.status : statusOf(members, official.length, verified),
    sources: sourcesOf(members),
    counts: { reports, verifiedReports: verified, alerts, sources: members.length },
    firstSeenAt: first,
    lastSignalAt: latest,
  };
}

/**
 * The same result as `derive` for the common step — one more live report joining an incident that
 * has at least one report and whose official sources did not change — in time independent of the
 * incident's size: a flooded district with thousands of reports must not make each new one slower.
 * `liveOfficial` is the incident's live official alerts (kept by the engine).
 */
export function deriveWithReport(prev: Incident, members: Member[], added: Member, liveOfficial: Member[]): Incident {
  const n = prev.counts.reports;
  const latest = added.at > prev.lastSignalAt ? added.at : prev.lastSignalAt;
  const verified = prev.counts.verifiedReports + (added.verified ? 1 : 0);
  const location = added.point && prev.location ? { lat: (prev.location.lat * n + added.point.lat) / (n + 1), lon: (prev.location.lon * n + added.point.lon) / (n + 1) } : (prev.location ?? added.point);
  let geometry = prev.geometry;
  if (!liveOfficial.some((m) => m.area) && added.point) {
    // The new shape from the old shape's corners and the new point: a hull only grows.
    const corners: [number, number][] =
      prev.geometry?.type === 'Polygon' ? ((prev.geometry.coordinates as [number, number][][])[0] ?? [])
      : prev.geometry?.type === 'MultiPoint' ? (prev.geometry.coordinates as [number, number][])
      : prev.geometry?.type === 'Point' ? [prev.geometry.coordinates as [number, number]]
      : [];
    const known = new Map(corners.map(([lon, lat]) => [`${lon},${lat}`, { lon, lat }]));
    known.set(`${added.point.lon},${added.point.lat}`, added.point);
    const points = [...known.values()];
    const grown = points.length >= 3 ? hull(points) : null;
    geometry = grown
      ? { type: 'Polygon', coordinates: [grown] }
      : points.length === 1 ? { type: 'Point', coordinates: [points[0]!.lon, points[0]!.lat] } : { type: 'MultiPoint', coordinates: points.map((p) => [p.lon, p.lat]) };
  }
  const firstReport = members.find((m) => m.kind === 'report' && m.live) ?? added;
  const sources = [...prev.sources, { kind: added.kind, id: added.id, org: added.org, addedAt: added.addedAt, by: added.by }];
  if (n + 1 > SOURCES_SHOWN) sources.splice(sources.findIndex((s) => s.kind === 'report'), 1);
  return {
    ...prev,
    title: titleOf(liveOfficial, n + 1, firstReport, prev),
    geometry,
    location,
    severity: severityOf(liveOfficial, verified, prev),
    confidence: confidenceOf(members, latest),
    status: prev.pinned.status ? prev.status : liveOfficial.length ? 'active' : verified ? 'confirmed' : 'unconfirmed',
    sources,
    counts: { reports: n + 1, verifiedReports: verified, alerts: prev.counts.alerts, sources: (prev.counts.sources ?? prev.sources.length) + 1 },
    firstSeenAt: added.at < prev.firstSeenAt ? added.at : prev.firstSeenAt,
    lastSignalAt: latest,
  };
}

/**
 * Every official source, and the latest SOURCES_SHOWN reports. Every change of an incident goes to
 * every wall, and a hot spot changes its incident many times a second: with 200 reports listed an
 * incident change was 25 KB and 100 walls took 2.5 MB per report. A dozen is what the wall's card
 * shows; `counts` has the totals and `GET /api/incidents/:id/sources` the whole list.
 */
export const SOURCES_SHOWN = 12;

function sourcesOf(members: Member[]): Incident['sources'] {
  const out: Incident['sources'] = [];
  let shown = 0;
  for (let i = members.length - 1; i >= 0; i--) {
    const m = members[i]!;
    if (m.kind === 'report' && shown++ >= SOURCES_SHOWN) continue;
    out.push({ kind: m.kind, id: m.id, org: m.org, addedAt: m.addedAt, by: m.by });
  }
  return out.reverse();
}

function titleOf(official: Member[], reports: number, firstReport: Member | null, prev: Incident): string {
  if (official.length) return official[0]!.label;
  if (!reports || !firstReport) return prev.title;
  const label = REPORT_CATEGORIES.find((c) => c.id === firstReport.label)?.label ?? HAZARDS.find((h) => h.id === prev.hazard)?.label ?? prev.hazard;
  return `${label} (${reports} report${reports === 1 ? '' : 's'})`;
}

function geometryOf(official: Member[], members: Member[], reports: number, prevGeometry?: Incident['geometry']): Geometry | null {
  const areas = official.map((m) => m.area).filter((a): a is Geometry => a !== null);
  if (areas.length) return areas.length === 1 ? areas[0]! : { type: 'MultiPolygon', coordinates: areas.flatMap((a) => a.coordinates as unknown[]) };
  const pointOf = (m: Member) => (m.live && (m.kind === 'report' || m.official) ? m.point : null);
  let points: LatLon[];
  if (reports > 300 && prevGeometry?.type === 'Polygon') {
    // A big cluster: the hull of the previous hull's corners and the newest points is the hull of
    // all points (a hull only grows as points are added), at a fraction of the cost.
    const ring = (prevGeometry.coordinates as [number, number][][])[0] ?? [];
    points = ring.map(([lon, lat]) => ({ lon, lat }));
    for (let i = members.length - 1, n = 0; i >= 0 && n < 50; i--) {
      const p = pointOf(members[i]!);
      if (p) (points.push(p), n++);
    }
  } else {
    points = members.map(pointOf).filter((p): p is LatLon => p !== null);
  }
  if (!points.length) return null;
  if (points.length === 1) return { type: 'Point', coordinates: [points[0]!.lon, points[0]!.lat] };
  const ring = hull(points);
  return ring ? { type: 'Polygon', coordinates: [ring] } : { type: 'MultiPoint', coordinates: points.map((p) => [p.lon, p.lat]) };
}

const rank = (s: CapSeverity) => CAP_SEVERITIES.indexOf(s); // Extreme = 0 … Unknown = 4

function severityOf(official: Member[], verified: number, prev: Incident): CapSeverity {
  const stated = official.map((m) => m.severity).filter((s): s is CapSeverity => s !== null && s !== 'Unknown');
  if (stated.length) return stated.reduce((a, b) => (rank(a) <= rank(b) ? a : b));
  if (official.length) return 'Unknown';
  if (!verified && prev.counts.reports === 0 && prev.severity !== 'Unknown') return prev.severity;
  return verified ? PUBLIC_SEVERITY_CAP.verified : PUBLIC_SEVERITY_CAP.unverified;
}

/** 1 − Π(1 − wᵢ·ageᵢ) over live sources, newest first: each independent source removes part of the remaining doubt. */
function confidenceOf(members: Member[], latest: string): number {
  let doubt = 1;
  const now = Date.parse(latest);
  // Stop once the doubt is below 0.0005: further sources only lower it, and 1 − doubt already rounds
  // to 1.000 at three decimals, so the answer is the same (this runs for every signal).
  for (let i = members.length - 1; i >= 0 && doubt >= 5e-4; i--) {
    const m = members[i]!;
    if (!m.live) continue;
    const w = m.kind === 'alert' ? (m.official ? SOURCE_WEIGHT.official : 0) : m.verified ? SOURCE_WEIGHT.verified : m.org ? SOURCE_WEIGHT.business : SOURCE_WEIGHT.public;
    const age = (now - timeOf(m)) / 3_600_000;
    doubt *= 1 - w * ageFactor(age, m.hazard);
  }
  return Math.round((1 - doubt) * 1000) / 1000;
}

/** Members never change once made (a change makes a new one), so each one's time is parsed once. */
const parsedAt = new WeakMap<Member, number>();
function timeOf(m: Member): number {
  let t = parsedAt.get(m);
  if (t === undefined) parsedAt.set(m, (t = Date.parse(m.at)));
  return t;
}

function statusOf(members: Member[], liveOfficial: number, verified: number): IncidentStatus {
  const live = members.filter((m) => m.live);
  if (!live.length) {
    const alerts = members.filter((m) => m.kind === 'alert' && m.official);
    return alerts.length && alerts.every((m) => m.cancelled) ? 'cancelled' : members.some((m) => m.kind === 'alert') ? 'resolved' : 'cancelled';
  }
  if (liveOfficial) return 'active';
  return verified ? 'confirmed' : 'unconfirmed';
}
