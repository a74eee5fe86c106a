import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { dropPrefix, issueToken, startServer, type TestServer } from '../support/test-server.js';

/** MapLibre by default with nothing else loaded; mapbox-gl only when the install configures a token. */
describe('the wall map engine', () => {
  let plain: TestServer;
  let mapbox: TestServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    plain = await startServer();
    mapbox = await startServer({ MAPBOX_ACCESS_TOKEN: 'pk.test-token-for-sitroom', MAP_STYLE_URL: 'https://tiles.example.org/style.json' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await plain?.close();
    await mapbox?.close();
    await dropPrefix(plain.prefix);
    await dropPrefix(mapbox.prefix);
  });

  it('says which engine and style the install uses', async () => {
    expect(await (await fetch(`${plain.url}/api/client-config`)).json()).toEqual({ map: { engine: 'maplibre' } });
    expect(await (await fetch(`${mapbox.url}/api/client-config`)).json()).toEqual({
      map: { engine: 'mapbox', accessToken: 'pk.test-token-for-sitroom', styleUrl: 'https://tiles.example.org/style.json' },
    });
  });

  it('draws with MapLibre and never fetches mapbox-gl by default', async () => {
    const viewer = (await issueToken(plain.url, 'viewer')).token;
    const page = await browser.context.newPage();
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(r.url()));
    await page.goto(`${plain.url}/wall?token=${viewer}`);
    await page.waitForSelector('body[data-map-ready="1"]', { timeout: 30_000 });
    expect(await page.locator('.maplibregl-map').count()).toBe(1);
    expect(fetched.filter((u) => /engine-mapbox/.test(u))).toEqual([]);
    await page.close();
  });

  it('loads mapbox-gl, and only then, when the install has a Mapbox token', async () => {
    const viewer = (await issueToken(mapbox.url, 'viewer')).token;
    const page = await browser.context.newPage();
    // No network here: Mapbox's own servers cannot be reached, so only the engine choice is checked.
    await page.route(/^https:\/\//, (route) => route.abort());
    const chunk = page.waitForRequest(/\/assets\/engine-mapbox-[\w-]+\.js$/, { timeout: 30_000 });
    await page.goto(`${mapbox.url}/wall?token=${viewer}`);
    await chunk;
    await page.waitForSelector('.mapboxgl-map', { timeout: 30_000 });
    expect(await page.locator('.maplibregl-map').count()).toBe(0);
    await page.close();
  });
});
