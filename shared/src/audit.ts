import type { Audience } from './roles.js';

/** Who did something: a token (person or machine), the public, or SitRoom itself (expiry, feeds, fusion). */
export interface Actor {
  tokenId: string | null;
  role: Audience | 'system';
  org: string | null;
}

/** One line of the append-only audit log (`GET /api/audit`). `id` is the entity's id. */
export interface AuditEntry {
  /** The audit stream entry id ("<ms>-<seq>"), for paging. */
  seq: string;
  at: string;
  actor: Actor;
  action: string;
  entity: string;
  id: string;
  before?: unknown;
  after?: unknown;
}
