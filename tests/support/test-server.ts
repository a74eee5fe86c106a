import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { createApp } from '../../server/src/app.factory.js';
import { loadConfig } from '../../server/src/config/app-config.js';
import { CLUSTER_SCHEME } from '../../server/src/redis/redis.factory.js';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ADMIN = 'test-admin-token-0123456789';

export interface TestServer {
  app: NestFastifyApplication;
  url: string;
  prefix: string;
  close(): Promise<void>;
}

/** A unique key prefix per test file, so files can run in parallel against one Redis. */
export function testPrefix(): string {
  return `test-${randomBytes(5).toString('hex')}`;
}

/**
 * Starts the real application in-process on a free port against real Redis. Fusion is off unless a
 * test asks for it: it adds incident changes and `incidentId` updates to the stream, which tests of
 * other behaviour would have to step around; fusion's own tests and the end-to-end tests turn it on.
 */
export async function startServer(env: Record<string, string> = {}, prefix = testPrefix()): Promise<TestServer> {
  const config = loadConfig({ PORT: '0', REDIS_PREFIX: prefix, ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'error', PUBLIC_REPORTS_PER_MINUTE: '0', FUSION: 'off', ...env });
  const url = config.REDIS_CLUSTER_NODES ? CLUSTER_SCHEME + config.REDIS_CLUSTER_NODES : (env.REDIS_URL ?? REDIS_URL);
  const app = await createApp(config, url);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${address.port}`, prefix, close: () => app.close() };
}

/** Deletes every key of a prefix (tests clean up after themselves). */
export async function dropPrefix(prefix: string, url = REDIS_URL): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `{${prefix}}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function issueToken(url: string, role: string, org?: string): Promise<{ id: string; token: string }> {
  const res = await fetch(`${url}/api/admin/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role, ...(org ? { org } : {}) }),
  });
  if (res.status !== 201) throw new Error(`token issue failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; token: string };
}

export function postReport(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

let reportSeq = 0;
/** A valid report; each gets its own text, since repeats from one address within minutes are merged. */
export const aReport = (over: Record<string, unknown> = {}) => ({
  category: 'flooding',
  description: `Water over the road at the bridge (${process.pid}-${++reportSeq})`,
  location: { lat: 51.5, lon: -0.12 },
  ...over,
});

/** Waits until `check` passes or the time runs out (for asynchronous delivery, not for timing). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const start = Date.now();
  let lastErr: unknown;
  while (Date.now() - start < timeoutMs) {
    try {
      return await check();
    } catch (err) {
      lastErr = err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  throw lastErr;
}
