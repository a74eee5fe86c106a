import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../support/processes.js';
import { ADMIN, aReport, issueToken, postReport } from '../support/test-server.js';

/** Helpers for the wall's Chromium tests: seeding every kind the wall draws, and checks on the page. */

export const json = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

export async function post(url: string, pathName: string, token: string, body: unknown): Promise<Response> {
  const res = await fetch(`${url}${pathName}`, { method: 'POST', headers: json(token), body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`POST ${pathName}: ${res.status} ${await res.text()}`);
  return res;
}

let alertSeq = 0;
export function anAlert(over: Record<string, unknown> = {}) {
  const ring = (lon: number, lat: number, d: number) => [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]];
  const { lon = 13.4, lat = 52.5, size = 0.6, ...rest } = over as { lon?: number; lat?: number; size?: number };
  return {
    identifier: `wall-test-${process.pid}-${++alertSeq}`,
    sent: new Date().toISOString(),
    status: 'Actual',
    categories: ['Met'],
    event: 'Flood warning',
    headline: 'Flood warning for the river valley',
    urgency: 'Immediate',
    severity: 'Moderate',
    certainty: 'Likely',
    areas: [{ desc: 'River valley', geometry: { type: 'Polygon', coordinates: [ring(lon, lat, size)] } }],
    ...rest,
  };
}

/** A small HTTP server answering with a USGS GeoJSON fixture, for a feed that stays healthy offline. */
export async function fixtureServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const body = readFileSync(path.join(ROOT, 'tests/fixtures/geojson-usgs-significant-month-2023.geojson'));
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/geo+json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/significant_month.geojson`, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * A picture with a bit of everything around Berlin: reports (some verified), alerts of three
 * severities, offers, needs (one met), and a healthy feed when `feedUrl` is given.
 */
export async function seedPicture(url: string, opts: { feedUrl?: string } = {}): Promise<{ viewer: string; operator: string; agency: string }> {
  const [viewer, operator, agency, business] = await Promise.all([
    issueToken(url, 'viewer'),
    issueToken(url, 'operator', 'Berlin EOC'),
    issueToken(url, 'agency', 'DWD'),
    issueToken(url, 'business', 'Aqua GmbH'),
  ]);
  const spots = [
    [52.52, 13.4, 'flooding'],
    [52.48, 13.35, 'flooding'],
    [52.55, 13.5, 'building-fire'],
    [52.45, 13.6, 'storm-damage'],
    [52.6, 13.25, 'injured-people'],
    [52.4, 13.1, 'power-outage'],
  ] as const;
  const ids: string[] = [];
  for (const [lat, lon, category] of spots) {
    const res = await postReport(url, aReport({ category, location: { lat, lon } }));
    ids.push(((await res.json()) as { id: string }).id);
  }
  for (const id of ids.slice(0, 2)) await post(url, `/api/reports/${id}/verify`, operator.token, {});

  await post(url, '/api/signals', agency.token, [
    anAlert({ severity: 'Moderate', event: 'Heavy rain', headline: 'Heavy rain warning', lon: 13.0, lat: 52.35, size: 0.25 }),
    anAlert({ severity: 'Minor', event: 'Wind', headline: 'Wind advisory', lon: 13.75, lat: 52.65, size: 0.2 }),
    anAlert({ severity: 'Extreme', event: 'Flash flood', headline: 'Flash flood emergency: Spree', lon: 13.45, lat: 52.5, size: 0.12 }),
  ]);

  await post(url, '/api/offers', business.token, { resourceType: 'potable-water', quantity: 20000, location: { lat: 52.42, lon: 13.45 } });
  await post(url, '/api/offers', business.token, { resourceType: 'generators', quantity: 40, location: { lat: 52.58, lon: 13.62 } });
  const need = await (await post(url, '/api/needs', operator.token, { resourceType: 'shelter-beds', quantity: 300, location: { lat: 52.5, lon: 13.3 } })).json();
  await post(url, '/api/needs', operator.token, { resourceType: 'meals', quantity: 1000, location: { lat: 52.47, lon: 13.52 } });
  void need;

  if (opts.feedUrl) await post(url, '/api/admin/feeds', ADMIN, { kind: 'usgs-geojson', url: opts.feedUrl, everySeconds: 60, org: 'USGS' });
  return { viewer: viewer.token, operator: operator.token, agency: agency.token };
}

export async function openWall(page: Page, url: string, query = ''): Promise<void> {
  await page.goto(`${url}/wall${query}`);
  await page.waitForSelector('body[data-map-ready="1"]', { timeout: 20_000 });
}

/** Lets the page settle: fonts, the last map frame, one animation frame more. */
export async function settle(page: Page, ms = 600): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(ms);
}

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function axeSerious(page: Page): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  const source = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: source });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    // The map canvas is a picture with its own text alternative in the legend and panels.
    return axe.run({ exclude: [['.maplibregl-canvas']] }, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

export function layerVisibility(page: Page, layer: string): Promise<string | undefined> {
  return page.evaluate((id) => window.__sitroomWall!.map.getLayoutProperty(id, 'visibility') as string | undefined, layer);
}
