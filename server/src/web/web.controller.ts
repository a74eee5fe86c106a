import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors/app-error.js';
import { CLIENT_DIST } from './web.tokens.js';

/** The client is one page app: every audience's route is served the same index.html. */
@Controller()
export class WebController {
  private html: Promise<string> | null = null;

  constructor(@Inject(CLIENT_DIST) private readonly dist: string) {}

  @Get(['/', '/wall', '/report'])
  @Header('Cache-Control', 'no-cache')
  async page(@Res() reply: FastifyReply) {
    this.html ??= readFile(path.join(this.dist, 'index.html'), 'utf8');
    const html = await this.html.catch(() => {
      this.html = null;
      throw new AppError('not_found', 'The client is not built: run npm run build (npm start does it for you).');
    });
    void reply.type('text/html; charset=utf-8').send(html);
  }
}
