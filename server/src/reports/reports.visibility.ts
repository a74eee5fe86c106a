import { coarsen, type Report } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';

/**
 * What each audience may see of a report:
 * - operators and admins: everything, including the reporter's contact and who decided;
 * - viewers and agencies: unverified and verified reports (the client marks unverified ones), no contact;
 * - the public and businesses: verified reports only, located to about 500 m, no contact.
 * Rejected and duplicate reports are seen by operators and admins only.
 */
export function reportAsSeenBy(report: Report, caller: Pick<Caller, 'role'>): Report | null {
  switch (caller.role) {
    case 'admin':
    case 'operator':
      return report;
    case 'viewer':
    case 'agency':
      if (report.status !== 'unverified' && report.status !== 'verified') return null;
      return withoutContact(report);
    default:
      if (report.status !== 'verified') return null;
      return { ...withoutContact(report), location: coarsen(report.location) };
  }
}

/** Drops what identifies people: the reporter's contact and which operator token decided. */
function withoutContact(report: Report): Report {
  if (report.contact === undefined && !report.decision?.by) return report;
  const { contact: _hidden, decision, ...rest } = report;
  if (!decision) return rest;
  const { by: _who, ...publicDecision } = decision;
  return { ...rest, decision: publicDecision };
}
