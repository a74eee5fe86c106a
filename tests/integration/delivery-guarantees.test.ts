import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { resilientClient } from '../support/live-clients.js';
import { freePort, spawnServer, startRedis, waitFor } from '../support/processes.js';
import { ADMIN, aReport, dropPrefix, REDIS_URL, testPrefix } from '../support/test-server.js';

type Proc = ReturnType<typeof spawnServer>;

async function startInstances(n: number, env: Record<string, string>) {
  const instances: { url: string; proc: Proc }[] = [];
  for (let i = 0; i < n; i++) {
    const port = await freePort();
    // Fusion off: these tests count report changes; fusion's extra changes are its own tests' business.
    const proc = spawnServer({ PORT: String(port), ADMIN_TOKEN: ADMIN, PUBLIC_REPORTS_PER_MINUTE: '0', FUSION: 'off', ...env });
    instances.push({ url: `http://127.0.0.1:${port}`, proc });
  }
  for (const { url } of instances) await waitFor(async () => (await fetch(`${url}/health`)).ok || Promise.reject(new Error('not up')), 20_000);
  return instances;
}

async function viewerToken(url: string): Promise<string> {
  const res = await fetch(`${url}/api/admin/tokens`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: '{"role":"viewer"}' });
  return (await res.json()).token;
}

/** Posts `count` reports round-robin over the instances still alive; returns the acknowledged ids. */
async function writeReports(urls: () => string[], count: number, perSecond: number, onProgress: (n: number) => void | Promise<void> = () => {}) {
  const acked: string[] = [];
  const refused: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const live = urls();
    const url = live[i % live.length]!;
    const res = await fetch(`${url}/api/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(aReport({ description: `r${i}` })) }).catch(() => null);
    if (res?.status === 201) acked.push((await res.json()).id);
    else refused[String(res?.status ?? 'network')] = (refused[String(res?.status ?? 'network')] ?? 0) + 1;
    await onProgress(i);
    await new Promise((r) => setTimeout(r, 1000 / perSecond));
  }
  if (Object.keys(refused).length) console.log('writes refused:', refused);
  return acked;
}

/** The truth: every report change in the stream, in order. */
async function streamReportIds(redis: Redis, prefix: string): Promise<string[]> {
  const entries = (await redis.xrange(`{${prefix}}:changes`, '-', '+')) as [string, string[]][];
  return entries.filter(([, f]) => f[1] === 'report').map(([, f]) => JSON.parse(f[f.indexOf('d') + 1]!).id as string);
}

describe('delivery guarantees with real processes', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  it('loses and repeats nothing when an instance is killed mid-broadcast', async () => {
    const prefix = testPrefix();
    cleanup.push(() => dropPrefix(prefix));
    const instances = await startInstances(3, { REDIS_URL, REDIS_PREFIX: prefix });
    cleanup.push(() => Promise.all(instances.map((i) => i.proc.stop())));
    const token = await viewerToken(instances[0]!.url);
    const urls = instances.map((i) => i.url);
    const clients = Array.from({ length: 30 }, (_, k) => resilientClient(urls, token, k % 3));
    cleanup.push(async () => clients.forEach((c) => c.close()));
    await waitFor(async () => clients.every((c) => c.socket.connected) || Promise.reject(new Error('connecting')), 10_000);

    let dead = false;
    const acked = await writeReports(() => (dead ? urls.slice(1) : urls), 300, 150, (i) => {
      if (i === 100) {
        instances[0]!.proc.proc.kill('SIGKILL'); // mid-broadcast: clients of instance 0 are receiving
        dead = true;
      }
    });

    const redis = new Redis(REDIS_URL);
    const truth = await streamReportIds(redis, prefix);
    redis.disconnect();
    expect(acked.length).toBeGreaterThanOrEqual(299);
    for (const id of acked) expect(truth).toContain(id);
    for (const c of clients) {
      await waitFor(async () => (c.received.length >= truth.length ? true : Promise.reject(new Error(`${c.received.length}/${truth.length}`))), 15_000);
      expect(c.received.map((x) => (x.data as { id: string }).id)).toEqual(truth);
      expect(c.stats).toMatchObject({ duplicates: 0, outOfOrder: 0 });
    }
    // A third of the clients sat on the killed instance and came back through a survivor.
    expect(clients.filter((c) => c.stats.reconnects > 0).length).toBeGreaterThanOrEqual(10);
  }, 90_000);

  it('keeps every acknowledged write through a kill -9 of Redis, and clients resume with nothing lost', async () => {
    const redisProc = await startRedis(); // AOF with appendfsync always, as docker-compose runs it
    cleanup.push(() => redisProc.stop());
    const prefix = testPrefix();
    const instances = await startInstances(2, { REDIS_URL: redisProc.url, REDIS_PREFIX: prefix });
    cleanup.push(() => Promise.all(instances.map((i) => i.proc.stop())));
    const token = await viewerToken(instances[0]!.url);
    const urls = instances.map((i) => i.url);
    const clients = Array.from({ length: 10 }, (_, k) => resilientClient(urls, token, k % 2));
    cleanup.push(async () => clients.forEach((c) => c.close()));
    await waitFor(async () => clients.every((c) => c.socket.connected) || Promise.reject(new Error('connecting')), 10_000);

    let restarted: Awaited<ReturnType<typeof startRedis>> | null = null;
    const acked = await writeReports(() => urls, 200, 100, async (i) => {
      if (i === 80) await redisProc.stop(); // SIGKILL: no chance to flush anything more
      if (i === 90) {
        restarted = await startRedis(redisProc.dir, redisProc.port);
        cleanup.push(() => restarted!.stop());
      }
    });
    expect(restarted).not.toBeNull();

    const redis = new Redis(redisProc.url);
    const truth = await streamReportIds(redis, prefix);
    for (const id of acked) expect(await redis.hexists(`{${prefix}}:reports`, id)).toBe(1);
    redis.disconnect();
    expect(acked.length).toBeGreaterThan(150); // the writes during the outage were refused, not acknowledged
    for (const id of acked) expect(truth).toContain(id);
    for (const c of clients) {
      await waitFor(async () => (c.received.length >= truth.length ? true : Promise.reject(new Error(`${c.received.length}/${truth.length}`))), 15_000);
      expect(c.received.map((x) => (x.data as { id: string }).id)).toEqual(truth);
      expect(c.stats).toMatchObject({ duplicates: 0, outOfOrder: 0 });
    }
  }, 90_000);
});
