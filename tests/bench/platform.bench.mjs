/**
 * Platform: Nest on Express vs Nest on Fastify, measured rather than assumed.
 *
 * The same tiny app (tests/bench/platform-app.mjs: one POST route, zod-validated JSON body,
 * 201 {ok:true}, no Redis) is started on each platform in its own process, so the load generator
 * (autocannon, in this process) never shares the app's event loop; each gets the same warm-up and
 * measured autocannon run. Rounds alternate the order (E,F then F,E, …) so neither platform always
 * runs on a "fresher" machine. Both answers are checked first: a valid body gets 201, an invalid one
 * 400.
 *
 *   node tests/bench/platform.bench.mjs
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cannon, cpuMeter, freePort, HOST, isMain, reportBody, round, spawnNode, stopProcess, summarizeCannon } from './support.mjs';

const APP = fileURLToPath(new URL('./platform-app.mjs', import.meta.url));

export const defaults = {
  rounds: 2,
  warmupSeconds: 2,
  durationSeconds: 8,
  connections: 50,
  pipelining: 1,
};

function versions() {
  const require = createRequire(path.join(fileURLToPath(new URL('../../', import.meta.url)), 'package.json'));
  const v = (name) => {
    try {
      return require(`${name}/package.json`).version;
    } catch {
      return 'missing';
    }
  };
  return {
    '@nestjs/core': v('@nestjs/core'),
    '@nestjs/platform-express': v('@nestjs/platform-express'),
    '@nestjs/platform-fastify': v('@nestjs/platform-fastify'),
    express: v('express'),
    fastify: v('fastify'),
    zod: v('zod'),
  };
}

async function post(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: await res.text() };
}

async function measure(platform, o) {
  const port = await freePort();
  const app = spawnNode({ name: `platform-${platform}`, script: APP, args: [platform], env: { PORT: String(port) } });
  try {
    await app.waitForLine(/^READY \d+/, 20_000);
    const url = `http://${HOST}:${port}/api/reports`;
    const body = reportBody('Water over the road near the bridge, two cars stuck', 1);

    const good = await post(url, body);
    const bad = await post(url, { ...body, description: '', location: { lat: 123, lon: 0 } });
    if (good.status !== 201 || good.body !== '{"ok":true}') throw new Error(`${platform}: valid body → ${good.status} ${good.body}`);
    if (bad.status !== 400) throw new Error(`${platform}: invalid body → ${bad.status} ${bad.body}, expected 400`);

    const request = {
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      connections: o.connections,
      pipelining: o.pipelining,
    };
    await cannon({ ...request, duration: o.warmupSeconds });
    const cpu = cpuMeter(app.child.pid);
    const result = await cannon({ ...request, duration: o.durationSeconds });
    return { platform, ...summarizeCannon(result), cpu: cpu.stop(), appErrors: app.counts.error };
  } finally {
    await stopProcess(app);
  }
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

export async function runPlatform(options = {}) {
  const o = { ...defaults, ...options };
  const runs = [];
  for (let r = 0; r < o.rounds; r++) {
    const order = r % 2 === 0 ? ['express', 'fastify'] : ['fastify', 'express'];
    for (const platform of order) runs.push({ round: r + 1, ...(await measure(platform, o)) });
  }
  const summary = {};
  for (const platform of ['express', 'fastify']) {
    const mine = runs.filter((x) => x.platform === platform);
    summary[platform] = {
      reqPerSec: round(mean(mine.map((x) => x.reqPerSec)), 1),
      reqPerSecByRound: mine.map((x) => x.reqPerSec),
      p50Ms: round(mean(mine.map((x) => x.latencyMs.p50)), 2),
      p99Ms: round(mean(mine.map((x) => x.latencyMs.p99)), 2),
      p99MsByRound: mine.map((x) => x.latencyMs.p99),
      non2xx: mine.reduce((a, x) => a + x.non2xx, 0),
      errors: mine.reduce((a, x) => a + x.errors, 0),
      appCpuPctOfCore: round(mean(mine.map((x) => x.cpu.serverPctOfCore ?? NaN)), 0),
      loadGenCpuPctOfCore: round(mean(mine.map((x) => x.cpu.benchPctOfCore)), 0),
    };
  }
  return {
    name: 'platform',
    what: 'same Nest app (POST + zod, no Redis): Express vs Fastify adapter',
    settings: o,
    versions: versions(),
    express: summary.express,
    fastify: summary.fastify,
    fastifyOverExpress: {
      reqPerSec: round(summary.fastify.reqPerSec / summary.express.reqPerSec, 2),
      p99: round(summary.fastify.p99Ms / summary.express.p99Ms, 2),
    },
    runs,
  };
}

if (isMain(import.meta.url)) {
  const r = await runPlatform();
  console.log(JSON.stringify(r, null, 2));
}
