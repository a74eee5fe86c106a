import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser } from '../support/browser.js';
import { aReport, dropPrefix, eventually, issueToken, postReport, startServer, type TestServer } from '../support/test-server.js';
import { anAlert, post } from './wall-support.js';

/** Issue 6 on the wall: incidents are the main layer, and their sources are one click away. */
describe('an incident on the wall', () => {
  let s: TestServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    s = await startServer({ FUSION: 'on' });
    browser = await launchBrowser({ width: 1920, height: 1080 });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await dropPrefix(s.prefix);
  });

  it('opens the incident with its confidence and sources when clicked', async () => {
    const viewer = (await issueToken(s.url, 'viewer')).token;
    const agency = (await issueToken(s.url, 'agency', 'DWD')).token;
    for (let i = 0; i < 3; i++) await postReport(s.url, aReport({ location: { lat: 52.5 + i * 0.001, lon: 13.4 }, description: `Cellar flooded, house ${i}` }));
    const expires = new Date(Date.now() + 3 * 3_600_000).toISOString();
    await post(s.url, '/api/signals', agency, anAlert({ severity: 'Severe', lon: 13.4, lat: 52.5, size: 0.05, event: 'Flood warning', headline: 'Flood warning: Mitte', expires }));
    const incidentId = await eventually(async () => {
      const { items } = await (await fetch(`${s.url}/api/incidents`, { headers: { authorization: `Bearer ${viewer}` } })).json();
      expect(items[0]?.sources).toHaveLength(4);
      return items[0].id as string;
    }, 15_000);

    const page = await browser.context.newPage();
    await page.goto(`${s.url}/wall?token=${viewer}&attention=0&bbox=13.3,52.45,13.5,52.55`);
    await page.waitForSelector('body[data-map-ready="1"]', { timeout: 30_000 });
    const at = await eventually(async () => {
      const point = await page.evaluate((id) => {
        const w = (window as unknown as { __sitroomWall: { map: { project(c: [number, number]): { x: number; y: number }; queryRenderedFeatures(): { properties: { id?: string } }[] } } }).__sitroomWall;
        const hit = w.map.queryRenderedFeatures().find((f) => f.properties.id === id);
        return hit ? w.map.project([13.4, 52.501]) : null;
      }, incidentId);
      expect(point).not.toBeNull();
      return point!;
    }, 15_000);
    const box = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
    await page.mouse.click(box.x + at.x, box.y + at.y);
    const card = page.getByTestId('incident-card');
    await card.waitFor({ timeout: 10_000 });
    expect(await card.getAttribute('data-incident-id')).toBe(incidentId);
    expect(await page.getByTestId('incident-source-count').textContent()).toBe('4');
    expect(await page.getByTestId('incident-confidence').textContent()).toMatch(/^\d+%$/);
    expect(await page.getByTestId('incident-sources').locator('li').count()).toBe(4);
    await page.screenshot({ path: artifactPath('wall-incident-card.png') });

    // The alert's own area, away from the incident marker (which sits on top of it): its event and expiry.
    const marker = await page.evaluate(() => (window as unknown as { __sitroomWall: { map: { project(c: [number, number]): { x: number; y: number } } } }).__sitroomWall.map.project([13.4, 52.501]));
    await page.mouse.click(box.x + marker.x - 200, box.y + marker.y - 100);
    await page.getByTestId('alert-card').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('alert-card-title').textContent()).toBe('Flood warning');
    expect(await page.getByTestId('alert-expiry').textContent()).toMatch(/Expires .*\(in (2 h 5\d|3 h 0) min\)/);
  }, 90_000);
});
