/**
 * Fusion throughput: does fusion keep up with ingest? Posts N reports as fast as 50 parallel
 * connections allow (through an agency token, so the public limit and repeat-merging stay out of
 * the measurement), then waits until every report carries its incidentId. Reports how fast reports
 * were accepted, how fast they were fused, and how far fusion lagged behind the last acceptance.
 * Reports fall in clusters (a flooded district, scattered fires), so fusion both attaches and founds.
 *
 *   node tests/bench/fusion.bench.mjs            (after `npx tsc -b`)
 */
import { Redis } from 'ioredis';
import { isMain, issueToken, REDIS_URL, round, sleep, withServer } from './support.mjs';

export const defaults = { reports: 5000, concurrency: 50, timeoutSeconds: 120 };

export async function runFusion(options = {}) {
  const o = { ...defaults, ...options };
  return withServer('fusion', async (server) => {
    const token = await issueToken(server, 'agency');
    const bodies = Array.from({ length: o.reports }, (_, i) => {
      const cluster = i % 200; // 200 places, ~25 reports each
      const category = cluster % 4 === 0 ? 'building-fire' : 'flooding';
      return JSON.stringify({
        category,
        description: `Bench report ${i}`,
        location: { lat: 51 + Math.floor(cluster / 20) * 0.1 + ((i * 7) % 10) * 0.0002, lon: 13 + (cluster % 20) * 0.1 + ((i * 13) % 10) * 0.0002 },
      });
    });
    const started = performance.now();
    let next = 0;
    let accepted = 0;
    await Promise.all(
      Array.from({ length: o.concurrency }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++];
          const res = await fetch(`${server.url}/api/reports`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
          if (res.status === 201) accepted++;
          await res.arrayBuffer();
        }
      }),
    );
    const ingestSeconds = (performance.now() - started) / 1000;

    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
    let fusedAt = null;
    let fused = 0;
    try {
      const deadline = Date.now() + o.timeoutSeconds * 1000;
      while (Date.now() < deadline) {
        const all = await redis.hvals(`{${server.prefix}}:reports`);
        fused = all.filter((r) => r.includes('"incidentId"')).length;
        if (fused >= accepted) {
          fusedAt = performance.now();
          break;
        }
        await sleep(100);
      }
      const incidents = await redis.hlen(`{${server.prefix}}:incidents`);
      const fuseSeconds = fusedAt ? (fusedAt - started) / 1000 : null;
      return {
        name: 'fusion',
        what: 'reports fused into incidents per second, against the rate they were accepted',
        settings: o,
        accepted,
        fused,
        incidents,
        acceptedPerSecond: round(accepted / ingestSeconds, 0),
        fusedPerSecond: fuseSeconds ? round(accepted / fuseSeconds, 0) : null,
        lagAfterLastAcceptSeconds: fuseSeconds ? round(fuseSeconds - ingestSeconds, 2) : null,
        keepsUp: fuseSeconds !== null && fuseSeconds - ingestSeconds < 2,
      };
    } finally {
      redis.disconnect();
    }
  }, { env: { FUSION: 'on' } });
}

if (isMain(import.meta.url)) {
  const r = await runFusion();
  console.log(JSON.stringify(r, null, 2));
}
