import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Doc } from '../docs/api-doc.decorator.js';
import { IgnoreSession } from './roles.decorator.js';
import { AppError } from '../errors/app-error.js';
import { parse } from '../errors/parse.pipe.js';
import { cookieValue, SESSION_COOKIE, SessionsService } from './sessions.service.js';

const SignIn = z.strictObject({ token: z.string({ error: 'token is required' }).trim().min(1, 'token is required').max(200) });

@Controller('api/session')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Post() @HttpCode(200) @IgnoreSession()
  @Doc({ summary: 'Sign in with a token: sets an httpOnly session cookie and returns the CSRF value for writes', body: SignIn, responses: { 200: '{ role, org, csrf }' } })
  async signIn(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body(parse(SignIn)) body: z.output<typeof SignIn>) {
    const { sessionId, session, maxAge } = await this.sessions.signIn(body.token);
    void reply.header('Set-Cookie', cookie(sessionId, maxAge, req.protocol === 'https'));
    return { tokenId: session.tokenId, role: session.role, org: session.org, csrf: session.csrf };
  }

  @Get() @Doc({ summary: 'The signed-in session: { role, org, csrf }, or 401' })
  async current(@Req() req: FastifyRequest) {
    const session = await this.sessions.find(cookieValue(req.headers.cookie, SESSION_COOKIE));
    if (!session) throw new AppError('unauthorized', 'Not signed in.');
    return { tokenId: session.tokenId, role: session.role, org: session.org, csrf: session.csrf };
  }

  @Delete() @HttpCode(204) @Doc({ summary: 'Sign out', responses: { 204: 'Signed out' } })
  async signOut(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.sessions.signOut(cookieValue(req.headers.cookie, SESSION_COOKIE));
    void reply.header('Set-Cookie', cookie('', 0, req.protocol === 'https'));
  }
}

function cookie(value: string, maxAge: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}
