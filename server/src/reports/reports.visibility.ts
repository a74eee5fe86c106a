import { coarsen, type Report } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';

/**
 * What each audience may see of a report:
 * - operators and admins: everything, including the reporter's contact;
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

function withoutContact(report: Report): Report {
  if (report.contact === undefined) return report;
  const { contact: _hidden, ...rest } = report;
  return rest;
}
