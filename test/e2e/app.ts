/// <reference lib="dom" />
// The harness of the web app's browser tests: a real server (`rolecraft serve`) on a free port
// with a fresh database, an owner with an organization, headless chromium signed in as the owner
// through the log-in page, and the checks every screen gets (axe at desktop and phone width, and
// screenshots for docs/screenshots/ and the README).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type ProcessDatabase, processDatabase } from '../helpers.ts';
import type { SmtpCapture } from '../mail.ts';
import { run, type Served, startServer } from '../process.ts';
import { type Api, launch, seriousViolations, signedInApi } from './browser.ts';

export const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
export const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

export interface AppHarness {
  base: string;
  server: Served;
  browser: Browser;
  /** The owner's signed-in browser context (bypassing CSP only so that axe can be injected). */
  context: BrowserContext;
  owner: { email: string; password: string };
  /** The owner's API session, for arranging data the screen under test does not create. */
  api: Api;
  org: { slug: string; name: string };
  /** A new tab in the owner's context at `path` under /app, after the app has rendered. */
  open(path: string): Promise<Page>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Prefix of the test database's name. */
  name: string;
  org?: { slug: string; name: string };
  env?: Record<string, string>;
}

/** An account made with the CLI (already verified), as the tests' owner. */
export async function createUser(env: Record<string, string | undefined>, email: string) {
  const created = await run(['admin', 'create-user', '--email', email], env);
  assert.equal(created.code, 0, created.stderr);
  return /Password \(shown once\): (\S+)/.exec(created.stdout)?.[1] ?? '';
}

export async function startAppHarness(options: HarnessOptions): Promise<AppHarness> {
  const org = options.org ?? { slug: `${options.name}-co`, name: 'Juniper Freight' };
  let db: ProcessDatabase | undefined;
  let server: Served | undefined;
  let browser: Browser | undefined;
  try {
    db = await processDatabase(options.name);
    const email = `owner-${options.name}@example.test`;
    const password = await createUser(db.env, email);
    server = await startServer(
      {
        ...db.env,
        LOG_LEVEL: 'warn',
        SHUTDOWN_GRACE_MS: '0',
        // A build of one's own (npx vite build web --outDir …) when several builds run side by side.
        WEB_DIST_DIR: process.env.WEB_DIST_DIR,
        ...options.env,
      },
      // A loaded machine running two browser test files at once can be slow to start a server.
      120_000,
    );
    const api = await signedInApi(server.base, email, password);
    const created = await api('POST', '/api/v1/orgs', org);
    assert.equal(created.status, 201, JSON.stringify(created.json));
    browser = await launch();
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, bypassCSP: true });
    const base = server.base;
    const page = await context.newPage();
    await signInThroughForm(page, base, email, password);
    await page.close();
    const served = server;
    const opened = browser;
    const database = db;
    return {
      base,
      server,
      browser,
      context,
      owner: { email, password },
      api,
      org,
      async open(path: string) {
        const tab = await context.newPage();
        await tab.goto(`${base}/app${path}`);
        await tab.locator('h1').first().waitFor();
        return tab;
      },
      async close() {
        await opened.close();
        served.child.kill('SIGTERM');
        await served.exited;
        await database.drop();
      },
    };
  } catch (error) {
    await browser?.close();
    server?.child.kill('SIGKILL');
    await db?.drop();
    throw error;
  }
}

/** Signs in on the log-in page and waits for the signed-in shell. */
export async function signInThroughForm(page: Page, base: string, email: string, password: string) {
  await page.goto(`${base}/app/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/**
 * The checks of a screen: no serious or critical axe violation at desktop and at phone width, and,
 * when `shot` is given, screenshots of both as docs/screenshots/app-<shot>-{desktop,phone}.png.
 */
export async function checkScreen(page: Page, label: string, shot?: string) {
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    const violations = await seriousViolations(page);
    assert.deepEqual(violations, [], `${label} at ${width} width: ${JSON.stringify(violations, null, 2)}`);
    if (shot) await page.screenshot({ path: `${SCREENSHOTS}app-${shot}-${width}.png`, fullPage: false });
  }
  await page.setViewportSize(VIEWPORTS.desktop);
}

/** The token of the newest mail to `to` whose link goes to `path` (tokens travel in the fragment). */
export async function mailedToken(smtp: SmtpCapture, to: string, path: string): Promise<string> {
  const mail = await smtp.waitFor((m) => m.to.includes(to) && m.text.includes(`${path}#token=`), 30_000);
  const token = new RegExp(`${path}#token=([\\w-]+)`).exec(mail.text)?.[1];
  assert.ok(token, `no ${path} link mailed to ${to}`);
  return token;
}

export interface Person {
  email: string;
  password: string;
  name: string;
}

/**
 * Another member of the harness's organization, made the way people join (the server must send
 * mail to `smtp`): signs up over HTTP, confirms the mailed link, is invited with `role` by the
 * owner and accepts the mailed invitation. Returns the member's API session.
 */
export async function addMember(
  h: AppHarness,
  smtp: SmtpCapture,
  person: Person,
  role: string,
): Promise<Api> {
  const post = (path: string, body: object) =>
    fetch(`${h.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const signup = await post('/api/v1/auth/signup', person);
  assert.equal(signup.status, 202, await signup.text());
  const token = await mailedToken(smtp, person.email, '/app/verify-email');
  const verified = await post('/api/v1/auth/verify-email', { token, password: person.password });
  assert.ok(verified.ok, await verified.text());
  const invited = await h.api('POST', '/api/v1/org/invitations', { email: person.email, role });
  assert.equal(invited.status, 201, JSON.stringify(invited.json));
  const member = await signedInApi(h.base, person.email, person.password);
  const invitation = await mailedToken(smtp, person.email, '/app/invitations/accept');
  const accepted = await member('POST', '/api/v1/invitations/accept', { token: invitation });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.json));
  return member;
}
