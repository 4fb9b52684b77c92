/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { type ProcessDatabase, processDatabase } from '../helpers.ts';
import { type Served, startServer } from '../process.ts';
import { hasChromium, launch, seriousViolations } from './browser.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

describe('public pages in a real browser', {
  skip: hasChromium ? false : 'no chromium at /usr/bin/chromium',
}, () => {
  let db: ProcessDatabase | undefined;
  let server: Served;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    db = await processDatabase('e2e');
    server = await startServer({ ...db.env, LOG_LEVEL: 'warn', SHUTDOWN_GRACE_MS: '0' });
    browser = await launch();
    // axe is injected as a script, which the pages' CSP rightly forbids; tests bypass it.
    context = await browser.newContext({ bypassCSP: true, viewport: VIEWPORTS.desktop });
  });

  after(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    await server?.exited;
    await db?.drop();
  });

  it('finds a template by searching with a typo, opens it and reads the FAQ', async () => {
    const page = await context.newPage();
    await page.goto(`${server.base}/templates`);
    assert.equal(await page.title(), 'Job description templates · Rolecraft');
    await page.getByLabel('Search templates').fill('backnd develper');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=backnd/);
    await page.getByRole('link', { name: 'Jr. Backend Developer' }).click();
    await page.waitForURL(/\/templates\/jr-backend-developer$/);
    assert.equal(
      await page.getByRole('heading', { level: 1 }).textContent(),
      'Jr. Backend Developer Job Description Template',
    );
    const faq = page.locator('details', {
      hasText: 'What is the average salary for a Jr. Backend Developer?',
    });
    assert.equal(await faq.locator('p').isVisible(), false);
    await faq.locator('summary').click();
    assert.match((await faq.locator('p').textContent()) ?? '', /^The average salary/);
    await page.close();
  });

  it('filters by category and follows a skill chip to every template naming that skill', async () => {
    const page = await context.newPage();
    await page.goto(`${server.base}/templates`);
    await page
      .getByRole('navigation', { name: 'Categories' })
      .getByRole('link', { name: 'Healthcare' })
      .click();
    await page.waitForURL(/category=healthcare/);
    assert.ok(await page.getByRole('link', { name: 'Registered Nurse' }).isVisible());
    assert.equal(await page.getByRole('link', { name: 'Account Executive' }).count(), 0);

    await page.goto(`${server.base}/templates/jr-backend-developer`);
    await page.getByRole('link', { name: 'PostgreSQL', exact: true }).click();
    await page.waitForURL(/skill=postgresql/);
    assert.ok(await page.getByRole('link', { name: 'Jr. Backend Developer' }).isVisible());
    await page.close();
  });

  it('is keyboard-usable: skip link first, visible focus', async () => {
    const page = await context.newPage();
    await page.goto(`${server.base}/templates`);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    assert.equal(focused, 'Skip to content');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.equal(outline, 'solid');
    await page.close();
  });

  for (const [name, path] of [
    ['library', '/templates'],
    ['template', '/templates/jr-backend-developer'],
    ['search', '/templates?q=nurse'],
    ['not-found', '/templates/nope'],
  ] as const) {
    it(`${name} page has no serious accessibility violations, at desktop and phone width`, async () => {
      for (const [size, viewport] of Object.entries(VIEWPORTS)) {
        const page = await context.newPage();
        await page.setViewportSize(viewport);
        await page.goto(`${server.base}${path}`);
        const violations = await seriousViolations(page);
        assert.deepEqual(violations, [], `${size}: ${JSON.stringify(violations, null, 1)}`);
        if (name !== 'not-found') {
          await page.screenshot({ path: `${SCREENSHOTS}${name}-${size}.png`, fullPage: false });
        }
        // Nothing overflows sideways at phone width.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        assert.equal(overflow, false, `${size}: horizontal overflow`);
        await page.close();
      }
    });
  }
});
