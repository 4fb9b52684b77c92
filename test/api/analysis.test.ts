// The JD quality analysis over HTTP: any text or document, the global and organization libraries,
// and postings (with the pay-transparency facts only a posting has). The rules themselves are
// tested one by one in src/modules/quality/*.test.ts; these tests hold the endpoints to them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { RULES, RULES_VERSION } from '../../src/modules/quality/analyze.ts';
import { buildTestApp, type TestApp } from '../helpers.ts';
import { assertProblem } from '../problems.ts';
import { type Employer, makeEmployer, postingBody } from '../postings.ts';

const SEED = readFileSync(new URL('../fixtures/jr-backend-developer.txt', import.meta.url), 'utf8');

describe('quality analysis API', () => {
  let t: TestApp;
  let employer: Employer;
  const analyze = (payload: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/v1/analyze', payload: payload as object });

  before(async () => {
    t = await buildTestApp();
    employer = await makeEmployer(t);
  });
  after(() => t.close());

  it('analyzes plain text, deterministically', async () => {
    const first = await analyze({ text: SEED });
    assert.equal(first.statusCode, 200, first.body);
    const body = first.json();
    assert.ok(Number.isInteger(body.score) && body.score >= 0 && body.score <= 100);
    assert.ok(body.readability.words > 150);
    assert.equal(body.rulesVersion, RULES_VERSION);
    const again = await analyze({ text: SEED });
    assert.equal(again.body, first.body);
  });

  it('reports each finding with its rule, severity, span and suggestion', async () => {
    const res = await analyze({
      document: {
        title: 'Junior Developer',
        summary: 'We want a young rockstar ninja to join our aggressive, competitive team.',
        responsibilities: ['Write code.'],
        qualifications: ['At least 5 years of professional experience.'],
        preferredQualifications: [],
        skills: ['Go'],
        extraSections: [],
        faqs: [],
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    const { findings, gender } = res.json();
    const rules = new Set(findings.map((f: { rule: string }) => f.rule));
    for (const rule of ['inclusive.exclusionary', 'gender.masculine', 'contradiction.experience']) {
      assert.ok(rules.has(rule), `${rule} in ${[...rules].join(', ')}`);
    }
    const young = findings.find(
      (f: { span: { text: string } | null }) => f.span?.text.toLowerCase() === 'young',
    );
    assert.ok(young, 'the word "young" is a finding with its span');
    assert.equal(young.span.field, 'summary');
    assert.equal(young.span.start, 'We want a '.length);
    assert.ok(young.suggestion.length > 0 && young.explanation.length > 0 && young.source.length > 0);
    const contradiction = findings.find((f: { rule: string }) => f.rule === 'contradiction.experience');
    assert.equal(contradiction.severity, 'error');
    assert.equal(contradiction.span.field, 'qualifications.0');
    assert.ok(gender.masculine.length >= 2);
  });

  it('runs the posting rules when given a posting’s facts', async () => {
    const doc = { text: SEED };
    const colorado = await analyze({
      ...doc,
      posting: {
        locations: [{ city: 'Denver', region: 'CO', countryCode: 'US' }],
        employmentType: 'FULL_TIME',
      },
    });
    const missing = colorado
      .json()
      .findings.find((f: { rule: string }) => f.rule === 'posting.salary_missing');
    assert.equal(missing?.severity, 'error');
    assert.match(missing.message, /Colorado/);

    const berlin = await analyze({
      ...doc,
      posting: { locations: [{ city: 'Berlin', countryCode: 'DE' }], employmentType: 'FULL_TIME' },
    });
    const warning = berlin.json().findings.find((f: { rule: string }) => f.rule === 'posting.salary_missing');
    assert.equal(warning?.severity, 'warning');

    const nowhere = await analyze({ ...doc, posting: {} });
    const rules = nowhere.json().findings.map((f: { rule: string }) => f.rule);
    assert.ok(rules.includes('posting.location_missing'));
    assert.ok(rules.includes('posting.employment_type_missing'));

    const plain = await analyze(doc);
    assert.ok(!plain.json().findings.some((f: { rule: string }) => f.rule.startsWith('posting.')));
  });

  it('refuses a request with both or neither of text and document, and oversized text', async () => {
    assertProblem(await analyze({}), 422, 'invalid_analysis_request');
    const both = await analyze({
      text: 'x',
      document: {
        title: 'x',
        responsibilities: [],
        qualifications: [],
        preferredQualifications: [],
        skills: [],
        extraSections: [],
        faqs: [],
      },
    });
    assertProblem(both, 422, 'invalid_analysis_request');
    assertProblem(await analyze({ text: 'x'.repeat(1_200_000) }), 413, 'payload_too_large');
    assertProblem(await analyze({ text: { a: 1 } }), 400, 'validation_failed');
    assertProblem(await analyze({ text: 'x', extra: true }), 400, 'validation_failed');
    assertProblem(await analyze({ text: 'hello' }), 422, 'not_a_job_description');
  });

  it('lists every rule with its source', async () => {
    const res = await t.app.inject({ url: '/api/v1/analyze/rules' });
    assert.equal(res.statusCode, 200);
    const { rules } = res.json();
    assert.deepEqual(
      rules.map((r: { id: string }) => r.id),
      RULES.map((r) => r.id),
    );
    for (const rule of rules) assert.ok(rule.source.length > 0, `${rule.id} names its source`);
  });

  it('analyzes a global template, with an ETag', async () => {
    const res = await t.app.inject({ url: '/api/v1/templates/jr-backend-developer/analysis' });
    assert.equal(res.statusCode, 200);
    const fromText = (await analyze({ text: SEED })).json();
    assert.equal(typeof res.json().score, 'number');
    assert.ok(
      Math.abs(res.json().readability.words - fromText.readability.words) < fromText.readability.words * 0.2,
    );
    const cached = await t.app.inject({
      url: '/api/v1/templates/jr-backend-developer/analysis',
      headers: { 'if-none-match': res.headers.etag as string },
    });
    assert.equal(cached.statusCode, 304);
    assertProblem(await t.app.inject({ url: '/api/v1/templates/nope/analysis' }), 404, 'not_found');
  });

  it('analyzes an organization template and a posting, for members only', async () => {
    const fork = await t.app.inject({
      method: 'POST',
      url: '/api/v1/templates/jr-backend-developer/fork',
      headers: employer.headers,
      payload: {},
    });
    assert.equal(fork.statusCode, 201, fork.body);
    const own = await t.app.inject({
      url: '/api/v1/org/templates/jr-backend-developer/analysis',
      headers: employer.headers,
    });
    assert.equal(own.statusCode, 200);
    assert.equal(
      (await t.app.inject({ url: '/api/v1/org/templates/jr-backend-developer/analysis' })).statusCode,
      401,
    );

    await employer.patchOrg({ employeeCount: 200 });
    const posting = await employer.create(
      postingBody({ locations: [{ city: 'Seattle', region: 'WA', countryCode: 'US' }], salary: null }),
    );
    const res = await t.app.inject({
      url: `/api/v1/org/postings/${posting.id}/analysis`,
      headers: employer.headers,
    });
    assert.equal(res.statusCode, 200, res.body);
    const missing = res.json().findings.find((f: { rule: string }) => f.rule === 'posting.salary_missing');
    assert.equal(missing?.severity, 'error');
    assert.match(missing.message, /Washington/);
  });
});
