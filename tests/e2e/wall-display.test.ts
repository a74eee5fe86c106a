import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser } from '../support/browser.js';
import { ROOT, tempDir } from '../support/processes.js';
import { dropPrefix, eventually, startServer, type TestServer } from '../support/test-server.js';
import { anAlert, axeSerious, fixtureServer, layerVisibility, openWall, post, seedPicture, settle } from './wall-support.js';

/**
 * The wall as a room sees it: a seeded picture at 1080p and 4K (screenshots in test-artifacts/),
 * layer toggles and per-screen URL settings, attention on a new Extreme alert, replay, self-reload on
 * a new client version, and axe-core.
 */
describe('wall display in Chromium', () => {
  let s: TestServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let feedServer: Awaited<ReturnType<typeof fixtureServer>>;
  let tokens: Awaited<ReturnType<typeof seedPicture>>;
  let dist: string;

  beforeAll(async () => {
    // A copy of the built client of its own, so the self-reload test can "deploy" without touching others.
    dist = tempDir('wall-dist');
    cpSync(path.join(ROOT, 'client/dist'), dist, { recursive: true });
    s = await startServer({ CLIENT_DIST: dist });
    feedServer = await fixtureServer();
    tokens = await seedPicture(s.url, { feedUrl: feedServer.url });
    browser = await launchBrowser({ width: 1920, height: 1080 });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await feedServer?.close();
    await dropPrefix(s.prefix);
  });

  it('shows every layer, the key figures, the chart and feed freshness at 1920×1080 and 3840×2160', async () => {
    const page = await browser.context.newPage();
    await openWall(page, s.url, `?token=${tokens.viewer}`);
    await eventually(async () => expect(await page.getByTestId('report-count').textContent()).toBe('6'), 10_000);
    expect(await page.getByTestId('unverified-count').textContent()).toBe('4');
    await eventually(async () => expect(await page.getByTestId('kpi-alerts').textContent()).toMatch(/^Official alerts\s*3/), 5000);
    expect(await page.getByTestId('kpi-needs').textContent()).toContain('2open');
    expect(await page.getByTestId('kpi-offers').textContent()).toContain('2');
    await eventually(async () => expect(await page.getByTestId('feed-tile').first().textContent()).toMatch(/USGS\s*\d+ s ago/), 10_000);
    expect(await page.getByTestId('kpi-feeds').textContent()).toMatch(/1\s*\/1/);
    expect(await page.getByTestId('connection-status').getAttribute('data-state')).toBe('live');
    await expect(page.getByTestId('stale-banner').count()).resolves.toBe(0);
    // Every kind is on the map, through its own source.
    const sizes = () =>
      page.evaluate(async () => {
        const map = window.__sitroomWall!.map;
        const out: Record<string, number> = {};
        for (const id of ['wall-reports', 'wall-alerts', 'wall-offers', 'wall-needs', 'incidents']) {
          const data = (await (map.getSource(id) as unknown as { getData(): Promise<{ features: unknown[] }> }).getData()) ?? { features: [] };
          out[id] = data.features.length;
        }
        return out;
      });
    await eventually(async () => expect(await sizes()).toMatchObject({ 'wall-reports': 6, 'wall-alerts': 3, 'wall-offers': 2, 'wall-needs': 2 }), 5000);
    // Fusion turns reports and alerts into incidents on the server, in its own time: the map and the tile agree.
    await eventually(async () => {
      const onMap = (await sizes()).incidents;
      expect(Number((await page.getByTestId('kpi-incidents').textContent())!.match(/\d+/)?.[0] ?? -1)).toBe(onMap);
    }, 5000);
    await settle(page, 1500);
    await page.screenshot({ path: artifactPath('wall-1080p.png') });
    const kpiPx = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('[data-testid=unverified-count]')!).fontSize));
    const at1080 = await kpiPx();
    expect(at1080).toBeGreaterThanOrEqual(50); // a key figure is over 50 px tall on a 1080p screen

    await page.setViewportSize({ width: 3840, height: 2160 });
    await settle(page, 2000);
    expect((await kpiPx()) / at1080).toBeCloseTo(2, 1); // scaled with the screen, not fixed pixels
    // Map symbols too: the icons are drawn at twice the size.
    expect(await page.evaluate(() => window.__sitroomWall!.map.getImage('severity-Extreme')!.data.width)).toBe(144);
    await page.screenshot({ path: artifactPath('wall-4k.png') });
    await page.close();
  });

  it('has no serious accessibility violations (axe-core)', async () => {
    const page = await browser.context.newPage();
    await openWall(page, s.url, `?token=${tokens.viewer}`);
    await settle(page);
    expect(await axeSerious(page)).toEqual([]);
    await page.close();
  });

  it('takes layers and the area from the address, and toggles layers', async () => {
    const page = await browser.context.newPage();
    await openWall(page, s.url, `?token=${tokens.viewer}&layers=alerts,reports&bbox=13.0,52.3,13.8,52.7&panels=0`);
    expect(await page.getByTestId('toggle-alerts').isChecked()).toBe(true);
    expect(await page.getByTestId('toggle-offers').isChecked()).toBe(false);
    expect(await layerVisibility(page, 'wall-offers')).toBe('none');
    expect(await layerVisibility(page, 'wall-alerts-fill')).toBe('visible');
    await expect(page.locator('.side').count()).resolves.toBe(0); // panels=0: map only
    const bounds = await page.evaluate(() => window.__sitroomWall!.map.getBounds().toArray());
    expect(bounds[0][0]).toBeGreaterThan(12.5);
    expect(bounds[1][0]).toBeLessThan(14.3);

    await page.getByTestId('toggle-offers').check();
    await eventually(async () => expect(await layerVisibility(page, 'wall-offers')).toBe('visible'));
    await page.getByTestId('toggle-alerts').uncheck();
    await eventually(async () => expect(await layerVisibility(page, 'wall-alerts-fill')).toBe('none'));
    expect(new URL(page.url()).searchParams.get('layers')).toBe('reports,offers');
    await settle(page);
    await page.screenshot({ path: artifactPath('wall-map-only-toggled.png') });
    await page.close();
  });

  it('highlights a new Extreme alert, flies to it, lists it on the ticker, then returns', async () => {
    const page = await browser.context.newPage();
    await openWall(page, s.url, `?token=${tokens.viewer}&bbox=12.5,52.0,14.5,53.0&focus=4`);
    const zoomBefore = await page.evaluate(() => window.__sitroomWall!.map.getZoom());
    await post(s.url, '/api/signals', tokens.agency, anAlert({ severity: 'Extreme', event: 'Dam failure', headline: 'Dam failure: evacuate Köpenick now', lon: 13.58, lat: 52.44, size: 0.03 }));
    await page.getByTestId('focus-card').waitFor({ timeout: 5000 });
    expect(await page.getByTestId('focus-card').textContent()).toContain('Dam failure: evacuate Köpenick now');
    expect(await page.getByTestId('ticker').textContent()).toContain('Alert · Extreme');
    await page.waitForSelector('.attention-marker');
    await eventually(async () => expect(await page.evaluate(() => window.__sitroomWall!.map.getZoom())).toBeGreaterThan(zoomBefore + 1), 5000);
    await settle(page, 2000);
    await page.screenshot({ path: artifactPath('wall-attention.png') });
    // After `focus` seconds the card goes and the camera returns to the overview.
    await page.getByTestId('focus-card').waitFor({ state: 'detached', timeout: 8000 });
    await eventually(async () => expect(Math.abs((await page.evaluate(() => window.__sitroomWall!.map.getZoom())) - zoomBefore)).toBeLessThan(0.3), 6000);
    await page.close();
  });

  it('replays the last hours in this browser only, with a banner and a way back to live', async () => {
    const page = await browser.context.newPage();
    await openWall(page, s.url, `?token=${tokens.viewer}`);
    await page.getByTestId('replay-start').click();
    const banner = page.getByTestId('replay-banner');
    await banner.waitFor();
    await eventually(async () => expect(['playing', 'done']).toContain(await banner.getAttribute('data-state')), 8000);
    expect(await banner.textContent()).toContain('REPLAY');
    await page.selectOption('.replay select', '3600');
    // At ×3600 three hours take three seconds; the seeded changes are all in the last minutes.
    await eventually(async () => expect(await banner.getAttribute('data-state')).toBe('done'), 10_000);
    await eventually(async () => expect(await page.getByTestId('report-count').textContent()).toBe('6'));
    await settle(page);
    await page.screenshot({ path: artifactPath('wall-replay.png') });
    await page.getByTestId('replay-exit').click();
    await banner.waitFor({ state: 'detached' });
    expect(await page.getByTestId('connection-status').getAttribute('data-state')).toBe('live');
    await page.close();
  });

  it('reloads itself when a new client version is deployed', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${s.url}/wall?token=${tokens.viewer}&panels=0`);
    await page.waitForFunction(() => window.__sitroomWall !== undefined, undefined, { timeout: 15_000 });
    expect(await page.evaluate(() => window.__sitroomWall!.checkVersion(0))).toBe(false); // same version: nothing to do
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

    // "Deploy": the entry script under a new name, and index.html pointing at it.
    const index = path.join(dist, 'index.html');
    const html = readFileSync(index, 'utf8');
    const entry = /src="\/assets\/(index-[^"]+\.js)"/.exec(html)![1]!;
    expect(readdirSync(path.join(dist, 'assets'))).toContain(entry);
    const next = entry.replace('index-', 'index-next');
    cpSync(path.join(dist, 'assets', entry), path.join(dist, 'assets', next));
    writeFileSync(index, html.replace(entry, next));

    const reloaded = page.waitForEvent('load', { timeout: 10_000 });
    expect(await page.evaluate(() => window.__sitroomWall!.checkVersion(0))).toBe(true);
    await reloaded;
    await page.waitForFunction(() => window.__sitroomWall !== undefined, undefined, { timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBeUndefined();
    expect(await page.evaluate(() => document.querySelector('script[type="module"]')!.getAttribute('src'))).toContain('index-next');
    expect(await page.getByTestId('token-missing').count()).toBe(0); // the token survived the reload
    await page.close();
  });
});
