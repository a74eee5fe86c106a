import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Audience } from '@sitroom/shared';
import { IGNORE_SESSION_KEY, ROLES_KEY, requireRole } from './roles.decorator.js';
import { CSRF_HEADER, SessionsService } from './sessions.service.js';
import { bearerFrom } from './tokens.service.js';

/** Global HTTP guard: resolves the caller for every request and enforces @Roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true; // GraphQL resolvers and the gateway authorise themselves
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; method: string; caller?: unknown }>();
    const ignoreSession = this.reflector.getAllAndOverride<boolean | undefined>(IGNORE_SESSION_KEY, [ctx.getHandler(), ctx.getClass()]);
    const caller = await this.sessions.resolve({
      bearer: bearerFrom(req.headers.authorization),
      cookie: ignoreSession ? undefined : req.headers.cookie,
      method: req.method,
      csrf: req.headers[CSRF_HEADER],
    });
    req.caller = caller;
    const roles = this.reflector.getAllAndOverride<Audience[] | undefined>(ROLES_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (roles) requireRole(caller, roles);
    return true;
  }
}
