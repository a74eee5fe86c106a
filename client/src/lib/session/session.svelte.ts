import type { Role } from '@sitroom/shared';
import { ApiError, requestJson, type RequestOptions } from '../api/http';

export interface SessionInfo {
  role: Role;
  org: string | null;
  csrf: string;
  /** Which token this session was opened with: tells "me" from colleagues in presence lists. */
  tokenId?: string;
}

export type SessionState = 'checking' | 'signed-out' | 'signed-in';

const CSRF_HEADER = 'x-csrf-token';

/**
 * A person's browser session: the token is exchanged once for an httpOnly cookie the page cannot
 * read; what the page keeps is the CSRF value, sent on every write, and who it is signed in as.
 */
export class Session {
  #state = $state<SessionState>('checking');
  #info = $state.raw<SessionInfo | null>(null);
  #message = $state<string | null>(null);

  get state(): SessionState { return this.#state; }
  get info(): SessionInfo | null { return this.#info; }
  get role(): Role | null { return this.#info?.role ?? null; }
  get org(): string | null { return this.#info?.org ?? null; }
  get tokenId(): string | null { return this.#info?.tokenId ?? null; }
  /** Why the person is looking at the sign-in form (a refused token, an ended session), if not the first visit. */
  get message(): string | null { return this.#message; }

  /** Asks the server whether the cookie still holds a session. */
  async restore(): Promise<void> {
    try {
      this.#signedIn(await requestJson<SessionInfo>('/api/session'));
    } catch (err) {
      this.#info = null;
      this.#state = 'signed-out';
      if (!(err instanceof ApiError && err.status === 401)) this.#message = describe(err);
    }
  }

  /** Returns an error message to show, or null once signed in. */
  async signIn(token: string): Promise<string | null> {
    try {
      // Signing in over a live session (another token, from a link) is a cookie-authenticated write: it needs that session's CSRF value.
      const current = this.#info ?? (await requestJson<SessionInfo>('/api/session').catch(() => null));
      const headers = current ? { [CSRF_HEADER]: current.csrf } : undefined;
      this.#signedIn(await requestJson<SessionInfo>('/api/session', { method: 'POST', body: { token: token.trim() }, headers }));
      return null;
    } catch (err) {
      return err instanceof ApiError && (err.status === 401 || err.status === 400) ? 'That token was not accepted. Check it and try again.' : describe(err);
    }
  }

  async signOut(): Promise<void> {
    try {
      await this.request('/api/session', { method: 'DELETE' });
    } catch {
      // The cookie may already be gone; signed out either way.
    }
    this.#info = null;
    this.#message = 'You are signed out.';
    this.#state = 'signed-out';
  }

  /** The server no longer knows this session (expired, or its token revoked). */
  ended(): void {
    if (this.#state !== 'signed-in') return;
    this.#info = null;
    this.#message = 'Your session has ended. Sign in again.';
    this.#state = 'signed-out';
  }

  /** A request with the session: the cookie goes by itself, the CSRF header on every write. */
  async request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    const write = opts.method !== undefined && opts.method !== 'GET';
    const headers = write && this.#info ? { ...opts.headers, [CSRF_HEADER]: this.#info.csrf } : opts.headers;
    try {
      return await requestJson<T>(path, { ...opts, headers });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) this.ended();
      throw err;
    }
  }

  #signedIn(info: SessionInfo): void {
    this.#info = info;
    this.#message = null;
    this.#state = 'signed-in';
  }
}

function describe(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'SitRoom is not answering. Check the connection and try again.';
}
