/**
 * Shared helpers for the benchmarks: free ports, spawning a built SitRoom server and waiting for
 * /health, stopping it, deleting its Redis keys, percentiles and an autocannon wrapper.
 *
 * Everything here talks to 127.0.0.1 only, and every wait is bounded in time.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const HOST = '127.0.0.1';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The built server; BENCH_SERVER_MAIN points the benchmarks at another build (e.g. a before/after copy). */
export const SERVER_MAIN = process.env.BENCH_SERVER_MAIN ? path.resolve(process.env.BENCH_SERVER_MAIN) : path.join(ROOT, 'server/dist/main.js');

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

/** Value at quantile p (0..100) of an ascending array, nearest-rank. NaN on empty input. */
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

/** User+system CPU seconds a process has used so far (Linux /proc; null elsewhere). */
export function processCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return null;
  }
}

/**
 * CPU used by the server process and by this (load-generating) process between start() and stop(),
 * as % of one core. On a 2-core machine the two together cannot exceed 200 %.
 */
export function cpuMeter(serverPid) {
  const t0 = performance.now();
  const server0 = processCpuSeconds(serverPid);
  const self0 = process.cpuUsage();
  return {
    stop() {
      const seconds = (performance.now() - t0) / 1000;
      const server1 = processCpuSeconds(serverPid);
      const self = process.cpuUsage(self0);
      return {
        serverPctOfCore: server0 === null || server1 === null ? null : round((100 * (server1 - server0)) / seconds, 0),
        benchPctOfCore: round((100 * (self.user + self.system)) / 1e6 / seconds, 0),
      };
    },
  };
}

/** Event-loop delay of this process beyond the sampling interval, in ms. */
export function loopDelayMeter(resolutionMs = 10) {
  const h = monitorEventLoopDelay({ resolution: resolutionMs });
  h.enable();
  const ms = (ns) => round(Math.max(0, ns / 1e6 - resolutionMs), 2);
  return {
    stop() {
      h.disable();
      return { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Child processes: every server this module spawns is tracked, so a crash or Ctrl-C in the
// benchmark still takes them down.
// ---------------------------------------------------------------------------------------------

const children = new Set();

/** Registers a child process so it is SIGKILLed if this process exits or is interrupted first. */
export function trackChild(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

process.once('exit', () => {
  for (const child of children) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
});
/** Redis prefixes of servers still running; an interrupted run deletes their keys on the way out. */
const activePrefixes = new Set();

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    for (const child of children) {
      try { child.kill('SIGKILL'); } catch { /* already gone */ }
    }
    const cleaning = Promise.allSettled([...activePrefixes].map((p) => cleanPrefix(p)));
    Promise.race([cleaning, sleep(3000)]).finally(() => process.exit(130));
  });
}

/**
 * Spawns `node [...execArgv] <script> ...args` (cwd = repo root), tracked, keeping its last 200 output lines and
 * counting the lines that look like warnings or errors (anything on stderr counts as an error).
 */
export function spawnNode({ name, script, args = [], env = {}, execArgv = [] }) {
  const child = trackChild(
    spawn(process.execPath, [...execArgv, script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  const output = [];
  const counts = { warn: 0, error: 0 };
  const watchers = new Set();
  const collect = (stream) => (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      if (stream === 'stderr' || /\bERROR\b|Error:|FATAL/.test(line)) counts.error++;
      else if (/\bWARN\b/.test(line)) counts.warn++;
      output.push(`[${stream}] ${line}`);
      if (output.length > 200) output.shift();
      for (const w of watchers) w(line);
    }
  };
  child.stdout.on('data', collect('stdout'));
  child.stderr.on('data', collect('stderr'));
  const tail = (n = 30) => output.slice(-n).join('\n');
  let exitInfo = null;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exitInfo = { code, signal }))));
  return {
    name,
    child,
    exited,
    output,
    counts,
    exitInfo: () => exitInfo,
    /** Resolves on the first output line matching `re` (≤ timeoutMs); rejects if the process exits. */
    waitForLine(re, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const done = (fn, v) => { clearTimeout(timer); watchers.delete(watch); fn(v); };
        const watch = (line) => { if (re.test(line)) done(resolve, line); };
        const timer = setTimeout(() => done(reject, new Error(`${name}: no line matching ${re} within ${timeoutMs} ms:\n${tail()}`)), timeoutMs);
        watchers.add(watch);
        exited.then((e) => done(reject, new Error(`${name} exited (${JSON.stringify(e)}):\n${tail()}`)));
      });
    },
    /** Recent output, for error messages. */
    tail,
  };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export async function stopProcess(proc, graceMs = 5000) {
  if (!proc?.child) return;
  const { child } = proc;
  if (proc.exitInfo()) return;
  child.kill('SIGTERM');
  const timedOut = await Promise.race([proc.exited.then(() => false), sleep(graceMs).then(() => true)]);
  if (timedOut) {
    child.kill('SIGKILL');
    await Promise.race([proc.exited, sleep(2000)]);
  }
}

/**
 * Spawns the built SitRoom server (`server/dist/main.js`) on a free 127.0.0.1 port with its own
 * Redis prefix and waits (≤ 30 s) for `GET /health` to answer 200.
 */
export async function startServer({ name = 'server', prefix = uniquePrefix(name), env = {}, execArgv = [], timeoutMs = 30_000 } = {}) {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run \`npx tsc -b\` (or npm run build) first`);
  const port = await freePort();
  const adminToken = `bench-admin-${randomBytes(16).toString('hex')}`;
  const proc = spawnNode({
    name,
    script: SERVER_MAIN,
    execArgv,
    env: {
      HOST,
      PORT: String(port),
      REDIS_URL,
      REDIS_PREFIX: prefix,
      ADMIN_TOKEN: adminToken,
      PUBLIC_REPORTS_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  const server = { ...proc, port, prefix, adminToken, url: `http://${HOST}:${port}` };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitInfo()) throw new Error(`server ${name} exited during start (${JSON.stringify(proc.exitInfo())}):\n${proc.tail()}`);
    try {
      const res = await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return server;
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  await stopProcess(proc);
  throw new Error(`server ${name} not healthy after ${timeoutMs} ms:\n${proc.tail()}`);
}

export const stopServer = stopProcess;

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
 * `fn` throws. The counts of warning and error lines the server logged are added to the result.
 * `opts.start` replaces startServer (e.g. to start the reference server); the rest goes to it.
 */
export async function withServer(name, fn, opts = {}) {
  const { start = startServer, ...startOpts } = opts;
  const prefix = uniquePrefix(name);
  activePrefixes.add(prefix);
  let server;
  try {
    server = await start({ name, prefix, ...startOpts });
    const result = await fn(server);
    return { ...result, serverLog: { warnings: server.counts.warn, errors: server.counts.error, tail: server.counts.warn + server.counts.error ? server.tail(20) : '' } };
  } finally {
    await stopServer(server);
    try {
      await cleanPrefix(prefix);
    } catch (err) {
      console.error(`  could not clean Redis prefix ${prefix}: ${err.message}`);
    }
    activePrefixes.delete(prefix);
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

/**
 * Publishes `total` reports at a fixed rate: report i is due at start + i × intervalMs. POSTs are
 * not awaited one by one, so a slow answer does not slow the schedule; at most 500 are in flight.
 * `post(kind, seq)` resolves to the POST's round trip in ms. Waits (up to 15 s) for the last answers.
 */
export async function publishAtRate({ total, intervalMs, durationSeconds, post }) {
  const postLatencies = [];
  const inFlight = new Set();
  const failures = [];
  let accepted = 0;
  let failed = 0;
  let sent = 0;
  const start = performance.now();
  const hardEnd = start + durationSeconds * 1000 + 10_000;
  while (sent < total && performance.now() < hardEnd) {
    const wait = start + sent * intervalMs - performance.now();
    if (wait > 1) await sleep(wait);
    if (inFlight.size >= 500) { await Promise.race(inFlight); continue; }
    const p = post('m', sent)
      .then((ms) => { accepted++; postLatencies.push(ms); })
      .catch((err) => { failed++; if (failures.length < 5) failures.push(err.message); })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    sent++;
  }
  const publishSeconds = (performance.now() - start) / 1000;
  await Promise.race([Promise.all(inFlight), sleep(15_000)]);
  return { start, sent, accepted, failed, failures, postLatencies, publishSeconds };
}

/** Entries in one hash of a run's Redis prefix (what a benchmark stored). */
export async function storedCount(prefix, hash) {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  try {
    return await redis.hlen(`{${prefix}}:${hash}`);
  } finally {
    redis.disconnect();
  }
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
