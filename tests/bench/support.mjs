/**
 * Shared helpers for the benchmarks: free ports, spawning a built SitRoom server and waiting for
 * /health, stopping it, deleting its Redis keys, percentiles and an autocannon wrapper.
 *
 * Everything here talks to 127.0.0.1 only, and every wait is bounded in time.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const HOST = '127.0.0.1';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const SERVER_MAIN = path.join(ROOT, 'server/dist/main.js');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** True when `import.meta.url` of the caller is the script node was started with. */
export function isMain(metaUrl) {
  return Boolean(process.argv[1]) && pathToFileURL(path.resolve(process.argv[1])).href === metaUrl;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** A Redis prefix unique to this run: 1-40 of [a-z0-9_-], as the server's config requires. */
export function uniquePrefix(name) {
  return `bench-${name}-${process.pid}-${randomBytes(3).toString('hex')}`.slice(0, 40);
}

/** Sorted copy → value at quantile p (0..100), nearest-rank. NaN on empty input. */
export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function round(n, digits = 2) {
  return Number.isFinite(n) ? Number(n.toFixed(digits)) : n;
}

export function machineInfo() {
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemGiB: round(os.totalmem() / 2 ** 30, 1),
    loadAvg1m: round(os.loadavg()[0], 2),
  };
}

// ---------------------------------------------------------------------------------------------
// Child processes: every server this module spawns is tracked, so a crash or Ctrl-C in the
// benchmark still takes them down.
// ---------------------------------------------------------------------------------------------

const children = new Set();

process.once('exit', () => {
  for (const child of children) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    for (const child of children) {
      try { child.kill('SIGKILL'); } catch { /* already gone */ }
    }
    process.exit(130);
  });
}

/**
 * Spawns `node server/dist/main.js` on a free port with its own Redis prefix and waits (≤ 30 s) for
 * `GET /health` to answer 200. The returned handle keeps the server's recent output and counts the
 * lines that look like warnings or errors, so a benchmark can report server-side trouble.
 */
export async function startServer({ name = 'server', prefix = uniquePrefix(name), env = {}, timeoutMs = 30_000 } = {}) {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run \`npx tsc -b\` (or npm run build) first`);
  const port = await freePort();
  const adminToken = `bench-admin-${randomBytes(16).toString('hex')}`;
  const child = spawn(process.execPath, [SERVER_MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST,
      PORT: String(port),
      REDIS_URL,
      REDIS_PREFIX: prefix,
      ADMIN_TOKEN: adminToken,
      PUBLIC_REPORTS_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);

  const output = [];
  const counts = { warn: 0, error: 0 };
  const collect = (stream) => (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      if (/\bERROR\b|Error:|FATAL/.test(line) || stream === 'stderr') counts.error++;
      else if (/\bWARN\b/.test(line)) counts.warn++;
      output.push(`[${stream}] ${line}`);
      if (output.length > 200) output.shift();
    }
  };
  child.stdout.on('data', collect('stdout'));
  child.stderr.on('data', collect('stderr'));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => { children.delete(child); resolve({ code, signal }); }));

  const server = {
    name,
    port,
    prefix,
    adminToken,
    url: `http://${HOST}:${port}`,
    child,
    exited,
    output,
    counts,
    /** Recent output, for error messages. */
    tail: (n = 30) => output.slice(-n).join('\n'),
  };

  const deadline = Date.now() + timeoutMs;
  let exitInfo = null;
  exited.then((e) => { exitInfo = e; });
  while (Date.now() < deadline) {
    if (exitInfo) throw new Error(`server ${name} exited during start (${JSON.stringify(exitInfo)}):\n${server.tail()}`);
    try {
      const res = await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return server;
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  await stopServer(server);
  throw new Error(`server ${name} not healthy after ${timeoutMs} ms:\n${server.tail()}`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export async function stopServer(server, graceMs = 5000) {
  if (!server?.child) return;
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timedOut = await Promise.race([server.exited.then(() => false), sleep(graceMs).then(() => true)]);
  if (timedOut) {
    child.kill('SIGKILL');
    await Promise.race([server.exited, sleep(2000)]);
  }
}

/** Deletes every `{prefix}:*` key (SCAN + DEL, bounded). Returns how many keys were deleted. */
export async function cleanPrefix(prefix) {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 5000 });
  let deleted = 0;
  try {
    await redis.connect();
    const match = `{${prefix}}:*`;
    let cursor = '0';
    for (let rounds = 0; rounds < 100_000; rounds++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/**
 * Runs `fn(server)` against a fresh server and always stops it and removes its Redis keys, even when
 * `fn` throws. The server's warning/error counts and key clean-up are added to the result.
 */
export async function withServer(name, fn, opts = {}) {
  const prefix = uniquePrefix(name);
  let server;
  try {
    server = await startServer({ name, prefix, ...opts });
    const result = await fn(server);
    return { ...result, serverLog: { warnings: server.counts.warn, errors: server.counts.error, tail: server.counts.warn + server.counts.error ? server.tail(20) : '' } };
  } finally {
    await stopServer(server);
    try {
      await cleanPrefix(prefix);
    } catch (err) {
      console.error(`  could not clean Redis prefix ${prefix}: ${err.message}`);
    }
  }
}

/** Issues a token of `role` through the admin API. */
export async function issueToken(server, role = 'viewer') {
  const res = await fetch(`${server.url}/api/admin/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role, label: 'bench' }),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`POST /api/admin/tokens → ${res.status}: ${await res.text()}`);
  return (await res.json()).token;
}

/** A valid report body. */
export function reportBody(description = 'Water over the road near the bridge', i = 0) {
  return {
    category: 'flooding',
    description,
    location: { lat: 51.5 + (i % 1000) / 10_000, lon: -0.12 + (i % 997) / 10_000 },
  };
}

// ---------------------------------------------------------------------------------------------
// autocannon
// ---------------------------------------------------------------------------------------------

/** Promise wrapper around autocannon with a hard stop a few seconds past the planned duration. */
export function cannon(opts) {
  return new Promise((resolve, reject) => {
    let instance;
    const hardStop = setTimeout(() => instance?.stop(), ((opts.duration ?? 10) + 15) * 1000);
    instance = autocannon({ timeout: 10, ...opts }, (err, result) => {
      clearTimeout(hardStop);
      if (err) reject(err);
      else resolve(result);
    });
  });
}

/** Condenses an autocannon result to the figures the summary shows. */
export function summarizeCannon(r) {
  const seconds = r.duration;
  const ok = r['2xx'];
  return {
    durationS: round(seconds, 2),
    connections: r.connections,
    pipelining: r.pipelining,
    requests: r.requests.total,
    reqPerSec: round(r.requests.total / seconds, 1),
    okPerSec: round(ok / seconds, 1),
    latencyMs: {
      mean: r.latency.mean,
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      max: r.latency.max,
    },
    status2xx: ok,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes: r.statusCodeStats,
  };
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

/** Plain fixed-width table: `rows` is an array of arrays of cells. */
export function table(header, rows) {
  const all = [header, ...rows].map((r) => r.map((c) => String(c ?? '')));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}
