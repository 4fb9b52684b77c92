/// <reference lib="dom" />
// The applications and candidates screens in a real browser: an application made through the
// public apply endpoint (a PDF resume, screening questions with a knock-out) is read, its resume
// downloaded, moved, noted with an @mention picked by keyboard, scored, and its timeline checked;
// then the candidate list, the profile, the export and the erasure.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { resumePdf } from '../applications.ts';
import { type SmtpCapture, startSmtpCapture } from '../mail.ts';
import { postingBody } from '../postings.ts';
import { hasChromium } from './browser.ts';
import { type AppHarness, addMember, checkScreen, signInThroughForm, startAppHarness } from './app.ts';

const QUESTIONS = [
  { id: 'notice', type: 'short_text', label: 'What is your notice period?', required: true },
  {
    id: 'visa',
    type: 'yes_no',
    label: 'Do you need visa sponsorship to work in Germany?',
    required: true,
    knockoutAnswer: true,
  },
];

const NAME = 'Katherine Johnson';
const RESUME = resumePdf([NAME, 'katherine@example.com', 'Node.js, Docker and Kubernetes']);

interface Detail {
  id: string;
  score: number | null;
  parseStatus: string;
  candidate: { id: string };
  stage: { name: string };
}

describe('the applications and candidates screens', {
  skip: hasChromium ? false : 'no chromium at /usr/bin/chromium',
}, () => {
  let h: AppHarness;
  let applicationId = '';
  let candidateId = '';
  let score = 0;
  let page: Page;
  let smtp: SmtpCapture | undefined;

  before(async () => {
    // Mail goes to a local capture: the invitation of the viewer in the denial case is read from it.
    smtp = await startSmtpCapture();
    h = await startAppHarness({
      name: 'app-candidates',
      org: { slug: 'cand-co', name: 'Juniper Freight' },
      env: { RATE_LIMIT_APPLY_PER_HOUR: '0', SMTP_URL: smtp.url },
    });
    const posting = await h.api('POST', '/api/v1/org/postings', postingBody({ questions: QUESTIONS }));
    assert.equal(posting.status, 201, JSON.stringify(posting.json));
    const postingId = posting.json.id as string;
    const published = await h.api('POST', `/api/v1/org/postings/${postingId}/publish`);
    assert.equal(published.status, 200, JSON.stringify(published.json));

    const body = new FormData();
    for (const [name, value] of Object.entries({
      name: NAME,
      email: 'katherine@example.com',
      privacyConsent: 'yes',
      'answers.notice': 'Two months',
      'answers.visa': 'yes',
    })) {
      body.append(name, value);
    }
    body.append('resume', new Blob([new Uint8Array(RESUME)], { type: 'application/pdf' }), 'resume.pdf');
    const applied = await fetch(`${h.base}/api/v1/boards/${h.org.slug}/jobs/${postingId}/applications`, {
      method: 'POST',
      body,
    });
    const answer = await applied.text();
    assert.equal(applied.status, 201, answer);
    applicationId = (JSON.parse(answer) as { id: string }).id;

    // The resume is read by the server's job queue: wait for the match score.
    const end = Date.now() + 60_000;
    for (;;) {
      const res = await h.api<Detail>('GET', `/api/v1/org/applications/${applicationId}`);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      if (res.json.parseStatus === 'done' && res.json.score !== null) {
        score = res.json.score;
        candidateId = res.json.candidate.id;
        break;
      }
      assert.ok(Date.now() < end, `the resume was not read: ${JSON.stringify(res.json)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  after(async () => {
    await h?.close();
    await smtp?.close();
  });

  it('shows the application: name, posting, match score, resume preview and answers', async () => {
    page = await h.open(`/applications/${applicationId}`);
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    assert.equal(await page.title(), `${NAME} · Application · Rolecraft`);
    const posting = page.getByRole('link', { name: 'Backend Engineer' });
    assert.match((await posting.getAttribute('href')) ?? '', /\/app\/postings\/[0-9a-f-]{36}$/);
    await page.getByText(`Match score ${score}%`).waitFor();
    await page.getByRole('heading', { name: 'Required skills missing' }).waitFor();
    const main = page.locator('main');
    assert.match((await main.textContent()) ?? '', /PostgreSQL/);
    // The resume section is the first tab: the preview holds what was read from the PDF.
    await page.getByRole('heading', { name: 'Resume preview' }).waitFor();
    await page.getByText('katherine@example.com', { exact: false }).first().waitFor();
    // The resume's own text, as the server read it from the PDF.
    const text = page.getByRole('region', { name: 'Resume text' });
    assert.match((await text.textContent()) ?? '', /Node\.js, Docker and Kubernetes/);
    await checkScreen(page, 'application page', 'candidates-application');

    // Downloading the resume: the server's filename and the very bytes that were sent.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download resume' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'resume.pdf');
    const saved = await download.path();
    assert.ok(saved);
    assert.equal((await readFile(saved)).length, RESUME.length);
    await page.getByRole('status').filter({ hasText: 'Downloaded resume.pdf.' }).waitFor();

    // Answers, with the knock-out flagged in words.
    await page.getByRole('link', { name: 'Answers' }).click();
    await page.waitForURL(/\?tab=answers$/);
    await page.getByRole('heading', { name: 'Do you need visa sponsorship to work in Germany?' }).waitFor();
    await page.getByText('Two months').waitFor();
    assert.ok((await page.getByText('Knock-out answer').count()) >= 2);
  });

  it('moves the application to another stage', async () => {
    const stage = page.getByLabel('Stage', { exact: true });
    // Rejecting needs a reason: the field appears and Move waits for it.
    await stage.selectOption({ label: 'Rejected' });
    await page.getByLabel('Reason for rejecting').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Move' }).isDisabled(), true);
    await stage.selectOption({ label: 'Interview' });
    assert.equal(await page.getByLabel('Reason for rejecting').count(), 0);
    await page.getByRole('button', { name: 'Move' }).click();
    await page.getByRole('status').filter({ hasText: 'Moved to Interview' }).waitFor();
    await page.getByText('Stage: Interview').waitFor();
    const res = await h.api<Detail>('GET', `/api/v1/org/applications/${applicationId}`);
    assert.equal(res.json.stage.name, 'Interview');

    // Assigning an interviewer.
    await page.getByRole('link', { name: 'Interviewers' }).click();
    await page
      .getByRole('group', { name: 'Assigned interviewers' })
      .getByLabel(/owner-app-candidates/)
      .check();
    await page.getByRole('button', { name: 'Save interviewers' }).click();
    await page.getByRole('status').filter({ hasText: 'Interviewers saved' }).waitFor();
    const assigned = await h.api<{ assignedTo: string[] }>(
      'GET',
      `/api/v1/org/applications/${applicationId}`,
    );
    assert.equal(assigned.json.assignedTo.length, 1);
  });

  it('adds a note with an @mention chosen from the suggestions by keyboard', async () => {
    await page.getByRole('link', { name: 'Notes' }).click();
    await page.waitForURL(/\?tab=notes$/);
    const box = page.getByLabel('Add a note');
    await box.click();
    await box.pressSequentially('Strong systems thinking. @own');
    const option = page.getByRole('listbox', { name: 'Members to mention' }).getByRole('option');
    await option.first().waitFor();
    assert.equal(await option.first().getAttribute('aria-selected'), 'true');
    assert.match((await option.first().textContent()) ?? '', /owner-app-candidates@example\.test/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await box.pressSequentially('please review.');
    const typed = await box.inputValue();
    assert.match(typed, /^Strong systems thinking\. @\S.* please review\.$/);
    assert.equal(await page.getByRole('listbox').count(), 0);
    await page.getByRole('button', { name: 'Add note' }).click();
    const notes = page.getByRole('list', { name: 'Notes, oldest first' });
    await notes.getByText(/Strong systems thinking\. @.+ please review\./).waitFor();
    await page.getByRole('status').filter({ hasText: 'one member was notified' }).waitFor();
    assert.equal(await box.inputValue(), '');
    const stored = await h.api<{ items: { body: string; mentions: unknown[] }[] }>(
      'GET',
      `/api/v1/org/applications/${applicationId}/notes`,
    );
    assert.equal(stored.json.items.length, 1);
    assert.equal(stored.json.items[0]?.mentions.length, 1);
    assert.match(stored.json.items[0]?.body ?? '', /@\[.+\]\(user:[0-9a-f-]{36}\)/);
  });

  it('submits a scorecard and shows it in the summary', async () => {
    await page.getByRole('link', { name: 'Scorecards' }).click();
    await page.getByRole('heading', { name: 'Submit a scorecard' }).waitFor();
    await page.getByRole('heading', { name: 'Scorecard summary' }).waitFor();
    await page.getByText('No scorecards yet.').waitFor();
    await page.getByLabel('Interview', { exact: true }).fill('Technical interview');
    const criterion = page.getByRole('group', { name: 'Experience with Node.js or a similar runtime.' });
    await criterion.getByLabel('4 Strong yes').check();
    await page.getByRole('group', { name: 'Comfort with SQL.' }).getByLabel('3 Yes').check();
    await page
      .getByRole('group', { name: 'Overall recommendation' })
      .getByLabel('Yes', { exact: true })
      .check();
    await page.getByLabel('Notes', { exact: true }).fill('Explained trade-offs clearly.');
    await checkScreen(page, 'scorecard form', 'candidates-scorecard');
    await page.getByRole('button', { name: 'Submit scorecard' }).click();
    const list = page.getByRole('list', { name: 'Scorecards' });
    await list.getByText('Technical interview').waitFor();
    await list.getByText('Experience with Node.js or a similar runtime.: 4 Strong yes').waitFor();
    await page.getByText('3.5 of 4').waitFor();
    await page.getByText('Strong no: 0 · No: 0 · Yes: 1 · Strong yes: 0').waitFor();
  });

  it('lists what happened on the timeline, oldest first', async () => {
    await page.getByRole('link', { name: 'Timeline' }).click();
    const events = page.getByRole('list', { name: 'Events, oldest first' }).getByRole('listitem');
    await events.filter({ hasText: 'submitted a scorecard' }).waitFor();
    const texts = await events.allInnerTexts();
    const order = [
      /^Applied/,
      /Resume read: match score/,
      /moved it from Applied to Interview/,
      /assigned owner-app-candidates@example\.test to interview/,
      /added a note mentioning owner-app-candidates@example\.test/,
      /submitted a scorecard for “Technical interview”/,
    ];
    let at = -1;
    for (const pattern of order) {
      const found = texts.findIndex((t, i) => i > at && pattern.test(t));
      assert.ok(found > at, `${pattern} after event ${at} in ${JSON.stringify(texts)}`);
      at = found;
    }
    await checkScreen(page, 'application timeline');
    await page.close();
  });

  it('shows a viewer no files, no stage control and no note form', async () => {
    const email = 'vera-viewer@example.test';
    const password = 'a viewer of candidates 2026';
    await addMember(h, smtp!, { email, password, name: 'Vera Viewer' }, 'viewer');

    const context = await h.browser.newContext({ bypassCSP: true });
    const viewer = await context.newPage();
    await signInThroughForm(viewer, h.base, email, password);
    await viewer.goto(`${h.base}/app/applications/${applicationId}`);
    await viewer.getByRole('heading', { level: 1, name: NAME }).waitFor();
    await viewer.getByText('Your role may not open candidates’ files').waitFor();
    assert.equal(await viewer.getByRole('button', { name: 'Download resume' }).count(), 0);
    assert.equal(await viewer.getByLabel('Stage', { exact: true }).count(), 0);
    assert.equal(await viewer.getByRole('link', { name: 'Interviewers' }).count(), 0);
    await viewer.getByRole('link', { name: 'Notes' }).click();
    await viewer.getByText(/Strong systems thinking/).waitFor();
    assert.equal(await viewer.getByLabel('Add a note').count(), 0);
    await checkScreen(viewer, 'application as a viewer');
    await viewer.goto(`${h.base}/app/candidates/${candidateId}`);
    await viewer.getByRole('heading', { level: 1, name: NAME }).waitFor();
    assert.equal(await viewer.getByRole('button', { name: 'Export data' }).count(), 0);
    assert.equal(await viewer.getByRole('button', { name: 'Erase candidate' }).count(), 0);
    await context.close();
  });

  it('lists and searches the candidates', async () => {
    const list = await h.open('/candidates');
    await list.getByRole('heading', { level: 1, name: 'Candidates' }).waitFor();
    const row = list.getByRole('row').filter({ hasText: NAME });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /katherine@example\.com/);
    const latest = row.getByRole('link', { name: 'Backend Engineer' });
    assert.equal(await latest.getAttribute('href'), `/app/applications/${applicationId}`);
    assert.match((await row.textContent()) ?? '', /Interview · 1 application/);
    await checkScreen(list, 'candidate list', 'candidates-list');
    await list.getByLabel('Search candidates').fill('zzz');
    await list.getByRole('heading', { name: 'No candidate matches' }).waitFor();
    assert.match(list.url(), /\?q=zzz$/);
    await list.getByLabel('Search candidates').fill('kath');
    await row.waitFor();
    await list.getByRole('link', { name: NAME }).click();
    await list.getByRole('heading', { level: 1, name: NAME }).waitFor();
    assert.match(list.url(), new RegExp(`/app/candidates/${candidateId}$`));
    await list.close();
  });

  it('shows the profile, exports the data and erases the candidate', async () => {
    const profile = await h.open(`/candidates/${candidateId}`);
    await profile.getByRole('heading', { level: 1, name: NAME }).waitFor();
    const applications = profile.getByRole('region', { name: 'Applications' });
    const application = applications.getByRole('link', { name: 'Backend Engineer' });
    assert.equal(await application.getAttribute('href'), `/app/applications/${applicationId}`);
    await applications.getByText('Stage: Interview').waitFor();
    await applications.getByText(`Match score ${score}%`).waitFor();
    await profile.getByRole('heading', { name: 'Skills' }).waitFor();
    await profile.getByText('Kept until').waitFor();
    await profile.getByRole('heading', { name: 'Timeline' }).waitFor();
    await checkScreen(profile, 'candidate profile', 'candidates-profile');

    const [zip] = await Promise.all([
      profile.waitForEvent('download'),
      profile.getByRole('button', { name: 'Export data' }).click(),
    ]);
    assert.match(zip.suggestedFilename(), /\.zip$/);
    const zipPath = await zip.path();
    assert.ok(zipPath);
    assert.equal((await readFile(zipPath)).subarray(0, 2).toString(), 'PK');

    await profile.getByRole('button', { name: 'Erase candidate' }).click();
    const dialog = profile.getByRole('dialog', { name: 'Erase candidate' });
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? '', /cannot be undone/);
    const confirm = dialog.getByRole('button', { name: 'Erase permanently' });
    assert.equal(await confirm.isDisabled(), true);
    await checkScreen(profile, 'erase dialog');
    await dialog.getByLabel('Type the candidate’s name to confirm').fill(NAME);
    await confirm.click();
    await profile.waitForURL(/\/app\/candidates$/);
    await profile
      .getByRole('status')
      .filter({ hasText: `${NAME} was erased` })
      .waitFor();
    await profile.getByRole('heading', { name: 'No candidates yet' }).waitFor();
    assert.equal((await h.api('GET', `/api/v1/org/candidates/${candidateId}`)).status, 404);
    await profile.close();
  });
});
