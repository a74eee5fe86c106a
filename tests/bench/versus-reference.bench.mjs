/**
 * SitRoom against a bare-bones floor (tests/bench/reference-server.mjs: Fastify + ioredis +
 * socket.io, no framework, no validation, no auth), with the same load on both, one after the other:
 *
 *   ingest      autocannon POST /api/reports (as ingest.bench.mjs): reports accepted per second
 *   live N      N Socket.IO clients (N = 100 and 1,000), a publisher POSTing reports at a fixed rate:
 *               report-to-client latency p50/p99/p99.9, plus server memory per connected client
 *               (VmRSS of the server process before and after the N clients connect, over N)
 *
 * Every measurement gets a fresh server (own Redis prefix, keys deleted afterwards). Rounds alternate
 * the order (SitRoom first, then the reference first, …) so neither always runs on a "fresher"
 * machine, and the summary takes the median over rounds.
 *
 * Clients run in `clientProcesses` forked processes (tests/bench/live-clients.mjs), not in this one:
 * 1,000 socket.io-client instances decoding every event would saturate one core and measure
 * themselves. Their CPU is reported. The publisher stays here and stamps each report with the
 * machine-wide monotonic clock (process.hrtime), which every client process reads too.
 *
 * Goals from issue 7: SitRoom ≥ 60 % of the reference's ingest rate; SitRoom's p99 ≤ 1.5× the
 * reference's.
 *
 *   node tests/bench/versus-reference.bench.mjs            (after `npx tsc -b`)
 *   node tests/bench/versus-reference.bench.mjs --rounds 1 --only ingest|live --clients 100,1000
 *        --rate 100 --targets sitroom,reference --json
 *        --server-node-args "--cpu-prof --cpu-prof-dir=/tmp/prof --import=./tests/bench/profile-exit.mjs"
 *                                                                    (profile the servers)
 *        --sitroom-env FUSION=off                                    (extra environment for SitRoom)
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import {
  cannon,
  cpuMeter,
  freePort,
  HOST,
  isMain,
  issueToken,
  percentile,
  processCpuSeconds,
  publishAtRate,
  REDIS_URL,
  reportBody,
  round,
  sleep,
  spawnNode,
  stopProcess,
  storedCount,
  summarizeCannon,
  table,
  trackChild,
  withServer,
} from './support.mjs';

const REFERENCE = fileURLToPath(new URL('./reference-server.mjs', import.meta.url));
const CLIENTS = fileURLToPath(new URL('./live-clients.mjs', import.meta.url));

export const defaults = {
  rounds: 3,
  /** Which measurements: 'ingest', 'live' or both. */
  only: ['ingest', 'live'],
  /** Which servers (both for the comparison; one alone when profiling). */
  targets: ['sitroom', 'reference'],
  /** Extra node flags for the servers, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] to profile them. */
  serverExecArgv: [],
  /** Extra environment for SitRoom, e.g. { FUSION: 'off' } to see what a feature costs. */
  sitroomEnv: {},
  ingest: { warmupSeconds: 2, durationSeconds: 10, connections: 50, pipelining: 1 },
  live: {
    clientCounts: [100, 1000],
    clientProcesses: 2,
    reportsPerSecond: 100,
    durationSeconds: 10,
    warmupReports: 20,
    /** Wait after the server starts, and after the clients connect, before reading VmRSS. */
    settleMs: 1500,
    drainTimeoutMs: 10_000,
    connectTimeoutMs: 60_000,
  },
};

export const GOALS = { ingestRatioMin: 0.6, p99RatioMax: 1.5 };

/** How each server is started, and whether its clients need a viewer token. */
const TARGETS = {
  sitroom: { start: undefined /* support.startServer */, token: true },
  reference: { start: startReference, token: false },
};

/** Starts reference-server.mjs like startServer starts SitRoom: free port, own prefix, READY line. */
async function startReference({ name, prefix, execArgv = [] }) {
  const port = await freePort();
  const proc = spawnNode({ name, script: REFERENCE, execArgv, env: { PORT: String(port), REDIS_URL, REDIS_PREFIX: prefix } });
  try {
    await proc.waitForLine(/^READY \d+/, 20_000);
  } catch (err) {
    await stopProcess(proc);
    throw err;
  }
  return { ...proc, port, prefix, url: `http://${HOST}:${port}` };
}

/** Resident set size of a process in KiB (Linux /proc; null elsewhere). */
function vmRssKiB(pid) {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Busy and total jiffies of the whole machine so far (Linux /proc/stat; null elsewhere). */
function machineJiffies() {
  try {
    // user nice system idle iowait irq softirq steal (guest time is already inside user)
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const idle = f[3] + (f[4] ?? 0); // idle + iowait
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/**
 * How busy the whole machine was between start() and stop(), in % of all cores: everything counts,
 * including whatever else runs on it (other people's tests), which is what the numbers suffer from.
 */
function machineMeter() {
  const a = machineJiffies();
  return {
    stop() {
      const b = machineJiffies();
      return a && b && b.total > a.total ? round((100 * (b.busy - a.busy)) / (b.total - a.total), 0) : null;
    },
  };
}

/** Redis's process id when it runs on this machine (INFO server), for its CPU share; null otherwise. */
let redisPid;
async function localRedisPid() {
  if (redisPid !== undefined) return redisPid;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  try {
    const pid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
    redisPid = processCpuSeconds(pid) === null ? null : pid;
  } catch {
    redisPid = null;
  } finally {
    redis.disconnect();
  }
  return redisPid;
}

/** CPU of Redis between start() and stop(), % of one core (it is single-threaded: 100 % is its ceiling). */
async function redisMeter() {
  const pid = await localRedisPid();
  const t0 = performance.now();
  const c0 = pid === null ? null : processCpuSeconds(pid);
  return {
    stop() {
      const c1 = pid === null ? null : processCpuSeconds(pid);
      return c0 === null || c1 === null ? null : round((100 * (c1 - c0)) / ((performance.now() - t0) / 1000), 0);
    },
  };
}

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};

// ---------------------------------------------------------------------------------------------
// Ingest
// ---------------------------------------------------------------------------------------------

async function measureIngest(target, o) {
  const t = TARGETS[target];
  return withServer(
    `vs-${target}-ingest`,
    async (server) => {
      // Like ingest.bench.mjs's 16 bodies, but every description is unique (a counter spliced into
      // a prebuilt string, cheap for the load generator): SitRoom merges a repeat of the same text
      // from the same address into the first report (200, nothing stored), which is not ingest.
      let n = 0;
      const requests = Array.from({ length: 16 }, (_, i) => {
        const [head, tail] = JSON.stringify(reportBody(`Bench ${i} #@@: water over the road near the bridge, cars stuck`, i * 37)).split('@@');
        return {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: `${head}${n++}${tail}` }),
        };
      });
      const request = { url: `${server.url}/api/reports`, requests, connections: o.connections, pipelining: o.pipelining };
      const warm = await cannon({ ...request, duration: o.warmupSeconds });
      const cpu = cpuMeter(server.child.pid);
      const machine = machineMeter();
      const redisCpu = await redisMeter();
      const measured = await cannon({ ...request, duration: o.durationSeconds });
      const cpuUse = { ...cpu.stop(), redisPctOfCore: redisCpu.stop(), machineBusyPct: machine.stop() };

      const loadEnded = performance.now();
      const stored = await storedCount(server.prefix, 'reports');
      const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
      let fusionDoneSec = null;
      try {
        // SitRoom's fusion thread yields to intake while the machine is short of CPU and catches up
        // afterwards: how long after the load ended every report had been fused and written.
        if (target === 'sitroom' && o.sitroomEnv?.FUSION !== 'off') fusionDoneSec = await fusionCaughtUp(redis, server.prefix, loadEnded);
      } finally {
        redis.disconnect();
      }
      const accepted = warm['2xx'] + measured['2xx'];
      const summary = summarizeCannon(measured);
      return {
        target,
        loadAvg1m: round(os.loadavg()[0], 2),
        ...summary,
        cpu: cpuUse,
        // Work per request, which CPU contention from other processes skews far less than req/s.
        reqPerServerCpuSecond: cpuUse.serverPctOfCore ? round(summary.okPerSec / (cpuUse.serverPctOfCore / 100), 0) : null,
        // Requests in flight at autocannon's stop are stored but never counted (see ingest.bench.mjs).
        storedCheck: { accepted2xx: accepted, storedInRedis: stored, ok: stored >= accepted && stored <= accepted + 2 * o.connections * o.pipelining },
        fusionDoneSec,
      };
    },
    { start: t.start, execArgv: o.serverExecArgv, ...(target === 'sitroom' ? { env: o.sitroomEnv } : {}) },
  );
}

/** Seconds from `since` until fusion's consumer group has read and acknowledged the whole change stream (null: not within 5 min). */
async function fusionCaughtUp(redis, prefix, since) {
  const until = performance.now() + 300_000;
  while (performance.now() < until) {
    const groups = await redis.xinfo('GROUPS', `{${prefix}}:changes`);
    const fusion = groups.map((g) => Object.fromEntries(g.reduce((acc, v, i) => (i % 2 ? acc : [...acc, [v, g[i + 1]]]), []))).find((g) => g.name === 'fusion');
    if (fusion && Number(fusion.lag) === 0 && Number(fusion.pending) === 0) return round((performance.now() - since) / 1000, 1);
    await sleep(100);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Live latency and memory per client
// ---------------------------------------------------------------------------------------------

/** A forked client process and a one-request-at-a-time IPC call to it, bounded in time. */
function startClientProcess(index) {
  const child = trackChild(fork(CLIENTS, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    index,
    child,
    ask(msg, timeoutMs) {
      return new Promise((resolve, reject) => {
        const done = (fn, v) => { clearTimeout(timer); child.off('message', onMessage); fn(v); };
        const onMessage = (m) => {
          if (m.type === 'error') done(reject, new Error(`client process ${index}: ${m.message}`));
          else if (m.type === msg.type) done(resolve, m);
        };
        const timer = setTimeout(() => done(reject, new Error(`client process ${index}: no answer to ${msg.type} within ${timeoutMs} ms`)), timeoutMs);
        child.on('message', onMessage);
        exited.then((e) => done(reject, new Error(`client process ${index} exited (${JSON.stringify(e)})`)));
        child.send(msg);
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await Promise.race([exited, sleep(2000)]);
    },
  };
}

async function measureLive(target, clients, o) {
  const t = TARGETS[target];
  return withServer(
    `vs-${target}-live${clients}`,
    async (server) => {
      const token = t.token ? await issueToken(server, 'viewer') : null;
      const reportsUrl = `${server.url}/api/reports`;
      const runTag = `bench-${randomBytes(4).toString('hex')}`;
      const total = Math.round(o.reportsPerSecond * o.durationSeconds);
      const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

      const post = async (kind, seq) => {
        const sentAt = nowMs();
        const body = reportBody(`${runTag} ${kind} ${seq} ${sentAt.toFixed(3)} bench report: water over the road`, seq);
        const res = await fetch(reportsUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        if (res.status !== 201) throw new Error(`POST /api/reports → ${res.status}`);
        return nowMs() - sentAt;
      };

      const procs = Array.from({ length: o.clientProcesses }, (_, i) => startClientProcess(i));
      try {
        // Memory: the idle server, then the same server with N clients connected.
        await sleep(o.settleMs);
        const rssBefore = vmRssKiB(server.child.pid);
        const share = (i) => Math.floor(clients / procs.length) + (i < clients % procs.length ? 1 : 0);
        const connects = await Promise.all(
          procs.map((p) => p.ask({ type: 'connect', url: server.url, token, count: share(p.index), runTag, total, timeoutMs: o.connectTimeoutMs }, o.connectTimeoutMs + 5000)),
        );
        await sleep(o.settleMs);
        const rssAfter = vmRssKiB(server.child.pid);

        // A client process that is busy decoding a backlog may answer late: keep the last counts then
        // and let the warm-up and drain deadlines decide.
        const last = procs.map(() => ({ warmDelivered: 0, delivered: 0 }));
        const progress = async () => {
          await Promise.all(procs.map((p, i) => p.ask({ type: 'progress' }, 2000).then((a) => { last[i] = a; }, () => {})));
          return { warm: last.reduce((a, x) => a + x.warmDelivered, 0), delivered: last.reduce((a, x) => a + x.delivered, 0) };
        };

        // Warm-up: a few reports, and wait (bounded) until every client has them.
        for (let i = 0; i < o.warmupReports; i++) await post('w', i);
        const warmDeadline = Date.now() + 10_000;
        while ((await progress()).warm < o.warmupReports * clients && Date.now() < warmDeadline) await sleep(50);

        // Measured run: report i is due at start + i / rate; at most 500 POSTs in flight.
        const clientCpu0 = procs.map((p) => processCpuSeconds(p.child.pid));
        const cpu = cpuMeter(server.child.pid);
        const machine = machineMeter();
        const redisCpu = await redisMeter();
        const intervalMs = 1000 / o.reportsPerSecond;
        const { start, sent, accepted, failed, failures, postLatencies, publishSeconds } = await publishAtRate({ total, intervalMs, durationSeconds: o.durationSeconds, post });

        // Drain: until every client has every accepted report, or the timeout.
        const drainStart = performance.now();
        while ((await progress()).delivered < accepted * clients && performance.now() - drainStart < o.drainTimeoutMs) await sleep(50);
        const drainMs = performance.now() - drainStart;
        const seconds = (performance.now() - start) / 1000;
        const cpuUse = cpu.stop();
        const machineBusyPct = machine.stop();
        const redisPctOfCore = redisCpu.stop();
        const clientCpuPct = procs.map((p, i) => round((100 * ((processCpuSeconds(p.child.pid) ?? NaN) - (clientCpu0[i] ?? NaN))) / seconds, 0));

        await sleep(300); // a late duplicate would still be counted
        const finals = await Promise.all(procs.map((p) => p.ask({ type: 'finish', sent }, 30_000)));

        let n = 0;
        for (const f of finals) n += f.latencies.length;
        const lat = new Float64Array(n);
        let at = 0;
        for (const f of finals) { lat.set(f.latencies, at); at += f.latencies.length; }
        lat.sort();
        const sum = (k) => finals.reduce((a, f) => a + f[k], 0);
        const expected = accepted * clients;
        const posts = postLatencies.sort((a, b) => a - b);
        return {
          target,
          clients,
          loadAvg1m: round(os.loadavg()[0], 2),
          connectAllMs: round(Math.max(...connects.map((c) => c.ms)), 0),
          memory: {
            rssBeforeKiB: rssBefore,
            rssAfterKiB: rssAfter,
            perClientKiB: rssBefore === null || rssAfter === null ? null : round((rssAfter - rssBefore) / clients, 1),
          },
          publisher: {
            sent,
            accepted,
            failed,
            failures,
            achievedPerSec: round(sent / publishSeconds, 1),
            postLatencyMs: { p50: round(percentile(posts, 50)), p99: round(percentile(posts, 99)), max: round(posts.at(-1)) },
          },
          deliveries: {
            expected,
            delivered: sum('delivered'),
            lost: Math.max(0, expected - sum('delivered')),
            lostStrict: sum('lostStrict'),
            duplicates: sum('duplicates'),
            laterChangesOfSameReport: sum('updates'),
            foreignItems: sum('foreign'),
            changesEvents: sum('batches'),
            itemsPerEvent: round(sum('items') / Math.max(1, sum('batches')), 2),
            clientDisconnects: sum('disconnects'),
            drainMs: round(drainMs, 0),
          },
          // Date.now() at the first client of each process − the report's receivedAt (ms resolution):
          // the fan-out part of the latency, without the HTTP intake.
          storedToClientMs: (() => {
            const v = finals.flatMap((f) => f.storedToClient).sort((a, b) => a - b);
            return { p50: percentile(v, 50), p99: percentile(v, 99), max: v.at(-1) };
          })(),
          latencyMs: {
            samples: lat.length,
            mean: round(lat.reduce((a, b) => a + b, 0) / Math.max(1, lat.length)),
            p50: round(percentile(lat, 50)),
            p90: round(percentile(lat, 90)),
            p99: round(percentile(lat, 99)),
            p999: round(percentile(lat, 99.9)),
            max: round(lat.at(-1)),
          },
          cpu: {
            serverPctOfCore: cpuUse.serverPctOfCore,
            // Server CPU per 1,000 deliveries (µs): the fan-out's cost, less skewed by contention than latency.
            serverCpuUsPer1kDeliveries: cpuUse.serverPctOfCore === null ? null : round(((cpuUse.serverPctOfCore / 100) * seconds * 1e6) / (sum('delivered') / 1000), 0),
            publisherPctOfCore: cpuUse.benchPctOfCore,
            clientsPctOfCore: clientCpuPct,
            clientLoopDelayP99Ms: finals.map((f) => round(f.loopDelayP99Ms, 1)),
            redisPctOfCore,
            machineBusyPct,
          },
        };
      } finally {
        await Promise.all(procs.map((p) => p.stop()));
      }
    },
    { start: t.start, execArgv: o.serverExecArgv, ...(target === 'sitroom' ? { env: o.sitroomEnv } : {}) },
  );
}

// ---------------------------------------------------------------------------------------------
// The run and its summary
// ---------------------------------------------------------------------------------------------

export async function runVersusReference(options = {}) {
  const o = { ...defaults, ...options, ingest: { ...defaults.ingest, ...options.ingest }, live: { ...defaults.live, ...options.live } };
  const runs = [];
  const say = (m) => { if (o.verbose !== false) console.log(`  ${m}`); };
  // One measurement that fails (a server that does not start, a client process that stalls) is
  // recorded as failed and left out of the medians; the others still run.
  const measure = async (round, kind, target, fn, describe) => {
    try {
      const x = await fn();
      say(`round ${round} ${kind} ${target}: ${describe(x)} (load ${x.loadAvg1m})`);
      runs.push({ round, kind, ...x });
    } catch (err) {
      say(`round ${round} ${kind} ${target}: FAILED: ${err.message}`);
      runs.push({ round, kind, target, error: err instanceof Error ? err.message : String(err) });
    }
  };
  const env = { serverExecArgv: o.serverExecArgv, sitroomEnv: o.sitroomEnv };
  for (let r = 1; r <= o.rounds; r++) {
    const order = (r % 2 === 1 ? ['sitroom', 'reference'] : ['reference', 'sitroom']).filter((t) => o.targets.includes(t));
    if (o.only.includes('ingest')) {
      for (const target of order) {
        await measure(r, 'ingest', target, () => measureIngest(target, { ...o.ingest, ...env }), (x) => `${x.reqPerSec} req/s, p99 ${x.latencyMs.p99} ms, server cpu ${x.cpu.serverPctOfCore} %`);
      }
    }
    if (o.only.includes('live')) {
      for (const clients of o.live.clientCounts) {
        for (const target of order) {
          await measure(r, `live${clients}`, target, () => measureLive(target, clients, { ...o.live, ...env }), (x) =>
            `p50 ${x.latencyMs.p50} / p99 ${x.latencyMs.p99} / p99.9 ${x.latencyMs.p999} ms, ${x.memory.perClientKiB} KiB/client, ` +
            `server cpu ${x.cpu.serverPctOfCore} %, clients cpu ${x.cpu.clientsPctOfCore.join('+')} %`);
        }
      }
    }
  }
  return { name: 'versus-reference', what: 'SitRoom vs a minimal Fastify + ioredis + socket.io server, same load', settings: o, goals: GOALS, summary: summarizeRuns(runs, o), runs };
}

/** Medians over rounds, per target and measurement, and the ratios the issue's goals are about. */
function summarizeRuns(runs, o) {
  const pick = (kind, target, f) => median(runs.filter((x) => x.kind === kind && x.target === target && !x.error).map(f));
  const out = { ingest: null, live: {} };
  if (o.only.includes('ingest')) {
    const side = (target) => ({
      reqPerSec: pick('ingest', target, (x) => x.reqPerSec),
      p50Ms: pick('ingest', target, (x) => x.latencyMs.p50),
      p99Ms: pick('ingest', target, (x) => x.latencyMs.p99),
      serverCpuPct: pick('ingest', target, (x) => x.cpu.serverPctOfCore),
      reqPerServerCpuSecond: pick('ingest', target, (x) => x.reqPerServerCpuSecond),
      redisCpuPct: pick('ingest', target, (x) => x.cpu.redisPctOfCore),
      machineBusyPct: pick('ingest', target, (x) => x.cpu.machineBusyPct),
      loadgenCpuPct: pick('ingest', target, (x) => x.cpu.benchPctOfCore),
      loadAvg1m: pick('ingest', target, (x) => x.loadAvg1m),
      fusionDoneSec: pick('ingest', target, (x) => x.fusionDoneSec),
    });
    const s = side('sitroom');
    const ref = side('reference');
    const ratio = round(s.reqPerSec / ref.reqPerSec, 2);
    out.ingest = { sitroom: s, reference: ref, ratio, goalMet: ratio >= GOALS.ingestRatioMin };
  }
  if (o.only.includes('live')) {
    for (const clients of o.live.clientCounts) {
      const kind = `live${clients}`;
      const side = (target) => ({
        p50Ms: pick(kind, target, (x) => x.latencyMs.p50),
        p99Ms: pick(kind, target, (x) => x.latencyMs.p99),
        p999Ms: pick(kind, target, (x) => x.latencyMs.p999),
        perClientKiB: pick(kind, target, (x) => x.memory.perClientKiB),
        serverCpuPct: pick(kind, target, (x) => x.cpu.serverPctOfCore),
        serverCpuUsPer1kDeliveries: pick(kind, target, (x) => x.cpu.serverCpuUsPer1kDeliveries),
        machineBusyPct: pick(kind, target, (x) => x.cpu.machineBusyPct),
        storedToClientP50Ms: pick(kind, target, (x) => x.storedToClientMs.p50),
        storedToClientP99Ms: pick(kind, target, (x) => x.storedToClientMs.p99),
        clientsCpuPct: pick(kind, target, (x) => x.cpu.clientsPctOfCore.reduce((a, b) => a + b, 0)),
        clientsCpuMaxPct: pick(kind, target, (x) => Math.max(...x.cpu.clientsPctOfCore)),
        achievedPerSec: pick(kind, target, (x) => x.publisher.achievedPerSec),
        loadAvg1m: pick(kind, target, (x) => x.loadAvg1m),
      });
      const s = side('sitroom');
      const ref = side('reference');
      const p99Ratio = round(s.p99Ms / ref.p99Ms, 2);
      out.live[clients] = { sitroom: s, reference: ref, p99Ratio, goalMet: p99Ratio <= GOALS.p99RatioMax };
    }
  }
  return out;
}

/** The side-by-side table (medians over rounds); shared with run.mjs. */
export function versusTable(r) {
  const s = r.summary;
  const n = r.settings.rounds;
  const rows = [];
  const ratio = (a, b) => (Number.isFinite(a / b) ? round(a / b, 2) : '-');
  const verdict = (ok) => (ok ? 'ok' : 'MISSED');
  if (s.ingest) {
    const { sitroom: a, reference: b } = s.ingest;
    rows.push(['ingest: reports accepted/s', a.reqPerSec, b.reqPerSec, s.ingest.ratio, `≥ ${GOALS.ingestRatioMin} ${verdict(s.ingest.goalMet)}`]);
    rows.push(['ingest: HTTP p99 ms', a.p99Ms, b.p99Ms, ratio(a.p99Ms, b.p99Ms), '']);
    rows.push(['ingest: server cpu % of core', a.serverCpuPct, b.serverCpuPct, '', '']);
    rows.push(['ingest: reports per server cpu-second', a.reqPerServerCpuSecond, b.reqPerServerCpuSecond, ratio(a.reqPerServerCpuSecond, b.reqPerServerCpuSecond), '']);
    rows.push(['ingest: redis cpu % of core', a.redisCpuPct, b.redisCpuPct, '', '']);
    rows.push(['ingest: whole machine busy %', a.machineBusyPct, b.machineBusyPct, '', '']);
    if (a.fusionDoneSec !== null && a.fusionDoneSec !== undefined) rows.push(['ingest: all fused, s after the load ended', a.fusionDoneSec, '', '', '']);
  }
  for (const [clients, x] of Object.entries(s.live)) {
    const { sitroom: a, reference: b } = x;
    rows.push([`${clients} clients: latency p50 ms`, a.p50Ms, b.p50Ms, ratio(a.p50Ms, b.p50Ms), '']);
    rows.push([`${clients} clients: latency p99 ms`, a.p99Ms, b.p99Ms, x.p99Ratio, `≤ ${GOALS.p99RatioMax} ${verdict(x.goalMet)}`]);
    rows.push([`${clients} clients: latency p99.9 ms`, a.p999Ms, b.p999Ms, ratio(a.p999Ms, b.p999Ms), '']);
    rows.push([`${clients} clients: server KiB/client`, a.perClientKiB, b.perClientKiB, ratio(a.perClientKiB, b.perClientKiB), '']);
    rows.push([`${clients} clients: stored→client p50/p99 ms`, `${a.storedToClientP50Ms}/${a.storedToClientP99Ms}`, `${b.storedToClientP50Ms}/${b.storedToClientP99Ms}`, '', '']);
    rows.push([`${clients} clients: server cpu %`, a.serverCpuPct, b.serverCpuPct, '', '']);
    rows.push([`${clients} clients: server cpu µs per 1k deliveries`, a.serverCpuUsPer1kDeliveries, b.serverCpuUsPer1kDeliveries, ratio(a.serverCpuUsPer1kDeliveries, b.serverCpuUsPer1kDeliveries), '']);
    rows.push([`${clients} clients: client procs cpu % (sum/max)`, `${a.clientsCpuPct}/${a.clientsCpuMaxPct}`, `${b.clientsCpuPct}/${b.clientsCpuMaxPct}`, '', '']);
    rows.push([`${clients} clients: whole machine busy %`, a.machineBusyPct, b.machineBusyPct, '', '']);
  }
  const loads = r.runs.filter((x) => !x.error).map((x) => x.loadAvg1m);
  const failed = r.runs.filter((x) => x.error).map((x) => `round ${x.round} ${x.kind} ${x.target}: ${x.error}`);
  const live = r.settings.only.includes('live') ? `; live: ${r.settings.live.reportsPerSecond} reports/s for ${r.settings.live.durationSeconds} s, clients in ${r.settings.live.clientProcesses} processes` : '';
  return [
    `SitRoom vs reference — medians of ${n} round(s), order alternating${live}; 1-min load average during the runs ${Math.min(...loads)}–${Math.max(...loads)}`,
    table(['', 'SitRoom', 'reference', 'SitRoom/ref', 'goal'], rows),
    ...(failed.length ? ['Failed measurements (left out of the medians):', ...failed] : []),
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const arg = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const options = {};
  if (arg('rounds')) options.rounds = Number(arg('rounds'));
  if (arg('only')) options.only = arg('only').split(',');
  if (arg('targets')) options.targets = arg('targets').split(',');
  if (arg('server-node-args')) options.serverExecArgv = arg('server-node-args').split(' ');
  if (arg('sitroom-env')) options.sitroomEnv = Object.fromEntries(arg('sitroom-env').split(',').map((kv) => kv.split('=')));
  if (arg('rate')) options.live = { ...options.live, reportsPerSecond: Number(arg('rate')) };
  if (arg('clients')) options.live = { ...options.live, clientCounts: arg('clients').split(',').map(Number) };
  const r = await runVersusReference(options);
  if (process.argv.includes('--json')) console.log(JSON.stringify(r, null, 2));
  console.log(`\n${versusTable(r)}`);
}
