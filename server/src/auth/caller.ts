import type { Audience } from '@sitroom/shared';

/** Who is asking: resolved once per request or connection from the bearer token. */
export interface Caller {
  /** null for the public (no token); `env-admin` for ADMIN_TOKEN. */
  tokenId: string | null;
  role: Audience;
  org: string | null;
}

export const PUBLIC_CALLER: Caller = Object.freeze({ tokenId: null, role: 'public', org: null });
