import { geometryBbox, REPORT_CATEGORIES, resourceLabel, type Alert, type Bbox, type Change, type FeedState, type Need, type Offer, type Report } from '@sitroom/shared';
import { incidentPoint, type Incident } from '../../lib/live/entities';
import { isUrgent, severityOf, type Severity } from '../../lib/map/severity-style';
import { KEEP } from './wall-data.svelte';

/** One line of the ticker; urgent ones also draw the wall's attention (fly to, highlight). */
export interface Notice {
  key: string;
  at: number;
  entity: string;
  id: string;
  level: 'urgent' | 'warn' | 'info' | 'good';
  severity?: Severity;
  label: string;
  text: string;
  /** Where it is, for the fly-to: a point or an area. */
  point?: [number, number];
  bbox?: Bbox;
}

const categoryLabel = (id: string) => REPORT_CATEGORIES.find((c) => c.id === id)?.label ?? id;

function alertBbox(a: Alert): Bbox | undefined {
  let box: Bbox | null = null;
  for (const area of a.areas) {
    const b = geometryBbox(area.geometry);
    if (!b) continue;
    box = box ? [Math.min(box[0], b[0]), Math.min(box[1], b[1]), Math.max(box[2], b[2]), Math.max(box[3], b[3])] : b;
  }
  return box ?? undefined;
}

/**
 * What in a change is worth a line on the ticker: new incidents and escalations, new and ended
 * official alerts, needs opened and met, offers, feeds failing and recovering, and public reports
 * (collapsed by the caller when many arrive at once). Everything else (edits, counts) is not.
 */
export function noticeOf(change: Change, before: unknown, at: number): Notice | null {
  const base = { key: change.id + change.entity + (change.data as { id: string }).id, at, entity: change.entity, id: (change.data as { id: string }).id };
  switch (change.entity) {
    case 'incident': {
      const prev = before as Incident | undefined;
      if (change.op === 'remove') return prev ? { ...base, level: 'good', label: 'Incident closed', text: prev.title } : null;
      const i = change.data as Incident;
      if (!KEEP.incident(i)) return prev ? { ...base, level: 'good', label: 'Incident closed', text: i.title } : null;
      const severity = severityOf(i.severity);
      const escalated = prev && severityOf(prev.severity) !== severity && isUrgent(severity) && !isUrgent(prev.severity);
      if (prev && !escalated) return null;
      const point = incidentPoint(i) ?? undefined;
      const bbox = geometryBbox(i.geometry) ?? undefined;
      return { ...base, level: isUrgent(severity) ? 'urgent' : 'info', severity, label: `${escalated ? 'Escalated' : 'New incident'} · ${severity}`, text: i.title, point, bbox };
    }
    case 'alert': {
      const prev = before as Alert | undefined;
      if (change.op === 'remove' || !KEEP.alert(change.data as Alert)) {
        const a = prev ?? (change.data as Alert);
        return prev ? { ...base, level: 'good', label: 'Alert ended', text: a.headline ?? a.event } : null;
      }
      if (prev) return null;
      const a = change.data as Alert;
      const severity = severityOf(a.severity);
      const bbox = alertBbox(a);
      const point: [number, number] | undefined = bbox ? [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2] : undefined;
      return { ...base, level: isUrgent(severity) ? 'urgent' : 'warn', severity, label: `Alert · ${severity}`, text: a.headline ?? a.event, point, bbox };
    }
    case 'report': {
      if (change.op === 'remove') return null;
      const r = change.data as Report;
      const prev = before as Report | undefined;
      if (!prev && r.status === 'unverified') return { ...base, level: 'info', label: 'Public report · unverified', text: categoryLabel(r.category), point: [r.location.lon, r.location.lat] };
      if (prev?.status === 'unverified' && r.status === 'verified') return { ...base, level: 'info', label: 'Report verified', text: categoryLabel(r.category), point: [r.location.lon, r.location.lat] };
      return null;
    }
    case 'need': {
      if (change.op === 'remove') return null;
      const n = change.data as Need;
      const prev = before as Need | undefined;
      const what = `${n.quantity.toLocaleString()} ${n.unit} ${resourceLabel(n.resourceType).toLowerCase()}`;
      if (!prev) return { ...base, level: 'warn', label: 'Need', text: what, point: [n.location.lon, n.location.lat] };
      if (prev.status !== 'met' && n.status === 'met') return { ...base, level: 'good', label: 'Need met', text: what };
      return null;
    }
    case 'offer': {
      if (change.op === 'remove' || before) return null;
      const o = change.data as Offer;
      return { ...base, level: 'info', label: `Offer · ${o.org}`, text: `${o.remaining.toLocaleString()} ${o.unit} ${resourceLabel(o.resourceType).toLowerCase()}` };
    }
    case 'feed': {
      if (change.op === 'remove') return null;
      const f = change.data as FeedState;
      const prev = before as FeedState | undefined;
      if (prev?.status !== 'failing' && f.status === 'failing') return { ...base, level: 'warn', label: 'Feed failing', text: `${f.org}: ${f.lastError ?? 'no answer'}` };
      if (prev?.status === 'failing' && f.status === 'ok') return { ...base, level: 'good', label: 'Feed back', text: f.org };
      return null;
    }
    default:
      return null;
  }
}

/** Turns a batch into notices, folding many public reports into one line so they cannot flood the ticker. */
export function noticesOf(changes: readonly Change[], before: ReadonlyMap<string, unknown>, at: number): Notice[] {
  const out: Notice[] = [];
  let reports: Notice[] = [];
  for (const c of changes) {
    const n = noticeOf(c, before.get(`${c.entity}:${(c.data as { id: string }).id}`), at);
    if (!n) continue;
    if (n.entity === 'report') reports.push(n);
    else out.push(n);
  }
  if (reports.length > 3) reports = [{ ...reports[0]!, key: `${reports[0]!.key}+`, label: 'Public reports', text: `${reports.length} new or verified` }];
  return [...out, ...reports];
}
