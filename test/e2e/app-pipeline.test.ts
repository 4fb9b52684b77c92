/// <reference lib="dom" />
// The pipeline board in a real browser: picking a posting, columns and cards with match scores and
// their explanation, moving cards by mouse drag, by dnd-kit's keyboard sensor and by the Move
// select (with Undo), rejecting with a reason, bulk moves, search and filters in the URL, and a
// board of hundreds of applications that stays virtualized.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { resumePdf } from '../applications.ts';
import { type SmtpCapture, startSmtpCapture } from '../mail.ts';
import { postingBody } from '../postings.ts';
import { hasChromium } from './browser.ts';
import { type AppHarness, addMember, checkScreen, signInThroughForm, startAppHarness } from './app.ts';

const ORG = { slug: 'pipeline-co', name: 'Juniper Freight' };

interface Summary {
  id: string;
  candidate: { name: string };
  stage: { id: string; name: string };
  score: number | null;
  parseStatus: string;
  status: string;
}

/** Applicants of the first posting: their resume's skills decide their match scores. */
const APPLICANTS = [
  { name: 'Ada Lovelace', skills: 'Node.js, PostgreSQL, Docker and Redis', visa: 'no' },
  { name: 'Grace Hopper', skills: 'Node.js and Kubernetes', visa: 'no' },
  { name: 'Alan Turing', skills: 'PostgreSQL and Redis', visa: 'no' },
  { name: 'Katherine Johnson', skills: 'Node.js, Fortran and PostgreSQL', visa: 'yes' },
];

/** A stage's column: a region named by the stage and its count ("Applied 4 applications"). */
const column = (page: Page, stage: string) =>
  page.getByRole('region', { name: new RegExp(`^${stage} \\d+ applications?$`) });
const card = (scope: Page | Locator, name: string) => scope.getByRole('article', { name });
const textOf = async (locator: Locator) => (await locator.textContent()) ?? '';

async function applyOverHttp(
  base: string,
  postingId: string,
  person: { name: string; email: string; skills: string; visa?: string },
) {
  const body = new FormData();
  body.append('name', person.name);
  body.append('email', person.email);
  body.append('privacyConsent', 'yes');
  if (person.visa) body.append('answers.visa', person.visa);
  const pdf = resumePdf([person.name, person.email, person.skills]);
  body.append('resume', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'resume.pdf');
  const res = await fetch(`${base}/api/v1/boards/${ORG.slug}/jobs/${postingId}/applications`, {
    method: 'POST',
    body,
  });
  assert.equal(res.status, 201, await res.text());
}

describe('the pipeline board', { skip: hasChromium ? false : 'no chromium at /usr/bin/chromium' }, () => {
  let h: AppHarness;
  let smtp: SmtpCapture | undefined;
  let postingId: string;
  let bigPostingId: string;

  const listOf = async (id: string, extra = '') => {
    const all: Summary[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; json: { data: Summary[]; nextCursor: string | null } } = await h.api(
        'GET',
        `/api/v1/org/postings/${id}/applications?limit=100${cursor ? `&cursor=${cursor}` : ''}${extra}`,
      );
      assert.equal(page.status, 200, JSON.stringify(page.json));
      all.push(...page.json.data);
      cursor = page.json.nextCursor;
    } while (cursor);
    return all;
  };
  const stageOf = async (name: string) =>
    (await listOf(postingId)).find((a) => a.candidate.name === name)?.stage.name;

  const publish = async (body: Record<string, unknown>) => {
    const posting = await h.api('POST', '/api/v1/org/postings', postingBody(body));
    assert.equal(posting.status, 201, JSON.stringify(posting.json));
    const id = posting.json.id as string;
    const published = await h.api('POST', `/api/v1/org/postings/${id}/publish`);
    assert.equal(published.status, 200, JSON.stringify(published.json));
    return id;
  };

  before(async () => {
    // Mail goes to a local capture: the viewer's sign-up and invitation links are read from it.
    smtp = await startSmtpCapture();
    h = await startAppHarness({
      name: 'app-pipeline',
      org: ORG,
      // One address makes 500 applications and loads the board within a minute: the per-IP
      // limits (tested on their own) would answer 429 and leave the board half loaded.
      env: { RATE_LIMIT_APPLY_PER_HOUR: '0', RATE_LIMIT_API_PER_MINUTE: '0', SMTP_URL: smtp.url },
    });
    postingId = await publish({
      questions: [
        {
          id: 'visa',
          type: 'yes_no',
          label: 'Do you need visa sponsorship to work in Germany?',
          required: true,
          knockoutAnswer: true,
        },
      ],
    });
    for (const [i, a] of APPLICANTS.entries()) {
      await applyOverHttp(h.base, postingId, { ...a, email: `applicant${i}@example.test` });
    }
    // Resumes are parsed in the server's job queue: wait for every match score.
    const end = Date.now() + 60_000;
    while ((await listOf(postingId)).some((a) => a.parseStatus === 'pending')) {
      if (Date.now() > end) throw new Error('resumes were not parsed within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
  after(async () => {
    await h?.close();
    await smtp?.close();
  });

  it('lists the postings and opens a board: columns, cards, match scores and why', async () => {
    const page = await h.open('/pipeline');
    await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
    await page.getByRole('link', { name: 'Backend Engineer' }).waitFor();
    await checkScreen(page, 'pipeline postings', 'pipeline-postings');
    await page.getByRole('link', { name: 'Backend Engineer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Backend Engineer' }).waitFor();
    assert.match(page.url(), new RegExp(`/app/pipeline/${postingId}$`));
    await column(page, 'Applied').waitFor();
    assert.equal(await page.title(), 'Backend Engineer · Rolecraft');
    for (const stage of ['Applied', 'Screening', 'Interview', 'Offer', 'Hired', 'Rejected']) {
      assert.equal(await column(page, stage).count(), 1, `a column for ${stage}`);
    }
    await page.getByRole('region', { name: 'Applied 4 applications' }).waitFor();
    await page.getByRole('status').filter({ hasText: '4 applications' }).waitFor();

    const scores = new Map((await listOf(postingId)).map((a) => [a.candidate.name, a.score]));
    for (const { name } of APPLICANTS) {
      const item = card(column(page, 'Applied'), name);
      await item.getByRole('link', { name }).waitFor();
      const score = scores.get(name);
      const text = await textOf(item);
      if (typeof score === 'number') assert.match(text, new RegExp(`Match ${score}%`), name);
      else assert.match(text, /No match score/, name);
      assert.match(text, /Applied .+In stage since today/);
    }
    assert.equal(scores.get('Ada Lovelace'), 100);
    assert.match(
      await textOf(card(page, 'Katherine Johnson')),
      /Knock-out answer: Do you need visa sponsorship to work in Germany\?/,
    );
    assert.doesNotMatch(await textOf(card(page, 'Ada Lovelace')), /Knock-out/);
    assert.equal(
      await card(page, 'Ada Lovelace').getByRole('link', { name: 'Ada Lovelace' }).getAttribute('href'),
      `/app/applications/${(await listOf(postingId)).find((a) => a.candidate.name === 'Ada Lovelace')?.id}`,
    );

    // The explanation, by keyboard.
    const why = card(page, 'Grace Hopper').getByRole('button', { name: /^Why \d+%\?$/ });
    assert.equal(await why.getAttribute('aria-expanded'), 'false');
    await why.focus();
    await page.keyboard.press('Enter');
    assert.equal(await why.getAttribute('aria-expanded'), 'true');
    const explanation = page.locator(`#${await why.getAttribute('aria-controls')}`);
    await explanation.getByText('Required, missing').waitFor();
    const explained = await textOf(explanation);
    assert.match(explained, /Matches 1 of 2 required skills/);
    assert.match(explained, /Required, matched\s*Node\.js/);
    assert.match(explained, /Required, missing\s*PostgreSQL/);
    assert.match(explained, /Preferred, missing\s*Redis/);
    await checkScreen(page, 'pipeline board', 'pipeline-board');
    await page.keyboard.press('Enter');
    assert.equal(await why.getAttribute('aria-expanded'), 'false');
    await page.close();
  });

  it('moves a card by dragging it with the mouse; the server keeps the move', async () => {
    const page = await h.open(`/pipeline/${postingId}`);
    const handle = card(column(page, 'Applied'), 'Grace Hopper').getByRole('button', {
      name: 'Drag Grace Hopper',
    });
    await handle.waitFor();
    const from = await handle.boundingBox();
    const to = await column(page, 'Screening').boundingBox();
    assert.ok(from && to);
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 30, from.y + 10, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + 120, { steps: 15 });
    await column(page, 'Screening').getByText('Drop to move here').waitFor();
    await page.mouse.up();
    await card(column(page, 'Screening'), 'Grace Hopper').waitFor();
    await page.getByRole('status').filter({ hasText: 'Moved Grace Hopper to Screening' }).waitFor();
    assert.equal(await stageOf('Grace Hopper'), 'Screening');
    await page.reload();
    await card(column(page, 'Screening'), 'Grace Hopper').waitFor();
    assert.equal(await card(column(page, 'Applied'), 'Grace Hopper').count(), 0);
    await page.close();
  });

  it('moves cards with the keyboard: the Move select (with Undo) and the drag handle', async () => {
    const page = await h.open(`/pipeline/${postingId}`);
    const select = page.getByLabel('Move Alan Turing to');
    await select.waitFor();
    assert.deepEqual(
      (await select.locator('option').allInnerTexts()).map((t) => t.trim()),
      ['Move to…', 'Screening', 'Interview', 'Offer', 'Hired', 'Rejected'],
    );
    await select.selectOption({ label: 'Interview' });
    // Optimistic: the card is in its new column at once, and the server agrees.
    await card(column(page, 'Interview'), 'Alan Turing').waitFor();
    // The focus follows the card to its new column (its select went with it).
    await page.waitForFunction(() => document.activeElement?.textContent === 'Alan Turing');
    const toast = page.getByRole('status').filter({ hasText: 'Moved Alan Turing to Interview' });
    await toast.waitFor();
    assert.equal(await stageOf('Alan Turing'), 'Interview');
    await toast.getByRole('button', { name: 'Undo' }).click();
    await card(column(page, 'Applied'), 'Alan Turing').waitFor();
    await page.getByRole('status').filter({ hasText: 'Moved Alan Turing to Applied' }).waitFor();
    assert.equal(await stageOf('Alan Turing'), 'Applied');

    // dnd-kit's keyboard sensor: Space picks up, an arrow key is one stage, Space drops.
    const handle = page.getByRole('button', { name: 'Drag Katherine Johnson' });
    await handle.focus();
    await page.keyboard.press('Space');
    await page.getByText(/Picked up Katherine Johnson/).waitFor({ state: 'attached' });
    await page.keyboard.press('ArrowRight');
    await page.getByText('Katherine Johnson is over Screening.').waitFor({ state: 'attached' });
    await page.keyboard.press('ArrowRight');
    await page.getByText('Katherine Johnson is over Interview.').waitFor({ state: 'attached' });
    await column(page, 'Interview').getByText('Drop to move here').waitFor();
    await page.keyboard.press('Space');
    await card(column(page, 'Interview'), 'Katherine Johnson').waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent === 'Katherine Johnson');
    await page.getByText('Katherine Johnson dropped on Interview.').waitFor({ state: 'attached' });
    await page.getByRole('status').filter({ hasText: 'Moved Katherine Johnson to Interview' }).waitFor();
    assert.equal(await stageOf('Katherine Johnson'), 'Interview');
    await page.close();
  });

  it('asks for a reason before rejecting', async () => {
    const page = await h.open(`/pipeline/${postingId}`);
    await page.getByLabel('Move Alan Turing to').selectOption({ label: 'Rejected' });
    const dialog = page.getByRole('dialog', { name: 'Move Alan Turing to Rejected' });
    await dialog.waitFor();
    // Nothing moves until the reason is given.
    assert.equal(await card(column(page, 'Applied'), 'Alan Turing').count(), 1);
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await dialog.getByText('Give a reason for rejecting.').waitFor();
    assert.equal(await dialog.getByLabel('Reason for rejecting').getAttribute('aria-invalid'), 'true');
    await checkScreen(page, 'reject dialog');
    await dialog.getByLabel('Reason for rejecting').fill('Looking for more Node.js experience.');
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const rejected = card(column(page, 'Rejected'), 'Alan Turing');
    await rejected.waitFor();
    assert.match(await textOf(rejected), /rejected/i);
    const detail = await h.api<{ status: string; rejectionReason: string }>(
      'GET',
      `/api/v1/org/applications/${(await listOf(postingId)).find((a) => a.candidate.name === 'Alan Turing')?.id}`,
    );
    assert.equal(detail.json.status, 'rejected');
    assert.equal(detail.json.rejectionReason, 'Looking for more Node.js experience.');
    await page.close();
  });

  it('selects cards and moves them together from the toolbar', async () => {
    const page = await h.open(`/pipeline/${postingId}`);
    await page.getByLabel('Select Ada Lovelace').check();
    await page.getByLabel('Select Grace Hopper').check();
    const toolbar = page.getByRole('region', { name: 'Selected applications' });
    await toolbar.waitFor();
    assert.match(await textOf(toolbar), /2 selected/);
    await page.getByRole('status').filter({ hasText: '2 selected' }).waitFor();
    await checkScreen(page, 'pipeline bulk selection', 'pipeline-bulk');
    await toolbar.getByRole('button', { name: 'Move', exact: true }).click();
    await toolbar.getByText('Choose a stage to move them to.').waitFor();
    await toolbar.getByLabel('Move selected to').selectOption({ label: 'Offer' });
    await toolbar.getByRole('button', { name: 'Move', exact: true }).click();
    await card(column(page, 'Offer'), 'Ada Lovelace').waitFor();
    await card(column(page, 'Offer'), 'Grace Hopper').waitFor();
    await page.getByRole('status').filter({ hasText: 'Moved 2 applications to Offer' }).waitFor();
    await toolbar.waitFor({ state: 'detached' });
    assert.equal(await stageOf('Ada Lovelace'), 'Offer');
    assert.equal(await stageOf('Grace Hopper'), 'Offer');

    // "Select all" in a column selects every card there.
    await page.getByLabel('Select all in Offer').check();
    assert.equal(await page.getByLabel('Select Ada Lovelace').isChecked(), true);
    assert.equal(await page.getByLabel('Select Grace Hopper').isChecked(), true);
    await page.getByRole('button', { name: 'Clear selection' }).click();
    assert.equal(await page.getByLabel('Select Ada Lovelace').isChecked(), false);
    await page.close();
  });

  it('searches and filters the cards, with the filters in the URL', async () => {
    const page = await h.open(`/pipeline/${postingId}`);
    await card(page, 'Ada Lovelace').waitFor();
    await page.getByLabel('Search candidates').fill('Grace');
    await page.waitForURL(/[?&]q=Grace/);
    await page.getByRole('status').filter({ hasText: '1 application matches the filters' }).waitFor();
    assert.equal(await card(page, 'Grace Hopper').count(), 1);
    assert.equal(await card(page, 'Ada Lovelace').count(), 0);

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await card(page, 'Ada Lovelace').waitFor();
    await page.getByLabel('Knock-out answers').selectOption({ label: 'Knocked out only' });
    await page.waitForURL(/knockout=only/);
    await page.getByRole('status').filter({ hasText: '1 application matches the filters' }).waitFor();
    assert.equal(await card(page, 'Katherine Johnson').count(), 1);
    assert.equal(await card(page, 'Ada Lovelace').count(), 0);

    // A shared link opens the same view.
    const shared = await h.open(`/pipeline/${postingId}?knockout=hide&scoreMin=60&sort=score`);
    await shared
      .getByRole('status')
      .filter({ hasText: /match(es)? the filters/ })
      .waitFor();
    assert.equal(await shared.getByLabel('Knock-out answers').inputValue(), 'hide');
    assert.equal(await shared.getByLabel('Minimum match score').inputValue(), '60');
    assert.equal(await shared.getByLabel('Sort by').inputValue(), 'score');
    assert.equal(await card(shared, 'Ada Lovelace').count(), 1);
    assert.equal(await card(shared, 'Katherine Johnson').count(), 0);
    await shared.close();
    await page.close();

    // A link to a posting that is not there says so.
    const missing = await h.open('/pipeline/00000000-0000-4000-8000-000000000000');
    await missing.getByRole('alert').filter({ hasText: 'Could not load this posting' }).waitFor();
    await missing.getByRole('link', { name: 'All boards' }).waitFor();
    await missing.close();
  });

  it('shows a viewer a read-only board', async () => {
    const email = 'vera-viewer@example.test';
    const password = 'a viewer of pipelines 2026';
    await addMember(h, smtp!, { email, password, name: 'Vera Viewer' }, 'viewer');

    const context = await h.browser.newContext({ bypassCSP: true });
    const viewer = await context.newPage();
    await signInThroughForm(viewer, h.base, email, password);
    await viewer.goto(`${h.base}/app/pipeline/${postingId}`);
    await viewer.getByRole('heading', { level: 1, name: 'Backend Engineer' }).waitFor();
    await card(viewer, 'Ada Lovelace').waitFor();
    await viewer.getByText('Read-only: your role can see the board but not move applications.').waitFor();
    assert.equal(await viewer.getByLabel('Select Ada Lovelace').count(), 0);
    assert.equal(await viewer.getByLabel('Move Ada Lovelace to').count(), 0);
    assert.equal(await viewer.getByRole('button', { name: 'Drag Ada Lovelace' }).count(), 0);
    assert.equal(await viewer.getByLabel(/^Select all in/).count(), 0);
    await context.close();
  });

  it('shows one column at a time with a stage picker at phone width', async () => {
    const page = await h.open(`/pipeline/${postingId}`);
    await page.setViewportSize({ width: 390, height: 844 });
    const picker = page.getByLabel('Stage', { exact: true });
    await picker.waitFor();
    assert.equal(await page.getByRole('region', { name: /\d+ applications?$/ }).count(), 1);
    await picker.selectOption({ label: 'Offer (2)' });
    await card(column(page, 'Offer'), 'Ada Lovelace').waitFor();
    assert.match(page.url(), /stage=/);
    await page.close();
  });

  it('renders a board of 500 applications, virtualized', { timeout: 300_000 }, async () => {
    bigPostingId = await publish({ title: 'Warehouse Coordinator' });
    const target = 500;
    const started = Date.now();
    let made = 0;
    while (made < target) {
      const batch = Array.from({ length: Math.min(20, target - made) }, (_, i) => made + i);
      await Promise.all(
        batch.map((n) =>
          applyOverHttp(h.base, bigPostingId, {
            name: `Candidate ${String(n + 1).padStart(3, '0')}`,
            email: `bulk${n}@example.test`,
            skills: n % 2 ? 'Node.js and PostgreSQL' : 'Redis',
          }),
        ),
      );
      made += batch.length;
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`# made ${made} applications in ${seconds.toFixed(1)} s (${(made / seconds).toFixed(1)}/s)`);

    const page = await h.context.newPage();
    const t0 = Date.now();
    await page.goto(`${h.base}/app/pipeline/${bigPostingId}`);
    await column(page, 'Applied').getByRole('article').first().waitFor();
    const firstCards = Date.now() - t0;
    await page
      .getByRole('status')
      .filter({ hasText: `${made} applications` })
      .waitFor({ timeout: 60_000 });
    await page.waitForFunction(
      (n) => document.querySelector('[role="status"].board-status')?.textContent === `${n} applications`,
      made,
    );
    const allLoaded = Date.now() - t0;
    console.log(
      `# board of ${made}: first cards after ${firstCards} ms, all ${made} loaded after ${allLoaded} ms`,
    );

    for (const stage of ['Applied', 'Screening', 'Interview', 'Offer', 'Hired', 'Rejected']) {
      assert.equal(await column(page, stage).count(), 1, `a column for ${stage}`);
    }
    assert.equal(await page.getByRole('region', { name: `Applied ${made} applications` }).count(), 1);
    const inDom = await page.locator('article.pipeline-card').count();
    console.log(`# ${inDom} card elements in the DOM for ${made} applications`);
    assert.ok(inDom < 40, `only the visible cards are rendered (${inDom})`);
    const lastItem = column(page, 'Applied').getByRole('listitem').first();
    assert.equal(await lastItem.getAttribute('aria-setsize'), String(made));

    // Scrolling the column brings the last card into the DOM.
    const oldest = 'Candidate 001';
    assert.equal(await card(page, oldest).count(), 0);
    await column(page, 'Applied')
      .locator('.stage-scroll')
      .evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
    await card(page, oldest).waitFor();
    assert.ok((await page.locator('article.pipeline-card').count()) < 40);

    // Select all in the column moves them in calls of up to 100.
    await page.getByLabel('Select all in Applied').check();
    await page
      .getByRole('status')
      .filter({ hasText: `${made} selected` })
      .waitFor();
    const toolbar = page.getByRole('region', { name: 'Selected applications' });
    await toolbar.getByLabel('Move selected to').selectOption({ label: 'Screening' });
    await toolbar.getByRole('button', { name: 'Move', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Moved ${made} applications to Screening` })
      .waitFor({ timeout: 60_000 });
    assert.equal(await page.getByRole('region', { name: `Screening ${made} applications` }).count(), 1);
    const moved = await listOf(bigPostingId);
    assert.equal(moved.length, made);
    assert.ok(moved.every((a) => a.stage.name === 'Screening'));
    await page.close();
  });
});
