import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import type { Caller } from './caller.js';
import { SessionsRepository, type SessionRecord } from './sessions.repository.js';
import { hashToken, TokensService } from './tokens.service.js';

export const SESSION_COOKIE = 'sitroom_session';
export const CSRF_HEADER = 'x-csrf-token';
const SESSION_SECONDS = 12 * 60 * 60; // one long EOC shift

/**
 * Sign-in for people in browsers: the token is exchanged once for an httpOnly, SameSite=Strict
 * session cookie, so no script on the page can read a credential. Writes made with the cookie must
 * also carry the session's CSRF value in a header, which a cross-site page cannot read or set.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly tokens: TokensService,
  ) {}

  async signIn(token: string): Promise<{ sessionId: string; session: SessionRecord; maxAge: number }> {
    const caller = await this.tokens.resolve(token);
    if (!caller.tokenId || caller.role === 'public') throw new AppError('unauthorized', 'That token is not valid.');
    const sessionId = randomBytes(32).toString('base64url');
    const session: SessionRecord = { tokenId: caller.tokenId, role: caller.role, org: caller.org, csrf: randomBytes(24).toString('base64url'), createdAt: new Date().toISOString() };
    await this.sessions.save(hashToken(sessionId), session, SESSION_SECONDS);
    return { sessionId, session, maxAge: SESSION_SECONDS };
  }

  async signOut(sessionId: string | undefined): Promise<void> {
    if (sessionId) await this.sessions.delete(hashToken(sessionId));
  }

  /** The session behind a cookie, or null; a session whose token was revoked is gone with it. */
  async find(sessionId: string | undefined): Promise<SessionRecord | null> {
    if (!sessionId) return null;
    const hash = hashToken(sessionId);
    const session = await this.sessions.find(hash);
    if (!session) return null;
    if (!(await this.tokens.exists(session.tokenId))) {
      await this.sessions.delete(hash);
      return null;
    }
    return session;
  }

  /**
   * Resolves an HTTP request or WebSocket handshake. A bearer token wins; else the session cookie,
   * for which unsafe methods must carry the CSRF header.
   */
  async resolve(req: { bearer: string | undefined; cookie: string | undefined; method?: string; csrf?: string | undefined }): Promise<Caller> {
    if (req.bearer !== undefined) return this.tokens.resolve(req.bearer);
    const sessionId = cookieValue(req.cookie, SESSION_COOKIE);
    if (!sessionId) return this.tokens.resolve(undefined);
    const session = await this.find(sessionId);
    if (!session) throw new AppError('unauthorized', 'Your session has ended; sign in again.');
    if (req.method && !['GET', 'HEAD', 'OPTIONS'].includes(req.method.toUpperCase()) && req.csrf !== session.csrf) {
      throw new AppError('forbidden', `Missing or wrong ${CSRF_HEADER} header for a cookie-authenticated write.`);
    }
    return { tokenId: session.tokenId, role: session.role, org: session.org };
  }
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}
