import { coarsen, type Incident, type IncidentSource } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';

/**
 * - operators and admins: everything;
 * - viewers and agencies: every incident that is not cancelled or merged away, unconfirmed ones
 *   included (the wall marks them);
 * - the public and businesses: confirmed and active incidents only, without the ids of public
 *   reports among their sources, located to about 500 m when all they rest on is public reports.
 */
export function incidentAsSeenBy(incident: Incident, caller: Pick<Caller, 'role'>): Incident | null {
  switch (caller.role) {
    case 'admin':
    case 'operator':
      return incident;
    case 'viewer':
    case 'agency':
      return incident.status === 'cancelled' || incident.mergedInto ? null : incident;
    default: {
      if (incident.status !== 'confirmed' && incident.status !== 'active') return null;
      const sources = incident.sources.filter((s) => sourceSeenBy(s, caller));
      const publicOnly = incident.counts.alerts === 0;
      return {
        ...incident,
        sources,
        ...(publicOnly && incident.location ? { location: coarsen(incident.location), geometry: { type: 'Point', coordinates: [coarsen(incident.location).lon, coarsen(incident.location).lat] } } : {}),
      };
    }
  }
}

/** Whether the caller may see this source of an incident it can see: the public never learns public reports' ids. */
export function sourceSeenBy(source: Pick<IncidentSource, 'kind'>, caller: Pick<Caller, 'role'>): boolean {
  return source.kind === 'alert' || ['admin', 'operator', 'viewer', 'agency'].includes(caller.role);
}
