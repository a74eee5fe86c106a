import { createHash } from 'node:crypto';
import { Alert, type AlertContent } from '@sitroom/shared';

/**
 * The rules of an alert's life, as pure functions (alert-lifecycle.spec.ts): identity, the next
 * version when a message arrives, and the endings (superseded, cancelled, expired).
 */

/** Identity is (sender, identifier); neither may contain whitespace (CAP 1.2 §3.2.1), so a space joins them. */
export const identityKey = (sender: string, identifier: string) => `${sender} ${identifier}`;

export function identityKeys(content: AlertContent): string[] {
  return [...new Set([content.identifier, ...(content.aliases ?? [])])].map((i) => identityKey(content.sender, i));
}

/** A new alert's id follows from its identity, so two instances storing the same new alert agree on it. */
export function alertIdFor(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 22);
}

export type AlertSource = Alert['source'];

/** Only the organisation that first delivered an alert may replace or end it. */
export function owns(alert: Alert, source: AlertSource): boolean {
  return alert.source.org === source.org;
}

/** What a wall shows as real: an actual warning (not a test, exercise, ack or error) that has not ended. */
export function isLive(alert: Pick<Alert, 'status' | 'state' | 'msgType'>): boolean {
  return alert.status === 'Actual' && alert.state === 'active' && (alert.msgType === 'Alert' || alert.msgType === 'Update');
}

const FIELD_ORDER = Object.keys(Alert.shape) as (keyof Alert)[];

/** Fixed key order, so the stored JSON of equal versions is equal text (the compare-and-set compares text). */
function canonical(alert: Alert): Alert {
  const out: Record<string, unknown> = {};
  for (const k of FIELD_ORDER) if (alert[k] !== undefined) out[k] = alert[k];
  return out as Alert;
}

/**
 * The version of an alert after `content` arrives. A Cancel message is itself cancelled (it is a
 * notice, never a warning to draw); an alert that was superseded or cancelled stays so (a late
 * re-send does not revive it); one whose Update or Cancel arrived first is born ended; one already
 * past `expires` is born expired.
 */
export function nextVersion(old: Alert | null, content: AlertContent, source: AlertSource, now: Date, id: string, referencedBy: string | null): Alert {
  let state: Alert['state'] = 'active';
  let endedBy: string | undefined;
  if (content.msgType === 'Cancel') state = 'cancelled';
  else if (old && (old.state === 'cancelled' || old.state === 'superseded')) [state, endedBy] = [old.state, old.endedBy];
  else if (referencedBy) [state, endedBy] = [referencedBy.startsWith('Cancel:') ? 'cancelled' : 'superseded', referencedBy.slice(referencedBy.indexOf(':') + 1)];
  else if (content.expires && Date.parse(content.expires) <= now.getTime()) state = 'expired';
  const { aliases: _aliases, ...fields } = content;
  return canonical({
    ...fields,
    id,
    kind: 'alert',
    source: old?.source ?? source,
    state,
    ...(endedBy ? { endedBy } : {}),
    ...(old?.incidentId ? { incidentId: old.incidentId } : {}),
    receivedAt: old?.receivedAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
  });
}

/** Equal but for the time of writing: a re-send that changes nothing writes nothing. */
export function sameVersion(a: Alert, b: Alert): boolean {
  return JSON.stringify({ ...a, updatedAt: '' }) === JSON.stringify({ ...b, updatedAt: '' });
}

/** An active alert ended by an Update or Cancel; null when there is nothing to end. */
export function endedBy(old: Alert, by: { id: string; msgType: 'Update' | 'Cancel' }, now: Date): Alert | null {
  if (old.state !== 'active' || old.id === by.id) return null;
  return canonical({ ...old, state: by.msgType === 'Cancel' ? 'cancelled' : 'superseded', endedBy: by.id, updatedAt: now.toISOString() });
}

/** An active alert past its `expires`; null when it is not (or no longer) due. */
export function expiredVersion(old: Alert, now: Date): Alert | null {
  if (old.state !== 'active' || !old.expires || Date.parse(old.expires) > now.getTime()) return null;
  return canonical({ ...old, state: 'expired', updatedAt: now.toISOString() });
}
