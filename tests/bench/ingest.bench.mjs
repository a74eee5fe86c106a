/**
 * Ingest: how many public reports per second the real server accepts over HTTP.
 *
 * One server (its own Redis prefix), autocannon POST /api/reports from this process: a short
 * warm-up, then a measured run. Each connection cycles through a handful of prebuilt bodies
 * (different text and places), each made unique by a counter spliced into a prebuilt string: the
 * server merges a repeat of the same text from the same address into the first report (200,
 * nothing stored), and splicing keeps the load generator cheap on a 2-core machine. (autocannon 8's
 * idReplacement is not usable here: it sets Content-Length for a 33-character id, but the hyperid
 * it installs makes 24-character ids, so the server waits for bytes that never come and every
 * request times out.) Afterwards the stored report count is read back from Redis and compared
 * with the 2xx count: every 201 must be stored.
 *
 *   node tests/bench/ingest.bench.mjs            (after `npx tsc -b`)
 */
import { cannon, cpuMeter, isMain, reportBody, storedCount, summarizeCannon, withServer } from './support.mjs';

export const defaults = {
  warmupSeconds: 2,
  durationSeconds: 10,
  connections: 50,
  pipelining: 1,
};

export async function runIngest(options = {}) {
  const o = { ...defaults, ...options };
  return withServer('ingest', async (server) => {
    let n = 0;
    const requests = Array.from({ length: 16 }, (_, i) => {
      const [head, tail] = JSON.stringify(reportBody(`Bench ${i} #@@: water over the road near the bridge, cars stuck`, i * 37)).split('@@');
      return {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: `${head}${n++}${tail}` }),
      };
    });
    const request = {
      url: `${server.url}/api/reports`,
      requests,
      connections: o.connections,
      pipelining: o.pipelining,
    };

    const warm = await cannon({ ...request, duration: o.warmupSeconds });
    const cpu = cpuMeter(server.child.pid);
    const measured = await cannon({ ...request, duration: o.durationSeconds });
    const cpuUse = cpu.stop();

    const stored = await storedCount(server.prefix, 'reports');
    // autocannon stops at the deadline with requests still in flight: the server stores those but
    // autocannon never counts their answers, so up to connections × pipelining per run are extra.
    const accepted = warm['2xx'] + measured['2xx'];
    const inFlightMax = 2 * o.connections * o.pipelining;
    return {
      name: 'ingest',
      what: 'POST /api/reports accepted per second (autocannon, real server + Redis)',
      settings: o,
      warmup: { requests: warm.requests.total, status2xx: warm['2xx'], non2xx: warm.non2xx, errors: warm.errors },
      ...summarizeCannon(measured),
      cpu: cpuUse,
      storedCheck: {
        accepted2xx: accepted,
        storedInRedis: stored,
        unansweredAtStop: stored - accepted,
        ok: stored >= accepted && stored <= accepted + inFlightMax,
      },
    };
  });
}

if (isMain(import.meta.url)) {
  const r = await runIngest();
  console.log(JSON.stringify(r, null, 2));
}
