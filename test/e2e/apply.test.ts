/// <reference lib="dom" />
// The application form in a real browser: without JavaScript (the server checks everything, keeps
// the values and answers with the GOV.UK error summary), with JavaScript (apply.js checks before
// posting, checks files as they are chosen and posts once however often the button is pressed),
// with the keyboard only, and with no serious accessibility violation at desktop or phone width.
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { resumePdf } from '../applications.ts';
import { type ProcessDatabase, processDatabase } from '../helpers.ts';
import { linkIn, type SmtpCapture, startSmtpCapture } from '../mail.ts';
import { postingBody } from '../postings.ts';
import { run, type Served, startServer, tempDir } from '../process.ts';
import { hasChromium, launch, seriousViolations, signedInApi } from './browser.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
const ORG = 'juniper';

/** The posting's screening questions: one of each kind the form renders differently. */
const QUESTIONS = [
  { id: 'notice', type: 'short_text', label: 'What is your notice period?', required: true },
  {
    id: 'visa',
    type: 'yes_no',
    label: 'Do you need visa sponsorship to work in Germany?',
    required: true,
    knockoutAnswer: true,
  },
  {
    id: 'level',
    type: 'single_choice',
    label: 'Which level fits you best?',
    required: true,
    options: ['Junior', 'Mid-level', 'Senior'],
  },
  {
    id: 'stack',
    type: 'multiple_choice',
    label: 'Which of these have you run in production?',
    required: false,
    options: ['Node.js', 'PostgreSQL', 'Redis', 'Kubernetes'],
  },
  {
    id: 'years',
    type: 'number',
    label: 'Years of professional experience',
    required: true,
    min: 0,
    max: 50,
  },
  {
    id: 'references',
    type: 'consent',
    label: 'References',
    required: true,
    consentText: 'You may contact the references I name in my resume',
  },
];

/** Every required field left empty, in page order, as apply.js words it (pages/fields.ts). */
const CLIENT_EMPTY_FORM_ERRORS = [
  ['#field-name', 'Enter your full name'],
  ['#field-email', 'Enter your email address'],
  ['#field-resume', 'Choose your resume file'],
  ['#field-answers.notice', 'Answer “What is your notice period?”'],
  ['#field-answers.visa', 'Select an answer for “Do you need visa sponsorship to work in Germany?”'],
  ['#field-answers.level', 'Select an answer for “Which level fits you best?”'],
  ['#field-answers.years', 'Answer “Years of professional experience”'],
  ['#field-answers.references', 'Agree to “References” to send your application'],
  ['#field-privacyConsent', 'Agree to the privacy consent to send your application'],
];

/** The server words them the same way (apply-routes.ts formErrors uses pages/fields.ts). */
const SERVER_EMPTY_FORM_ERRORS = CLIENT_EMPTY_FORM_ERRORS;

interface Applicant {
  name: string;
  email: string;
  visa: 'Yes' | 'No';
}

describe('the application form in a real browser', {
  skip: hasChromium ? false : 'no chromium at /usr/bin/chromium',
}, () => {
  let db: ProcessDatabase | undefined;
  let smtp: SmtpCapture | undefined;
  let server: Served;
  let browser: Browser;
  let files = '';
  let resume = '';
  let jobSlug = '';
  let postingId = '';

  /** Calls the API as the employer's owner (session cookie and CSRF header from the log-in). */
  let api: (
    method: string,
    path: string,
    body?: unknown,
  ) => Promise<{ status: number; json: Record<string, unknown> }>;

  const jobUrl = () => `${server.base}/careers/${ORG}/jobs/${jobSlug}`;
  const applyUrl = () => `${jobUrl()}/apply`;
  const isApplyPost = (url: string, method: string) => method === 'POST' && url === applyUrl();

  interface Summary {
    id: string;
    candidate: { email: string };
    source: string;
    knockouts: string[];
  }
  const applicationsOf = async (email: string) => {
    const list = await api('GET', `/api/v1/org/applications?postingId=${postingId}&limit=100`);
    assert.equal(list.status, 200, JSON.stringify(list.json));
    return (list.json.data as Summary[]).filter((a) => a.candidate.email === email);
  };

  before(async () => {
    db = await processDatabase('e2e-apply');
    files = await tempDir('e2e-apply-files');
    resume = path.join(files, 'resume.pdf');
    await writeFile(resume, resumePdf());
    // Confirmation mail goes over SMTP to a capture on a local port: the status link is read from it.
    smtp = await startSmtpCapture();
    const email = 'apply-owner@example.test';
    const created = await run(['admin', 'create-user', '--email', email], db.env);
    assert.equal(created.code, 0, created.stderr);
    const password = /Password \(shown once\): (\S+)/.exec(created.stdout)?.[1] ?? '';
    server = await startServer({
      ...db.env,
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: '0',
      SMTP_URL: smtp.url,
    });

    api = await signedInApi(server.base, email, password);
    const org = await api('POST', '/api/v1/orgs', { slug: ORG, name: 'Juniper Freight' });
    assert.equal(org.status, 201, JSON.stringify(org.json));
    assert.equal((await api('PUT', '/api/v1/me/organization', { organization: ORG })).status, 200);
    const branded = await api('PATCH', '/api/v1/org', {
      brandColor: '#1d4ed8',
      careersIntro: 'We move freight across Europe with software our drivers actually like.',
    });
    assert.equal(branded.status, 200, JSON.stringify(branded.json));

    const posting = await api('POST', '/api/v1/org/postings', postingBody({ questions: QUESTIONS }));
    assert.equal(posting.status, 201, JSON.stringify(posting.json));
    postingId = posting.json.id as string;
    jobSlug = posting.json.slug as string;
    const published = await api('POST', `/api/v1/org/postings/${postingId}/publish`);
    assert.equal(published.status, 200, JSON.stringify(published.json));
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

  /** The summary's links as [href, text], in order. */
  async function summaryLinks(page: Page): Promise<string[][]> {
    const links = page.getByRole('alert').getByRole('link');
    const out: string[][] = [];
    for (const link of await links.all()) {
      out.push([(await link.getAttribute('href')) ?? '', ((await link.textContent()) ?? '').trim()]);
    }
    return out;
  }

  /** Fills every field of the form with the mouse-and-keyboard helpers Playwright has. */
  async function fillForm(page: Page, who: Applicant) {
    await page.getByLabel('Full name').fill(who.name);
    await page.getByLabel(/^Email/).fill(who.email);
    await page.getByLabel(/^Resume/).setInputFiles(resume);
    await answerQuestions(page, who);
    await page.getByLabel(/^I agree that Juniper Freight/).check();
  }

  async function answerQuestions(page: Page, who: Applicant) {
    await page.getByLabel(/notice period/).fill('Three months');
    await page
      .getByRole('group', { name: /visa sponsorship/ })
      .getByLabel(who.visa)
      .check();
    await page
      .getByRole('group', { name: /Which level/ })
      .getByLabel('Senior')
      .check();
    const stack = page.getByRole('group', { name: /run in production/ });
    await stack.getByLabel('Node.js').check();
    await stack.getByLabel('PostgreSQL').check();
    await page.getByLabel(/Years of professional experience/).fill('6');
    await page
      .getByRole('group', { name: /References/ })
      .getByLabel(/You may contact/)
      .check();
  }

  /** Clicks the submit button and answers the POST's status (the page follows any redirect). */
  async function send(page: Page): Promise<number> {
    const [response] = await Promise.all([
      page.waitForResponse((r) => isApplyPost(r.url(), r.request().method())),
      page.getByRole('button', { name: 'Send application' }).click(),
    ]);
    await page.waitForLoadState();
    return response.status();
  }

  it('applies without JavaScript: the server’s error summary, values kept, then the thank-you page', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.goto(jobUrl());
    await page.getByRole('link', { name: 'Apply for this job' }).click();
    await page.waitForURL(/\/apply$/);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Apply: Backend Engineer');
    assert.equal(await page.getByRole('alert').count(), 0);

    // The empty form goes to the server (no browser bubbles): it answers 422 with the summary.
    assert.equal(await send(page), 422);
    const alert = page.getByRole('alert');
    assert.equal(await alert.getByRole('heading', { level: 2 }).textContent(), 'There is a problem');
    assert.deepEqual(await summaryLinks(page), SERVER_EMPTY_FORM_ERRORS);
    assert.match(await page.title(), /^Error: Apply: Backend Engineer/);
    const name = page.getByLabel('Full name');
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    assert.equal(await name.getAttribute('aria-describedby'), 'field-name-error');
    assert.equal(await page.locator('#field-name-error').textContent(), 'Error: Enter your full name');
    assert.equal(
      await page.getByRole('group', { name: /visa sponsorship/ }).getAttribute('aria-describedby'),
      'field-answers.visa-error',
    );
    assert.equal(await page.getByLabel('Phone').getAttribute('aria-invalid'), null);

    // An address the browser takes but the server does not: every other value comes back.
    const who: Applicant = { name: 'Ada Lovelace', email: 'ada.lovelace@example.com', visa: 'Yes' };
    await fillForm(page, { ...who, email: 'ada.lovelace@example' });
    assert.equal(await send(page), 422);
    assert.deepEqual(await summaryLinks(page), [
      ['#field-email', 'Enter an email address in the correct format, like name@example.com'],
    ]);
    assert.equal(await page.getByLabel(/^Email/).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Full name').inputValue(), 'Ada Lovelace');
    assert.equal(await page.getByLabel(/notice period/).inputValue(), 'Three months');
    assert.equal(await page.getByLabel(/Years of professional experience/).inputValue(), '6');
    const visa = page.getByRole('group', { name: /visa sponsorship/ });
    assert.equal(await visa.getByLabel('Yes').isChecked(), true);
    assert.equal(
      await page
        .getByRole('group', { name: /Which level/ })
        .getByLabel('Senior')
        .isChecked(),
      true,
    );
    const stack = page.getByRole('group', { name: /run in production/ });
    assert.deepEqual(
      [
        await stack.getByLabel('Node.js').isChecked(),
        await stack.getByLabel('PostgreSQL').isChecked(),
        await stack.getByLabel('Redis').isChecked(),
      ],
      [true, true, false],
    );
    assert.equal(await page.getByLabel(/^I agree that Juniper Freight/).isChecked(), true);
    // Files are never kept, and the form says so.
    assert.match(
      (await page.locator('#field-resume-hint').textContent()) ?? '',
      /Files are not kept when there is a problem with the form, so choose the file again\./,
    );

    await page.getByLabel(/^Email/).fill(who.email);
    await page.getByLabel(/^Resume/).setInputFiles(resume);
    assert.equal(await send(page), 303);
    await page.waitForURL(/\/apply\/thanks$/);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Application sent');
    assert.match((await page.getByRole('status').textContent()) ?? '', /Backend Engineer at Juniper Freight/);

    const [application, ...more] = await applicationsOf(who.email);
    assert.ok(application, 'the application is stored');
    assert.equal(more.length, 0);
    assert.equal(application.source, 'career_site');
    assert.deepEqual(application.knockouts, ['visa'], 'the knock-out answer flags the application');
    const detail = await api('GET', `/api/v1/org/applications/${application.id}`);
    const answers = Object.fromEntries(
      (detail.json.answers as { questionId: string; answer: unknown }[]).map((a) => [a.questionId, a.answer]),
    );
    assert.deepEqual(answers, {
      notice: 'Three months',
      visa: true,
      level: 'Senior',
      stack: ['Node.js', 'PostgreSQL'],
      years: 6,
      references: true,
    });
    await context.close();
  });

  it('with JavaScript: the summary before posting, file checks on choosing, one application per click burst', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    const posts: string[] = [];
    page.on('request', (r) => {
      if (isApplyPost(r.url(), r.method())) posts.push(r.url());
    });
    await page.goto(applyUrl());
    const keyInput = page.locator('input[name="idempotencyKey"]');
    const key = await keyInput.inputValue();
    assert.match(key, /^[0-9a-f-]{36}$/);

    // Empty: apply.js shows the summary in place and moves focus to it; nothing is posted.
    await page.getByRole('button', { name: 'Send application' }).click();
    await page.getByRole('alert').waitFor();
    assert.deepEqual(await summaryLinks(page), CLIENT_EMPTY_FORM_ERRORS);
    assert.equal(posts.length, 0, 'nothing posted');
    assert.equal(await keyInput.inputValue(), key, 'the same page: no reload');
    assert.equal(
      await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary')),
      true,
      'focus on the summary',
    );
    assert.match(await page.title(), /^Error: Apply: Backend Engineer/);
    assert.equal(await page.getByLabel('Full name').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Full name').getAttribute('aria-describedby'), 'field-name-error');
    // A summary link moves focus to its field.
    await page.getByRole('alert').getByRole('link', { name: 'Choose your resume file' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-resume');

    // Files are checked as they are chosen: too big, then the wrong type, then a good one.
    const big = path.join(files, 'big-resume.pdf');
    await writeFile(big, Buffer.alloc(10 * 1024 * 1024 + 1, 0x20));
    const photo = path.join(files, 'photo.png');
    await writeFile(photo, Buffer.from('not really a picture'));
    const resumeInput = page.getByLabel(/^Resume/);
    const resumeError = page.locator('#field-resume-error');
    await resumeInput.setInputFiles(big);
    assert.equal(await resumeError.textContent(), 'Error: The file must be smaller than 10 MB');
    assert.equal(await resumeInput.getAttribute('aria-invalid'), 'true');
    assert.equal(await resumeInput.getAttribute('aria-describedby'), 'field-resume-hint field-resume-error');
    await resumeInput.setInputFiles(photo);
    assert.equal(await resumeError.textContent(), 'Error: The file must be a PDF, DOCX or TXT file');
    await resumeInput.setInputFiles(resume);
    assert.equal(await resumeError.count(), 0);
    assert.equal(await resumeInput.getAttribute('aria-invalid'), null);
    assert.equal(await resumeInput.getAttribute('aria-describedby'), 'field-resume-hint');
    assert.equal(posts.length, 0);

    // Filled in: pressing the button twice in a row posts once (the first press disables it).
    const who: Applicant = { name: 'Grace Hopper', email: 'grace.hopper@example.com', visa: 'No' };
    await page.getByLabel('Full name').fill(who.name);
    await page.getByLabel(/^Email/).fill(who.email);
    await answerQuestions(page, who);
    await page.getByLabel(/^I agree that Juniper Freight/).check();
    const disabledAfterFirst = await page.evaluate(() => {
      const button = document.querySelector<HTMLButtonElement>('[data-submit]')!;
      button.click();
      const disabled = button.disabled;
      button.click();
      return disabled;
    });
    assert.equal(disabledAfterFirst, true, 'the button disables on sending');
    await page.waitForURL(/\/apply\/thanks$/);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Application sent');
    assert.equal(posts.length, 1, 'one POST');
    const applications = await applicationsOf(who.email);
    assert.equal(applications.length, 1);
    assert.deepEqual(applications[0]!.knockouts, []);
    await context.close();
  });

  it('the idempotency key: the same form posted twice at once is one application', async () => {
    // The pages' CSP rightly allows no fetch; this context bypasses it to post the form by hand,
    // as a browser that resends after a dropped connection would.
    const context = await browser.newContext({ bypassCSP: true, viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.goto(applyUrl());
    const who: Applicant = { name: 'Katherine Johnson', email: 'katherine.johnson@example.com', visa: 'No' };
    await fillForm(page, who);
    // (No named functions inside: tsx would wrap them in a helper the page does not have.)
    const [first, second, freshKey] = await page.evaluate(async () => {
      const form = document.querySelector<HTMLFormElement>('form[data-apply-form]')!;
      const other = new FormData(form);
      other.set('idempotencyKey', crypto.randomUUID());
      const results: { status: number; url: string }[] = [];
      for (const batch of [[new FormData(form), new FormData(form)], [other]]) {
        const responses = await Promise.all(
          batch.map((body) => fetch(form.action, { method: 'POST', body })),
        );
        for (const res of responses) results.push({ status: res.status, url: new URL(res.url).pathname });
      }
      return results;
    });
    assert.deepEqual(first, { status: 200, url: `/careers/${ORG}/jobs/${jobSlug}/apply/thanks` });
    assert.deepEqual(second, first, 'the replay answers the same thank-you page');
    assert.equal(freshKey?.status, 409, 'another key is a second application: already applied');
    assert.equal((await applicationsOf(who.email)).length, 1);
    await context.close();
  });

  it('can be completed with the keyboard only, and never focuses the honeypot', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.goto(applyUrl());
    const stops: string[] = [];
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return 'body';
        return el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}:${el.textContent?.trim()}`;
      });
    const tab = async () => {
      await page.keyboard.press('Tab');
      const at = await focused();
      stops.push(at);
      return at;
    };
    // From the top of the page to the first field.
    for (let i = 0; i < 20 && (await focused()) !== '#field-name'; i++) await tab();
    assert.equal(await focused(), '#field-name');
    stops.length = 0;

    await page.keyboard.type('Mary Jackson');
    await tab();
    await page.keyboard.type('mary.jackson@example.com');
    await tab(); // phone, optional
    await tab();
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Space');
    await (await chooser).setFiles(resume);
    await tab(); // cover letter, optional
    await tab();
    await page.keyboard.type('One month');
    await tab(); // visa: Yes, the first radio
    await page.keyboard.press('ArrowRight'); // No
    await tab(); // level: Junior
    await page.keyboard.press('ArrowDown'); // Mid-level
    await tab();
    await page.keyboard.press('Space'); // Node.js
    await tab();
    await tab();
    await page.keyboard.press('Space'); // Redis
    await tab();
    await tab(); // years
    await page.keyboard.type('4');
    await tab();
    await page.keyboard.press('Space'); // references
    await tab();
    await page.keyboard.press('Space'); // privacy consent
    await tab(); // the privacy notice link
    await tab();
    assert.deepEqual(stops, [
      '#field-email',
      '#field-phone',
      '#field-resume',
      '#field-coverLetter',
      '#field-answers.notice',
      '#field-answers.visa',
      '#field-answers.level',
      '#field-answers.stack',
      '#field-answers.stack-2',
      '#field-answers.stack-3',
      '#field-answers.stack-4',
      '#field-answers.years',
      '#field-answers.references',
      '#field-privacyConsent',
      'a:Read the privacy notice (opens in a new tab)',
      'button:Send application',
    ]);
    assert.ok(!stops.includes('#field-website'), 'the honeypot is out of the tab order');
    assert.equal(await page.locator('#field-website').getAttribute('tabindex'), '-1');

    await Promise.all([page.waitForURL(/\/apply\/thanks$/), page.keyboard.press('Enter')]);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Application sent');
    const [application] = await applicationsOf('mary.jackson@example.com');
    assert.ok(application, 'the application is stored');
    const detail = await api('GET', `/api/v1/org/applications/${application.id}`);
    const answers = Object.fromEntries(
      (detail.json.answers as { questionId: string; answer: unknown }[]).map((a) => [a.questionId, a.answer]),
    );
    assert.deepEqual(answers, {
      notice: 'One month',
      visa: false,
      level: 'Mid-level',
      stack: ['Node.js', 'Redis'],
      years: 4,
      references: true,
    });
    await context.close();
  });

  it('form, errors, thank-you and status pages have no serious accessibility violations, at desktop and phone width', async () => {
    // The status page: from the link in the confirmation email of an application made through the API.
    const email = 'dorothy.vaughan@example.com';
    const body = new FormData();
    for (const [name, value] of Object.entries({
      name: 'Dorothy Vaughan',
      email,
      privacyConsent: 'yes',
      'answers.notice': 'Two weeks',
      'answers.visa': 'no',
      'answers.level': 'Senior',
      'answers.years': '12',
      'answers.references': 'yes',
    })) {
      body.append(name, value);
    }
    body.append('resume', new Blob([new Uint8Array(resumePdf())], { type: 'application/pdf' }), 'resume.pdf');
    const applied = await fetch(`${server.base}/api/v1/boards/${ORG}/jobs/${postingId}/applications`, {
      method: 'POST',
      body,
    });
    assert.equal(applied.status, 201, await applied.text());
    const mail = await smtp!.waitFor((m) => m.to.includes(email), 30_000);
    const statusLink = new URL(linkIn(mail, `/careers/${ORG}/application`));
    assert.equal(statusLink.origin, server.base);

    // axe is injected as a script, which needs JavaScript and a CSP bypass.
    const axeContext = await browser.newContext({ bypassCSP: true });
    const check = async (page: Page, what: string) => {
      const violations = await seriousViolations(page);
      assert.deepEqual(violations, [], `${what}: ${JSON.stringify(violations, null, 1)}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      assert.equal(overflow, false, `${what}: horizontal overflow`);
    };
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      const page = await axeContext.newPage();
      await page.setViewportSize(viewport);

      await page.goto(applyUrl());
      await check(page, `${size} form`);
      await page.screenshot({ path: `${SCREENSHOTS}apply-form-${size}.png`, fullPage: false });

      // The errors apply.js shows (focus on the summary)…
      await page.getByRole('button', { name: 'Send application' }).click();
      await page.getByRole('alert').waitFor();
      await check(page, `${size} form with errors (apply.js)`);
      if (size === 'desktop') {
        await page.screenshot({ path: `${SCREENSHOTS}apply-errors-desktop.png`, fullPage: false });
      }

      // …and the ones the server renders, with apply.js kept away.
      await page.route('**/assets/apply.js*', (route) => route.abort());
      await page.goto(applyUrl());
      assert.equal(await send(page), 422);
      await check(page, `${size} form with errors (server)`);
      await page.unroute('**/assets/apply.js*');

      await page.goto(`${applyUrl()}/thanks`);
      await check(page, `${size} thank-you page`);
      if (size === 'desktop') {
        await page.screenshot({ path: `${SCREENSHOTS}apply-thanks-desktop.png`, fullPage: false });
      }

      await page.goto(statusLink.href);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Your application');
      assert.match((await page.locator('dl.status-summary').textContent()) ?? '', /Backend Engineer/);
      await check(page, `${size} status page`);
      if (size === 'desktop') {
        // The one thing that changes from run to run: the date applied, shown as a fixed one.
        await page.locator('time').evaluate((el) => {
          el.textContent = '2 March 2026';
        });
        await page.screenshot({ path: `${SCREENSHOTS}apply-status-desktop.png`, fullPage: false });
      }
      await page.close();
    }
    await axeContext.close();
  });
});
