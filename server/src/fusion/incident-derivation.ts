import { CAP_SEVERITIES, HAZARDS, REPORT_CATEGORIES, type CapSeverity, type Geometry, type Incident, type IncidentStatus, type LatLon } from '@sitroom/shared';
import { ageFactor, PUBLIC_SEVERITY_CAP, SOURCE_WEIGHT } from './correlation-rules.js';
import { centroid, hull, representativePoint } from './fusion-geometry.js';
import type { Member } from './fusion-member.js';

/**
 * Everything about an incident that follows from its members, recomputed after every change so the
 * same members always give the same incident. Ages are measured from the incident's latest signal,
 * not the wall clock, for the same reason.
 */
export function derive(prev: Incident, members: Member[]): Incident {
  const live = members.filter((m) => m.live);
  const official = live.filter((m) => m.kind === 'alert' && m.official);
  const reports = live.filter((m) => m.kind === 'report');
  const latest = members.reduce((t, m) => (m.at > t ? m.at : t), prev.firstSeenAt);
  const first = members.reduce((t, m) => (m.at < t ? m.at : t), latest);
  const verified = reports.filter((m) => m.verified).length;

  return {
    ...prev,
    hazard: official[0]?.hazard ?? prev.hazard,
    title: titleOf(official, reports, prev),
    geometry: (geometryOf(official, reports) as Incident['geometry']) ?? prev.geometry,
    location: locationOf(official, reports) ?? prev.location,
    severity: severityOf(official, verified, prev),
    confidence: confidenceOf(live, latest),
    status: prev.pinned.status ? prev.status : statusOf(members, official.length, verified),
    sources: members.map((m) => ({ kind: m.kind, id: m.id, org: m.org, addedAt: m.addedAt, by: m.by })),
    counts: { reports: reports.length, verifiedReports: verified, alerts: members.filter((m) => m.kind === 'alert').length },
    firstSeenAt: first,
    lastSignalAt: latest,
  };
}

function titleOf(official: Member[], reports: Member[], prev: Incident): string {
  if (official.length) return official[0]!.label;
  if (!reports.length) return prev.title;
  const label = REPORT_CATEGORIES.find((c) => c.id === reports[0]!.label)?.label ?? HAZARDS.find((h) => h.id === prev.hazard)?.label ?? prev.hazard;
  return `${label} (${reports.length} report${reports.length === 1 ? '' : 's'})`;
}

function geometryOf(official: Member[], reports: Member[]): Geometry | null {
  const areas = official.map((m) => m.area).filter((a): a is Geometry => a !== null);
  if (areas.length) return areas.length === 1 ? areas[0]! : { type: 'MultiPolygon', coordinates: areas.flatMap((a) => a.coordinates as unknown[]) };
  const points = [...reports, ...official].map((m) => m.point).filter((p): p is LatLon => p !== null);
  if (!points.length) return null;
  if (points.length === 1) return { type: 'Point', coordinates: [points[0]!.lon, points[0]!.lat] };
  const ring = hull(points);
  return ring ? { type: 'Polygon', coordinates: [ring] } : { type: 'MultiPoint', coordinates: points.map((p) => [p.lon, p.lat]) };
}

function locationOf(official: Member[], reports: Member[]): LatLon | null {
  const points = reports.map((m) => m.point).filter((p): p is LatLon => p !== null);
  return centroid(points) ?? official.map((m) => m.point ?? representativePoint(m.area)).find(Boolean) ?? null;
}

const rank = (s: CapSeverity) => CAP_SEVERITIES.indexOf(s); // Extreme = 0 … Unknown = 4

function severityOf(official: Member[], verified: number, prev: Incident): CapSeverity {
  const stated = official.map((m) => m.severity).filter((s): s is CapSeverity => s !== null && s !== 'Unknown');
  if (stated.length) return stated.reduce((a, b) => (rank(a) <= rank(b) ? a : b));
  if (official.length) return 'Unknown';
  if (!verified && prev.counts.reports === 0 && prev.severity !== 'Unknown') return prev.severity;
  return verified ? PUBLIC_SEVERITY_CAP.verified : PUBLIC_SEVERITY_CAP.unverified;
}

/** 1 − Π(1 − wᵢ·ageᵢ): each independent source removes part of the remaining doubt. */
function confidenceOf(live: Member[], latest: string): number {
  let doubt = 1;
  for (const m of live) {
    const w = m.kind === 'alert' ? (m.official ? SOURCE_WEIGHT.official : 0) : m.verified ? SOURCE_WEIGHT.verified : m.org ? SOURCE_WEIGHT.business : SOURCE_WEIGHT.public;
    const age = (Date.parse(latest) - Date.parse(m.at)) / 3_600_000;
    doubt *= 1 - w * ageFactor(age, m.hazard);
  }
  return Math.round((1 - doubt) * 1000) / 1000;
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
