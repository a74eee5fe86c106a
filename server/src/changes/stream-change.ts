import type { Actor, Change, EntityKind } from '@sitroom/shared';

/**
 * What the change stream holds. Besides the public entities it carries `token` removals, which no
 * client ever receives: they tell every instance to cut a revoked token's live connections, in order
 * with everything else.
 */
export type StreamEntity = EntityKind | 'token';

export interface StreamChange {
  id: string;
  entity: StreamEntity;
  op: Change['op'];
  /** The entity in full, as operators see it; each receiver gets its own view (see visibility.ts). */
  data: Record<string, unknown>;
  /** The entity before this change, when it existed: lets a receiver that saw it learn it is now hidden. */
  prev?: Record<string, unknown>;
  /** Fusion's write-back of `incidentId` onto a report or alert (nothing else about it changed). */
  link?: true;
}

/** A change as written: the stream entry, and who did what, for the audit log. */
export type NewStreamChange = Omit<StreamChange, 'id' | 'link'> & { audit?: { actor: Actor; action: string } };

/**
 * Stream entries are flat field lists: e(ntity), o(p), d(ata), p(rev), and w(hy) = `link` on fusion's
 * write-back of `incidentId` (see setIncidentIdsScript in changes.repository.ts).
 */
export function decodeEntry([id, fields]: [string, string[]]): StreamChange {
  const f: Record<string, string> = {};
  for (let i = 0; i < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
  return {
    id,
    entity: f.e as StreamEntity,
    op: f.o as Change['op'],
    data: JSON.parse(f.d ?? '{}'),
    ...(f.p ? { prev: JSON.parse(f.p) } : {}),
    ...(f.w === 'link' ? { link: true as const } : {}),
  };
}

/** One field of a raw stream entry, without decoding the rest. */
export function entryField(fields: string[], name: string): string | undefined {
  for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
