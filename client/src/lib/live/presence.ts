import type { ClientToServerEvents, Page, Presence, PresenceTarget } from '@sitroom/shared';
import { ApiError, requestJson } from '../api/http';

export type { Presence, PresenceTarget };
export type PresenceViewer = Presence['viewers'][number];

/** Client → server: sent on open, `null` on close, and again every PRESENCE_HEARTBEAT_MS. */
export type PresenceClientEvents = Pick<ClientToServerEvents, 'presence'>;

/** The server forgets a viewer that stops re-announcing (a closed laptop lid sends no `null`). */
export const PRESENCE_HEARTBEAT_MS = 20_000;

export function presenceKey(entity: string, id: string): string {
  return `${entity}:${id}`;
}

/** Who has it open, other than this session: by token id, or by org when the session does not say its token. */
export function otherViewers(presence: Presence | undefined, me: { tokenId: string | null; org: string | null }): PresenceViewer[] {
  if (!presence) return [];
  return presence.viewers.filter((v) => (me.tokenId ? v.tokenId !== me.tokenId : v.org !== me.org));
}

/** `GET /api/presence`: one entry per open entity, unpaged; null where the server does not have it. */
export async function presenceSnapshot(signal: AbortSignal): Promise<Page<Presence> | null> {
  try {
    return await requestJson<Page<Presence>>('/api/presence', { signal });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

/**
 * Keeps the server told what this page has open: on every change, on every reconnect (a new
 * connection starts with nothing open), and on a heartbeat so the server can expire silent viewers.
 */
export class PresenceAnnouncer {
  #current: PresenceTarget | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #send: (target: PresenceTarget | null) => void;

  constructor(send: (target: PresenceTarget | null) => void) {
    this.#send = send;
  }

  set(target: PresenceTarget | null): void {
    if (target?.id === this.#current?.id && target?.entity === this.#current?.entity) return;
    this.#current = target;
    this.#send(target);
    clearInterval(this.#timer);
    if (target) this.#timer = setInterval(() => this.#send(this.#current), PRESENCE_HEARTBEAT_MS);
  }

  /** After a reconnect. */
  announce(): void {
    if (this.#current) this.#send(this.#current);
  }

  stop(): void {
    clearInterval(this.#timer);
    if (this.#current) this.#send(null);
    this.#current = null;
  }
}
