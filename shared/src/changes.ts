import { z } from 'zod';
import { BboxTuple, type Bbox } from './geo.js';

/** Entities that travel on the change feed. */
export const ENTITY_KINDS = ['report', 'alert', 'offer', 'need', 'commitment', 'incident', 'feed', 'presence'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** The plural route segment for each entity (`/api/reports`) and its entity kind. */
export const ENTITY_ROUTES = { reports: 'report', alerts: 'alert', offers: 'offer', needs: 'need', commitments: 'commitment', incidents: 'incident' } as const;

/** A change id is a Redis Stream id: `<ms>-<seq>`, strictly increasing. */
export const ChangeId = z.string().regex(/^\d{1,20}-\d{1,20}$/, 'must be a change id like 1764460000000-0');

export interface Change<T = unknown> {
  id: string;
  entity: EntityKind;
  op: 'upsert' | 'remove';
  data: T;
}

export interface Page<T> {
  items: T[];
  /** The change id this snapshot is consistent with: resume the live feed after it. */
  cursor: string;
}

/** Compares two change ids numerically (string comparison fails across digit counts). */
export function compareChangeIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  if (am !== bm) return am < bm ? -1 : 1;
  return as === bs ? 0 : as < bs ? -1 : 1;
}

export const Subscription = z.strictObject({
  entities: z.array(z.enum(ENTITY_KINDS)).optional(),
  bbox: BboxTuple.optional(),
});
export type Subscription = { entities?: EntityKind[]; bbox?: Bbox };

export type ResyncReason = 'since_too_old' | 'too_slow';

/** Socket.IO events, server to client. Both ends type their sockets with these maps. */
export interface ServerToClientEvents {
  changes: (batch: Change[]) => void;
  resync: (info: { reason: ResyncReason }) => void;
  /** Sent once on connect and every heartbeat: lets a wall tell "quiet" from "disconnected". */
  heartbeat: (info: { cursor: string; serverTime: string }) => void;
}

export interface ClientToServerEvents {
  subscribe: (sub: Subscription, ack?: (res: { ok: true } | { ok: false; error: ErrorBody['error'] }) => void) => void;
  /** Operators: the entity this console has open (null: none). Re-sent every 20 s as a heartbeat. */
  presence: (open: PresenceTarget | null, ack?: (res: { ok: true } | { ok: false; error: ErrorBody['error'] }) => void) => void;
}

export const PresenceTarget = z.strictObject({
  entity: z.enum(['report', 'alert', 'offer', 'need', 'incident']),
  id: z.string().min(1).max(100),
});
export type PresenceTarget = z.infer<typeof PresenceTarget>;

/** Who has an entity open right now (entity `presence` on the change feed; operators and admins only). */
export interface Presence {
  /** `<entity>:<entityId>` */
  id: string;
  entity: PresenceTarget['entity'];
  entityId: string;
  viewers: { tokenId: string | null; org: string | null; since: string }[];
}

export interface ErrorBody {
  error: { code: string; message: string; fields?: { path: string; message: string }[] };
}
