/**
 * Matching: how many ranked match lists per second SitRoom computes for a need, and how that grows
 * with the number of offers.
 *
 * Two measurements for 1,000, 10,000 and 100,000 offers:
 *  - in-process: `rankMatches` from shared/ (the scoring rule alone) over offers already in memory;
 *  - end to end: GET /api/needs/:id/matches against the real server and Redis (autocannon), which
 *    also reads the candidates (ZRANGEBYLEX on offers:active + HMGET) and parses their JSON.
 * Every offer is of the need's type: the worst case, where every offer is a candidate. With a mix
 * of types only the need's type is read, so the cost follows the number of offers of that type.
 * Offers are seeded through the API as EDXL-RM messages of 100 resources each (the real write path,
 * and faster than 100,000 JSON posts).
 *
 *   node tests/bench/matching.bench.mjs            (after `npx tsc -b`)
 */
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { cannon, cpuMeter, HOST, isMain, REDIS_URL, round, withServer } from './support.mjs';

export const defaults = {
  sizes: [1_000, 10_000, 100_000],
  durationSeconds: 5,
  connections: 4,
  limit: 20,
  inProcessSeconds: 2,
};

const CENTRE = { lat: 51.5, lon: -0.12 };

/** A deterministic pseudo-random offer spread over about 300 km around the need. */
function offerFields(i) {
  const r = (k) => ((Math.sin(i * 12.9898 + k * 78.233) * 43758.5453) % 1 + 1) % 1;
  return {
    lat: CENTRE.lat + (r(1) - 0.5) * 5,
    lon: CENTRE.lon + (r(2) - 0.5) * 8,
    quantity: 100 + Math.floor(r(3) * 20_000),
    hasWindow: r(4) < 0.3,
    fromHours: Math.floor(r(5) * 24),
  };
}

function edxlMessage(id, from, count) {
  const resources = [];
  for (let i = from; i < from + count; i++) {
    const f = offerFields(i);
    const begin = new Date(Date.now() + f.fromHours * 3_600_000).toISOString();
    const end = new Date(Date.now() + (f.fromHours + 72) * 3_600_000).toISOString();
    resources.push(`<ResourceInformation><ResourceInfoElementID>${i}</ResourceInfoElementID>
<Resource><TypeStructure><rm:ValueListURN>urn:sitroom:resource-type</rm:ValueListURN><rm:Value>potable-water</rm:Value></TypeStructure><Description>Bench water ${i}</Description></Resource>
<AssignmentInformation><Quantity><rm:MeasuredQuantity><rm:Amount>${f.quantity}</rm:Amount></rm:MeasuredQuantity></Quantity></AssignmentInformation>
<ScheduleInformation><ScheduleType>BeginAvailable</ScheduleType>${f.hasWindow ? `<DateTime>${begin}</DateTime>` : ''}<Location><rm:TargetArea><gml:Point><gml:pos>${f.lat.toFixed(5)} ${f.lon.toFixed(5)}</gml:pos></gml:Point></rm:TargetArea></Location></ScheduleInformation>
${f.hasWindow ? `<ScheduleInformation><ScheduleType>EndAvailable</ScheduleType><DateTime>${end}</DateTime></ScheduleInformation>` : ''}
</ResourceInformation>`);
  }
  return `<OfferUnsolicitedResource xmlns="urn:oasis:names:tc:emergency:EDXL:RM:1.0:msg" xmlns:rm="urn:oasis:names:tc:emergency:EDXL:RM:1.0" xmlns:gml="http://www.opengis.net/gml">
<MessageID>${id}</MessageID><SentDateTime>${new Date().toISOString()}</SentDateTime><MessageContentType>OfferUnsolicitedResource</MessageContentType><OriginatingMessageID>${id}</OriginatingMessageID>
${resources.join('\n')}</OfferUnsolicitedResource>`;
}

/** The same offers as plain objects, for the in-process measurement. */
function offerObjects(n) {
  const now = new Date().toISOString();
  return Array.from({ length: n }, (_, i) => {
    const f = offerFields(i);
    return {
      id: `o${i}`, kind: 'offer', org: 'Bench', resourceType: 'potable-water', unit: 'litres', quantity: f.quantity, remaining: f.quantity, delivered: 0,
      location: { lat: f.lat, lon: f.lon }, status: 'available', createdAt: now, confirmedAt: now, updatedAt: now,
      ...(f.hasWindow ? { availableFrom: new Date(Date.now() + f.fromHours * 3_600_000).toISOString(), availableUntil: new Date(Date.now() + (f.fromHours + 72) * 3_600_000).toISOString() } : {}),
    };
  });
}

async function measureInProcess(sizes, seconds, limit) {
  const { rankMatches } = await import('../../shared/dist/index.js');
  const need = { resourceType: 'potable-water', unit: 'litres', quantity: 50_000, met: 0, location: CENTRE, neededBy: new Date(Date.now() + 6 * 3_600_000).toISOString() };
  const rows = [];
  for (const n of sizes) {
    const offers = offerObjects(n);
    const now = new Date();
    for (let i = 0; i < 3; i++) rankMatches(need, offers, now, limit); // warm up the JIT
    let runs = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      rankMatches(need, offers, now, limit);
      runs++;
    }
    const ms = (performance.now() - t0) / runs;
    rows.push({ offers: n, matchesPerSec: round(1000 / ms, 1), msPerMatch: round(ms, 3), usPerOffer: round((ms * 1000) / n, 3) });
  }
  return rows;
}

async function api(server, token, method, path, body, type = 'application/json') {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': type } : {}) },
    body,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function token(server, role, org) {
  const res = await api(server, server.adminToken, 'POST', '/api/admin/tokens', JSON.stringify({ role, org, label: 'bench' }));
  return res.token;
}

/** Seeds offers [from, to) as EDXL-RM messages of 100, eight requests in flight. */
async function seed(server, businessToken, from, to) {
  const starts = [];
  for (let i = from; i < to; i += 100) starts.push(i);
  let next = 0;
  const worker = async () => {
    while (next < starts.length) {
      const start = starts[next++];
      await api(server, businessToken, 'POST', '/api/offers', edxlMessage(`bench-${start}`, start, Math.min(100, to - start)), 'application/xml');
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

export async function runMatching(options = {}) {
  const o = { ...defaults, ...options };
  const inProcess = await measureInProcess(o.sizes, o.inProcessSeconds, o.limit);
  const endToEnd = await withServer('matching', async (server) => {
    const business = await token(server, 'business', 'Bench Supplies');
    const operator = await token(server, 'operator', 'Bench EOC');
    const need = await api(server, operator, 'POST', '/api/needs', JSON.stringify({
      resourceType: 'potable-water', quantity: 50_000, location: CENTRE, neededBy: new Date(Date.now() + 6 * 3_600_000).toISOString(),
    }));
    const path = `/api/needs/${need.id}/matches?limit=${o.limit}`;
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
    const rows = [];
    let seeded = 0;
    try {
      for (const n of o.sizes) {
        const t0 = performance.now();
        await seed(server, business, seeded, n);
        const seedSeconds = (performance.now() - t0) / 1000;
        seeded = n;
        const stored = await redis.hlen(`{${server.prefix}}:offers`);
        const sample = await api(server, operator, 'GET', path);
        const sorted = sample.every((m, i) => i === 0 || sample[i - 1].score >= m.score);
        const cpu = cpuMeter(server.child.pid);
        const r = await cannon({ url: `http://${HOST}:${server.port}${path}`, headers: { authorization: `Bearer ${operator}` }, connections: o.connections, duration: o.durationSeconds, timeout: 60 });
        const cpuUse = cpu.stop();
        rows.push({
          offers: n,
          stored,
          seedSeconds: round(seedSeconds, 1),
          seededPerSec: round((n - (rows.at(-1)?.offers ?? 0)) / seedSeconds, 0),
          matchesPerSec: round(r['2xx'] / r.duration, 1),
          latencyMs: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
          non2xx: r.non2xx,
          errors: r.errors + r.timeouts,
          returned: sample.length,
          sorted,
          serverCpuPctOfCore: cpuUse.serverPctOfCore,
        });
      }
    } finally {
      redis.disconnect();
    }
    return { rows };
  });
  return {
    name: 'matching',
    what: 'Ranked matches computed per second for one need, by number of offers (all of the need\'s type: the worst case)',
    settings: o,
    inProcess,
    endToEnd: endToEnd.rows,
    serverLog: endToEnd.serverLog,
  };
}

if (isMain(import.meta.url)) {
  const r = await runMatching();
  console.log(JSON.stringify(r, null, 2));
}
