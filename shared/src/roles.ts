import { z } from 'zod';

/** Roles a token can carry. `public` is the absence of a token and is never issued. */
export const ISSUABLE_ROLES = ['admin', 'operator', 'agency', 'business', 'viewer'] as const;
export const Role = z.enum(ISSUABLE_ROLES, { error: `role must be one of ${ISSUABLE_ROLES.join(', ')}` });
export type Role = z.infer<typeof Role>;
export type Audience = Role | 'public';

export const NewToken = z.strictObject({
  role: Role,
  org: z.string().trim().min(1).max(120).optional(),
  label: z.string().trim().min(1).max(200).optional(),
});
export type NewToken = z.infer<typeof NewToken>;

export interface IssuedToken {
  id: string;
  token: string;
  role: Role;
  org: string | null;
  label: string | null;
}
