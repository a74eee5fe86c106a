import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Actor, IssuedToken, NewToken } from '@sitroom/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AppError } from '../errors/app-error.js';
import { PUBLIC_CALLER, type Caller } from './caller.js';
import { TokensRepository } from './tokens.repository.js';

export const ENV_ADMIN_ID = 'env-admin';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

@Injectable()
export class TokensService {
  private readonly adminHash: Buffer | null;

  constructor(
    private readonly tokens: TokensRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.adminHash = config.ADMIN_TOKEN ? Buffer.from(hashToken(config.ADMIN_TOKEN), 'hex') : null;
  }

  async issue(spec: NewToken, actor: Actor): Promise<IssuedToken> {
    // 32 random bytes: unguessable; the prefix makes a leaked token easy to spot in logs and scanners.
    const token = `srt_${randomBytes(32).toString('base64url')}`;
    const record = { id: randomUUID(), role: spec.role, org: spec.org ?? null, label: spec.label ?? null, createdAt: new Date().toISOString() };
    await this.tokens.save(hashToken(token), record, actor);
    return { id: record.id, token, role: record.role, org: record.org, label: record.label };
  }

  async revoke(id: string, actor: Actor): Promise<void> {
    if (!(await this.tokens.revoke(id, actor))) throw new AppError('not_found', `No token with id ${id}.`);
  }

  /** Resolves a presented token; a token that is present but unknown is refused, never downgraded to public. */
  async resolve(token: string | undefined | null): Promise<Caller> {
    if (!token) return PUBLIC_CALLER;
    const hash = hashToken(token);
    if (this.adminHash && timingSafeEqual(Buffer.from(hash, 'hex'), this.adminHash)) {
      return { tokenId: ENV_ADMIN_ID, role: 'admin', org: null };
    }
    const record = await this.tokens.findByHash(hash);
    if (!record) throw new AppError('unauthorized', 'The token is unknown or has been revoked.');
    return { tokenId: record.id, role: record.role, org: record.org };
  }

  /** Whether a token id is still valid (sessions end with their token). */
  exists(id: string): Promise<boolean> {
    return id === ENV_ADMIN_ID ? Promise.resolve(this.adminHash !== null) : this.tokens.exists(id);
  }

  list() {
    return this.tokens.list();
  }

  claimBootstrap(): Promise<boolean> {
    return this.tokens.claimBootstrap();
  }
}

/** Reads `Authorization: Bearer <token>`; anything else in that header is a 401, not the public. */
export function bearerFrom(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw new AppError('unauthorized', 'The Authorization header must be "Bearer <token>".');
  return m[1];
}
