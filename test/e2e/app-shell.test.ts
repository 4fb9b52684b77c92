/// <reference lib="dom" />
// The web app's shell and account pages in a real browser: served at /app with deep links, signed
// out pages (log-in, sign-up, reset), the signed-in layout and organization switching.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hasChromium } from './browser.ts';
import { type AppHarness, checkScreen, startAppHarness } from './app.ts';

describe('the web app shell', { skip: hasChromium ? false : 'no chromium at /usr/bin/chromium' }, () => {
  let h: AppHarness;
  before(async () => {
    h = await startAppHarness({ name: 'app-shell', org: { slug: 'shell-co', name: 'Shell Company' } });
  });
  after(async () => h?.close());

  it('serves index.html for deep links, with a strict CSP and no caching of the shell', async () => {
    const res = await fetch(`${h.base}/app/postings/some/deep/link`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    const html = await res.text();
    const asset = /src="(\/app\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(asset, html);
    const js = await fetch(`${h.base}${asset}`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('cache-control') ?? '', /immutable/);
    assert.equal((await fetch(`${h.base}/app/assets/missing-123.js`)).status, 404);
  });

  it('sends a signed-out visitor of a deep link to the log-in, and back after signing in', async () => {
    const context = await h.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${h.base}/app/settings`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.match(page.url(), /\/app\/login\?next=%2Fsettings/);
    await checkScreen(page, 'log-in page', 'login');
    await page.getByLabel('Email').fill(h.owner.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /Could not sign in/);
    await page.getByLabel('Password').fill(h.owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/app\/settings$/);
    await context.close();
  });

  it('renders the sign-up and password reset pages accessibly', async () => {
    const context = await h.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${h.base}/app/signup`);
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await checkScreen(page, 'sign-up page', 'signup');
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await page.getByLabel('Email').fill('nobody@example.test');
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await checkScreen(page, 'reset requested');
    await context.close();
  });

  it('switches organizations from the navigation', async () => {
    const second = await h.api('POST', '/api/v1/orgs', { slug: 'shell-two', name: 'Second Shell' });
    assert.equal(second.status, 201);
    const page = await h.open('/postings');
    const switcher = page.getByLabel('Organization');
    await page.reload();
    await switcher.waitFor();
    assert.deepEqual(await switcher.locator('option').allInnerTexts(), ['Shell Company', 'Second Shell']);
    await switcher.selectOption('shell-two');
    await page.waitForURL(/\/app\/postings$/);
    await page.waitForFunction(async () => {
      const me = await (await fetch('/api/v1/me')).json();
      return me.activeOrganization?.slug === 'shell-two';
    });
    // The switcher shows the new organization once the fresh account has rendered.
    await page.waitForFunction(
      () =>
        (document.querySelector('.org-switcher select') as HTMLSelectElement | null)?.value === 'shell-two',
    );
    await checkScreen(page, 'signed-in shell');
    await page.close();
  });

  it('runs under its strict CSP: no violation on any area (without the CSP bypass axe needs)', async () => {
    const context = await h.browser.newContext();
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const page = await context.newPage();
    const console: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) console.push(m.text());
    });
    const posting = await h.api('POST', '/api/v1/org/postings', { title: 'Night Shift Dispatcher' });
    assert.equal(posting.status, 201, JSON.stringify(posting.json));
    await page.goto(`${h.base}/app/login`);
    await page.getByLabel('Email').fill(h.owner.email);
    await page.getByLabel('Password').fill(h.owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    for (const path of [
      '/postings',
      `/postings/${posting.json.id}`,
      `/pipeline/${posting.json.id}`,
      '/templates',
      '/templates/global/jr-backend-developer/edit',
      '/candidates',
      '/settings',
      '/account/security',
    ]) {
      await page.goto(`${h.base}/app${path}`);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
    }
    const violations = await page.evaluate(
      () => (window as unknown as { cspViolations: string[] }).cspViolations,
    );
    assert.deepEqual(violations, []);
    assert.deepEqual(console, []);
    await context.close();
  });
});
