import type { Alert } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';
import { isLive } from './alert-lifecycle.js';

/**
 * What each audience may see of an alert:
 * - operators and admins: every alert, of every status and state (tests, exercises, drafts, history),
 *   each labelled by its CAP `status`;
 * - everyone else (viewers' walls, agencies, businesses, the public): live alerts only (status
 *   Actual, an Alert or Update, state active), so a test or an ended warning is never shown as real.
 *   Scope narrows it further: Restricted alerts reach viewers and agencies only, Private ones nobody
 *   but operators (SitRoom does not resolve CAP `addresses`).
 * The rule depends on the role alone: receivers of one role share one view (see live/audience.ts).
 */
export function alertAsSeenBy(alert: Alert, caller: Pick<Caller, 'role'>): Alert | null {
  if (caller.role === 'admin' || caller.role === 'operator') return alert;
  if (!isLive(alert)) return null;
  if (alert.scope === 'Public') return alert;
  if (alert.scope === 'Restricted' && (caller.role === 'viewer' || caller.role === 'agency')) return alert;
  return null;
}
