/// <reference lib="dom" />
// The public career site in a real browser, with JavaScript off (it must not need it): an
// employer's branded job list, search and facet filters through the plain form, a job page with
// its JobPosting markup, and no serious accessibility violation at desktop or phone width.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { type ProcessDatabase, processDatabase } from '../helpers.ts';
import { postingBody } from '../postings.ts';
import { run, type Served, startServer } from '../process.ts';
import { hasChromium, launch, seriousViolations, signedInApi } from './browser.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

describe('the career site in a real browser', {
  skip: hasChromium ? false : 'no chromium at /usr/bin/chromium',
}, () => {
  let db: ProcessDatabase | undefined;
  let server: Served;
  let browser: Browser;
  let context: BrowserContext;
  let jobSlug = '';

  /** Calls the API as the employer's owner (session cookie and CSRF header from the log-in). */
  let api: (
    method: string,
    path: string,
    body?: unknown,
  ) => Promise<{ status: number; json: { id: string; slug: string } }>;

  before(async () => {
    db = await processDatabase('e2e-careers');
    const email = 'careers-owner@example.test';
    const created = await run(['admin', 'create-user', '--email', email], db.env);
    assert.equal(created.code, 0, created.stderr);
    const password = /Password \(shown once\): (\S+)/.exec(created.stdout)?.[1] ?? '';
    server = await startServer({ ...db.env, LOG_LEVEL: 'warn', SHUTDOWN_GRACE_MS: '0' });

    api = await signedInApi(server.base, email, password);
    const org = await api('POST', '/api/v1/orgs', { slug: 'northwind', name: 'Northwind Labs' });
    assert.equal(org.status, 201, JSON.stringify(org.json));
    assert.equal((await api('PUT', '/api/v1/me/organization', { organization: 'northwind' })).status, 200);
    const branded = await api('PATCH', '/api/v1/org', {
      brandColor: '#0f766e',
      careersIntro: 'We make logistics software that small shops love. Join us.',
      employeeCount: 120,
    });
    assert.equal(branded.status, 200, JSON.stringify(branded.json));

    const jobs = [
      postingBody({
        template: { slug: 'jr-backend-developer', library: 'global' },
        title: 'Junior Backend Developer',
      }),
      postingBody({ title: 'Data Engineer', department: 'Data', requiredSkills: ['Python', 'dbt'] }),
      postingBody({
        title: 'Product Designer',
        department: 'Design',
        workplaceType: 'remote',
        locations: [],
        applicantLocationRequirements: ['DE', 'NL'],
        employmentType: 'PART_TIME',
      }),
    ];
    for (const body of jobs) {
      const posting = await api('POST', '/api/v1/org/postings', body);
      assert.equal(posting.status, 201, JSON.stringify(posting.json));
      const published = await api('POST', `/api/v1/org/postings/${posting.json.id}/publish`);
      assert.equal(published.status, 200, JSON.stringify(published.json));
      jobSlug ||= posting.json.slug;
    }
    browser = await launch();
    // JavaScript off: the career site must work without it. (axe needs it, in its own context.)
    context = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.desktop });
  });

  after(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    await server?.exited;
    await db?.drop();
  });

  it('lists the jobs, searches and filters with the plain form, and opens a job', async () => {
    const page = await context.newPage();
    await page.goto(`${server.base}/careers/northwind`);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Jobs at Northwind Labs');
    assert.match((await page.getByRole('status').textContent()) ?? '', /^3 jobs/);
    assert.ok(await page.getByText('We make logistics software').isVisible());

    await page.getByLabel('Department').selectOption({ label: 'Data (1)' });
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/department=Data/);
    assert.match((await page.getByRole('status').textContent()) ?? '', /^1 job/);
    assert.ok(await page.getByRole('link', { name: 'Data Engineer' }).isVisible());
    assert.equal(await page.getByRole('link', { name: 'Product Designer' }).count(), 0);

    await page.goto(`${server.base}/careers/northwind`);
    await page.getByLabel('Search jobs').fill('remote designer');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=remote/);
    await page.getByRole('link', { name: 'Product Designer' }).click();
    await page.waitForURL(/\/careers\/northwind\/jobs\/product-designer-3$/);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Product Designer');
    const facts = (await page.locator('dl.facts').textContent()) ?? '';
    assert.match(facts, /Remote/);
    assert.match(facts, /DE, NL/);
    assert.match(facts, /Part-time/);
    assert.match(facts, /EUR 60,000–80,000 per year/);
    const markup = JSON.parse(
      (await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}',
    );
    assert.equal(markup['@type'], 'JobPosting');
    assert.equal(markup.jobLocationType, 'TELECOMMUTE');
    await page.getByRole('link', { name: 'Apply for this job' }).click();
    await page.waitForURL(/\/apply$/);
    await page.close();
  });

  for (const [name, path] of [
    ['careers', '/careers/northwind'],
    ['job', () => `/careers/northwind/jobs/${jobSlug}`],
  ] as const) {
    it(`${name} page has no serious accessibility violations, at desktop and phone width`, async () => {
      // axe is injected as a script, which needs JavaScript and a CSP bypass.
      const axeContext = await browser.newContext({ bypassCSP: true });
      for (const [size, viewport] of Object.entries(VIEWPORTS)) {
        const page = await axeContext.newPage();
        await page.setViewportSize(viewport);
        await page.goto(`${server.base}${typeof path === 'string' ? path : path()}`);
        const violations = await seriousViolations(page);
        assert.deepEqual(violations, [], `${size}: ${JSON.stringify(violations, null, 1)}`);
        await page.screenshot({ path: `${SCREENSHOTS}${name}-${size}.png`, fullPage: false });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        assert.equal(overflow, false, `${size}: horizontal overflow`);
        await page.close();
      }
      await axeContext.close();
    });
  }
});
