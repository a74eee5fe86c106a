import type { Alert, Change, Commitment, EntityKind, FeedState, Incident, Need, Offer, Report } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';
import { reportAsSeenBy } from '../reports/reports.visibility.js';
import { offerAsSeenBy } from '../offers/offers.visibility.js';
import { commitmentAsSeenBy, needAsSeenBy } from '../needs/needs.visibility.js';
import { alertAsSeenBy } from '../alerts/alerts.visibility.js';
import { feedAsSeenBy } from '../feeds/feeds.visibility.js';
import { incidentAsSeenBy } from '../incidents/incidents.visibility.js';
import type { StreamChange } from '../changes/stream-change.js';

type View = (data: Record<string, unknown>, caller: Pick<Caller, 'role' | 'org'>) => Record<string, unknown> | null;

/** Each entity kind's "as seen by" rule, owned by its domain; an entity without one is operators-only. */
const VIEWS: Partial<Record<EntityKind, View>> = {
  report: (d, c) => reportAsSeenBy(d as unknown as Report, c) as unknown as Record<string, unknown> | null,
  offer: (d, c) => offerAsSeenBy(d as unknown as Offer, c) as unknown as Record<string, unknown> | null,
  need: (d, c) => needAsSeenBy(d as unknown as Need, c) as unknown as Record<string, unknown> | null,
  commitment: (d, c) => commitmentAsSeenBy(d as unknown as Commitment, c) as unknown as Record<string, unknown> | null,
  alert: (d, c) => alertAsSeenBy(d as unknown as Alert, c) as unknown as Record<string, unknown> | null,
  feed: (d, c) => feedAsSeenBy(d as unknown as FeedState, c) as unknown as Record<string, unknown> | null,
  incident: (d, c) => incidentAsSeenBy(d as unknown as Incident, c) as unknown as Record<string, unknown> | null,
};

const operatorsOnly: View = (d, c) => (c.role === 'operator' || c.role === 'admin' ? d : null);

/**
 * Turns a stream change into what this receiver may see, or null to send nothing. Checked on every
 * event, not at connect: a report rejected after a wall connected leaves that wall as a `remove`.
 */
export function changeAsSeenBy(change: StreamChange, caller: Pick<Caller, 'role' | 'org'>): Change | null {
  if (change.entity === 'token') return null;
  const view = VIEWS[change.entity] ?? operatorsOnly;
  const id = change.data.id as string;
  if (change.op === 'remove') {
    const before = change.prev ?? change.data;
    return view(before, caller) ? { id: change.id, entity: change.entity, op: 'remove', data: { id } } : null;
  }
  const now = view(change.data, caller);
  if (now) return { id: change.id, entity: change.entity, op: 'upsert', data: now };
  if (change.prev && view(change.prev, caller)) return { id: change.id, entity: change.entity, op: 'remove', data: { id } };
  return null;
}
