import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { REDIS } from '../redis/redis.tokens.js';
import { Doc } from '../docs/api-doc.decorator.js';

/** `/health`: readiness with a Redis PING bounded to 2 s, so a load balancer never waits on a hung store. */
@Controller('health')
export class HealthController {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  @Get() @Doc({ summary: 'Readiness: 200 when Redis answers within 2 s, else 503', responses: { 200: '{ status: "ok", redis: "up" }', 503: '{ status: "down", redis: "down" }' } })
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    const up = await Promise.race([
      this.redis.ping().then(() => true, () => false),
      new Promise<boolean>((r) => setTimeout(() => r(false), 2000).unref()),
    ]);
    if (!up) void reply.status(503);
    return up ? { status: 'ok', redis: 'up' } : { status: 'down', redis: 'down' };
  }

  /** Liveness: the process answers; touches nothing else. */
  @Get('live') @Doc({ summary: 'Liveness' })
  live() { return { status: 'ok' }; }
}
