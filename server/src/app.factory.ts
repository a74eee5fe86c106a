import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { LEVELS } from './log-levels.js';


export const DEFAULT_CLIENT_DIST = fileURLToPath(new URL('../../client/dist/', import.meta.url));

/**
 * Builds the whole server on Fastify (measured faster than Express under Nest: see README). Used by
 * main.ts and by the tests, so both run exactly the same application.
 */
export async function createApp(config: AppConfig, redisUrl: string): Promise<NestFastifyApplication> {
  const clientDist = path.resolve(config.CLIENT_DIST ?? DEFAULT_CLIENT_DIST);
  const adapter = new FastifyAdapter({ trustProxy: config.TRUST_PROXY, bodyLimit: 1024 * 1024 });
  // bodyParser off: Nest would also accept urlencoded forms, and the contract takes JSON only (415 otherwise).
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, redisUrl, clientDist }), adapter, {
    bodyParser: false,
    logger: LEVELS[config.LOG_LEVEL],
  });
  // Fastify parses text/plain by default; the API speaks JSON (and, for signals, XML registered by that module).
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser(['text/plain', 'application/json']);
  // Fastify's own JSON parser (which refuses __proto__ and constructor poisoning), except that an empty
  // body is "no body" rather than an error: many clients send a content type on DELETE.
  const json = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (req, body, done) => {
    if (body === '' || body === undefined) return done(null, undefined);
    json(req, body.toString(), done);
  });
  app.useWebSocketAdapter(new IoAdapter(app));
  await app.register((await import('@fastify/static')).default, {
    root: path.join(clientDist, 'assets'),
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
  });
  return app;
}

export const log = new Logger('SitRoom');
