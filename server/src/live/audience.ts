import type { Caller } from '../auth/caller.js';

/**
 * Receivers who see exactly the same thing share an audience, and each batch is viewed and
 * serialised once per audience (a Socket.IO room) instead of once per socket. Businesses see their
 * own offers' private fields, so each business org is its own audience.
 */
export function audienceOf(caller: Pick<Caller, 'role' | 'org'>): string {
  return caller.role === 'business' ? `aud:business:${caller.org ?? ''}` : `aud:${caller.role}`;
}
