import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewOffer } from '@sitroom/shared';
import { artifactPath, launchBrowser } from '../support/browser.js';
import { aNeed, anOffer, client } from '../support/resources.js';
import { dropPrefix, eventually, issueToken, startServer, type TestServer } from '../support/test-server.js';
import { axeSerious } from './wall-support.js';

type Browser = Awaited<ReturnType<typeof launchBrowser>>;

/** A `datetime-local` value `hours` from now, in the browser's (this machine's) time zone. */
function localInput(hours: number): string {
  const t = new Date(Date.now() + hours * 3_600_000);
  return new Date(t.getTime() - t.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

async function signedIn(browser: Browser, url: string, token: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${url}/offer?token=${token}`);
  await page.getByTestId('offer-console').waitFor({ timeout: 15_000 });
  await eventually(async () => expect(await page.getByTestId('connection-status').getAttribute('data-state')).toBe('live'), 10_000);
  return page;
}

const card = (page: Page, id: string) => page.locator(`[data-testid="offer-card"][data-offer-id="${id}"]`);
const errorOf = (page: Page, field: string) => page.getByTestId(`error-${field}`);

/**
 * /offer end to end: a business signs in with a session cookie, the form checks with the shared
 * schema before anything is sent, server field errors land on their fields, and the list follows
 * commitments live.
 */
describe('/offer in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let acme: string;
  let operator: ReturnType<typeof client>;
  let asAcme: ReturnType<typeof client>;
  let page: Page;
  let offerId: string;

  beforeAll(async () => {
    s = await startServer();
    acme = (await issueToken(s.url, 'business', 'Acme Water')).token;
    operator = client(s.url, (await issueToken(s.url, 'operator', 'County EOC')).token);
    asAcme = client(s.url, acme);
    browser = await launchBrowser({ width: 1400, height: 1000 });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await dropPrefix(s.prefix);
  });

  it('signs a business in with a cookie, not localStorage, and drops the token from the address bar', async () => {
    page = await signedIn(browser, s.url, acme);
    expect(new URL(page.url()).pathname).toBe('/offer');
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(acme);
    expect((await browser.context.cookies(s.url)).find((c) => c.name === 'sitroom_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('Acme Water');
    await page.getByTestId('offers-empty').waitFor();
  });

  it('shows the shared schema’s errors inline and sends nothing while the draft is invalid', async () => {
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() !== 'GET' && r.url().includes('/api/offers')) posts.push(r.url());
    });
    await page.getByTestId('quantity').fill('0');
    await page.getByTestId('lat').fill('95');
    await page.getByTestId('available-from').fill(localInput(48));
    await page.getByTestId('available-until').fill(localInput(24));
    await page.getByTestId('offer-submit').click();

    // The same messages the server would answer with, from the same schema.
    const schema = NewOffer.safeParse({ resourceType: 'potable-water', quantity: 0, location: { lat: 95, lon: 0 } });
    const said = (path: string) => schema.error!.issues.find((i) => i.path.join('.') === path)!.message;
    expect(await errorOf(page, 'resourceType').textContent()).toBe('Choose what you can offer.');
    expect((await errorOf(page, 'quantity').textContent())!.toLowerCase()).toBe(`${said('quantity')}.`);
    expect((await errorOf(page, 'lat').textContent())!.toLowerCase()).toBe(`${said('location.lat')}.`);
    expect(await errorOf(page, 'lon').textContent()).toBe('Type the longitude too.');
    expect(await page.getByTestId('quantity').getAttribute('aria-invalid')).toBe('true');
    // The focus goes to the first field to fix.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('resourceType');
    await page.screenshot({ path: artifactPath('offer-invalid.png'), fullPage: true });

    expect(posts).toEqual([]);
    expect((await asAcme.get('/api/offers')).body.items).toEqual([]);

    // The unit follows the type, and is not typed.
    await page.getByTestId('resource-type').selectOption('potable-water');
    expect(await page.getByTestId('quantity-unit').textContent()).toBe('litres');
    // Fixing a field clears its error as soon as the draft passes for it.
    await page.getByTestId('quantity').fill('1000');
    await errorOf(page, 'quantity').waitFor({ state: 'detached' });
    await page.getByTestId('lat').fill('51.5');
    await page.getByTestId('lon').fill('-0.12');
    // The schema checks the window once the rest is sound (so does the server: the same schema).
    await errorOf(page, 'availableUntil').waitFor();
    expect(await errorOf(page, 'availableUntil').textContent()).toBe('“Until” must be after “from”.');
    await page.getByTestId('offer-submit').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('availableUntil');
    expect(posts).toEqual([]);
    expect((await asAcme.get('/api/offers')).body.items).toEqual([]);
  });

  it('puts the server’s field errors on their fields, then posts a valid offer that appears in the list', async () => {
    // Passes the schema, but the server refuses a window that has already ended.
    await page.getByTestId('available-from').fill('');
    await page.getByTestId('available-until').fill(localInput(-24));
    await page.getByTestId('offer-submit').click();
    await errorOf(page, 'availableUntil').waitFor();
    expect(await errorOf(page, 'availableUntil').textContent()).toMatch(/must be in the future/);
    expect(await page.getByTestId('offer-form-failure').textContent()).toContain('correct the marked fields');
    expect((await asAcme.get('/api/offers')).body.items).toEqual([]);

    await page.getByTestId('available-until').fill(localInput(72));
    await page.getByTestId('description').fill('Bottled water on pallets <b>dock 4</b>');
    await page.getByTestId('contact').fill('Duty manager +44 20 7946 0000');
    await page.getByTestId('offer-submit').click();

    const item = page.locator('[data-testid="offer-card"]');
    await item.waitFor({ timeout: 5_000 });
    offerId = (await item.getAttribute('data-offer-id'))!;
    expect(await item.getAttribute('data-status')).toBe('available');
    expect(await item.getByTestId('offer-remaining').getAttribute('data-remaining')).toBe('1000');
    expect(await item.getByTestId('offer-description').textContent()).toBe('Bottled water on pallets <b>dock 4</b>');
    expect(await item.getByTestId('offer-contact').textContent()).toContain('Duty manager +44 20 7946 0000');
    // A fresh form for the next offer, at the same place and with the same contact.
    expect(await page.getByTestId('quantity').inputValue()).toBe('');
    expect(await page.getByTestId('lat').inputValue()).toBe('51.5');
    expect(await page.getByTestId('contact').inputValue()).toBe('Duty manager +44 20 7946 0000');
    expect(await errorOf(page, 'resourceType').count()).toBe(0);

    const stored = (await asAcme.get(`/api/offers/${offerId}`)).body;
    expect(stored).toMatchObject({ org: 'Acme Water', resourceType: 'potable-water', quantity: 1000, unit: 'litres', location: { lat: 51.5, lon: -0.12 }, status: 'available' });
  });

  it('shows a commitment live, without a reload: status, what is left, and which agency committed', async () => {
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    const need = await operator.post('/api/needs', aNeed({ resourceType: 'potable-water', quantity: 400 }));
    expect(need.status).toBe(201);
    expect((await operator.post(`/api/needs/${need.body.id}/commitments`, { offerId, quantity: 400 })).status).toBe(201);

    const item = card(page, offerId);
    await eventually(async () => expect(await item.getAttribute('data-status')).toBe('partly-committed'), 5_000);
    expect(await item.getByTestId('offer-remaining').getAttribute('data-remaining')).toBe('600');
    expect(await item.getByTestId('offer-status').textContent()).toBe('Partly committed');
    await eventually(async () => expect(await item.getByTestId('offer-commitment').textContent()).toMatch(/County EOC\s*: 400 litres/), 5_000);
    expect(await page.getByTestId('offer-notice').textContent()).toBe('County EOC committed 400 litres of your potable water.');
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await page.screenshot({ path: artifactPath('offer-committed.png'), fullPage: true });
    expect(await axeSerious(page)).toEqual([]);
  });

  it('edits an offer (the server’s 409 below the committed quantity lands on the field) and withdraws it', async () => {
    const item = card(page, offerId);
    await item.getByTestId('offer-edit').click();
    const form = page.locator('[data-testid="offer-form"][data-mode="edit"]');
    await form.waitFor();
    expect(await page.getByTestId('resource-type').isDisabled()).toBe(true);
    expect(await page.getByTestId('quantity').inputValue()).toBe('1000');

    await page.getByTestId('offer-submit').click();
    expect(await page.getByTestId('offer-form-failure').textContent()).toBe('Nothing to save: no field was changed.');

    await page.getByTestId('quantity').fill('300');
    await page.getByTestId('offer-submit').click();
    await errorOf(page, 'quantity').waitFor();
    expect(await errorOf(page, 'quantity').textContent()).toMatch(/400 litres are already committed/);
    await page.screenshot({ path: artifactPath('offer-edit-conflict.png'), fullPage: true });

    await page.getByTestId('quantity').fill('800');
    await page.getByTestId('description').fill('');
    await page.getByTestId('offer-submit').click();
    await page.locator('[data-testid="offer-form"][data-mode="new"]').waitFor();
    await eventually(async () => expect(await item.getByTestId('offer-remaining').getAttribute('data-remaining')).toBe('400'));
    expect(await item.getByTestId('offer-description').count()).toBe(0);
    const edited = (await asAcme.get(`/api/offers/${offerId}`)).body;
    expect(edited).toMatchObject({ quantity: 800, remaining: 400, status: 'partly-committed' });
    expect(edited.description).toBeUndefined();

    await item.getByTestId('offer-withdraw').click();
    await page.getByTestId('offer-withdraw-confirm').click();
    await eventually(async () => expect(await item.getAttribute('data-status')).toBe('withdrawn'));
    expect((await asAcme.get(`/api/offers/${offerId}`)).body.status).toBe('withdrawn');
    // Withdrawn is history: out of the current list, into the folded past, with its commitment kept.
    expect(await page.getByTestId('offer-count').textContent()).toBe('0');
    await page.getByTestId('past-offers').locator('summary').click();
    expect(await item.getByTestId('offer-commitment').textContent()).toContain('County EOC');
    expect(await item.getByTestId('offer-withdraw').count()).toBe(0);
    await page.screenshot({ path: artifactPath('offer-withdrawn.png'), fullPage: true });
  });

  it('renders offers posted elsewhere (the API, EDXL-RM) live, and as text', async () => {
    const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>';
    const res = await asAcme.post('/api/offers', anOffer({ resourceType: 'generators', quantity: 3, description: payload, contact: payload }));
    expect(res.status).toBe(201);
    const item = card(page, res.body.id);
    await item.waitFor({ timeout: 5_000 });
    expect(await item.getByTestId('offer-description').textContent()).toBe(payload);
    expect(await item.getByTestId('offer-contact').textContent()).toContain(payload);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    await page.close();
  });

  it('is for businesses: an operator is told so, and a narrow phone gets one column', async () => {
    const small = await launchBrowser({ width: 390, height: 844 });
    try {
      const mobile = await small.context.newPage();
      await mobile.goto(`${s.url}/offer?token=${acme}`);
      await mobile.getByTestId('offer-form').waitFor({ timeout: 15_000 });
      await mobile.getByTestId('offer-card').first().waitFor();
      expect(await mobile.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await mobile.screenshot({ path: artifactPath('offer-390.png'), fullPage: true });

      const op = (await issueToken(s.url, 'operator', 'County EOC')).token;
      await mobile.goto(`${s.url}/offer?token=${op}`);
      await mobile.getByTestId('wrong-role').waitFor();
      expect(await mobile.getByTestId('wrong-role').textContent()).toContain('for businesses');
    } finally {
      await small.close();
    }
  });
});
