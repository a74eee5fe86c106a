import type { Audience } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';
import { requireRole } from '../auth/roles.decorator.js';
import { AppError } from '../errors/app-error.js';
import type { GqlContext } from './graphql-caller.js';

/** The caller of a GraphQL operation; a refused token fails the operation rather than reading as the public. */
export function callerOf(ctx: GqlContext, roles?: readonly Audience[]): Caller {
  if (ctx.authError) throw new AppError(ctx.authError.code as 'unauthorized', ctx.authError.message);
  if (roles) requireRole(ctx.caller, roles);
  return ctx.caller;
}
