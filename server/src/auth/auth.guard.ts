import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Audience } from '@sitroom/shared';
import { ROLES_KEY, requireRole } from './roles.decorator.js';
import { bearerFrom, TokensService } from './tokens.service.js';

/** Global HTTP guard: resolves the caller for every request and enforces @Roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true; // GraphQL resolvers and the gateway authorise themselves
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; caller?: unknown }>();
    const caller = await this.tokens.resolve(bearerFrom(req.headers.authorization));
    req.caller = caller;
    const roles = this.reflector.getAllAndOverride<Audience[] | undefined>(ROLES_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (roles) requireRole(caller, roles);
    return true;
  }
}
