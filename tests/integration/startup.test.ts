import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedRedis } from '../../server/src/redis/redis-location.js';
import { createRedis } from '../../server/src/redis/redis.factory.js';
import { freePort, ROOT, spawnServer, startRedis, tempDir, waitFor } from '../support/processes.js';
import { dropPrefix, REDIS_URL, testPrefix } from '../support/test-server.js';

describe('starting SitRoom', () => {
  const prefixes: string[] = [];
  afterAll(async () => {
    for (const p of prefixes) await dropPrefix(p);
  });

  it('prints an admin and a viewer token with a wall link on the first start only, and stores only hashes', async () => {
    const prefix = testPrefix();
    prefixes.push(prefix);
    const port = await freePort();
    const env = { PORT: String(port), REDIS_URL, REDIS_PREFIX: prefix };
    const first = spawnServer(env);
    const wall = await waitFor(async () => {
      const m = /\/wall\?token=(srt_[\w-]+)/.exec(first.output);
      if (!m) throw new Error('no link yet');
      return m[1]!;
    }, 20_000);
    const admin = /admin token : (srt_[\w-]+)/.exec(first.output)![1]!;
    const asViewer = await fetch(`http://127.0.0.1:${port}/api/reports`, { headers: { authorization: `Bearer ${wall}` } });
    expect(asViewer.status).toBe(200);
    const issued = await fetch(`http://127.0.0.1:${port}/api/admin/tokens`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: '{"role":"viewer"}' });
    expect(issued.status).toBe(201);
    await first.stop();

    const second = spawnServer(env);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok || Promise.reject(new Error('not up')), 20_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(second.output).not.toContain('admin token');
    await second.stop();

    const redis = createRedis(REDIS_URL);
    const dump = JSON.stringify(await redis.hgetall(`{${prefix}}:tokens`));
    redis.disconnect();
    expect(dump).not.toContain(wall);
    expect(dump).not.toContain(admin);
  });

  it('exits non-zero naming the variable when the configuration is bad', async () => {
    const bad = spawnServer({ PORT: 'eighty', REDIS_URL });
    expect(await bad.exited).not.toBe(0);
    expect(bad.output).toContain('PORT');
  });

  it('issues tokens from the command line', () => {
    const prefix = testPrefix();
    prefixes.push(prefix);
    const out = execFileSync(process.execPath, [path.join(ROOT, 'server/dist/cli/tokens.js'), 'create', 'viewer', '--org', 'County EOC'], {
      env: { PATH: process.env.PATH, REDIS_URL, REDIS_PREFIX: prefix },
      encoding: 'utf8',
    });
    expect(out).toMatch(/Created a viewer token .*\n\n\s+srt_/);
    const list = execFileSync(process.execPath, [path.join(ROOT, 'server/dist/cli/tokens.js'), 'list'], { env: { PATH: process.env.PATH, REDIS_URL, REDIS_PREFIX: prefix }, encoding: 'utf8' });
    expect(list).toContain('County EOC');
    expect(list).not.toContain('srt_');
  });

  it('starts a private redis-server with AOF when none is configured, and keeps its data across restarts', async () => {
    const dir = tempDir('embedded');
    const first = await startEmbeddedRedis(() => {}, dir);
    const r1 = createRedis(first.url);
    await r1.set('{embedded}:probe', 'kept');
    r1.disconnect();
    first.child.kill('SIGTERM');
    await new Promise((r) => first.child.once('exit', r));
    expect(readdirSync(dir).join(' ')).toMatch(/appendonlydir|\.aof/);

    const second = await startEmbeddedRedis(() => {}, dir);
    const r2 = createRedis(second.url);
    expect(await r2.get('{embedded}:probe')).toBe('kept');
    r2.disconnect();
    second.child.kill('SIGTERM');
    expect(existsSync(dir)).toBe(true);
  });

  it('answers 503 within 5 s when Redis is down, and recovers when it returns', async () => {
    const redis = await startRedis();
    const port = await freePort();
    const server = spawnServer({ PORT: String(port), REDIS_URL: redis.url, ADMIN_TOKEN: 'x'.repeat(20) });
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitFor(async () => (await fetch(`${base}/health`)).ok || Promise.reject(new Error('not up')), 20_000);
      await redis.stop();
      const started = Date.now();
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: 'down', redis: 'down' });
      const post = await fetch(`${base}/api/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ category: 'flooding', description: 'x', location: { lat: 1, lon: 1 } }) });
      expect(post.status).toBe(503);
      expect((await post.json()).error.code).toBe('unavailable');
      expect(Date.now() - started).toBeLessThan(10_000); // two requests, each bounded by 5 s
      const back = await startRedis(redis.dir, redis.port);
      await waitFor(async () => (await fetch(`${base}/health`)).ok || Promise.reject(new Error('still down')), 15_000);
      await back.stop();
    } finally {
      await server.stop();
      await redis.stop();
    }
  });
});

describe('npm start and npm run demo', () => {
  const run = (script: string, args: string[], env: Record<string, string>) => {
    let output = '';
    const proc = spawn(process.execPath, [path.join(ROOT, script), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.on('data', (d) => (output += d));
    proc.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((r) => proc.once('exit', (c) => r(c)));
    return { proc, exited, get output() { return output; } };
  };

  it('serves the built client and the API on one port, and stops on SIGTERM', async () => {
    const prefix = testPrefix();
    const port = await freePort();
    const start = run('scripts/start.mjs', [], { PORT: String(port), REDIS_URL, REDIS_PREFIX: prefix, ADMIN_TOKEN: 'x'.repeat(20) });
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitFor(async () => (await fetch(`${base}/health`)).ok || Promise.reject(new Error('not up')), 60_000);
      for (const page of ['/', '/wall', '/report', '/ops', '/offer']) {
        const res = await fetch(base + page);
        expect(res.headers.get('content-type')).toMatch(/text\/html/);
        const html = await res.text();
        const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
        expect((await fetch(base + asset)).status).toBe(200);
      }
      start.proc.kill('SIGTERM');
      expect(await start.exited).toBe(0);
    } finally {
      start.proc.kill('SIGKILL');
      await dropPrefix(prefix);
    }
  }, 90_000);

  it('runs a demo that feeds a live wall through the public API', async () => {
    const prefix = testPrefix();
    const port = await freePort();
    const demo = run('scripts/demo.mjs', ['--minutes', '0.5'], { PORT: String(port), REDIS_URL, REDIS_PREFIX: prefix });
    try {
      const link = await waitFor(async () => /(http:\/\/localhost:\d+\/wall\?token=(srt_[\w-]+))/.exec(demo.output) ?? Promise.reject(new Error('no link yet')), 60_000);
      const viewer = link[2]!;
      const total = await waitFor(async () => {
        const { total } = await (await fetch(`http://127.0.0.1:${port}/api/reports`, { headers: { authorization: `Bearer ${viewer}` } })).json();
        return total >= 2 ? total : Promise.reject(new Error(`only ${total}`));
      }, 30_000);
      expect(total).toBeGreaterThanOrEqual(2);
    } finally {
      demo.proc.kill('SIGTERM');
      await Promise.race([demo.exited, new Promise((r) => setTimeout(r, 15_000))]);
      demo.proc.kill('SIGKILL');
      await dropPrefix(prefix);
    }
  }, 120_000);
});
