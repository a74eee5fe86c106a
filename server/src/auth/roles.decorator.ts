import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Audience } from '@sitroom/shared';
import { AppError } from '../errors/app-error.js';
import type { Caller as CallerT } from './caller.js';

export const ROLES_KEY = 'sitroom:roles';
export const IGNORE_SESSION_KEY = 'sitroom:ignore-session';

/**
 * The route ignores the console's session cookie (a bearer token still counts): signing in anew, and
 * the public report form, which a signed-in operator's browser must be able to use as the public.
 */
export const IgnoreSession = () => SetMetadata(IGNORE_SESSION_KEY, true);

/** Restricts a route to these roles; a route without it is open to the public. */
export const Roles = (...roles: Audience[]) => SetMetadata(ROLES_KEY, roles);

/** The resolved caller of an HTTP request (set by AuthGuard). */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): CallerT => ctx.switchToHttp().getRequest().caller);
export type Caller = CallerT;

/** The same rule for every edge: no token → 401, a token of the wrong role → 403. */
export function requireRole(caller: CallerT, roles: readonly Audience[]): void {
  if (roles.includes(caller.role)) return;
  if (caller.role === 'public') throw new AppError('unauthorized', 'This needs a token: send Authorization: Bearer <token>.');
  throw new AppError('forbidden', `The ${caller.role} role may not do this (allowed: ${roles.join(', ')}).`);
}
