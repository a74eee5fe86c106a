import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser } from '../support/browser.js';
import { aReport, dropPrefix, eventually, issueToken, postReport, startServer, type TestServer } from '../support/test-server.js';

type Browser = Awaited<ReturnType<typeof launchBrowser>>;

/** Opens /ops with a token in the link, as an operator would from the link they were sent. */
async function signedInConsole(browser: Browser, url: string, token: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${url}/ops?token=${token}`);
  await page.getByTestId('ops-console').waitFor({ timeout: 15_000 });
  await eventually(async () => expect(await page.getByTestId('connection-status').getAttribute('data-state')).toBe('live'), 10_000);
  return page;
}

const item = (page: Page, id: string) => page.locator(`[data-testid="queue-item"][data-report-id="${id}"]`);

/**
 * The operator console end to end: signing in with a session cookie, the live queue, keyboard
 * triage, presence, and the 409 a second operator gets when someone else decided first.
 */
describe('operator console in Chromium', () => {
  let s: TestServer;
  let fire: Browser;
  let police: Browser;
  let fireToken: string;
  let policeToken: string;

  beforeAll(async () => {
    s = await startServer();
    fireToken = (await issueToken(s.url, 'operator', 'County Fire')).token;
    policeToken = (await issueToken(s.url, 'operator', 'City Police')).token;
    // Separate browsers: separate cookie jars, as two operators at two desks.
    [fire, police] = await Promise.all([launchBrowser({ width: 1400, height: 900 }), launchBrowser({ width: 1400, height: 900 })]);
  });
  afterAll(async () => {
    await fire?.close();
    await police?.close();
    await s?.close();
    await dropPrefix(s.prefix);
  });

  it('signs in with a cookie, not localStorage, and drops the token from the address bar', async () => {
    const page = await signedInConsole(fire, s.url, fireToken);
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(fireToken);
    const cookies = await fire.context.cookies(s.url);
    expect(cookies.find((c) => c.name === 'sitroom_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('County Fire');

    // A reload keeps the session; signing out ends it.
    await page.reload();
    await page.getByTestId('ops-console').waitFor();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in').waitFor();
    expect((await fire.context.cookies(s.url)).find((c) => c.name === 'sitroom_session' && c.value)).toBeUndefined();

    // And the form signs in again.
    await page.fill('#sign-in-token', fireToken);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('ops-console').waitFor();
    await page.close();
  });

  it('shows a new report live, tells who has it open, and refuses the second decision with a clear 409', async () => {
    const mine = await signedInConsole(fire, s.url, fireToken);

    // The police operator's live feed can be held back, to make "both acted at once" happen on cue.
    const theirs = await police.context.newPage();
    let holdChanges = false;
    await theirs.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => server.send(m));
      server.onMessage((m) => {
        if (holdChanges && typeof m === 'string' && m.startsWith('42["changes"')) return;
        ws.send(m);
      });
    });
    await theirs.goto(`${s.url}/ops?token=${policeToken}`);
    await theirs.getByTestId('ops-console').waitFor({ timeout: 15_000 });
    await eventually(async () => expect(await theirs.getByTestId('connection-status').getAttribute('data-state')).toBe('live'), 10_000);

    const res = await postReport(s.url, aReport({ description: 'Two people on a car roof, water rising fast', contact: '+44 7700 900123', location: { lat: 51.5, lon: -0.12 } }));
    const { id } = (await res.json()) as { id: string };
    await item(mine, id).waitFor({ timeout: 5_000 });
    await item(theirs, id).waitFor({ timeout: 5_000 });

    // Police opens it: the fire operator sees "open by City Police" on the item, live.
    await item(theirs, id).click();
    await theirs.getByTestId('report-detail').waitFor();
    expect(await theirs.getByTestId('detail-contact').textContent()).toBe('+44 7700 900123');
    await eventually(async () => expect(await item(mine, id).getByTestId('presence').textContent()).toContain('City Police'), 5_000);

    // Fire opens it with the keyboard: police sees fire in the panel.
    await mine.keyboard.press('j');
    await mine.locator(`[data-testid="report-detail"][data-report-id="${id}"]`).waitFor();
    await eventually(async () => expect(await theirs.getByTestId('detail-presence').textContent()).toContain('County Fire'), 5_000);
    await mine.getByTestId('nearby-map').and(mine.locator('[data-ready="1"]')).waitFor({ timeout: 15_000 });
    await mine.screenshot({ path: artifactPath('ops-report-open.png') });

    // Fire verifies with `v` while police's feed is held back: police has not heard yet.
    holdChanges = true;
    await mine.keyboard.press('v');
    await item(mine, id).waitFor({ state: 'detached', timeout: 5_000 });
    expect(await mine.getByTestId('last-decision').textContent()).toContain(id);
    expect(await mine.getByTestId('queue-count').textContent()).toBe('0');

    // Police presses `v` too: refused, told who decided, and the item shows its real state.
    await theirs.keyboard.press('v');
    const conflict = theirs.getByTestId('conflict');
    await conflict.waitFor({ timeout: 5_000 });
    expect(await conflict.textContent()).toMatch(/already marked verified by County Fire/);
    await eventually(async () => expect(await theirs.getByTestId('detail-status').textContent()).toBe('verified'));
    expect(await theirs.getByTestId('decided').textContent()).toContain('County Fire');
    expect(await theirs.getByTestId('verify').isDisabled()).toBe(true);
    await theirs.screenshot({ path: artifactPath('ops-conflict.png') });
    holdChanges = false;
    await mine.close();
    await theirs.close();
  });

  it('rejects with a required reason and marks duplicates of a nearby report, by keyboard', async () => {
    const page = await signedInConsole(fire, s.url, fireToken);
    const first = (await (await postReport(s.url, aReport({ description: 'Road flooded near the school', location: { lat: 48.85, lon: 2.35 } }))).json()) as { id: string };
    const again = (await (await postReport(s.url, aReport({ description: 'School road under water', location: { lat: 48.851, lon: 2.351 } }))).json()) as { id: string };
    const junk = (await (await postReport(s.url, aReport({ description: 'test test', location: { lat: 10, lon: 10 } }))).json()) as { id: string };
    for (const r of [first, again, junk]) await item(page, r.id).waitFor();

    await item(page, junk.id).click();
    await page.keyboard.press('r');
    await page.getByTestId('reject-form').waitFor();
    await page.keyboard.press('Enter'); // no reason yet
    await page.getByText('A reason is required.').waitFor();
    await page.getByTestId('reject-reason').fill('A test, not an emergency');
    await page.keyboard.press('Enter');
    await item(page, junk.id).waitFor({ state: 'detached' });

    await item(page, again.id).click();
    await page.keyboard.press('d');
    await page.getByTestId('duplicate-form').waitFor();
    await page.locator(`[data-testid="duplicate-candidate"][value="${first.id}"]`).check();
    await page.screenshot({ path: artifactPath('ops-duplicate-form.png') });
    await page.getByTestId('duplicate-submit').click();
    await item(page, again.id).waitFor({ state: 'detached' });

    const audit = await page.evaluate(async (id) => (await fetch(`/api/audit?entity=report&id=${id}`)).json(), again.id);
    expect(audit.items.map((e: { action: string }) => e.action)).toContain('report.duplicate');
    // The console's export link downloads the audit log as CSV, with the session cookie.
    const csv = await page.evaluate(async () => {
      const res = await fetch(document.querySelector<HTMLAnchorElement>('[data-testid="audit-csv"]')!.href);
      return { type: res.headers.get('content-type'), text: await res.text() };
    });
    expect(csv.type).toContain('text/csv');
    expect(csv.text).toContain('report.reject');

    // The entity page shows the decision in its history, and links to the report it duplicates.
    await page.goto(`${s.url}/ops/entity/report/${again.id}`);
    await page.getByTestId('entity-history').waitFor();
    expect(await page.getByTestId('entity-status').textContent()).toBe('duplicate');
    expect(await page.locator('[data-testid="history-entry"][data-action="report.duplicate"]').count()).toBe(1);
    expect(await page.getByTestId('entity-sources').textContent()).toContain(first.id);
    await page.screenshot({ path: artifactPath('ops-entity-page.png'), fullPage: true });
    await page.close();
  });

  it('lets an admin pause public reporting, and the form says so', async () => {
    const admin = (await issueToken(s.url, 'admin', 'EOC')).token;
    // This browser still holds the County Fire session: signing in over it must work too.
    const page = await signedInConsole(fire, s.url, admin);
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('admin');
    await page.getByTestId('intake-pause').click();
    await page.getByTestId('intake-message').fill('Reporting is paused for maintenance. Call 112 in an emergency.');
    await page.getByTestId('intake-confirm').click();
    await page.locator('[data-testid="intake-switch"][data-paused="1"]').waitFor();

    const form = await fire.context.newPage();
    await form.goto(`${s.url}/report`);
    await form.getByTestId('intake-paused').waitFor();
    expect(await form.getByTestId('intake-paused').textContent()).toContain('Reporting is paused for maintenance. Call 112 in an emergency.');
    await form.screenshot({ path: artifactPath('report-intake-paused.png') });

    await page.getByTestId('intake-resume').click();
    await page.locator('[data-testid="intake-switch"][data-paused="0"]').waitFor();
    await form.reload();
    await form.getByTestId('submit').waitFor();
    expect(await form.getByTestId('intake-paused').count()).toBe(0);
    await form.close();
    await page.close();
  });
});
