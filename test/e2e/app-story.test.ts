/// <reference lib="dom" />
// The whole story of issue 6 in one test, as people would live it in a real browser: a recruiter
// signs up (confirming the mailed link), creates an organization, makes a posting from the
// built-in Jr. Backend Developer template, fixes what the analysis flags, publishes; an anonymous
// candidate finds it on the career page and applies with a PDF resume; the recruiter sees the
// application with its match score, drags it to Interview, submits a scorecard and hires.
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { resumePdf } from '../applications.ts';
import { type ProcessDatabase, processDatabase } from '../helpers.ts';
import { linkIn, type SmtpCapture, startSmtpCapture } from '../mail.ts';
import { type Served, startServer, tempDir } from '../process.ts';
import { checkScreen, VIEWPORTS } from './app.ts';
import { hasChromium, launch } from './browser.ts';

const RECRUITER = { name: 'Rosa Recruiter', email: 'rosa@harbor.example', password: 'tide-pool-lantern-42' };
const CANDIDATE = { name: 'Grace Hopper', email: 'grace@example.com' };
const ORG = { name: 'Harbor Analytics', slug: 'harbor-analytics' };
const TITLE = 'Jr. Backend Developer';
const DEGREE = /Bachelor’s degree in Computer Science/;

const column = (page: Page, stage: string) =>
  page.getByRole('region', { name: new RegExp(`^${stage} \\d+ applications?$`) });
const card = (scope: Page | Locator, name: string) => scope.getByRole('article', { name });
const heading = (page: Page, name: string | RegExp, level = 1) => page.getByRole('heading', { level, name });

describe('the recruiter’s story, sign-up to hire', {
  skip: hasChromium ? false : 'no chromium at /usr/bin/chromium',
}, () => {
  let db: ProcessDatabase | undefined;
  let smtp: SmtpCapture | undefined;
  let server: Served | undefined;
  let browser: Browser | undefined;
  let files = '';

  before(async () => {
    db = await processDatabase('app-story');
    smtp = await startSmtpCapture();
    files = await tempDir('app-story-files');
    server = await startServer({
      ...db.env,
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: '0',
      SMTP_URL: smtp.url,
      WEB_DIST_DIR: process.env.WEB_DIST_DIR,
    });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    await server?.exited;
    await smtp?.close();
    await db?.drop();
    if (files) await rm(files, { recursive: true, force: true });
  });

  it('signs up, publishes a posting from the built-in template, and hires the candidate who applied', async () => {
    const base = server!.base;
    const recruiter = await browser!.newContext({ viewport: VIEWPORTS.desktop, bypassCSP: true });
    const page = await recruiter.newPage();

    // 1. Sign up, and confirm the address with the mailed link and the password.
    await page.goto(`${base}/app/signup`);
    await page.getByLabel('Your name').fill(RECRUITER.name);
    await page.getByLabel('Work email').fill(RECRUITER.email);
    await page.getByLabel('Password').fill(RECRUITER.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await heading(page, 'Check your email').waitFor();
    const mail = await smtp!.waitFor((m) => m.to.includes(RECRUITER.email) && /confirm/i.test(m.subject));
    const link = new URL(linkIn(mail, '/app/verify-email'));
    await page.goto(`${base}${link.pathname}${link.hash}`);
    await heading(page, 'Confirm your email').waitFor();
    await page.getByLabel('Password').fill(RECRUITER.password);
    await page.getByRole('button', { name: 'Confirm email' }).click();
    await heading(page, 'Email confirmed').waitFor();
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(RECRUITER.email);
    await page.getByLabel('Password').fill(RECRUITER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // 2. A new account has no organization yet: the app asks for one first.
    await heading(page, 'Create an organization').waitFor();
    await page.getByLabel('Organization name').fill(ORG.name);
    assert.equal(await page.getByLabel('Career site address').inputValue(), ORG.slug);
    await page.getByRole('button', { name: 'Create organization' }).click();
    await heading(page, 'Postings').waitFor();
    await page.getByRole('heading', { name: 'No postings yet' }).waitFor();
    assert.equal(await page.getByLabel('Organization').inputValue(), ORG.slug);

    // 3. A posting from the built-in template.
    await page.getByRole('link', { name: 'New posting' }).first().click();
    await heading(page, 'New posting').waitFor();
    await page.getByLabel('Search templates').fill('Jr. Backend');
    await page.getByRole('button', { name: `Use the ${TITLE} template` }).click();
    await heading(page, 'Content', 2).waitFor();
    assert.equal(await page.getByLabel('Job title').inputValue(), TITLE);
    assert.match(await page.getByLabel('Qualifications (required)').inputValue(), DEGREE);
    await page.getByRole('button', { name: 'Continue' }).click();
    await heading(page, 'Details', 2).waitFor();
    await page.getByRole('button', { name: 'Add a location' }).click();
    await page.getByLabel('City').fill('New York');
    await page.getByLabel('Region or state').fill('NY');
    await page.getByLabel('Country code').fill('US');
    await page.getByLabel('Employment type').selectOption('FULL_TIME');
    await page.getByRole('button', { name: 'Continue' }).click();
    await heading(page, 'Screening questions', 2).waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    await heading(page, 'Review', 2).waitFor();

    // 4. The review shows what the analysis and the checks flag: a degree with no alternative, and
    //    a New York City job without its pay range.
    const analysis = page.getByRole('region', { name: 'Quality analysis' });
    const checks = page.getByRole('region', { name: 'Publishing checks' });
    await analysis.getByText('Bachelor’s degree').first().waitFor();
    await checks.getByText('us-ny-nyc').first().waitFor();
    const scoreBefore = Number(/(\d+)\s*out of 100/.exec((await analysis.textContent()) ?? '')?.[1]);
    await checkScreen(page, 'story: review before fixing');

    //    Fix them where the findings point: the qualification gets its equivalent-experience
    //    alternative, the details a bounded pay range.
    await analysis.getByRole('link', { name: 'Fix in Content' }).first().click();
    await heading(page, 'Content', 2).waitFor();
    const qualifications = page.getByLabel('Qualifications (required)');
    await qualifications.fill(
      (await qualifications.inputValue()).replace(
        /Bachelor’s degree in Computer Science, Information Technology, or a related field\./,
        'Bachelor’s degree in Computer Science, Information Technology, or a related field, or equivalent practical experience.',
      ),
    );
    await page.getByRole('button', { name: 'Continue' }).click();
    await heading(page, 'Details', 2).waitFor();
    await page.getByLabel('Minimum').fill('85000');
    await page.getByLabel('Maximum').fill('105000');
    await page.getByLabel('Currency').fill('USD');
    await page.getByLabel('Pay period').selectOption('YEAR');
    await page.getByRole('button', { name: 'Continue' }).click();
    await heading(page, 'Screening questions', 2).waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    await heading(page, 'Review', 2).waitFor();
    await analysis.waitFor();
    await page.waitForFunction(() => !document.body.textContent?.includes('Analysing the posting'));
    assert.equal(await analysis.getByText('Bachelor’s degree').count(), 0, 'the degree finding is gone');
    const scoreAfter = Number(/(\d+)\s*out of 100/.exec((await analysis.textContent()) ?? '')?.[1]);
    assert.ok(scoreAfter > scoreBefore, `the score rose: ${scoreBefore} → ${scoreAfter}`);
    await page.waitForFunction(() => !document.body.textContent?.includes('Running the publishing checks'));
    assert.equal(await checks.getByText('us-ny-nyc').count(), 0, 'the pay range satisfies New York City');

    // 5. Publish.
    await page.getByRole('button', { name: 'Publish' }).click();
    await heading(page, TITLE).waitFor();
    await page
      .getByText(/^published$/i)
      .first()
      .waitFor();
    const careerLink = page.getByRole('link', { name: /View on career site/ });
    const jobUrl = new URL((await careerLink.getAttribute('href')) ?? '', base);
    assert.match(jobUrl.pathname, new RegExp(`^/careers/${ORG.slug}/jobs/`));

    // 6. An anonymous candidate finds it on the career page and applies with a PDF resume.
    const visitor = await browser!.newContext({ viewport: VIEWPORTS.desktop });
    const anon = await visitor.newPage();
    await anon.goto(`${base}/careers/${ORG.slug}`);
    await anon.getByRole('link', { name: TITLE }).first().click();
    await anon.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await anon
      .getByText(/85,000/)
      .first()
      .waitFor();
    await anon.getByRole('link', { name: 'Apply for this job' }).click();
    const resume = path.join(files, 'grace-hopper-resume.pdf');
    await writeFile(
      resume,
      resumePdf([CANDIDATE.name, CANDIDATE.email, 'Node.js, PostgreSQL, REST APIs, Git and Docker']),
    );
    await anon.getByLabel('Full name').fill(CANDIDATE.name);
    await anon.getByLabel(/^Email/).fill(CANDIDATE.email);
    await anon.getByLabel(/^Resume/).setInputFiles(resume);
    await anon.getByLabel(new RegExp(`^I agree that ${ORG.name}`)).check();
    await anon.getByRole('button', { name: 'Send application' }).click();
    await anon.waitForURL(/\/apply\/thanks$/);
    await visitor.close();

    // 7. The recruiter sees the application on the board, with its match score once the resume
    //    has been read in the background.
    await page.getByRole('link', { name: 'Open pipeline' }).click();
    await heading(page, TITLE).waitFor();
    const applied = card(column(page, 'Applied'), CANDIDATE.name);
    const deadline = Date.now() + 30_000;
    while (!(await applied.getByText(/Match \d+%/).count())) {
      assert.ok(Date.now() < deadline, 'the match score appears within 30 s');
      await page.waitForTimeout(1000);
      await page.reload();
      await applied.waitFor();
    }
    const match = Number(/Match (\d+)%/.exec((await applied.textContent()) ?? '')?.[1]);
    assert.ok(match > 0, `a positive match score: ${match}`);

    // 8. Drag the card to Interview.
    const handle = applied.getByRole('button', { name: `Drag ${CANDIDATE.name}` });
    const from = await handle.boundingBox();
    const to = await column(page, 'Interview').boundingBox();
    assert.ok(from && to);
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 30, from.y + 10, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + 120, { steps: 15 });
    await page.mouse.up();
    await card(column(page, 'Interview'), CANDIDATE.name).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: `Moved ${CANDIDATE.name} to Interview` })
      .waitFor();
    await page.reload();
    await card(column(page, 'Interview'), CANDIDATE.name).waitFor();
    await checkScreen(page, 'story: the board after the move', 'story-board');

    // 9. Open the application and submit a scorecard.
    await card(column(page, 'Interview'), CANDIDATE.name).getByRole('link', { name: CANDIDATE.name }).click();
    await heading(page, CANDIDATE.name).waitFor();
    await page.getByText(`Match score ${match}%`).waitFor();
    await page.getByRole('link', { name: 'Scorecards' }).click();
    await heading(page, 'Submit a scorecard', 2).waitFor();
    await page.getByLabel('Interview', { exact: true }).fill('Technical interview');
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Submit scorecard' }) });
    // Each of the posting's qualifications is a group of ratings: "3 Yes" on all of them.
    const criteria = form.getByRole('group').filter({ hasNot: page.getByText('Overall recommendation') });
    assert.ok((await criteria.count()) >= 3, 'the qualifications are the criteria');
    for (const group of await criteria.all()) await group.getByRole('radio').nth(2).check();
    await form.getByRole('group', { name: 'Overall recommendation' }).getByLabel('Strong yes').check();
    await page.getByRole('button', { name: 'Submit scorecard' }).click();
    await heading(page, 'Scorecard summary', 2).waitFor();
    await page.getByRole('list', { name: 'Scorecards' }).getByText('Technical interview').waitFor();

    // 10. Hire.
    await page.getByLabel('Stage', { exact: true }).selectOption({ label: 'Hired' });
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Moved to Hired' }).waitFor();
    await page.reload();
    await heading(page, CANDIDATE.name).waitFor();
    const stage = page.getByRole('region', { name: 'Stage and status' });
    assert.match((await stage.textContent()) ?? '', /Hired/);
    await checkScreen(page, 'story: the hired application', 'story-hired');

    // Back on the board through the app's own links (no reload): the cached board shows the move.
    await page.getByRole('link', { name: TITLE }).first().click();
    await page.getByRole('link', { name: 'Open pipeline' }).click();
    await card(column(page, 'Hired'), CANDIDATE.name).waitFor();
    assert.equal(await card(column(page, 'Interview'), CANDIDATE.name).count(), 0);

    // Nothing of the day's work was kept in browser storage.
    const stored = await page.evaluate(() => [localStorage.length, sessionStorage.length]);
    assert.deepEqual(stored, [0, 0], 'no browser storage used');
    await recruiter.close();
  });
});
