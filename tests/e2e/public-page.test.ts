import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser } from '../support/browser.js';
import { ADMIN, aReport, dropPrefix, eventually, postReport, startServer, type TestServer } from '../support/test-server.js';

async function verify(url: string, id: string): Promise<void> {
  const res = await fetch(`${url}/api/reports/${id}/verify`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
  expect(res.status).toBe(200);
}

async function report(url: string, over: Record<string, unknown>): Promise<string> {
  const res = await postReport(url, aReport(over));
  return ((await res.json()) as { id: string }).id;
}

/** `/`: the public sees what is verified (located to about 500 m), live, and never what is not. */
describe('public page in Chromium', () => {
  let s: TestServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    s = await startServer();
    browser = await launchBrowser({ width: 390, height: 844 });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await dropPrefix(s.prefix);
  });

  it('shows verified reports and not unverified ones, live, nearest first once located', async () => {
    const checked = await report(s.url, { description: 'Bridge closed: water over the deck', location: { lat: 50.9375, lon: 6.9603 } });
    await verify(s.url, checked);
    await report(s.url, { description: 'Unchecked rumour of a dam break', location: { lat: 50.94, lon: 6.96 } });

    const page = await browser.context.newPage();
    await page.goto(`${s.url}/`);
    await page.getByTestId('public-list').waitFor({ timeout: 10_000 });
    await page.locator(`[data-testid="public-report"][data-report-id="${checked}"]`).waitFor();
    expect(await page.getByTestId('public-list').textContent()).toContain('Bridge closed: water over the deck');
    expect(await page.content()).not.toContain('Unchecked rumour');
    expect(await page.getByTestId('report-link').getAttribute('href')).toBe('/report');
    await eventually(async () => expect(await page.getByTestId('public-live').getAttribute('data-state')).toBe('live'), 10_000);

    // Verified while the page is open: it appears without a reload, where the server put it (coarsened).
    const later = await report(s.url, { description: 'Shelter open at the sports hall', location: { lat: 50.95, lon: 7.0 } });
    await verify(s.url, later);
    const shown = page.locator(`[data-testid="public-report"][data-report-id="${later}"]`);
    await shown.waitFor({ timeout: 5_000 });

    // "Near me": the browser's position, kept in the page; distances appear and the nearest comes first.
    await browser.context.grantPermissions(['geolocation'], { origin: s.url });
    expect(await page.locator('[data-testid="public-report"]').first().getAttribute('data-report-id')).toBe(later); // newest first
    await browser.context.setGeolocation({ latitude: 50.936, longitude: 6.958 });
    await page.getByTestId('near-me').click();
    await eventually(async () => expect(await page.locator('[data-testid="public-report"]').first().getAttribute('data-report-id')).toBe(checked));
    expect(await shown.textContent()).toMatch(/About .* away/);
    await page.locator('[data-testid="public-map"][data-ready="1"]').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: artifactPath('public-page-390.png'), fullPage: true });
    expect(await page.content()).not.toContain('Unchecked rumour');
    await page.close();
  });
});
