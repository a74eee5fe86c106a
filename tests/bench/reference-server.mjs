/**
 * The floor SitRoom is measured against (versus-reference.bench.mjs): a deliberately minimal server
 * doing the same essential work with nothing else — Fastify + ioredis + socket.io, no framework, no
 * validation, no auth, no visibility rules.
 *
 *   POST /api/reports   stores the JSON body (HSET) and appends it to a Redis Stream (XADD) in one
 *                       MULTI; answers 201 {id}
 *   GET  /health        200 once listening
 *   /socket.io          WebSocket transport only; one blocking XREAD loop per process broadcasts each
 *                       batch to every socket with io.emit('changes', batch), in SitRoom's wire shape:
 *                       an array of {id, entity: 'report', op: 'upsert', data}
 *
 *   PORT=… REDIS_URL=… REDIS_PREFIX=… node tests/bench/reference-server.mjs
 *
 * Keys are `{REDIS_PREFIX}:reports` and `{REDIS_PREFIX}:changes`, the same shape as SitRoom's, so the
 * benchmark's cleanPrefix() removes them. Listens on 127.0.0.1 only; prints `READY <port>`.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 0);
const prefix = process.env.REDIS_PREFIX;
if (!prefix || !/^[a-z0-9_-]{1,40}$/i.test(prefix)) throw new Error('REDIS_PREFIX must be 1-40 letters, digits, _ or -');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const reportsKey = `{${prefix}}:reports`;
const streamKey = `{${prefix}}:changes`;
// The same approximate trim SitRoom applies by default (CHANGES_RETAIN), so XADD costs the same.
const RETAIN = '1000000';

const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
const blocking = new Redis(redisUrl, { maxRetriesPerRequest: null }); // XREAD BLOCK needs its own connection

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });

app.get('/health', async () => ({ ok: true }));

app.post('/api/reports', async (req, reply) => {
  const id = randomUUID();
  // id and receivedAt are the only fields added: the latency benchmark's clients read receivedAt.
  const data = JSON.stringify({ id, ...req.body, receivedAt: new Date().toISOString() });
  const results = await redis.multi().hset(reportsKey, id, data).xadd(streamKey, 'MAXLEN', '~', RETAIN, '*', 'd', data).exec();
  for (const [err] of results ?? []) if (err) throw err;
  reply.code(201);
  return { id };
});

await app.ready();
const io = new Server(app.server, { path: '/socket.io', transports: ['websocket'], perMessageDeflate: false, serveClient: false });

let running = true;
let position = (await redis.xrevrange(streamKey, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';

async function follow() {
  while (running) {
    try {
      const res = await blocking.xread('COUNT', 1000, 'BLOCK', 2000, 'STREAMS', streamKey, position);
      const entries = res?.[0]?.[1];
      if (!entries?.length) continue;
      const batch = entries.map(([id, fields]) => ({ id, entity: 'report', op: 'upsert', data: JSON.parse(fields[1]) }));
      position = batch[batch.length - 1].id;
      io.emit('changes', batch);
    } catch (err) {
      if (!running) return;
      console.error(`reference: XREAD failed (${err.message}); retrying`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
const loop = follow();

await app.listen({ port, host: '127.0.0.1' });
console.log(`READY ${app.server.address().port}`);

async function shutdown() {
  running = false;
  blocking.disconnect();
  io.close();
  await Promise.race([Promise.allSettled([loop, app.close()]), new Promise((r) => setTimeout(r, 2000))]);
  redis.disconnect();
  process.exit(0);
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
