import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser } from '../support/browser.js';
import { freePort, spawnServer, waitFor } from '../support/processes.js';
import { ADMIN, aReport, dropPrefix, eventually, issueToken, postReport, testPrefix } from '../support/test-server.js';

/**
 * A wall left on through a server restart: the built server as its own process on a fixed port is
 * killed, the wall says LIVE DATA LOST within its stale threshold, and when the server is back on the
 * same port the wall recovers by itself (no reload) and shows what was written meanwhile.
 */
describe('wall through a server restart', () => {
  const prefix = testPrefix();
  let port: number;
  let server: ReturnType<typeof spawnServer> | null = null;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  const start = async () => {
    server = spawnServer({ PORT: String(port), HOST: '127.0.0.1', REDIS_PREFIX: prefix, ADMIN_TOKEN: ADMIN, PUBLIC_REPORTS_PER_MINUTE: '0' });
    await waitFor(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (!res.ok) throw new Error(String(res.status));
    }, 15_000);
  };

  beforeAll(async () => {
    port = await freePort();
    await start();
    browser = await launchBrowser({ width: 1920, height: 1080 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await dropPrefix(prefix);
  });

  it('shows LIVE DATA LOST when the server goes away and recovers without a reload when it is back', async () => {
    const url = `http://127.0.0.1:${port}`;
    const viewer = (await issueToken(url, 'viewer')).token;
    await postReport(url, aReport({ location: { lat: 48.14, lon: 11.58 } }));
    const page = await browser.context.newPage();
    await page.goto(`${url}/wall?token=${viewer}&stale=4&panels=1`);
    await page.waitForSelector('body[data-map-ready="1"]', { timeout: 20_000 });
    await eventually(async () => expect(await page.getByTestId('report-count').textContent()).toBe('1'), 5000);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

    // Killed, as a crash or an OOM would: the wall gets no goodbye.
    server!.proc.kill('SIGKILL');
    await server!.exited;
    const banner = page.getByTestId('stale-banner');
    await banner.waitFor({ timeout: 9000 });
    expect(await banner.textContent()).toMatch(/LIVE DATA LOST since \d\d:\d\d/);
    await page.screenshot({ path: artifactPath('wall-stale.png') });

    await start();
    await postReport(url, aReport({ location: { lat: 48.2, lon: 11.6 } })); // written while the wall is still away
    await banner.waitFor({ state: 'detached', timeout: 15_000 });
    await eventually(async () => expect(await page.getByTestId('connection-status').getAttribute('data-state')).toBe('live'), 5000);
    await eventually(async () => expect(await page.getByTestId('report-count').textContent()).toBe('2'), 5000);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1); // same page, no reload
  });
});
