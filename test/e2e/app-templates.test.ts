/// <reference lib="dom" />
// The template library in a real browser: browse, search and filter the built-in library, view a
// template, fork it, edit the fork with the live quality analysis, save (and a conflicting save),
// compare versions, create and import templates, and what a viewer (no templates.write) sees.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { type SmtpCapture, startSmtpCapture } from '../mail.ts';
import { hasChromium } from './browser.ts';
import { type AppHarness, addMember, checkScreen, signInThroughForm, startAppHarness } from './app.ts';

const ORG = { slug: 'tpl-co', name: 'Juniper Freight' };
const SLUG = 'jr-backend-developer';
const ROLE = 'Jr. Backend Developer';
const NEW_DUTY = 'Mentor interns on automated testing.';

describe('the template library', { skip: hasChromium ? false : 'no chromium at /usr/bin/chromium' }, () => {
  let h: AppHarness;
  let smtp: SmtpCapture;
  before(async () => {
    smtp = await startSmtpCapture();
    h = await startAppHarness({ name: 'app-templates', org: ORG, env: { SMTP_URL: smtp.url } });
  });
  after(async () => {
    await h?.close();
    await smtp?.close();
  });

  const templatesList = (page: Page) => page.getByRole('list', { name: 'Templates' });

  it('browses, searches and filters the library, with the filters in the URL', async () => {
    const page = await h.open('/templates');
    await page.getByRole('heading', { level: 1, name: 'Templates' }).waitFor();
    await templatesList(page).getByRole('listitem').first().waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /templates? shown/ })
      .waitFor();
    await page.getByRole('link', { name: 'New template' }).waitFor();
    await page.getByRole('link', { name: 'Import' }).waitFor();
    await checkScreen(page, 'template library', 'templates-library');

    await page.getByLabel('Search templates').fill('backend developer');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/[?&]q=backend\+developer/);
    const hit = templatesList(page).getByRole('listitem').filter({ hasText: ROLE });
    await hit.getByRole('link', { name: ROLE }).waitFor();
    const row = ((await hit.first().textContent()) ?? '').replace(/\s+/g, ' ');
    assert.match(row, /Built-in/);
    assert.match(row, /Engineering/);
    assert.match(row, /Junior/);
    assert.match(row, /server-side/);

    await page.getByLabel('Seniority').selectOption('junior');
    await page.waitForURL(/seniority=junior/);
    await page.getByLabel('Category').selectOption('engineering');
    await page.waitForURL(/category=engineering/);
    await hit.getByRole('link', { name: ROLE }).waitFor();
    await page.getByLabel('Seniority').selectOption('executive');
    await page.getByRole('heading', { name: 'No templates match' }).waitFor();
    assert.match(page.url(), /seniority=executive/);

    // A deep link restores the same search and filters.
    await page.goto(`${h.base}/app/templates?q=backend&category=engineering&seniority=junior`);
    await templatesList(page).getByRole('link', { name: ROLE }).waitFor();
    assert.equal(await page.getByLabel('Search templates').inputValue(), 'backend');
    assert.equal(await page.getByLabel('Seniority').inputValue(), 'junior');

    // Without a query, the whole library pages with "Load more".
    await page.getByRole('button', { name: 'Clear search and filters' }).click();
    await page.waitForURL(/\/app\/templates$/);
    await page.getByRole('status').filter({ hasText: '20+ templates shown.' }).waitFor();
    const before = await templatesList(page).getByRole('listitem').count();
    assert.equal(before, 20);
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.waitForFunction(
      () => document.querySelectorAll('ul[aria-label="Templates"] > li').length > 20,
    );
    await page.close();
  });

  it('views a built-in template and forks it into the organization’s library', async () => {
    const page = await h.open(`/templates?q=backend`);
    await templatesList(page).getByRole('link', { name: ROLE }).click();
    await page.getByRole('heading', { level: 1, name: ROLE }).waitFor();
    assert.match(page.url(), /\/app\/templates\/global\/jr-backend-developer$/);
    for (const heading of [
      'Summary',
      'Responsibilities',
      'Qualifications',
      'Skills',
      'Frequently asked questions',
    ]) {
      await page.getByRole('heading', { level: 2, name: heading }).waitFor();
    }
    await page.getByRole('heading', { level: 3, name: 'What does a Jr. Backend Developer do?' }).waitFor();
    await page.getByRole('heading', { name: 'Quality score' }).waitFor();
    await page
      .getByText(/\d+ findings?/)
      .first()
      .waitFor();
    const create = page.getByRole('link', { name: 'Create posting from this template' });
    assert.equal(await create.getAttribute('href'), `/app/postings/new?template=${SLUG}&library=global`);
    // Only platform administrators edit built-in templates.
    assert.equal(await page.getByRole('link', { name: 'Edit', exact: true }).count(), 0);
    await checkScreen(page, 'template view', 'templates-view');

    await page.getByRole('button', { name: 'Fork to my library' }).click();
    await page.waitForURL(/\/app\/templates\/org\/jr-backend-developer$/);
    await page.getByRole('heading', { level: 1, name: ROLE }).waitFor();
    await page.getByText(`Forked “${ROLE}” into your library.`).waitFor();
    const facts = (await page.getByRole('region', { name: 'About this template' }).innerText()).replace(
      /\s+/g,
      ' ',
    );
    assert.match(facts, new RegExp(ORG.name));
    assert.match(facts, /Forked from jr-backend-developer/);
    await page.getByRole('link', { name: 'Edit', exact: true }).waitFor();
    assert.equal(
      await page.getByRole('link', { name: 'Create posting from this template' }).getAttribute('href'),
      `/app/postings/new?template=${SLUG}&library=organization`,
    );
    await page.close();
  });

  it('edits the fork with a live analysis that highlights flagged words, and saves a new version', async () => {
    const page = await h.open(`/templates/org/${SLUG}`);
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Edit ${ROLE}` }).waitFor();
    const panel = page.getByRole('region', { name: 'Quality analysis' });
    await panel.getByText('Up to date').waitFor();
    await panel.getByText(/\/100/).waitFor();
    const preview = page.getByRole('region', { name: 'Preview with highlights' });
    assert.equal(await preview.locator('mark', { hasText: 'rockstar' }).count(), 0);

    const summary = page.getByLabel('Summary');
    const original = await summary.inputValue();
    await summary.fill(`${original} We are looking for a rockstar.`);
    await panel.getByText('Updating…').waitFor();
    const mark = preview.locator('mark', { hasText: 'rockstar' });
    await mark.waitFor();
    const finding = panel.getByRole('listitem').filter({ hasText: '“rockstar”' });
    await finding.first().waitFor();
    assert.match(await finding.first().innerText(), /Warning|Error|Tip/);
    await panel
      .getByRole('status')
      .filter({ hasText: /Score \d+ of 100/ })
      .waitFor({ state: 'attached' });

    // The finding takes focus to the flagged words in the field.
    await finding
      .first()
      .getByRole('button', { name: /Show “rockstar” in the text/ })
      .click();
    const selected = await page.evaluate(() => {
      const el = document.activeElement as HTMLTextAreaElement;
      return { label: el.labels?.[0]?.textContent, text: el.value.slice(el.selectionStart, el.selectionEnd) };
    });
    assert.deepEqual(selected, { label: 'Summary', text: 'rockstar' });
    await checkScreen(page, 'template editor', 'templates-edit');

    // Unsaved changes: leaving asks first.
    await page.getByRole('link', { name: '← Back to the template' }).click();
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    await leave.waitFor();
    await leave.getByRole('button', { name: 'Stay and keep editing' }).click();
    await leave.waitFor({ state: 'hidden' });
    assert.match(page.url(), /\/edit$/);

    await summary.fill(original);
    await mark.waitFor({ state: 'detached' });
    await panel.getByText('Up to date').waitFor();
    assert.equal(await finding.count(), 0);

    const duties = page.getByLabel('Responsibilities');
    await duties.fill(`${await duties.inputValue()}\n${NEW_DUTY}`);
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByLabel('Question 6').fill('Is the role remote?');
    await page.getByLabel('Answer 6').fill('Yes, within European time zones.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved as version 2.').waitFor();
    await page.getByText('All changes saved').waitFor();

    const stored = await h.api<{ version: number; responsibilities: string[]; faqs: unknown[] }>(
      'GET',
      `/api/v1/org/templates/${SLUG}`,
    );
    assert.equal(stored.json.version, 2);
    assert.equal(stored.json.responsibilities.at(-1), NEW_DUTY);
    assert.equal(stored.json.faqs.length, 6);
    await page.close();
  });

  it('refuses to overwrite someone else’s change and offers to reload', async () => {
    const page = await h.open(`/templates/org/${SLUG}/edit`);
    await page.getByRole('heading', { level: 1, name: `Edit ${ROLE}` }).waitFor();
    const changed = await h.api('PATCH', `/api/v1/org/templates/${SLUG}`, { title: 'Changed elsewhere' });
    assert.equal(changed.status, 200, JSON.stringify(changed.json));
    await page.getByLabel('Role').fill('Junior Backend Engineer');
    await page.getByRole('button', { name: 'Save' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Someone else changed this template' });
    await alert.waitFor();
    await alert.getByRole('button', { name: 'Reload the latest version' }).click();
    await page.getByRole('heading', { level: 1, name: `Edit ${ROLE}` }).waitFor();
    await page.waitForFunction(
      () =>
        (document.querySelector('input[maxlength="300"]') as HTMLInputElement | null)?.value ===
        'Changed elsewhere',
    );
    assert.equal(await page.getByLabel('Title').inputValue(), 'Changed elsewhere');
    assert.equal(await page.getByLabel('Role').inputValue(), ROLE);
    await page.close();
  });

  it('lists the versions and shows the differences between two', async () => {
    const page = await h.open(`/templates/org/${SLUG}`);
    await page.getByRole('link', { name: 'Version history' }).first().click();
    await page.getByRole('heading', { level: 1, name: `Version history: ${ROLE}` }).waitFor();
    const rows = page.getByRole('table').getByRole('row');
    await rows.nth(3).waitFor();
    assert.equal(await rows.count(), 4); // header + versions 3, 2, 1
    assert.match(await rows.nth(1).innerText(), /Version 3 \(current\)/);
    // The latest against the one before: compare 1 → 2 instead.
    await page.getByLabel('From version').selectOption('1');
    await page.getByLabel('To version').selectOption('2');
    await page.waitForURL(/from=1&to=2|to=2&from=1/);
    const duties = page.getByRole('region', { name: 'Changes in Responsibilities' });
    const added = duties.locator('ins', { hasText: NEW_DUTY });
    await added.waitFor();
    assert.match(await added.innerText(), /^\+/);
    assert.match((await added.textContent()) ?? '', /Added:/);
    const faq = page.getByRole('region', { name: 'Changes in Frequently asked questions' });
    await faq.locator('ins', { hasText: 'Is the role remote?' }).waitFor();
    await checkScreen(page, 'version history', 'templates-versions');

    await page.getByLabel('From version').selectOption('2');
    await page.getByLabel('To version').selectOption('3');
    const title = page.getByRole('region', { name: 'Changes in Title' });
    await title.locator('ins', { hasText: 'Changed elsewhere' }).waitFor();
    await title.locator('del').first().waitFor();

    await page.getByRole('link', { name: 'View version 1' }).click();
    await page.getByRole('heading', { level: 1, name: `${ROLE}, version 1` }).waitFor();
    assert.equal(await page.getByText(NEW_DUTY).count(), 0);
    await checkScreen(page, 'old version');
    await page.close();
  });

  it('creates a blank template and imports one from pasted text', async () => {
    const page = await h.open('/templates');
    await page.getByRole('link', { name: 'New template' }).click();
    await page.getByRole('heading', { level: 1, name: 'New template' }).waitFor();
    await page.getByRole('button', { name: 'Create and edit' }).click();
    await page.getByText('Enter the role.').waitFor();
    await checkScreen(page, 'new template');
    await page.getByLabel('Role').fill('Warehouse Shift Lead');
    await page.getByLabel('Category').selectOption('operations');
    await page.getByRole('button', { name: 'Create and edit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit Warehouse Shift Lead' }).waitFor();
    assert.match(page.url(), /\/app\/templates\/org\/warehouse-shift-lead\/edit$/);

    await page.goto(`${h.base}/app/templates/import`);
    await page.getByRole('heading', { level: 1, name: 'Import a template' }).waitFor();
    const text = page.getByLabel('Job description');
    // Text that is no job description: the parser's problem is shown as it gives it.
    await text.fill('Forklift Operator\n\nYou move pallets safely around our warehouse.');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByRole('alert').filter({ hasText: 'No job description found' }).waitFor();
    // Missing sections are listed before importing.
    await text.fill(
      '# Forklift Operator\n\nYou move pallets.\n\n## Responsibilities\n- Load and unload trucks.',
    );
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByRole('heading', { name: 'What was found' }).waitFor();
    await page.getByText('No qualifications were found.').waitFor();
    await checkScreen(page, 'import template');
    await text.fill(
      [
        '# Forklift Operator',
        '',
        'You move pallets safely around our warehouse.',
        '',
        '## Responsibilities',
        '- Load and unload trucks.',
        '- Keep aisles clear.',
        '',
        '## Qualifications',
        '- A forklift licence.',
        '',
        '## Skills',
        '- Forklift operation',
      ].join('\n'),
    );
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('Every main section was found.').waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Forklift Operator' }).waitFor();
    assert.match(page.url(), /\/app\/templates\/org\/forklift-operator$/);
    await page.getByText('Load and unload trucks.').waitFor();
    await page.close();
  });

  it('shows a viewer (no templates.write) no fork, edit, new or import actions', async () => {
    const email = 'viewer-templates@example.test';
    const password = 'a long viewer passphrase 42';
    await addMember(h, smtp, { email, password, name: 'Vera Viewer' }, 'viewer');

    const context = await h.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signInThroughForm(page, h.base, email, password);
    await page.goto(`${h.base}/app/templates`);
    await templatesList(page).getByRole('listitem').first().waitFor();
    assert.equal(await page.getByRole('link', { name: 'New template' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Import' }).count(), 0);

    await page.goto(`${h.base}/app/templates/global/${SLUG}`);
    await page.getByRole('heading', { level: 1, name: ROLE }).waitFor();
    await page.getByRole('link', { name: 'Version history' }).first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Fork to my library' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Edit', exact: true }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Create posting from this template' }).count(), 0);

    await page.goto(`${h.base}/app/templates/org/${SLUG}`);
    await page.getByRole('heading', { level: 1, name: ROLE }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Edit', exact: true }).count(), 0);
    await page.goto(`${h.base}/app/templates/org/${SLUG}/edit`);
    await page.getByRole('alert').filter({ hasText: 'Your role cannot edit templates.' }).waitFor();
    await context.close();
  });
});
