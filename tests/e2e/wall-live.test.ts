import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser } from '../support/browser.js';
import { aReport, dropPrefix, eventually, issueToken, postReport, startServer, type TestServer } from '../support/test-server.js';

/** The walking skeleton end to end: a public report typed into /report reaches an open /wall without a reload. */
describe('wall and public form in Chromium', () => {
  let s: TestServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let viewer: string;

  beforeAll(async () => {
    s = await startServer({ FUSION: 'on' });
    viewer = (await issueToken(s.url, 'viewer')).token;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await dropPrefix(s.prefix);
  });

  const count = async (page: Page) => Number(await page.getByTestId('report-count').textContent());

  it('updates the wall count and map when the public form is submitted in another page', async () => {
    await postReport(s.url, aReport({ location: { lat: 51.05, lon: 13.74 } })); // one already there
    const wall = await browser.context.newPage();
    await wall.goto(`${s.url}/wall?token=${viewer}`);
    await wall.waitForSelector('body[data-map-ready="1"]', { timeout: 20_000 });
    expect(new URL(wall.url()).searchParams.has('token')).toBe(false); // taken once, kept, dropped from the address bar
    await eventually(async () => expect(await count(wall)).toBe(1));
    await eventually(async () => expect(await wall.getByTestId('connection-status').getAttribute('data-state')).toBe('live'));

    const form = await browser.context.newPage();
    await form.setViewportSize({ width: 390, height: 844 });
    await form.goto(`${s.url}/report`);
    await form.selectOption('select[name=category]', 'building-fire');
    await form.fill('textarea[name=description]', 'Smoke pouring from the roof of the bakery on Hauptstraße');
    await form.getByTestId('lat').fill('51.0504');
    await form.getByTestId('lon').fill('13.7373');
    await form.getByTestId('submit').click();
    await form.getByTestId('confirmation').waitFor({ timeout: 10_000 });
    const id = (await form.getByTestId('report-id').textContent())!.trim();
    await form.screenshot({ path: artifactPath('report-confirmation-390.png') });

    await eventually(async () => expect(await count(wall)).toBe(2), 5000);
    const onMap = await wall.evaluate(
      (reportId) =>
        new Promise<boolean>((resolve) => {
          const w = (window as unknown as { __sitroomWall: { map: { getSource(id: string): { getData(): Promise<{ features: { properties: { id: string } }[] }> } | undefined; getStyle(): { sources: Record<string, unknown> } } } }).__sitroomWall;
          const name = Object.keys(w.map.getStyle().sources).find((n) => n.includes('report'))!;
          void w.map.getSource(name)!.getData().then((d) => resolve(d.features.some((f) => f.properties.id === reportId)));
        }),
      id,
    );
    expect(onMap).toBe(true);
    await wall.screenshot({ path: artifactPath('wall-after-report.png') });
    expect(wall.url()).not.toContain('token=');
  });

  it('shows the form errors from the shared schema and writes nothing', async () => {
    const before = (await (await fetch(`${s.url}/api/reports`, { headers: { authorization: `Bearer ${viewer}` } })).json()).total;
    const form = await browser.context.newPage();
    await form.goto(`${s.url}/report`);
    await form.getByTestId('submit').click();
    await form.getByTestId('error-category').waitFor();
    await form.getByTestId('error-description').waitFor();
    await form.getByTestId('lat').fill('91');
    await form.getByTestId('lat').blur();
    await form.getByTestId('error-lat').waitFor();
    const after = (await (await fetch(`${s.url}/api/reports`, { headers: { authorization: `Bearer ${viewer}` } })).json()).total;
    expect(after).toBe(before);
  });
});
