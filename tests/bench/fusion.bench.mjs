/**
 * Fusion throughput: does fusion keep up with ingest? Two measurements:
 * 1. live: N reports posted as fast as 50 parallel connections allow (through an agency token, so the
 *    public limit and repeat-merging stay out of it) while fusion runs; how far fusion lags behind
 *    the last acceptance;
 * 2. backlog: the same N reports stored with fusion off, then a fusion instance started on them: how
 *    many reports per second fusion alone gets through (to hold against the ingest benchmark's rate).
 * Reports fall in clusters (a flooded district, scattered fires), so fusion both attaches and founds.
 *
 *   node tests/bench/fusion.bench.mjs            (after `npx tsc -b`)
 */
import { Redis } from 'ioredis';
import { isMain, issueToken, REDIS_URL, round, sleep, startServer, stopServer, withServer } from './support.mjs';

export const defaults = { reports: 5000, concurrency: 50, timeoutSeconds: 120 };

export async function runFusion(options = {}) {
  const live = await runLive(options);
  const backlog = await runBacklog(options);
  return { ...live, backlog };
}

function bodiesFor(n) {
  return Array.from({ length: n }, (_, i) => {
    const cluster = i % 200; // 200 places, ~25 reports each
    const category = cluster % 4 === 0 ? 'building-fire' : 'flooding';
    return JSON.stringify({
      category,
      description: `Bench report ${i}`,
      location: { lat: 51 + Math.floor(cluster / 20) * 0.1 + ((i * 7) % 10) * 0.0002, lon: 13 + (cluster % 20) * 0.1 + ((i * 13) % 10) * 0.0002 },
    });
  });
}

async function post(url, token, bodies, concurrency) {
  let next = 0;
  let accepted = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const res = await fetch(`${url}/api/reports`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
        if (res.status === 201) accepted++;
        await res.arrayBuffer();
      }
    }),
  );
  return accepted;
}

async function fusedCount(redis, prefix) {
  const all = await redis.hvals(`{${prefix}}:reports`);
  return all.filter((r) => r.includes('"incidentId"')).length;
}

async function runBacklog(options = {}) {
  const o = { ...defaults, ...options };
  return withServer('fusion-backlog', async (server) => {
    const token = await issueToken(server, 'agency');
    const accepted = await post(server.url, token, bodiesFor(o.reports), o.concurrency);
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
    const fuser = await startServer({ name: 'fusion-on', prefix: server.prefix, env: { FUSION: 'on' } });
    try {
      const started = performance.now();
      const deadline = Date.now() + o.timeoutSeconds * 1000;
      let fused = 0;
      let first = null;
      while (Date.now() < deadline && fused < accepted) {
        fused = await fusedCount(redis, server.prefix);
        if (fused > 0 && !first) first = { at: performance.now(), fused };
        // Reading every report is itself work for Redis: poll rarely enough not to slow what is measured.
        if (fused < accepted) await sleep(Math.max(100, accepted / 40));
      }
      const end = performance.now();
      const seconds = (end - started) / 1000;
      const working = first ? (end - first.at) / 1000 : null;
      return {
        reports: accepted,
        fused,
        seconds: round(seconds, 2),
        fusedPerSecond: round(fused / seconds, 0),
        fusedPerSecondOnceRunning: working ? round((fused - first.fused) / working, 0) : null,
        note: 'fusedPerSecond includes starting the instance and taking the lease; OnceRunning counts from the first fused report',
      };
    } finally {
      redis.disconnect();
      await stopServer(fuser);
    }
  }, { env: { FUSION: 'off' } });
}

async function runLive(options = {}) {
  const o = { ...defaults, ...options };
  return withServer('fusion', async (server) => {
    const token = await issueToken(server, 'agency');
    const bodies = Array.from({ length: o.reports }, (_, i) => {
      const cluster = i % 200; // 200 places, ~25 reports each
      const category = cluster % 4 === 0 ? 'building-fire' : 'flooding';
      return JSON.stringify({
        category,
        description: `Bench report ${i}`,
        location: { lat: 51 + Math.floor(cluster / 20) * 0.1 + ((i * 7) % 10) * 0.0002, lon: 13 + (cluster % 20) * 0.1 + ((i * 13) % 10) * 0.0002 },
      });
    });
    const started = performance.now();
    let next = 0;
    let accepted = 0;
    await Promise.all(
      Array.from({ length: o.concurrency }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++];
          const res = await fetch(`${server.url}/api/reports`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
          if (res.status === 201) accepted++;
          await res.arrayBuffer();
        }
      }),
    );
    const ingestSeconds = (performance.now() - started) / 1000;

    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
    let fusedAt = null;
    let fused = 0;
    try {
      const deadline = Date.now() + o.timeoutSeconds * 1000;
      while (Date.now() < deadline) {
        const all = await redis.hvals(`{${server.prefix}}:reports`);
        fused = all.filter((r) => r.includes('"incidentId"')).length;
        if (fused >= accepted) {
          fusedAt = performance.now();
          break;
        }
        await sleep(100);
      }
      const incidents = await redis.hlen(`{${server.prefix}}:incidents`);
      const fuseSeconds = fusedAt ? (fusedAt - started) / 1000 : null;
      return {
        name: 'fusion',
        what: 'reports fused into incidents per second, against the rate they were accepted',
        settings: o,
        accepted,
        fused,
        incidents,
        acceptedPerSecond: round(accepted / ingestSeconds, 0),
        fusedPerSecond: fuseSeconds ? round(accepted / fuseSeconds, 0) : null,
        lagAfterLastAcceptSeconds: fuseSeconds ? round(fuseSeconds - ingestSeconds, 2) : null,
        keepsUp: fuseSeconds !== null && fuseSeconds - ingestSeconds < 2,
      };
    } finally {
      redis.disconnect();
    }
  }, { env: { FUSION: 'on' } });
}

if (isMain(import.meta.url)) {
  const r = await runFusion();
  console.log(JSON.stringify(r, null, 2));
}
