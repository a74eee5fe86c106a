/**
 * `npm run bench`: runs every benchmark in turn, prints a summary, and writes all results to
 * test-artifacts/bench/results.json.
 *
 *   node tests/bench/run.mjs                  all of them (after `npx tsc -b`)
 *   node tests/bench/run.mjs ingest live      only some (ingest, cap, live, platform, matching, wall, versus)
 *
 * A benchmark that throws is recorded as failed and the others still run. The exit code is 1 when a
 * benchmark failed or a correctness check did not hold (non-2xx answers, reports not stored, live
 * deliveries lost or duplicated); slow numbers alone never fail the run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCapIngest } from './cap-ingest.bench.mjs';
import { runIngest } from './ingest.bench.mjs';
import { runLiveLatency } from './live-latency.bench.mjs';
import { runMatching } from './matching.bench.mjs';
import { runPlatform } from './platform.bench.mjs';
import { runVersusReference, versusTable } from './versus-reference.bench.mjs';
import { runWallRender } from './wall-render.bench.mjs';
import { machineInfo, ROOT, table } from './support.mjs';

const BENCHMARKS = [
  { key: 'ingest', title: 'Ingest: POST /api/reports', run: runIngest },
  { key: 'cap', title: 'CAP ingest: POST /api/signals', run: runCapIngest },
  { key: 'live', title: 'Live latency: POST → Socket.IO clients', run: runLiveLatency },
  { key: 'platform', title: 'Platform: Nest on Express vs Fastify', run: runPlatform },
  { key: 'versus', title: 'SitRoom vs a bare-bones reference server, same load', run: runVersusReference },
  { key: 'matching', title: 'Matching: ranked offers for a need, by number of offers', run: runMatching },
];

const OUT = path.join(ROOT, 'test-artifacts/bench/results.json');

/** Correctness checks per benchmark: [description, passed]. */
function checks(key, r) {
  if (key === 'ingest') {
    return [
      ['no non-2xx answers', r.non2xx === 0],
      ['no socket errors / timeouts', r.errors === 0 && r.timeouts === 0],
      ['every 201 stored in Redis', r.storedCheck.ok],
      ['server logged no errors', r.serverLog.errors === 0],
    ];
  }
  if (key === 'cap') {
    return [
      ['no non-2xx answers', r.non2xx === 0],
      ['no socket errors / timeouts', r.errors === 0 && r.timeouts === 0],
      ['every 202 stored in Redis', r.storedCheck.ok],
      ['server logged no errors', r.serverLog.errors === 0],
    ];
  }
  if (key === 'live') {
    return [
      ['every POST accepted', r.publisher.failed === 0],
      ['no lost deliveries', r.deliveries.lost === 0 && r.deliveries.lostStrict === 0],
      ['no duplicate deliveries', r.deliveries.duplicates === 0],
      ['no client dropped mid-run', r.deliveries.clientDisconnects === 0],
      ['server logged no errors', r.serverLog.errors === 0],
    ];
  }
  if (key === 'matching') {
    return [
      ['every offer seeded was stored', r.endToEnd.every((x) => x.stored === x.offers)],
      ['no non-2xx / errors', r.endToEnd.every((x) => x.non2xx === 0 && x.errors === 0)],
      ['matches come back ranked and limited', r.endToEnd.every((x) => x.sorted && x.returned === r.settings.limit)],
      ['server logged no errors', r.serverLog.errors === 0],
    ];
  }
  if (key === 'wall') {
    return [
      ['every size reached its feature count', r.results.every((x) => x.features > 0)],
      ['the map applied updates at every size', r.results.every((x) => x.mapUpdates > 0)],
      ['server logged no errors', r.serverLog.errors === 0],
    ];
  }
  if (key === 'platform') {
    return [
      ['no non-2xx / errors (express)', r.express.non2xx === 0 && r.express.errors === 0],
      ['no non-2xx / errors (fastify)', r.fastify.non2xx === 0 && r.fastify.errors === 0],
    ];
  }
  if (key === 'versus') {
    const ingest = r.runs.filter((x) => x.kind === 'ingest' && !x.error);
    const live = r.runs.filter((x) => x.kind !== 'ingest' && !x.error);
    return [
      ['every measurement completed', r.runs.every((x) => !x.error)],
      ['ingest: no non-2xx / errors (both servers)', ingest.every((x) => x.non2xx === 0 && x.errors === 0 && x.timeouts === 0)],
      ['ingest: every 2xx stored (both servers)', ingest.every((x) => x.storedCheck.ok)],
      ['live: every POST accepted', live.every((x) => x.publisher.failed === 0)],
      ['live: no lost or duplicate deliveries', live.every((x) => x.deliveries.lost === 0 && x.deliveries.lostStrict === 0 && x.deliveries.duplicates === 0)],
      ['live: no client dropped mid-run', live.every((x) => x.deliveries.clientDisconnects === 0)],
      ['servers logged no errors', r.runs.every((x) => x.error || x.serverLog.errors === 0)],
    ];
  }
  return [];
}

function summarize(results) {
  const out = [];
  const ms = (v) => (v === undefined || v === null || Number.isNaN(v) ? '-' : `${v}`);
  const m = results.machine;
  out.push(`Machine: ${m.cpus} × ${m.cpuModel}, ${m.totalMemGiB} GiB, Node ${m.node}.`);
  out.push(
    `NOTE: load generator, clients and server(s) all run on this machine (${m.cpus} cores): they compete for CPU, so these ` +
      'numbers are lower bounds for a server with cores of its own. "cpu" columns are % of one core.',
  );
  const loads = Object.entries(results.benchmarks).map(([k, e]) => `${k} ${e.loadAvg1mAtStart}`);
  out.push(`1-minute load average when each benchmark started (anything else running skews the numbers): ${loads.join(', ')}.`);

  const ingest = results.benchmarks.ingest;
  if (ingest?.result) {
    const r = ingest.result;
    out.push('', `Ingest — autocannon POST /api/reports, ${r.connections} connections, pipelining ${r.pipelining}, ${r.durationS} s after ${r.settings.warmupSeconds} s warm-up`);
    out.push(
      table(
        ['', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors', 'server cpu', 'loadgen cpu', 'stored = 2xx'],
        [['ingest', r.reqPerSec, r.latencyMs.p50, r.latencyMs.p90, r.latencyMs.p99, r.latencyMs.max, r.non2xx, r.errors + r.timeouts, ms(r.cpu.serverPctOfCore), ms(r.cpu.benchPctOfCore), r.storedCheck.ok ? `yes (+${r.storedCheck.unansweredAtStop} in flight)` : 'NO']],
      ),
    );
  }

  const cap = results.benchmarks.cap;
  if (cap?.result) {
    const r = cap.result;
    out.push('', `CAP ingest — autocannon POST /api/signals (a new ${r.bodyBytes}-byte CAP 1.2 alert per request), ${r.connections} connections, ${r.durationS} s after ${r.settings.warmupSeconds} s warm-up`);
    out.push(
      table(
        ['', 'alerts/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors', 'server cpu', 'loadgen cpu', 'stored = 2xx'],
        [['cap', r.alertsPerSec, r.latencyMs.p50, r.latencyMs.p90, r.latencyMs.p99, r.latencyMs.max, r.non2xx, r.errors + r.timeouts, ms(r.cpu.serverPctOfCore), ms(r.cpu.benchPctOfCore), r.storedCheck.ok ? `yes (+${r.storedCheck.unansweredAtStop} in flight)` : 'NO']],
      ),
    );
  }

  const live = results.benchmarks.live;
  if (live?.result) {
    const r = live.result;
    const d = r.deliveries;
    out.push(
      '',
      `Live latency — ${r.settings.clients} Socket.IO clients (websocket, viewer), ${r.publisher.achievedPerSec} reports/s achieved for ${r.settings.durationSeconds} s; ${r.publisher.sent} reports`,
    );
    out.push(
      table(
        ['', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'mean ms'],
        [
          ['POST → client', r.latencyMs.p50, r.latencyMs.p90, r.latencyMs.p99, r.latencyMs.p999, r.latencyMs.max, r.latencyMs.mean],
          ['POST round trip', r.publisher.postLatencyMs.p50, '-', r.publisher.postLatencyMs.p99, '-', r.publisher.postLatencyMs.max, '-'],
          ['stored → client 0', r.storedToClientMs.p50, '-', r.storedToClientMs.p99, '-', r.storedToClientMs.max, '-'],
        ],
      ),
    );
    out.push(
      table(
        ['deliveries', 'expected', 'delivered', 'lost', 'duplicates', 'POST failed', 'drops', 'items/event', 'server cpu', 'bench cpu', 'bench loop delay p99'],
        [['', d.expected, d.delivered, d.lost, d.duplicates, r.publisher.failed, d.clientDisconnects, d.itemsPerEvent, ms(r.cpu.serverPctOfCore), ms(r.cpu.benchPctOfCore), `${r.benchEventLoopDelayMs.p99} ms`]],
      ),
    );
  }

  const platform = results.benchmarks.platform;
  if (platform?.result) {
    const r = platform.result;
    out.push(
      '',
      `Platform — same Nest app (POST, zod body, no Redis), ${r.settings.connections} connections, ${r.settings.durationSeconds} s × ${r.settings.rounds} rounds each after ${r.settings.warmupSeconds} s warm-up`,
    );
    const row = (name, x, ver) => [`${name} ${ver}`, x.reqPerSec, x.reqPerSecByRound.join(' / '), x.p50Ms, x.p99Ms, x.non2xx + x.errors, ms(x.appCpuPctOfCore), ms(x.loadGenCpuPctOfCore)];
    out.push(
      table(
        ['', 'req/s', 'by round', 'p50 ms', 'p99 ms', 'non-2xx+err', 'app cpu', 'loadgen cpu'],
        [row('express', r.express, r.versions.express), row('fastify', r.fastify, r.versions.fastify)],
      ),
    );
    out.push(`Fastify / Express: ${r.fastifyOverExpress.reqPerSec}× the requests per second, ${r.fastifyOverExpress.p99}× the p99 latency.`);
    if ((r.fastify.appCpuPctOfCore ?? 0) < 90) {
      out.push(`(Fastify's app used ${r.fastify.appCpuPctOfCore} % of a core: the load generator, not Fastify, was the limit, so the real ratio is at least this.)`);
    }
  }

  const matching = results.benchmarks.matching;
  if (matching?.result) {
    const r = matching.result;
    out.push('', `Matching — one need, offers all of its type (worst case); top ${r.settings.limit}; HTTP: autocannon, ${r.settings.connections} connections, ${r.settings.durationSeconds} s per size`);
    const inProc = new Map(r.inProcess.map((x) => [x.offers, x]));
    out.push(
      table(
        ['offers', 'in-process /s', 'µs per offer', 'HTTP matches/s', 'p50 ms', 'p99 ms', 'server cpu', 'seeded/s'],
        r.endToEnd.map((x) => [x.offers, inProc.get(x.offers)?.matchesPerSec, inProc.get(x.offers)?.usPerOffer, x.matchesPerSec, x.latencyMs.p50, x.latencyMs.p99, ms(x.serverCpuPctOfCore), x.seededPerSec]),
      ),
    );
  }

  const wall = results.benchmarks.wall;
  if (wall?.result) {
    const r = wall.result;
    out.push('', `Wall rendering — ${r.settings.viewport}, ${r.settings.renderer}, ${r.settings.changesPerSecond} changes/s for ${r.settings.windowSeconds} s; seeding: ${r.settings.seeding}`);
    out.push(`Renderer alone (repaint every frame, no data): ${r.baseline.fps} fps, frame p50 ${r.baseline.frameMs.p50} ms — frame times below cannot beat this on this machine.`);
    out.push(
      table(
        ['features', 'fps', 'frame p50', 'frame p95', 'frame max', 'lag p50 ms', 'lag p95 ms', 'map updates', 'changes sent', 'long tasks (ms)', 'seed ms'],
        r.results.map((x) => [x.features, x.fps, x.frameMs.p50, x.frameMs.p95, x.frameMs.max, x.updateLagMs.p50, x.updateLagMs.p95, x.mapUpdates, x.changesSent, `${x.longTasks.count} (${x.longTasks.totalMs})`, x.seedMs]),
      ),
    );
  }

  const versus = results.benchmarks.versus;
  if (versus?.result) out.push('', versusTable(versus.result));

  out.push('', 'Checks');
  const rows = [];
  for (const [key, entry] of Object.entries(results.benchmarks)) {
    if (entry.error) rows.push([key, 'benchmark failed', 'FAIL']);
    for (const c of entry.checks ?? []) rows.push([key, c.check, c.ok ? 'ok' : 'FAIL']);
  }
  out.push(table(['benchmark', 'check', ''], rows));
  for (const [key, entry] of Object.entries(results.benchmarks)) {
    if (entry.error) out.push('', `${key} failed: ${entry.error}`);
    const log = entry.result?.serverLog;
    if (log && (log.warnings || log.errors)) out.push('', `${key}: the server logged ${log.warnings} warning(s), ${log.errors} error line(s):`, log.tail);
  }
  return out.join('\n');
}

export async function runAll(only = []) {
  const selected = BENCHMARKS.filter((b) => !only.length || only.includes(b.key));
  if (!selected.length) throw new Error(`unknown benchmark(s) ${only.join(', ')}; choose from ${BENCHMARKS.map((b) => b.key).join(', ')}`);
  const results = { startedAt: new Date().toISOString(), machine: machineInfo(), benchmarks: {} };
  for (const b of selected) {
    console.log(`\n▶ ${b.title} …`);
    const t0 = Date.now();
    const loadAvg1mAtStart = Number(os.loadavg()[0].toFixed(2));
    try {
      const result = await b.run();
      const list = checks(b.key, result).map(([check, ok]) => ({ check, ok }));
      results.benchmarks[b.key] = { seconds: Math.round((Date.now() - t0) / 1000), loadAvg1mAtStart, result, checks: list };
      console.log(`  done in ${results.benchmarks[b.key].seconds} s${list.every((c) => c.ok) ? '' : ' (a check failed)'}`);
    } catch (err) {
      results.benchmarks[b.key] = { seconds: Math.round((Date.now() - t0) / 1000), loadAvg1mAtStart, error: err instanceof Error ? err.stack : String(err) };
      console.log(`  FAILED after ${results.benchmarks[b.key].seconds} s: ${err instanceof Error ? err.message : err}`);
    }
  }
  results.finishedAt = new Date().toISOString();
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
  const ok = Object.values(results.benchmarks).every((e) => !e.error && e.checks.every((c) => c.ok));
  return { results, ok };
}

const { results, ok } = await runAll(process.argv.slice(2));
console.log(`\n${'='.repeat(100)}\nSitRoom benchmarks — summary\n${'='.repeat(100)}`);
console.log(summarize(results));
console.log(`\nResults: ${path.relative(process.cwd(), OUT) || OUT}`);
process.exitCode = ok ? 0 : 1;
