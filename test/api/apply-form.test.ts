// The application form over plain HTTP, exactly as a browser without JavaScript uses it: the
// rendered form, errors shown back with the values kept, the honeypot, closed and draft postings,
// knock-out answers, one candidate per email, and the per-IP limit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LIMITS } from '../../src/http/rate-limit.ts';
import {
  applicantFields,
  apply,
  applyForm,
  countApplications,
  eventually,
  freshAddress,
  storedKeys,
} from '../applications.ts';
import { buildTestApp, json, send, type TestApp } from '../helpers.ts';
import { type Employer, makeEmployer, postingBody } from '../postings.ts';
import { assertProblem } from '../problems.ts';

let t: TestApp;
let employer: Employer;
let posting: { id: string; slug: string };

const choice = (id: string, type: string, label: string, options: string[], required = false) => ({
  id,
  type,
  label,
  required,
  options,
});
const QUESTIONS = [
  { id: 'github', type: 'short_text', label: 'Your GitHub profile', required: true },
  { id: 'why', type: 'long_text', label: 'Why this job?', required: false },
  { id: 'permit', type: 'yes_no', label: 'May you work in Germany?', required: true, knockoutAnswer: false },
  choice('level', 'single_choice', 'Level', ['Junior', 'Mid', 'Senior'], true),
  // Six options: a select instead of radios.
  choice('city', 'single_choice', 'Office', ['Berlin', 'Hamburg', 'Munich', 'Cologne', 'Leipzig', 'Bonn']),
  choice('langs', 'multiple_choice', 'Languages', ['TypeScript', 'Go', 'Rust']),
  { id: 'years', type: 'number', label: 'Years of experience', required: true, min: 0, max: 50 },
  { id: 'sample', type: 'file', label: 'Work sample', required: false },
  { id: 'pool', type: 'consent', label: 'Talent pool', required: false, consentText: 'Keep my CV.' },
];

/** Every required answer, as the form posts it. */
const answers = (overrides: Record<string, string | string[]> = {}) => ({
  'answers.github': 'https://github.com/ada',
  'answers.permit': 'yes',
  'answers.level': 'Senior',
  'answers.years': '7',
  ...overrides,
});

before(async () => {
  t = await buildTestApp({ seed: false });
  employer = await makeEmployer(t);
  posting = await employer.create(postingBody({ questions: QUESTIONS }));
  await employer.publish(posting.id);
});
after(() => t.close());

const formUrl = (p: { slug: string } = posting, org = employer.slug) =>
  `/careers/${org}/jobs/${p.slug}/apply`;
const detail = async (id: string) =>
  json(await send(t.app, 'GET', `/api/v1/org/applications/${id}`, employer.headers));

describe('the form', () => {
  it('renders every question type, the honeypot and a script-src CSP, without leaking knock-outs', async () => {
    const res = await t.app.inject({ method: 'GET', url: formUrl() });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
    assert.equal(res.headers['cache-control'], 'no-store');
    const html = res.body;
    assert.match(
      html,
      /<form class="apply-form" method="post" action="\/careers\/[^"]+\/apply" enctype="multipart\/form-data"/,
    );
    assert.match(html, /<input type="hidden" name="idempotencyKey" value="[0-9a-f-]{36}">/);
    for (const [name, type] of [
      ['name', 'text'],
      ['email', 'email'],
      ['phone', 'tel'],
      ['resume', 'file'],
      ['coverLetter', 'file'],
      ['answers.github', 'text'],
      ['answers.years', 'number'],
      ['answers.sample', 'file'],
    ]) {
      assert.match(
        html,
        new RegExp(`<input class="input[^"]*" type="${type}"[^>]* name="${name}"[ >]`),
        name,
      );
    }
    assert.match(html, /<textarea class="input" rows="6" id="field-answers.why" name="answers.why"/);
    assert.match(html, /type="radio" id="[^"]+" name="answers.permit" value="yes"/);
    assert.match(html, /type="radio" id="[^"]+" name="answers.permit" value="no"/);
    assert.match(html, /type="radio" id="[^"]+" name="answers.level" value="Senior"/);
    assert.match(html, /<select class="input" id="[^"]+" name="answers.city"/, 'six options: a select');
    assert.match(html, /type="checkbox" id="[^"]+" name="answers.langs" value="Rust"/);
    assert.match(
      html,
      /type="checkbox" id="[^"]+" name="answers.pool" value="yes"[^>]*><label[^>]*>Keep my CV\./,
    );
    assert.match(html, /name="answers.years"[^>]* min="0" max="50"/);
    assert.match(
      html,
      /type="checkbox" id="field-privacyConsent" name="privacyConsent" value="yes" required/,
    );
    assert.match(
      html,
      /<div class="apply-hp sr-only" aria-hidden="true">.*name="website" value="" tabindex="-1" autocomplete="off"/,
    );
    assert.match(html, /<script src="\/assets\/apply\.js\?v=[0-9a-f]{12}" defer><\/script>/);
    assert.doesNotMatch(html, /knockout/i);
    const board = json(
      await t.app.inject({ method: 'GET', url: `/api/v1/boards/${employer.slug}/jobs/${posting.id}` }),
    );
    assert.doesNotMatch(JSON.stringify(board.applicationForm), /knockout/i);
  });

  it('shows errors with a summary and keeps the values (never the files)', async () => {
    const keys = (await storedKeys(t.app)).length;
    const res = await applyForm(t.app, employer.slug, posting.slug, {
      fields: {
        idempotencyKey: 'form-key-0123456789',
        name: 'Ada <b>Lovelace</b>',
        email: 'not-an-email',
        'answers.github': 'https://github.com/ada',
        'answers.langs': ['TypeScript', 'Rust'],
        'answers.level': 'Senior',
        'answers.why': 'Because "APIs" & <people>',
        website: '',
      },
    });
    assert.equal(res.statusCode, 422);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    const html = res.body;
    assert.match(html, /<title>Error: Apply: Backend Engineer/);
    assert.match(html, /<div class="error-summary" role="alert"[^>]*>\s*<h2[^>]*>There is a problem<\/h2>/);
    for (const field of ['email', 'answers.permit', 'answers.years', 'privacyConsent']) {
      assert.match(html, new RegExp(`<li><a href="#field-${field.replace('.', '\\.')}">`), field);
    }
    assert.match(html, /aria-invalid="true" aria-describedby="field-email-error"/);
    assert.match(html, /name="name"[^>]* value="Ada &lt;b&gt;Lovelace&lt;\/b&gt;"/);
    assert.match(html, /name="email"[^>]* value="not-an-email"/);
    assert.match(html, /name="answers.github"[^>]* value="https:\/\/github.com\/ada"/);
    assert.match(html, /name="answers.langs" value="TypeScript" checked/);
    assert.match(html, /name="answers.langs" value="Rust" checked/);
    assert.doesNotMatch(html, /name="answers.langs" value="Go" checked/);
    assert.match(html, /name="answers.level" value="Senior" checked/);
    assert.match(html, />Because &quot;APIs&quot; &amp; &lt;people&gt;<\/textarea>/);
    assert.match(html, /<input type="hidden" name="idempotencyKey" value="form-key-0123456789">/);
    assert.doesNotMatch(html, /type="file"[^>]* value=/);
    assert.match(html, /Files are not kept when there is a problem with the form/);
    assert.equal((await storedKeys(t.app)).length, keys, 'the resume of a refused form is not kept');
  });

  it('redirects a valid application to the thank-you page, once however often it is sent', async () => {
    const fields = {
      ...applicantFields(),
      ...answers({ 'answers.pool': 'yes' }),
      idempotencyKey: 'double-click-01',
    };
    const before = await countApplications(t.database, posting.id);
    const files = [
      { field: 'resume', filename: 'cv.txt', bytes: Buffer.from('Ada Lovelace\nNode.js and PostgreSQL\n') },
      { field: 'answers.sample', filename: 'sample.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') },
    ];
    const first = await applyForm(t.app, employer.slug, posting.slug, { fields, files });
    assert.equal(first.statusCode, 303, first.body);
    assert.equal(first.headers.location, `${formUrl()}/thanks`);
    // A double click sends the same form again: the hidden key makes it the same application.
    const second = await applyForm(t.app, employer.slug, posting.slug, { fields, files });
    assert.equal(second.statusCode, 303, second.body);
    assert.equal(await countApplications(t.database, posting.id), before + 1);
    const thanks = await t.app.inject({ method: 'GET', url: `${formUrl()}/thanks` });
    assert.equal(thanks.statusCode, 200);
    assert.match(thanks.body, /Application sent/);
    assert.doesNotMatch(thanks.body, new RegExp(fields.email), 'the page does not echo the address');

    const list = json(
      await send(t.app, 'GET', `/api/v1/org/applications?q=${fields.email}`, employer.headers),
    );
    assert.equal(list.data.length, 1);
    const d = await detail(list.data[0].id);
    assert.equal(d.source, 'career_site');
    const byId = Object.fromEntries(
      d.answers.map((a: { questionId: string; answer: unknown }) => [a.questionId, a.answer]),
    );
    assert.deepEqual(
      { ...byId, sample: typeof (byId.sample as { file?: string })?.file },
      {
        github: 'https://github.com/ada',
        permit: true,
        level: 'Senior',
        years: 7,
        pool: true,
        sample: 'string',
      },
    );
    // The same email again, without the key: the form says so beside the email field.
    const again = await applyForm(t.app, employer.slug, posting.slug, {
      fields: { ...fields, idempotencyKey: 'another-key-01' },
      files,
    });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /<li><a href="#field-email">[^<]*has already applied for this job/);
  });

  it('answers a filled honeypot like a success, storing and sending nothing', async () => {
    const keys = (await storedKeys(t.app)).length;
    const count = await countApplications(t.database);
    const mails = t.mailSink.messages.length;
    const res = await applyForm(t.app, employer.slug, posting.slug, {
      fields: { ...applicantFields(), ...answers(), website: 'https://spam.example' },
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${formUrl()}/thanks`);
    assert.equal(await countApplications(t.database), count);
    assert.equal((await storedKeys(t.app)).length, keys);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(t.mailSink.messages.length, mails);
  });
});

describe('postings that take no applications', () => {
  it('a closed posting: 410 page for the form (GET and POST) and 410 posting_closed from the API', async () => {
    const closed = await employer.create(postingBody({ title: 'Data Engineer' }));
    await employer.publish(closed.id);
    const close = await send(t.app, 'POST', `/api/v1/org/postings/${closed.id}/close`, employer.headers);
    assert.equal(close.statusCode, 200, close.body);
    const count = await countApplications(t.database, closed.id);
    const page = await t.app.inject({ method: 'GET', url: formUrl(closed) });
    assert.equal(page.statusCode, 410);
    assert.match(page.body, /This job is no longer open/);
    const post = await applyForm(t.app, employer.slug, closed.slug);
    assert.equal(post.statusCode, 410);
    assert.match(post.body, /This job is no longer open/);
    assertProblem(
      await apply(t.app, employer.slug, closed.id, { remoteAddress: freshAddress() }),
      410,
      'posting_closed',
    );
    assert.equal(await countApplications(t.database, closed.id), count);
  });

  it('a draft does not exist publicly: 404 everywhere', async () => {
    const draft = await employer.create(postingBody({ title: 'Secret Engineer' }));
    assert.equal((await t.app.inject({ method: 'GET', url: formUrl(draft) })).statusCode, 404);
    assert.equal((await applyForm(t.app, employer.slug, draft.slug)).statusCode, 404);
    assertProblem(
      await apply(t.app, employer.slug, draft.id, { remoteAddress: freshAddress() }),
      404,
      'not_found',
    );
    assertProblem(
      await apply(t.app, 'no-such-org', draft.id, { remoteAddress: freshAddress() }),
      404,
      'not_found',
    );
    assert.equal(await countApplications(t.database, draft.id), 0);
  });
});

describe('screening and candidates', () => {
  it('flags a knock-out answer for the recruiter and never rejects it', async () => {
    const res = await apply(t.app, employer.slug, posting.id, {
      fields: { ...applicantFields(), ...answers({ 'answers.permit': 'no' }) },
      remoteAddress: freshAddress(),
    });
    assert.equal(res.statusCode, 201, res.body);
    const d = await detail(json(res).id);
    assert.deepEqual(d.knockouts, ['permit']);
    assert.equal(d.status, 'active');
    assert.equal(d.stage.kind, 'applied');
    const permit = d.answers.find((a: { questionId: string }) => a.questionId === 'permit');
    assert.deepEqual([permit.answer, permit.knockout], [false, true]);
    const flagged = json(
      await send(t.app, 'GET', '/api/v1/org/applications?knockout=true', employer.headers),
    );
    assert.ok(flagged.data.some((a: { id: string }) => a.id === d.id));
    const clean = json(await send(t.app, 'GET', '/api/v1/org/applications?knockout=false', employer.headers));
    assert.ok(!clean.data.some((a: { id: string }) => a.id === d.id));
    // The candidate is told nothing different: the usual confirmation goes out.
    await eventually(() => t.mailSink.messages.some((m) => m.to === d.candidate.email));
    const mail = t.mailSink.messages.find((m) => m.to === d.candidate.email);
    assert.equal(mail?.kind, 'application-confirmation');
  });

  it('the same person applying to two postings is one candidate (email compared case-insensitively)', async () => {
    const other = await employer.create(postingBody({ title: 'Platform Engineer' }));
    await employer.publish(other.id);
    const fields = { ...applicantFields(), ...answers() };
    const a = await apply(t.app, employer.slug, posting.id, { fields, remoteAddress: freshAddress() });
    const b = await apply(t.app, employer.slug, other.id, {
      fields: { ...fields, name: 'Ada King', email: fields.email.toUpperCase(), phone: '+49 30 1234567' },
      remoteAddress: freshAddress(),
    });
    assert.equal(a.statusCode, 201, a.body);
    assert.equal(b.statusCode, 201, b.body);
    const [da, db] = [await detail(json(a).id), await detail(json(b).id)];
    assert.equal(da.candidate.id, db.candidate.id);
    assert.equal(db.candidate.name, 'Ada King', 'the latest application updates the name');
    assert.equal(db.phone, '+49 30 1234567');
    assert.deepEqual(
      db.otherApplications.map((o: { id: string }) => o.id),
      [da.id],
    );
  });
});

describe('spam limits', () => {
  it(`answers 429 after ${LIMITS.applyIp.max} applications from one address, form and API alike`, async () => {
    const remoteAddress = '192.0.2.77';
    for (let i = 0; i < LIMITS.applyIp.max; i++) {
      // Refused applications count too: the limit runs before anything is read.
      const res = await apply(t.app, employer.slug, posting.id, {
        fields: { name: 'Bot' },
        files: [],
        remoteAddress,
      });
      assert.equal(res.statusCode, 422, `request ${i + 1}: ${res.body}`);
    }
    const api = await apply(t.app, employer.slug, posting.id, { remoteAddress });
    assertProblem(api, 429, 'rate_limited');
    assert.ok(Number(api.headers['retry-after']) > 0);
    const form = await applyForm(t.app, employer.slug, posting.slug, { remoteAddress });
    assert.equal(form.statusCode, 429);
    const elsewhere = await apply(t.app, employer.slug, posting.id, {
      fields: { ...applicantFields(), ...answers() },
      remoteAddress: freshAddress(),
    });
    assert.equal(elsewhere.statusCode, 201, 'other addresses are not affected');
  });
});
