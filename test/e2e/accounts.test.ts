/// <reference lib="dom" />
// Accounts in a real browser: the __Host- session cookie and the CSRF header work from a page of
// the app's own origin, and Swagger UI at /docs runs under its Content-Security-Policy.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { type ProcessDatabase, processDatabase } from '../helpers.ts';
import { run, type Served, startServer } from '../process.ts';
import { hasChromium, launch } from './browser.ts';

describe('accounts in a real browser', {
  skip: hasChromium ? false : 'no chromium at /usr/bin/chromium',
}, () => {
  let db: ProcessDatabase | undefined;
  let server: Served;
  let browser: Browser;
  let context: BrowserContext;
  const email = 'browser-admin@example.test';
  let password = '';

  before(async () => {
    db = await processDatabase('e2e-accounts');
    const created = await run(['admin', 'create-user', '--email', email, '--platform-admin'], db.env);
    assert.equal(created.code, 0, created.stderr);
    password = /Password \(shown once\): (\S+)/.exec(created.stdout)?.[1] ?? '';
    assert.ok(password, 'the CLI printed the generated password');
    server = await startServer({
      ...db.env,
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: '0',
      NODE_ENV: 'production',
    });
    browser = await launch();
    // No CSP bypass here: the point is to run under the real policies.
    context = await browser.newContext();
  });

  after(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    await server?.exited;
    await db?.drop();
  });

  it('logs in from the page, keeps the session cookie, and needs the CSRF header for writes', async () => {
    const page = await context.newPage();
    // The public pages allow no script and no fetch at all (CSP); /docs, an app page, may call
    // the API of its own origin, as the recruiter app will.
    await page.goto(`${server.base}/docs`);
    const result = await page.evaluate(
      async ({ email, password }) => {
        const json = { 'content-type': 'application/json' };
        const login = await fetch('/api/v1/auth/login', {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ email, password }),
        });
        const me = await login.json();
        const again = await fetch('/api/v1/me');
        const body = JSON.stringify({ role: 'Browser Engineer', summary: 'Made in a browser.' });
        const withoutCsrf = await fetch('/api/v1/templates', { method: 'POST', headers: json, body });
        const withCsrf = await fetch('/api/v1/templates', {
          method: 'POST',
          headers: { ...json, 'x-csrf-token': me.csrfToken },
          body,
        });
        return {
          login: login.status,
          cookieVisibleToScript: document.cookie.includes('rolecraft_session'),
          me: again.status,
          meEmail: (await again.json()).email,
          withoutCsrf: withoutCsrf.status,
          withCsrf: withCsrf.status,
        };
      },
      { email, password },
    );
    assert.deepEqual(result, {
      login: 200,
      cookieVisibleToScript: false, // HttpOnly
      me: 200,
      meEmail: email,
      withoutCsrf: 403,
      withCsrf: 201,
    });
    const cookies = await context.cookies(server.base);
    const session = cookies.find((c) => c.name === '__Host-rolecraft_session');
    assert.ok(session, 'the browser stored the session cookie');
    assert.equal(session.httpOnly, true);
    assert.equal(session.secure, true);
    assert.equal(session.sameSite, 'Lax');
    assert.equal(session.path, '/');
  });

  it('renders Swagger UI at /docs without a single CSP violation', async () => {
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') violations.push(message.text());
    });
    await page.goto(`${server.base}/docs`);
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 15_000 });
    assert.match((await page.locator('.swagger-ui .info .title').textContent()) ?? '', /Rolecraft API/);
    // The operations are listed, the account ones included.
    await page.locator('.opblock-summary-path', { hasText: '/api/v1/auth/login' }).first().waitFor();
    assert.deepEqual(violations, []);
  });
});
