import type { Caller } from '../auth/caller.js';

/** The GraphQL context: who is asking (resolved from the HTTP header or graphql-ws connectionParams). */
export interface GqlContext {
  caller: Caller;
  /** The client address of an HTTP operation, for the public intake limit. */
  ip: string | null;
  /** Set when the presented token was refused; resolvers then answer `unauthorized`. */
  authError?: { code: string; message: string };
}
