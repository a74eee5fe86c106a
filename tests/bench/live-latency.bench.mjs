/**
 * Live latency: time from "a report is POSTed" to "a connected wall has it", with many walls.
 *
 * One server; N Socket.IO clients (socket.io-client, WebSocket transport only, each on its own
 * connection, viewer token) in this process; a publisher in the same process POSTs reports at a fixed
 * rate. Each report's description carries a run marker, its sequence number and its send time
 * (performance.now() taken just before the POST). Each client, on `changes`, computes
 * now − sendTime for every item of this run, so the figure covers the whole path: HTTP intake,
 * Redis MULTI, the server's XREAD tail, the Socket.IO fan-out and the client's decode. Publisher
 * and clients share one clock.
 *
 * Deliveries are counted per client and sequence number: expected = reports accepted × clients;
 * anything missing when the drain wait ends is "lost"; a change whose id is not after the last one
 * the client saw is a "duplicate" (a later change of the same report, such as fusion adding its
 * incident id, is an update and is not counted again).
 *
 * The clients share this process (and the 2 cores) with the load: the event-loop delay of this
 * process is reported too, because a busy client loop shows up as latency.
 *
 *   node tests/bench/live-latency.bench.mjs            (after `npx tsc -b`)
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { cpuMeter, isMain, issueToken, loopDelayMeter, percentile, publishAtRate, reportBody, round, sleep, withServer } from './support.mjs';

export const defaults = {
  clients: 100,
  reportsPerSecond: 100,
  durationSeconds: 15,
  warmupReports: 50,
  /** How long to wait after the last POST for deliveries still on their way. */
  drainTimeoutMs: 10_000,
  connectTimeoutMs: 30_000,
};

/** Opens `count` independent Socket.IO connections; rejects if they are not all up in time. */
async function connectClients(url, token, count, timeoutMs) {
  const sockets = [];
  const connected = [];
  for (let i = 0; i < count; i++) {
    const socket = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token },
      forceNew: true, // one WebSocket per client, like real walls (no multiplexing)
      reconnection: false,
      timeout: timeoutMs,
    });
    sockets.push(socket);
    connected.push(
      new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', (err) => reject(new Error(`client ${i} connect_error: ${err.message}`)));
      }),
    );
  }
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not all ${count} clients connected within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.all(connected), deadline]);
  } catch (err) {
    for (const s of sockets) s.close();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return sockets;
}

export async function runLiveLatency(options = {}) {
  const o = { ...defaults, ...options };
  return withServer('live', async (server) => {
    const token = await issueToken(server, 'viewer');
    const reportsUrl = `${server.url}/api/reports`;

    const runTag = `bench-${randomBytes(4).toString('hex')}`;
    const MARK = /^(bench-[0-9a-f]{8}) (w|m) (\d+) (\d+(?:\.\d+)?) /;
    const total = Math.round(o.reportsPerSecond * o.durationSeconds);

    // Per measured report: how many clients got it; per client: which it has seen.
    const seen = Array.from({ length: o.clients }, () => new Uint8Array(total));
    const latencies = new Float64Array(total * o.clients);
    let latencyCount = 0;
    const serverToClient = []; // Date.now() at the client − the report's receivedAt (ms, wall clock)
    let duplicates = 0;
    let delivered = 0;
    let warmDelivered = 0;
    let batches = 0;
    let items = 0;
    let foreign = 0;
    let disconnects = 0;
    let closing = false;

    const t0 = performance.now();
    const sockets = await connectClients(server.url, token, o.clients, o.connectTimeoutMs);
    const connectMs = performance.now() - t0;

    // Stream ids "<ms>-<seq>" arrive in order; a change at or before the last one a client saw is a duplicate.
    const lastId = new Array(o.clients).fill('');
    const afterId = (a, b) => {
      const [am, as] = a.split('-').map(Number);
      const [bm, bs] = b.split('-').map(Number);
      return am > bm || (am === bm && as > bs);
    };
    let updates = 0;

    sockets.forEach((socket, c) => {
      socket.on('disconnect', () => { if (!closing) disconnects++; });
      socket.on('changes', (batch) => {
        const now = performance.now();
        const wallNow = Date.now();
        batches++;
        for (const change of batch) {
          items++;
          if (lastId[c] && !afterId(change.id, lastId[c])) { duplicates++; continue; }
          lastId[c] = change.id;
          const m = change.entity === 'report' && typeof change.data?.description === 'string' ? MARK.exec(change.data.description) : null;
          if (!m || m[1] !== runTag) { foreign++; continue; }
          if (m[2] === 'w') { warmDelivered++; continue; }
          const seq = Number(m[3]);
          // A later change of the same report (fusion adds its incident id) is an update, not a
          // second delivery: the latency is the report's first arrival.
          if (seen[c][seq]) { updates++; continue; }
          seen[c][seq] = 1;
          delivered++;
          latencies[latencyCount++] = now - Number(m[4]);
          if (c === 0) serverToClient.push(wallNow - Date.parse(change.data.receivedAt));
        }
      });
    });

    const post = async (kind, seq) => {
      const sentAt = performance.now();
      const body = reportBody(`${runTag} ${kind} ${seq} ${sentAt.toFixed(3)} bench report: water over the road`, seq);
      const res = await fetch(reportsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`POST /api/reports → ${res.status}`);
      return performance.now() - sentAt;
    };

    // Warm-up: a few reports, and wait (bounded) until every client has them.
    for (let i = 0; i < o.warmupReports; i++) await post('w', i);
    const warmDeadline = Date.now() + 10_000;
    while (warmDelivered < o.warmupReports * o.clients && Date.now() < warmDeadline) await sleep(20);

    // Measured run: report i is due at start + i / rate. POSTs are not awaited one by one, so a
    // slow answer does not slow the schedule; at most 500 are in flight.
    const loop = loopDelayMeter();
    const cpu = cpuMeter(server.child.pid);
    const intervalMs = 1000 / o.reportsPerSecond;
    const { start, sent, accepted, failed, failures, postLatencies, publishSeconds } = await publishAtRate({ total, intervalMs, durationSeconds: o.durationSeconds, post });

    // Drain: wait until every client has every accepted report, or the timeout.
    const drainStart = performance.now();
    while (delivered < accepted * o.clients && performance.now() - drainStart < o.drainTimeoutMs) await sleep(20);
    const drainMs = performance.now() - drainStart;
    const loopDelay = loop.stop();
    const cpuUse = cpu.stop();

    // Settle briefly so a late duplicate would still be counted, then close.
    await sleep(300);
    closing = true;
    for (const s of sockets) s.close();

    let lost = 0;
    const lostByClient = [];
    for (let c = 0; c < o.clients; c++) {
      let missing = 0;
      for (let s = 0; s < sent; s++) if (!seen[c][s]) missing++;
      lost += missing;
      if (missing) lostByClient.push({ client: c, missing });
    }
    // Reports whose POST failed may still have been stored (e.g. a timeout after the write), so
    // "lost" counts against accepted POSTs only: lostStrict is the shortfall against everything sent.
    const expected = accepted * o.clients;

    const lat = Array.from(latencies.subarray(0, latencyCount)).sort((a, b) => a - b);
    const posts = postLatencies.sort((a, b) => a - b);
    const s2c = serverToClient.sort((a, b) => a - b);
    return {
      name: 'live-latency',
      what: 'report POST → Socket.IO `changes` at every client (same process, same clock)',
      settings: o,
      connectAllMs: round(connectMs, 0),
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
        delivered,
        lost: Math.max(0, expected - delivered),
        lostStrict: lost,
        lostByClient: lostByClient.slice(0, 10),
        duplicates,
        laterChangesOfSameReport: updates,
        foreignItems: foreign,
        changesEvents: batches,
        itemsPerEvent: round(items / Math.max(1, batches), 2),
        clientDisconnects: disconnects,
        drainMs: round(drainMs, 0),
      },
      latencyMs: {
        samples: lat.length,
        mean: round(lat.reduce((a, b) => a + b, 0) / Math.max(1, lat.length)),
        p50: round(percentile(lat, 50)),
        p90: round(percentile(lat, 90)),
        p99: round(percentile(lat, 99)),
        p999: round(percentile(lat, 99.9)),
        max: round(lat.at(-1)),
      },
      storedToClientMs: { note: 'client 0, Date.now() − receivedAt (ms resolution)', p50: percentile(s2c, 50), p99: percentile(s2c, 99), max: s2c.at(-1) },
      benchEventLoopDelayMs: loopDelay,
      cpu: cpuUse,
    };
  });
}

if (isMain(import.meta.url)) {
  const r = await runLiveLatency();
  console.log(JSON.stringify(r, null, 2));
}
