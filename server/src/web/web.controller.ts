import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors/app-error.js';
import { CLIENT_DIST } from './web.tokens.js';

/** The client is one page app: every audience's route is served the same index.html. */
@Controller()
export class WebController {
  private html: { mtimeMs: number; text: string } | null = null;

  constructor(@Inject(CLIENT_DIST) private readonly dist: string) {}

  @Get(['/', '/wall', '/report', '/ops', '/ops/entity/:kind/:id', '/offer'])
  @Header('Cache-Control', 'no-cache')
  async page(@Res() reply: FastifyReply) {
    void reply.type('text/html; charset=utf-8').send(await this.indexHtml());
  }

  /** Re-read when the file changes: after a client rebuild the old page would point at deleted assets. */
  private async indexHtml(): Promise<string> {
    const file = path.join(this.dist, 'index.html');
    const info = await stat(file).catch(() => null);
    if (!info) throw new AppError('not_found', 'The client is not built: run npm run build (npm start does it for you).');
    if (this.html?.mtimeMs !== info.mtimeMs) this.html = { mtimeMs: info.mtimeMs, text: await readFile(file, 'utf8') };
    return this.html.text;
  }
}
