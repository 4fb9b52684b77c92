/// <reference lib="dom" />
// The postings area in a real browser: the list by status, the create-from-template wizard step by
// step (a field error from the server, the pay-transparency refusal, the fix and the publication),
// the posting page with its lifecycle, and what a viewer may not do.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { postingBody } from '../postings.ts';
import { type SmtpCapture, startSmtpCapture } from '../mail.ts';
import { type AppHarness, addMember, checkScreen, signInThroughForm, startAppHarness } from './app.ts';
import { hasChromium } from './browser.ts';

const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { name, level: 1 });
/** What a locator says (text content: the words, whatever the layout). */
const text = async (l: Locator) => (await l.textContent()) ?? '';
const currentStep = (page: Page) => text(page.locator('ol.wizard-steps li[aria-current="step"]'));

describe('the postings area', { skip: hasChromium ? false : 'no chromium at /usr/bin/chromium' }, () => {
  let h: AppHarness;
  let smtp: SmtpCapture;
  before(async () => {
    smtp = await startSmtpCapture();
    h = await startAppHarness({
      name: 'app-postings',
      org: { slug: 'postings-co', name: 'Juniper Freight' },
      env: { SMTP_URL: smtp.url },
    });
  });
  after(async () => {
    await h?.close();
    await smtp?.close();
  });

  it('invites the first posting, then lists postings by status kept in the URL', async () => {
    const page = await h.open('/postings');
    await page.getByRole('heading', { name: 'No postings yet' }).waitFor();
    await page.getByRole('link', { name: 'Create your first posting' }).waitFor();
    await checkScreen(page, 'postings empty state');

    const live = await h.api<{ id: string }>(
      'POST',
      '/api/v1/org/postings',
      postingBody({ title: 'Warehouse Lead' }),
    );
    assert.equal(live.status, 201, JSON.stringify(live.json));
    assert.equal((await h.api('POST', `/api/v1/org/postings/${live.json.id}/publish`)).status, 200);
    const draft = await h.api(
      'POST',
      '/api/v1/org/postings',
      postingBody({ title: 'Fleet Analyst', department: 'Operations' }),
    );
    assert.equal(draft.status, 201);

    await page.reload();
    const table = page.getByRole('table');
    await table.getByRole('link', { name: 'Warehouse Lead' }).waitFor();
    await table.getByRole('link', { name: 'Fleet Analyst' }).waitFor();
    assert.match(await text(table), /published/i);
    await page.getByRole('link', { name: 'New posting' }).waitFor();
    await checkScreen(page, 'postings list', 'postings-list');

    const tabs = page.getByRole('navigation', { name: 'Posting status' });
    await tabs.getByRole('link', { name: 'Draft' }).click();
    await page.waitForURL(/\/app\/postings\?status=draft$/);
    await table.getByRole('link', { name: 'Warehouse Lead' }).waitFor({ state: 'detached' });
    await table.getByRole('link', { name: 'Fleet Analyst' }).waitFor();
    assert.equal(await tabs.getByRole('link', { name: 'Draft' }).getAttribute('aria-current'), 'page');
    await tabs.getByRole('link', { name: 'Archived' }).click();
    await page.getByRole('heading', { name: 'No archived postings' }).waitFor();
    await tabs.getByRole('link', { name: 'All' }).click();
    await page.getByLabel('Search postings').fill('fleet');
    await page.waitForURL(/\/app\/postings\?q=fleet$/);
    await table.getByRole('link', { name: 'Warehouse Lead' }).waitFor({ state: 'detached' });
    await table.getByRole('link', { name: 'Fleet Analyst' }).waitFor();
    await page.close();
  });

  it('creates a posting from the Jr. Backend Developer template through every step and publishes it', async () => {
    const page = await h.open('/postings/new');
    await h1(page, 'New posting').waitFor();
    assert.equal(await currentStep(page), '1Template');
    await page.getByLabel('Search templates').fill('backend developer');
    const use = page.getByRole('button', { name: 'Use the Jr. Backend Developer template' });
    await use.waitFor();
    await checkScreen(page, 'postings wizard: template', 'postings-wizard-template');
    await use.click();

    // Content: the template's words, editable.
    await page.waitForURL(/\/app\/postings\/[0-9a-f-]+\/edit\?step=content$/);
    const id = /postings\/([0-9a-f-]+)\/edit/.exec(page.url())?.[1] ?? '';
    await page.getByRole('heading', { name: 'Content', level: 2 }).waitFor();
    assert.match(await currentStep(page), /Content/);
    assert.equal(await page.getByLabel('Job title').inputValue(), 'Jr. Backend Developer');
    assert.ok((await page.getByLabel('Responsibilities').inputValue()).split('\n').length > 1);
    await page.getByLabel('Department').fill('Engineering');
    await page.getByRole('button', { name: 'Continue' }).click();

    // Details: a New York location, and a salary the server refuses (min above max).
    await page.waitForURL(/step=details$/);
    await page.getByRole('heading', { name: 'Details', level: 2 }).waitFor();
    if ((await page.getByLabel('City').count()) === 0)
      await page.getByRole('button', { name: 'Add a location' }).click();
    await page.getByLabel('City').fill('New York');
    await page.getByLabel('Region or state').fill('NY');
    await page.getByLabel('Country code').fill('US');
    await page.getByLabel('Hybrid').check();
    await page.getByLabel('Employment type').selectOption('FULL_TIME');
    await page.getByLabel('Minimum').fill('150000');
    await page.getByLabel('Maximum').fill('90000');
    await page.getByLabel('Currency').fill('USD');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').getByText('Could not save this step').waitFor();
    const minimum = page.getByLabel('Minimum');
    assert.equal(await minimum.getAttribute('aria-invalid'), 'true');
    const describedBy = (await minimum.getAttribute('aria-describedby')) ?? '';
    assert.match(
      await text(page.locator(`[id="${describedBy.split(' ').at(-1)}"]`)),
      /minimum must not exceed/i,
    );
    assert.match(page.url(), /step=details$/);
    await checkScreen(page, 'postings wizard: details with a field error', 'postings-wizard-details');

    // No salary at all: the step saves, and publishing will meet New York's pay-transparency law.
    await minimum.fill('');
    await page.getByLabel('Maximum').fill('');
    await page.getByRole('button', { name: 'Continue' }).click();

    // Questions: add, set the type, a knock-out answer, reorder, remove.
    await page.waitForURL(/step=questions$/);
    await page.getByRole('heading', { name: 'Screening questions', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Add a question' }).click();
    await page.getByLabel('Question 1 text').fill('Are you authorized to work in the US?');
    await page.getByLabel('Question 1 type').selectOption('yes_no');
    await page.getByLabel('Question 1 knock-out answer').selectOption('no');
    await page.getByLabel('Question 1: answer required').check();
    await page.getByRole('button', { name: 'Add a question' }).click();
    await page.getByLabel('Question 2 text').fill('Which languages do you use most?');
    await page.getByLabel('Question 2 type').selectOption('multiple_choice');
    await page.getByLabel('Question 2 options').fill('Go\nTypeScript\nPython');
    await page.getByRole('button', { name: 'Add a question' }).click();
    await page.getByLabel('Question 3 text').fill('A question to remove');
    await page.getByRole('button', { name: 'Remove question 3' }).click();
    await page.getByRole('button', { name: 'Move question 2 up' }).click();
    assert.equal(await page.getByLabel('Question 1 text').inputValue(), 'Which languages do you use most?');
    await page.getByRole('button', { name: 'Continue' }).click();

    // Review: the checks refuse (New York requires a pay range); publishing names the rule.
    await page.waitForURL(/step=review$/);
    const checks = page.getByRole('region', { name: 'Publishing checks' });
    await checks.getByText('Not ready to publish').waitFor();
    assert.match(await text(checks), /us-ny-nyc/);
    assert.match(await text(checks), /New York City requires a pay range/);
    const analysis = page.getByRole('region', { name: 'Quality analysis' });
    await analysis.getByText('out of 100').waitFor();
    assert.ok((await analysis.getByRole('link', { name: /^Fix in / }).count()) > 0);
    await page.getByRole('button', { name: 'Publish' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Could not publish' });
    await refusal.waitFor();
    assert.match(await text(refusal), /New York City requires a pay range/);
    assert.match(await text(refusal), /us-ny-nyc/);
    await refusal.getByRole('link', { name: 'www.nyc.gov (opens in a new tab)' }).waitFor();
    await checkScreen(page, 'postings wizard: review with a refusal', 'postings-review');

    // Fix it from the check's link, and come back through the steps.
    await checks.getByRole('link', { name: 'Fix in Details' }).first().click();
    await page.waitForURL(/step=details$/);
    await page.getByLabel('Minimum').fill('90000');
    await page.getByLabel('Maximum').fill('120000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/step=questions$/);
    assert.equal(await page.getByLabel('Question 2 knock-out answer').inputValue(), 'no');
    assert.equal(await page.getByLabel('Question 2: answer required').isChecked(), true);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/step=review$/);
    await checks.getByText(/Ready to publish/).waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();

    // The posting page: published, with a link to the public career page that answers 200.
    await page.waitForURL(new RegExp(`/app/postings/${id}$`));
    await h1(page, 'Jr. Backend Developer').waitFor();
    const header = page.locator('.page-header');
    await header.getByText('published', { exact: true }).waitFor();
    const career = page.getByRole('link', { name: /View on career site/ });
    const href = (await career.getAttribute('href')) ?? '';
    assert.match(href, /\/careers\/postings-co\/jobs\/jr-backend-developer-\d+$/);
    const publicPage = await fetch(`${h.base}${new URL(href).pathname}`);
    assert.equal(publicPage.status, 200);
    const preview = page.getByRole('region', { name: 'Career page preview' });
    assert.match(await text(preview), /New York, NY, US/);
    assert.match(await text(preview), /Full-time/);
    assert.match(await text(preview), /90,000/);
    await page.getByRole('link', { name: 'Open pipeline' }).waitFor();
    const history = page.getByRole('region', { name: 'History' });
    await history.getByText(h.owner.email).waitFor();
    const versions = page.getByRole('region', { name: 'Versions' });
    await versions.getByText('Version 1', { exact: true }).waitFor();
    await versions.getByText('Changes from version 1', { exact: true }).click();
    const change = versions.locator('.changes').last();
    assert.match(await text(change), /Department/);
    assert.match(await text(change), /added: Engineering/);
    await checkScreen(page, 'posting page', 'postings-detail');

    // Close (confirmed in a dialog, with a reason), then reopen.
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Close this posting?' });
    await dialog.getByLabel('Reason (optional)').fill('Filled internally');
    await checkScreen(page, 'close dialog');
    await dialog.getByRole('button', { name: 'Close posting' }).click();
    await header.getByText('closed', { exact: true }).waitFor();
    assert.equal(await page.getByRole('link', { name: /View on career site/ }).count(), 0);
    await history.getByText('“Filled internally”').waitFor();
    assert.equal((await fetch(`${h.base}${new URL(href).pathname}`)).status, 410);
    await page.getByRole('button', { name: 'Reopen' }).click();
    await header.getByText('published', { exact: true }).waitFor();
    await page.getByRole('link', { name: /View on career site/ }).waitFor();
    await page.close();
  });

  it('deletes a draft after confirming, and starts one from scratch', async () => {
    // The template area links here with a template chosen; the recruiter may still pick another.
    const page = await h.open('/postings/new?template=jr-backend-developer&library=global');
    const chosen = page.getByRole('region', { name: 'Chosen template' });
    await chosen.getByRole('button', { name: 'Use the Jr. Backend Developer template' }).waitFor();
    await checkScreen(page, 'wizard with a preselected template');
    await chosen.getByRole('button', { name: 'Choose another template' }).click();
    await page.waitForURL(/\/app\/postings\/new$/);
    await page.getByLabel('Job title').fill('Night Dispatcher');
    await page.getByRole('button', { name: 'Start from scratch' }).click();
    await page.waitForURL(/step=content$/);
    assert.equal(await page.getByLabel('Job title').inputValue(), 'Night Dispatcher');
    await page.getByRole('link', { name: 'Back to the posting' }).click();
    await h1(page, 'Night Dispatcher').waitFor();
    await page.getByRole('button', { name: 'Delete draft' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this draft?' });
    await dialog.getByRole('button', { name: 'Delete draft' }).click();
    await page.waitForURL(/\/app\/postings$/);
    await h1(page, 'Postings').waitFor();
    await page.getByRole('table').getByRole('link', { name: 'Warehouse Lead' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Night Dispatcher' }).count(), 0);
    await page.close();
  });

  it('shows a viewer the postings without New posting or lifecycle actions', async () => {
    const email = 'viewer.person@example.test';
    const password = 'a long viewer passphrase 42';
    await addMember(h, smtp, { email, password, name: 'Vera Viewer' }, 'viewer');

    const context = await h.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signInThroughForm(page, h.base, email, password);
    await page.goto(`${h.base}/app/postings`);
    await page.getByRole('table').getByRole('link', { name: 'Warehouse Lead' }).click();
    await h1(page, 'Warehouse Lead').waitFor();
    await page.getByRole('region', { name: 'Career page preview' }).waitFor();
    for (const name of ['Close', 'Edit', 'Publish', 'Archive', 'Delete draft']) {
      assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, name);
    }
    assert.equal(await page.getByRole('link', { name: 'Edit', exact: true }).count(), 0);
    await page.goto(`${h.base}/app/postings`);
    await h1(page, 'Postings').waitFor();
    await page.getByRole('table').waitFor();
    assert.equal(await page.getByRole('link', { name: 'New posting' }).count(), 0);
    await checkScreen(page, 'postings list as a viewer');
    await context.close();
  });
});
