import type { AuditEntry } from '@sitroom/shared';
import type { Session } from '../../lib/session/session.svelte';
import { categoryLabel } from '../../lib/components/labels';

/** The kinds with an entity page, and their list route. */
export const ENTITY_PATHS: Record<string, string> = {
  report: 'reports',
  alert: 'alerts',
  offer: 'offers',
  need: 'needs',
  commitment: 'commitments',
  incident: 'incidents',
};

export type Entity = Record<string, unknown> & { id: string; kind?: string };

/** `/ops/entity/<kind>/<id>` → its parts, or null for any other address. */
export function entityFromPath(pathname: string): { kind: string; id: string } | null {
  const m = /^\/ops\/entity\/([^/]+)\/([^/]+)\/?$/.exec(pathname);
  if (!m) return null;
  try {
    return { kind: decodeURIComponent(m[1]!), id: decodeURIComponent(m[2]!) };
  } catch {
    return null; // a malformed %-escape
  }
}

export function entityHref(kind: string, id: string): string {
  return `/ops/entity/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`;
}

export function fetchEntity(session: Session, kind: string, id: string, signal: AbortSignal): Promise<Entity> {
  return session.request<Entity>(`/api/${ENTITY_PATHS[kind]}/${encodeURIComponent(id)}`, { signal });
}

/**
 * An incident's every source: the incident itself lists its official sources and only the latest
 * reports (its changes go to every wall), so the page asks for the whole list.
 */
export async function fetchSources(session: Session, id: string, signal: AbortSignal): Promise<Entity[]> {
  const { items } = await session.request<{ items: Entity[] }>(`/api/incidents/${encodeURIComponent(id)}/sources?limit=10000`, { signal });
  return items;
}

export async function fetchHistory(session: Session, kind: string, id: string, signal: AbortSignal): Promise<AuditEntry[]> {
  const query = new URLSearchParams({ entity: kind, id, limit: '1000' });
  const { items } = await session.request<{ items: AuditEntry[] }>(`/api/audit?${query}`, { signal });
  return items;
}

export interface Link {
  kind: string;
  id: string;
  org?: string | null;
  /** How it relates: "source", "duplicate of", … */
  role: string;
}

/**
 * Where this entity came from and what it points at: an incident's `sources`, and the reference
 * fields other kinds carry (a report's incident and the report it duplicates, the alert that ended
 * an alert, a commitment's offer and need).
 */
export function relatedOf(entity: Entity, allSources?: Entity[] | null): Link[] {
  const links: Link[] = [];
  const sources = allSources ?? entity.sources;
  if (Array.isArray(sources)) {
    for (const s of sources as { kind?: unknown; id?: unknown; org?: unknown }[]) {
      if (typeof s?.kind === 'string' && typeof s.id === 'string') links.push({ kind: s.kind, id: s.id, org: typeof s.org === 'string' ? s.org : null, role: 'source' });
    }
  }
  const ref = (value: unknown, kind: string, role: string) => {
    if (typeof value === 'string' && value) links.push({ kind, id: value, role });
  };
  ref(entity.incidentId, 'incident', 'part of incident');
  ref((entity.decision as { duplicateOf?: unknown } | undefined)?.duplicateOf, 'report', 'duplicate of');
  ref(entity.endedBy, 'alert', 'ended by');
  ref(entity.offerId, 'offer', 'offer');
  ref(entity.needId, 'need', 'need');
  return links;
}

/** A short title for the page heading, whatever the kind. */
export function titleOf(entity: Entity, kind: string): string {
  if (kind === 'report' && typeof entity.category === 'string') return categoryLabel(entity.category);
  const text = (k: string) => (typeof entity[k] === 'string' && entity[k] ? (entity[k] as string) : null);
  return text('title') ?? text('headline') ?? text('event') ?? text('category') ?? text('resourceType') ?? `${kind} ${entity.id}`;
}
