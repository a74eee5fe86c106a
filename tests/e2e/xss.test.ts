import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser } from '../support/browser.js';
import { postSignal } from '../support/signals.js';
import { ADMIN, dropPrefix, eventually, issueToken, postReport, startServer, type TestServer } from '../support/test-server.js';

/** Each would set window.__xss if any page rendered it as HTML or followed it as a link. */
const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '<a href="javascript:window.__xss=1">open</a> javascript:window.__xss=1',
  '<svg onload="window.__xss=1"><circle r="9"/></svg>',
];
const CONTACT = '<img src=x onerror="window.__xss=1">javascript:alert(1)';

/** A page whose dialogs are counted (an `alert()` that runs is a finding even if it sets nothing). */
async function watched(browser: Awaited<ReturnType<typeof launchBrowser>>, dialogs: string[]): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return page;
}

async function assertInert(page: Page, dialogs: string[]): Promise<void> {
  await page.waitForTimeout(300); // let any onerror/onload fire
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
  expect(dialogs).toEqual([]);
}

/** All user text is rendered as text: script and HTML payloads show literally and never run. */
describe('script and HTML payloads in Chromium', () => {
  let s: TestServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let ids: string[];
  let alertPosted = false;

  beforeAll(async () => {
    s = await startServer();
    browser = await launchBrowser({ width: 1280, height: 860 });
    ids = [];
    for (const [i, text] of PAYLOADS.entries()) {
      const res = await postReport(s.url, { category: 'other', description: `XSS-${i} ${text}`, contact: CONTACT, location: { lat: 52 + i * 0.05, lon: 5 } });
      ids.push(((await res.json()) as { id: string }).id);
    }
    // Two are verified (the public page shows them); two stay unverified (the console's queue and the wall).
    for (const id of ids.slice(0, 2)) await fetch(`${s.url}/api/reports/${id}/verify`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
    const agency = (await issueToken(s.url, 'agency', 'Met Office')).token;
    const ring = [[4.8, 51.9], [5.3, 51.9], [5.3, 52.3], [4.8, 52.3], [4.8, 51.9]];
    const res = await postSignal(s.url, agency, {
      identifier: `xss-${process.pid}`,
      sent: new Date().toISOString(),
      status: 'Actual',
      categories: ['Met'],
      event: `Flood ${PAYLOADS[1]}`,
      headline: PAYLOADS[0],
      instruction: PAYLOADS[3],
      urgency: 'Immediate',
      severity: 'Severe',
      certainty: 'Observed',
      areas: [{ desc: PAYLOADS[2], geometry: { type: 'Polygon', coordinates: [ring] } }],
    });
    alertPosted = res.status === 202;
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await dropPrefix(s.prefix);
  });

  it('shows them as text on /ops (queue, open report, entity page)', async () => {
    const dialogs: string[] = [];
    const page = await watched(browser, dialogs);
    const operator = (await issueToken(s.url, 'operator', 'County Fire')).token;
    await page.goto(`${s.url}/ops?token=${operator}`);
    for (const [i, id] of ids.entries()) {
      if (i < 2) continue; // the verified ones are not in the queue
      const item = page.locator(`[data-testid="queue-item"][data-report-id="${id}"]`);
      await item.click({ timeout: 10_000 });
      await page.locator(`[data-testid="report-detail"][data-report-id="${id}"]`).waitFor();
      expect(await page.getByTestId('detail-description').textContent()).toBe(`XSS-${i} ${PAYLOADS[i]}`);
      expect(await page.getByTestId('detail-contact').textContent()).toBe(CONTACT);
      expect(await item.textContent()).toContain(PAYLOADS[i]);
    }
    await page.screenshot({ path: artifactPath('xss-ops.png') });
    await assertInert(page, dialogs);

    await page.goto(`${s.url}/ops/entity/report/${ids[2]}`);
    await page.getByTestId('entity-state').waitFor();
    expect(await page.getByTestId('entity-state').textContent()).toContain(PAYLOADS[2]);
    await assertInert(page, dialogs);
    await page.close();
  });

  it('shows them as text on / (verified reports and the alert)', async () => {
    const dialogs: string[] = [];
    const page = await watched(browser, dialogs);
    await page.goto(`${s.url}/`);
    await page.locator(`[data-testid="public-report"][data-report-id="${ids[1]}"]`).waitFor({ timeout: 10_000 });
    const list = (await page.getByTestId('public-list').textContent()) ?? '';
    expect(list).toContain(`XSS-0 ${PAYLOADS[0]}`);
    expect(list).toContain(`XSS-1 ${PAYLOADS[1]}`);
    expect(list).not.toContain('XSS-2'); // unverified: not public
    expect(list).not.toContain(CONTACT); // contact is never public
    if (alertPosted) {
      const alert = page.getByTestId('public-alert');
      await alert.waitFor();
      const text = await alert.textContent();
      for (const p of PAYLOADS) expect(text).toContain(p);
    }
    await page.screenshot({ path: artifactPath('xss-public.png'), fullPage: true });
    await assertInert(page, dialogs);
    await page.close();
  });

  it('shows them as text on /wall (ticker, focus card, report popup)', async () => {
    const dialogs: string[] = [];
    const page = await watched(browser, dialogs);
    try {
      const viewer = (await issueToken(s.url, 'viewer')).token;
      await page.goto(`${s.url}/wall?token=${viewer}`);
      await page.waitForSelector('body[data-map-ready="1"]', { timeout: 20_000 });
      await assertInert(page, dialogs);

      // A new alert while the wall is open: its headline is shown as a line of text.
      const agency = (await issueToken(s.url, 'agency', 'Met Office')).token;
      const ring = [[6, 53], [6.4, 53], [6.4, 53.3], [6, 53.3], [6, 53]];
      const res = await postSignal(s.url, agency, {
        identifier: `xss-live-${process.pid}`,
        sent: new Date().toISOString(),
        status: 'Actual',
        categories: ['Met'],
        event: 'Storm',
        headline: `Live ${PAYLOADS[3]}`,
        urgency: 'Immediate',
        severity: 'Extreme',
        certainty: 'Observed',
        areas: [{ desc: 'Coast', geometry: { type: 'Polygon', coordinates: [ring] } }],
      });
      if (res.status === 202) await eventually(async () => expect(await page.locator('body').textContent()).toContain(`Live ${PAYLOADS[3]}`), 8_000);

      // A report's details, where the wall shows them (its popup), when it exposes its map to tests.
      const centred = await page.evaluate(async () => {
        const map = (window as unknown as { __sitroomWall?: { map: { jumpTo(o: object): void; once(e: string, f: () => void): void } } }).__sitroomWall?.map;
        if (!map) return false;
        await new Promise<void>((resolve) => {
          map.once('idle', () => resolve());
          map.jumpTo({ center: [5, 52.1], zoom: 15 });
        });
        return true;
      });
      if (centred) {
        const box = (await page.locator('.maplibregl-canvas').first().boundingBox())!;
        await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        const popup = page.locator('.maplibregl-popup');
        if (await popup.waitFor({ timeout: 3_000 }).then(() => true, () => false)) expect(await popup.textContent()).toContain(PAYLOADS[2]);
      }
      await page.screenshot({ path: artifactPath('xss-wall.png') });
      await assertInert(page, dialogs);
    } finally {
      await page.close();
    }
  });

  // Same browser as the /ops test: the form must send as the public even with a console session cookie.
  it('takes them on /report without running them', async () => {
    const dialogs: string[] = [];
    const page = await watched(browser, dialogs);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${s.url}/report`);
    await page.selectOption('select[name=category]', 'other');
    await page.fill('textarea[name=description]', PAYLOADS.join('\n'));
    await page.getByTestId('lat').fill('52.3');
    await page.getByTestId('lon').fill('4.9');
    await page.fill('input[name=contact]', CONTACT);
    await page.getByTestId('submit').click();
    await page.getByTestId('confirmation').waitFor({ timeout: 10_000 });
    await assertInert(page, dialogs);
    const id = (await page.getByTestId('report-id').textContent())!.trim();
    const stored = await eventually(async () => {
      const res = await fetch(`${s.url}/api/reports/${id}`, { headers: { authorization: `Bearer ${ADMIN}` } });
      expect(res.status).toBe(200);
      return (await res.json()) as { description: string; contact: string };
    });
    expect(stored.description).toBe(PAYLOADS.join('\n')); // stored as typed, not "sanitised" into something else
    expect(stored.contact).toBe(CONTACT);
    await page.close();
  });
});
