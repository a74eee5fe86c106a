import type { Commitment, Need } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';

/**
 * What each audience may see of a need:
 * - operators and admins: every need;
 * - viewers (the wall): every need except cancelled ones (a cancelled need leaves the wall as a
 *   `remove`). Met needs stay visible so the wall can count "met vs open" from the same live list;
 *   the wall's layer draws only the open and partly met ones;
 * - businesses, agencies and the public: nothing (a need can reveal where people shelter). A
 *   business learns of a need only through a commitment of its own offer.
 */
export function needAsSeenBy(need: Need, caller: Pick<Caller, 'role'>): Need | null {
  switch (caller.role) {
    case 'admin':
    case 'operator':
      return need;
    case 'viewer':
      return need.status === 'cancelled' ? null : need;
    default:
      return null;
  }
}

/**
 * What each audience may see of a commitment:
 * - operators and admins: everything, including which operator's token committed it;
 * - the business whose offer it is: its own commitments, with the committing agency's org but not
 *   the operator's token (the org is who committed; individuals stay private);
 * - viewers: every commitment, also without the token;
 * - everyone else: nothing.
 */
export function commitmentAsSeenBy(commitment: Commitment, caller: Pick<Caller, 'role' | 'org'>): Commitment | null {
  switch (caller.role) {
    case 'admin':
    case 'operator':
      return commitment;
    case 'business':
      return caller.org !== null && commitment.offerOrg === caller.org ? withoutToken(commitment) : null;
    case 'viewer':
      return withoutToken(commitment);
    default:
      return null;
  }
}

function withoutToken(c: Commitment): Commitment {
  if (c.committedByToken === undefined) return c;
  const { committedByToken: _individual, ...rest } = c;
  return rest;
}
