import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser } from '../support/browser.js';
import { aNeed, anOffer, client } from '../support/resources.js';
import { dropPrefix, eventually, issueToken, startServer, type TestServer } from '../support/test-server.js';
import { axeSerious } from './wall-support.js';

type Browser = Awaited<ReturnType<typeof launchBrowser>>;

const XSS = '<img src=x onerror="window.__xss=1">';
const matchOf = (page: Page, offerId: string) => page.locator(`[data-testid="match"][data-offer-id="${offerId}"]`);
const matchIds = (page: Page) => page.locator('[data-testid="match"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-offer-id')));
const kpi = async (page: Page) => {
  const el = page.getByTestId('needs-kpi');
  return { open: await el.getAttribute('data-open'), met: await el.getAttribute('data-met') };
};

/**
 * The console's Needs tab end to end: an operator posts a need, sees the offers ranked with their
 * reasons, commits in one step (a 409 when someone else took the offer first), and the need's status
 * follows live from the change feed.
 */
describe('needs in the operator console, in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let operatorToken: string;
  let otherDesk: ReturnType<typeof client>;
  let acme: ReturnType<typeof client>;
  let bolt: ReturnType<typeof client>;
  let page: Page;
  const offers: Record<string, string> = {};

  beforeAll(async () => {
    s = await startServer();
    operatorToken = (await issueToken(s.url, 'operator', 'County EOC')).token;
    otherDesk = client(s.url, (await issueToken(s.url, 'operator', 'City Police')).token);
    acme = client(s.url, (await issueToken(s.url, 'business', 'Acme Water')).token);
    bolt = client(s.url, (await issueToken(s.url, 'business', 'Bolt Logistics')).token);
    // Near and partial, far and whole, and one of another type that must not match at all.
    offers.near = (await acme.post('/api/offers', anOffer({ resourceType: 'potable-water', quantity: 1000, location: { lat: 51.5, lon: -0.12 }, description: `Bottled ${XSS}` }))).body.id;
    offers.far = (await bolt.post('/api/offers', anOffer({ resourceType: 'potable-water', quantity: 5000, location: { lat: 52.2, lon: 0.12 } }))).body.id;
    offers.meals = (await acme.post('/api/offers', anOffer({ resourceType: 'meals', quantity: 500 }))).body.id;
    browser = await launchBrowser({ width: 1400, height: 1000 });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await dropPrefix(s.prefix);
  });

  it('posts a need from the form and shows the offers ranked, with score, distance and reasons', async () => {
    page = await browser.context.newPage();
    await page.goto(`${s.url}/ops?token=${operatorToken}`);
    await page.getByTestId('ops-console').waitFor({ timeout: 15_000 });
    await eventually(async () => expect(await page.getByTestId('connection-status').getAttribute('data-state')).toBe('live'), 10_000);
    await page.getByTestId('tab-needs').click();
    expect(new URL(page.url()).hash).toBe('#needs');
    await page.getByTestId('needs-empty').waitFor();
    expect(await kpi(page)).toEqual({ open: '0', met: '0' });

    await page.getByTestId('need-new').click();
    // The shared NewNeed schema speaks before anything is sent.
    await page.getByTestId('need-submit').click();
    expect(await page.getByTestId('error-resourceType').textContent()).toBe('Choose what is needed.');
    expect(await page.getByTestId('error-location').textContent()).toContain('Choose the place');
    expect((await otherDesk.get('/api/needs')).body.items).toEqual([]);

    await page.getByTestId('resource-type').selectOption('potable-water');
    expect(await page.getByTestId('quantity-unit').textContent()).toBe('litres');
    await page.getByTestId('quantity').fill('1500');
    await page.getByTestId('lat').fill('51.51');
    await page.getByTestId('lon').fill('-0.1');
    await page.getByTestId('need-description').fill(`Rest centre at the school ${XSS}`);
    await page.getByTestId('need-submit').click();

    const detail = page.getByTestId('need-detail');
    await detail.waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('need-status').getAttribute('data-status')).toBe('open');
    expect(await page.getByTestId('need-notes').textContent()).toBe(`Rest centre at the school ${XSS}`);
    await eventually(async () => expect(await kpi(page)).toEqual({ open: '1', met: '0' }));

    // Ranked by the shared rule: the near offer first, the far one second, the meals not at all.
    await page.getByTestId('matches').waitFor({ timeout: 5_000 });
    expect(await matchIds(page)).toEqual([offers.near, offers.far]);
    const first = matchOf(page, offers.near);
    expect(await first.getByTestId('match-org').textContent()).toBe('Acme Water');
    expect(Number(await first.getByTestId('match-score').textContent())).toBeGreaterThan(Number(await matchOf(page, offers.far).getByTestId('match-score').textContent()));
    expect(await first.getByTestId('match-distance').textContent()).toBe('1.8 km away');
    const reasons = await first.getByTestId('match-reasons').locator('li').allTextContents();
    expect(reasons).toContain('1.8 km away (great-circle)');
    expect(reasons.some((r) => /^covers 1000 of the 1500 litres still needed/.test(r))).toBe(true);
    expect(await first.getByTestId('match-description').textContent()).toBe(`Bottled ${XSS}`);
    expect(await first.getByTestId('commit-quantity').inputValue()).toBe('1000');
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    await page.screenshot({ path: artifactPath('ops-needs-matches.png') });
    expect(await axeSerious(page)).toEqual([]);
  });

  it('commits in one step; the need turns partly met live and the ranking moves on', async () => {
    await matchOf(page, offers.near).getByTestId('commit').click();
    await eventually(async () => expect(await page.getByTestId('need-status').getAttribute('data-status')).toBe('partly-met'), 5_000);
    expect(await page.getByTestId('need-met').textContent()).toMatch(/of 1,?500 litres met/);
    await eventually(async () => expect(await page.getByTestId('need-commitment').textContent()).toContain('from Acme Water, committed by County EOC'));
    // All of the near offer is promised: it leaves the ranking.
    await eventually(async () => expect(await matchIds(page)).toEqual([offers.far]));
    expect(await matchOf(page, offers.far).getByTestId('commit-quantity').inputValue()).toBe('500');
  });

  it('answers a 409 when another desk took the offer first: shows why and re-ranks', async () => {
    const far = matchOf(page, offers.far);
    await far.getByTestId('commit-quantity').fill('500');
    // Meanwhile another operator commits most of the far offer to a need of their own.
    const theirs = await otherDesk.post('/api/needs', aNeed({ resourceType: 'potable-water', quantity: 4800 }));
    expect((await otherDesk.post(`/api/needs/${theirs.body.id}/commitments`, { offerId: offers.far, quantity: 4800 })).status).toBe(201);
    await far.getByTestId('commit').click();

    const error = page.getByTestId('commit-error');
    await error.waitFor({ timeout: 5_000 });
    expect(await error.textContent()).toBe('Not committed. The offer has only 200 litres left.');
    await eventually(async () => expect(await far.textContent()).toContain('200 litres on offer'));
    await page.screenshot({ path: artifactPath('ops-needs-conflict.png') });

    // What is left of it is still welcome.
    await far.getByTestId('commit-quantity').fill('200');
    await far.getByTestId('commit').click();
    await eventually(async () => expect(await page.getByTestId('need-met').textContent()).toMatch(/^1,?200 litres of 1,?500/), 5_000);
    expect(await page.getByTestId('commit-error').count()).toBe(0);
    // The other desk's need is met; this one is still open.
    await eventually(async () => expect(await kpi(page)).toEqual({ open: '1', met: '1' }));
  });

  it('ranks an offer posted meanwhile without a reload, and shows the need met when it is', async () => {
    const shop = client(s.url, (await issueToken(s.url, 'business', 'Corner Shop')).token);
    const fresh = (await shop.post('/api/offers', anOffer({ resourceType: 'potable-water', quantity: 300, location: { lat: 51.52, lon: -0.11 } }))).body.id;
    await matchOf(page, fresh).waitFor({ timeout: 5_000 });
    expect(await matchOf(page, fresh).getByTestId('commit-quantity').inputValue()).toBe('300');
    await matchOf(page, fresh).getByTestId('commit').click();

    await eventually(async () => expect(await page.getByTestId('need-status').getAttribute('data-status')).toBe('met'), 5_000);
    expect(await page.getByTestId('matches').count()).toBe(0);
    expect(await page.getByTestId('need-commitment').count()).toBe(3);
    await eventually(async () => expect(await kpi(page)).toEqual({ open: '0', met: '2' }));
    await page.screenshot({ path: artifactPath('ops-needs-met.png') });
  });

  it('shows needs another desk posts and cancels, live, and cancels one from the console', async () => {
    const posted = (await otherDesk.post('/api/needs', aNeed({ resourceType: 'generators', quantity: 50, neededBy: new Date(Date.now() + 3_600_000).toISOString() }))).body;
    const item = page.locator(`[data-testid="need-item"][data-need-id="${posted.id}"]`);
    await item.waitFor({ timeout: 5_000 });
    await eventually(async () => expect(await kpi(page)).toEqual({ open: '1', met: '2' }));
    // Open needs come first.
    expect(await page.locator('[data-testid="need-item"]').first().getAttribute('data-need-id')).toBe(posted.id);

    await item.click();
    await page.locator(`[data-testid="need-detail"][data-need-id="${posted.id}"]`).waitFor();
    await page.getByTestId('no-matches').waitFor();
    await page.getByTestId('need-cancel').click();
    await page.getByTestId('need-cancel-confirm').click();
    await eventually(async () => expect(await page.getByTestId('need-status').getAttribute('data-status')).toBe('cancelled'));
    expect((await otherDesk.get(`/api/needs/${posted.id}`)).body.status).toBe('cancelled');
    await eventually(async () => expect(await kpi(page)).toEqual({ open: '0', met: '2' }));

    // The reports tab still works as before, and the keyboard is its own again.
    await page.getByTestId('tab-reports').click();
    await page.getByTestId('queue-empty').waitFor();
    await page.close();
  });
});
