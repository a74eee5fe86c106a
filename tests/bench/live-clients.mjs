/**
 * A process full of Socket.IO clients for versus-reference.bench.mjs, started with child_process.fork
 * so that 1,000 clients can be spread over several processes (one process decoding every event for
 * 1,000 sockets would saturate a core and measure itself rather than the server).
 *
 * Driven over IPC, one request at a time, each answered with a message of the same `type`:
 *   {type:'connect', url, token, count, runTag, total, timeoutMs} → {type:'connect', ms} | {type:'error', message}
 *   {type:'progress'}                                            → {type:'progress', warmDelivered, delivered}
 *   {type:'finish', sent}                                        → {type:'finish', latencies, …counts}, then exits
 *
 * Latency clock: the publisher stamps each report with process.hrtime (CLOCK_MONOTONIC on Linux, one
 * clock for every process on the machine), and a client subtracts that from its own process.hrtime
 * when the `changes` event fires, so the figures are comparable across processes.
 */
import { io } from 'socket.io-client';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const MARK = /^(bench-[0-9a-f]{8}) (w|m) (\d+) (\d+(?:\.\d+)?) /;
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

let state = null;

// The parent going away (crash, Ctrl-C) must not leave 500 sockets behind.
process.on('disconnect', () => process.exit(0));

process.on('message', (msg) => {
  const reply = (m) => process.send?.(m);
  try {
    if (msg.type === 'connect') {
      connect(msg).then(
        (ms) => reply({ type: 'connect', ms }),
        (err) => reply({ type: 'error', message: err.message }),
      );
    } else if (msg.type === 'progress') {
      reply({ type: 'progress', warmDelivered: state?.warmDelivered ?? 0, delivered: state?.delivered ?? 0 });
    } else if (msg.type === 'finish') {
      // The answer carries every latency sample (megabytes): leave only once IPC has taken all of it.
      process.send({ type: 'finish', ...finish(msg.sent) }, () => process.exit(0));
    }
  } catch (err) {
    reply({ type: 'error', message: err.message });
  }
});

async function connect({ url, token, count, runTag, total, timeoutMs }) {
  const t0 = performance.now();
  const s = {
    runTag,
    sockets: [],
    seen: Array.from({ length: count }, () => new Uint8Array(total)),
    latencies: new Float64Array(total * count),
    latencyCount: 0,
    storedToClient: [],
    delivered: 0,
    warmDelivered: 0,
    duplicates: 0,
    updates: 0,
    lastId: new Array(count).fill(''),
    foreign: 0,
    batches: 0,
    items: 0,
    disconnects: 0,
    closing: false,
    loop: null,
  };
  state = s;
  const connected = [];
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not all ${count} clients connected within ${timeoutMs} ms`)), timeoutMs);
  });
  deadline.catch(() => {}); // observed below; a wave that wins the race must not leave it unhandled
  try {
    // Waves of WAVE: a thousand simultaneous upgrades would overflow the server's accept backlog and
    // turn into SYN retries (1 s each), measuring the kernel rather than the server.
    const WAVE = 100;
    for (let c = 0; c < count; c++) {
      if (c > 0 && c % WAVE === 0) await Promise.race([Promise.all(connected.slice(-WAVE)), deadline]);
      const socket = io(url, {
        path: '/socket.io',
        transports: ['websocket'],
        auth: token ? { token } : {},
        forceNew: true, // one WebSocket per client, like real walls (no multiplexing)
        reconnection: false,
        timeout: timeoutMs,
      });
      s.sockets.push(socket);
      const up = new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', (err) => reject(new Error(`client ${c} connect_error: ${err.message}`)));
      });
      up.catch(() => {}); // reported through Promise.all
      connected.push(up);
      socket.on('disconnect', () => { if (!s.closing) s.disconnects++; });
      socket.on('changes', (batch) => onChanges(s, c, batch));
    }
    await Promise.race([Promise.all(connected), deadline]);
  } catch (err) {
    s.closing = true;
    for (const socket of s.sockets) socket.close();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  s.loop = monitorEventLoopDelay({ resolution: 10 });
  s.loop.enable();
  return performance.now() - t0;
}

/** Stream ids "<ms>-<seq>" in order; a change at or before the last one a client saw is a duplicate. */
function afterId(a, b) {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return am > bm || (am === bm && as > bs);
}

function onChanges(s, c, batch) {
  const now = nowMs();
  s.batches++;
  for (const change of batch) {
    s.items++;
    // Every change reaches a client once and in stream order; anything else is a duplicate.
    if (typeof change.id === 'string') {
      if (s.lastId[c] && !afterId(change.id, s.lastId[c])) { s.duplicates++; continue; }
      s.lastId[c] = change.id;
    }
    const m = typeof change.data?.description === 'string' ? MARK.exec(change.data.description) : null;
    if (!m || m[1] !== s.runTag) { s.foreign++; continue; }
    if (m[2] === 'w') { s.warmDelivered++; continue; }
    const seq = Number(m[3]);
    // A later change of the same report (SitRoom's fusion adds the incident id) is an update, not a
    // new delivery: the latency is the report's first arrival.
    if (s.seen[c][seq]) { s.updates++; continue; }
    s.seen[c][seq] = 1;
    s.delivered++;
    s.latencies[s.latencyCount++] = now - Number(m[4]);
    if (c === 0) s.storedToClient.push(Date.now() - Date.parse(change.data.receivedAt));
  }
}

function finish(sent) {
  const s = state;
  if (!s) throw new Error('finish before connect');
  s.closing = true;
  for (const socket of s.sockets) socket.close();
  let lostStrict = 0;
  for (const seen of s.seen) for (let i = 0; i < sent; i++) if (!seen[i]) lostStrict++;
  s.loop.disable();
  return {
    latencies: s.latencies.slice(0, s.latencyCount), // structured clone (fork with serialization: 'advanced')
    storedToClient: s.storedToClient,
    delivered: s.delivered,
    duplicates: s.duplicates,
    updates: s.updates,
    lostStrict,
    foreign: s.foreign,
    batches: s.batches,
    items: s.items,
    disconnects: s.disconnects,
    loopDelayP99Ms: Math.max(0, s.loop.percentile(99) / 1e6 - 10),
  };
}
