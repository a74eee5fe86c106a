/**
 * Wall rendering under a big live picture: the built wall in Chromium (headless, WebGL on SwiftShader,
 * as tests/support/browser.ts launches it) against a real server, holding 5,000, 50,000 and 100,000
 * incidents while 100 changes a second stream in.
 *
 * Seeding: by INJECTING change batches into the page's live feed (`__sitroomWall.store.receive`,
 * the very path the socket's `changes` event takes: de-duplication, collections, diffs, map sync),
 * not through the API: 100,000 incidents through ingest and fusion would measure the server, and this
 * measures the wall. The server is real (snapshot, socket, heartbeats), just quiet.
 *
 * Per size: frame times (rAF deltas) and long tasks over a 10 s window at 100 changes/s (20 batches
 * of 5: updates, moves, and as many adds as removes), and update lag = from a batch arriving to the
 * map's worker having applied it (`updateData` resolved), as recorded by the source sync.
 *
 *   node tests/bench/wall-render.bench.mjs     (after npm run build)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { isMain, issueToken, percentile, round, withServer } from './support.mjs';

const SIZES = [5_000, 50_000, 100_000];
const WINDOW_S = 10;
const CHANGES_PER_S = 100;
const BATCHES_PER_S = 20;

async function launch() {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'sitroom-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1920, height: 1080 },
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  return { context, close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); } };
}

/** In the page: frame times while the map repaints every frame with no data changing (the renderer's own cost). */
function baselineInPage({ seconds }) {
  const map = window.__sitroomWall.map;
  return new Promise((resolve) => {
    const frames = [];
    let last = performance.now();
    const end = last + seconds * 1000;
    const onFrame = (t) => {
      frames.push(t - last);
      last = t;
      if (t < end) {
        map.triggerRepaint();
        requestAnimationFrame(onFrame);
      } else resolve(frames.slice(1));
    };
    requestAnimationFrame(onFrame);
  });
}

/** In the page: adds incidents up to `target`, waits for the map, then streams changes and measures. */
function measureInPage({ target, windowS, perS, batchesPerS }) {
  const w = window.__sitroomWall;
  const feed = w.store;
  const sync = w.syncs.incidents;
  const SEV = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'];
  const st = (window.__bench ??= { seq: 0, n: 0, ids: [], base: Date.now() + 10 * 86_400_000 });
  const nextId = () => `${st.base}-${++st.seq}`;
  const incident = (id) => {
    const lon = -170 + Math.random() * 340;
    const lat = -60 + Math.random() * 130;
    return {
      id, kind: 'incident', hazard: 'flood', title: `Bench incident ${id}`, geometry: { type: 'Point', coordinates: [lon, lat] },
      location: { lat, lon }, severity: SEV[Math.floor(Math.random() * 5)], confidence: Math.random(), status: 'confirmed', sources: [],
      counts: { reports: 1, verifiedReports: 0, alerts: 0 }, firstSeenAt: new Date().toISOString(), lastSignalAt: new Date().toISOString(),
      pinned: { status: false }, version: 1, updatedAt: new Date().toISOString(),
    };
  };
  const waitIdle = () => new Promise((resolve) => { w.map.once('idle', resolve); w.map.triggerRepaint(); });

  return (async () => {
    // Seed up to the target in one batch, as a snapshot would arrive.
    const seedStart = performance.now();
    const seed = [];
    while (st.n < target) {
      const id = `bench-${st.n++}`;
      st.ids.push(id);
      seed.push({ id: nextId(), entity: 'incident', op: 'upsert', data: incident(id) });
    }
    sync.stats.lagsMs.length = 0;
    feed.receive(seed);
    await new Promise((r) => { const check = () => (sync.stats.lagsMs.length ? r() : setTimeout(check, 20)); check(); });
    await waitIdle();
    const seedMs = performance.now() - seedStart;

    // Stream: 100 changes/s in 20 batches, measured over the window.
    sync.stats.lagsMs.length = 0;
    const frames = [];
    const longTasks = [];
    const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); });
    try { observer.observe({ type: 'longtask', buffered: false }); } catch { /* not supported */ }
    let last = performance.now();
    let running = true;
    const onFrame = (t) => { frames.push(t - last); last = t; if (running) requestAnimationFrame(onFrame); };
    requestAnimationFrame(onFrame);
    const perBatch = perS / batchesPerS;
    let sent = 0;
    const timer = setInterval(() => {
      const batch = [];
      for (let k = 0; k < perBatch; k++) {
        const r = Math.random();
        if (r < 0.15 && st.ids.length) {
          const i = Math.floor(Math.random() * st.ids.length);
          const [gone] = st.ids.splice(i, 1);
          batch.push({ id: nextId(), entity: 'incident', op: 'remove', data: { id: gone } });
        } else if (r < 0.3) {
          const id = `bench-${st.n++}`;
          st.ids.push(id);
          batch.push({ id: nextId(), entity: 'incident', op: 'upsert', data: incident(id) });
        } else {
          const id = st.ids[Math.floor(Math.random() * st.ids.length)];
          batch.push({ id: nextId(), entity: 'incident', op: 'upsert', data: incident(id) });
        }
      }
      sent += batch.length;
      feed.receive(batch);
    }, 1000 / batchesPerS);
    await new Promise((r) => setTimeout(r, windowS * 1000));
    clearInterval(timer);
    running = false;
    observer.disconnect();
    await new Promise((r) => setTimeout(r, 1500)); // let the last updates land
    return { seedMs, frames: frames.slice(1), lags: [...sync.stats.lagsMs], longTasks, sent, updates: sync.stats.updates, features: st.ids.length };
  })();
}

function summarize(n, r) {
  const frames = [...r.frames].sort((a, b) => a - b);
  const lags = [...r.lags].sort((a, b) => a - b);
  const total = r.frames.reduce((a, b) => a + b, 0);
  return {
    features: n,
    seedMs: round(r.seedMs, 0),
    fps: round((r.frames.length / total) * 1000, 1),
    frameMs: { p50: round(percentile(frames, 50), 1), p95: round(percentile(frames, 95), 1), p99: round(percentile(frames, 99), 1), max: round(frames.at(-1), 1) },
    framesOver50ms: frames.filter((f) => f > 50).length,
    frames: frames.length,
    updateLagMs: { p50: round(percentile(lags, 50), 0), p95: round(percentile(lags, 95), 0), max: round(lags.at(-1), 0) },
    mapUpdates: r.lags.length,
    changesSent: r.sent,
    longTasks: { count: r.longTasks.length, totalMs: round(r.longTasks.reduce((a, b) => a + b, 0), 0), maxMs: round(Math.max(0, ...r.longTasks), 0) },
  };
}

export async function runWallRender() {
  return withServer('wall-render', async (server) => {
    const viewer = await issueToken(server, 'viewer');
    const browser = await launch();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}/wall?token=${viewer}&layers=incidents&attention=0&stale=3600`);
      await page.waitForSelector('body[data-map-ready="1"]', { timeout: 30_000 });
      const base = (await page.evaluate(baselineInPage, { seconds: 4 })).sort((a, b) => a - b);
      const baseline = { fps: round((base.length / base.reduce((a, b) => a + b, 0)) * 1000, 1), frameMs: { p50: round(percentile(base, 50), 1), p95: round(percentile(base, 95), 1) } };
      console.log(`  renderer alone (repaint every frame, no data): ${baseline.fps} fps, frame p50 ${baseline.frameMs.p50} ms`);
      const results = [];
      for (const n of SIZES) {
        const raw = await page.evaluate(measureInPage, { target: n, windowS: WINDOW_S, perS: CHANGES_PER_S, batchesPerS: BATCHES_PER_S });
        const row = summarize(n, raw);
        results.push(row);
        console.log(`  ${n.toLocaleString()} features: ${row.fps} fps, frame p50 ${row.frameMs.p50} / p95 ${row.frameMs.p95} / max ${row.frameMs.max} ms, lag p50 ${row.updateLagMs.p50} / p95 ${row.updateLagMs.p95} ms (${row.mapUpdates} map updates for ${row.changesSent} changes), seed ${row.seedMs} ms`);
      }
      await page.screenshot({ path: path.join(path.dirname(new URL(import.meta.url).pathname), '../../test-artifacts/wall-bench-100k.png') });
      return {
        settings: { sizes: SIZES, windowSeconds: WINDOW_S, changesPerSecond: CHANGES_PER_S, batchesPerSecond: BATCHES_PER_S, viewport: '1920x1080', renderer: 'SwiftShader (software WebGL)', seeding: 'injected into the live feed (store.receive)' },
        baseline,
        results,
      };
    } finally {
      await browser.close();
    }
  });
}

if (isMain(import.meta.url)) {
  const r = await runWallRender();
  console.log(JSON.stringify(r, null, 2));
}
