import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ParseError, parseJd } from '../templates/parse.ts';
import { analyzeDocument, analyzeText, fromParsedTemplate, RULES, RULES_VERSION } from './analyze.ts';
import { scoreOf } from './score.ts';
import { CLEAN, doc, FACTS, fieldText } from './test-fixtures.ts';
import type { Analysis, Finding, Severity } from './types.ts';

const SEED = readFileSync(
  new URL('../../../test/fixtures/jr-backend-developer.txt', import.meta.url),
  'utf8',
);
const of = (a: Analysis, rule: string) => a.findings.filter((f) => f.rule === rule);

describe('the seed JD through analyzeText', () => {
  const a = analyzeText(SEED);

  it('reads it as the junior role it is: 0-2 years is no contradiction, 5+ years is', () => {
    assert.deepEqual(of(a, 'contradiction.experience'), []);
    const changed = analyzeText(SEED.replace('0-2 years of experience', '5+ years of experience'));
    const [f] = of(changed, 'contradiction.experience');
    assert.equal(f?.severity, 'error');
    assert.deepEqual(f?.span, { field: 'qualifications.1', start: 0, end: 8, text: '5+ years' });
    assert.match(f!.message, /title says "Jr\."/);
  });

  it('finds its gender-coded words: strongly feminine-coded overall', () => {
    assert.deepEqual(a.gender, {
      masculine: ['competitive', 'logic', 'principles'],
      feminine: ['collaborate', 'collaboratively', 'responsible', 'responsiveness', 'understanding'],
      balance: 'strongly feminine-coded',
    });
    assert.equal(of(a, 'gender.masculine').length, 6);
    assert.equal(of(a, 'gender.feminine').length, 11);
    assert.deepEqual(of(a, 'gender.balance'), []);
  });

  it('flags the required bachelor’s degree without an alternative', () => {
    const [f, ...rest] = of(a, 'requirements.degree');
    assert.equal(rest.length, 0);
    assert.deepEqual(f?.span, { field: 'qualifications.0', start: 0, end: 17, text: 'Bachelor’s degree' });
  });

  it('measures it: hard to read, long enough, sensible counts', () => {
    assert.deepEqual(a.counts, { responsibilities: 7, requirements: 7, words: 587 });
    assert.equal(a.readability.words, 525);
    assert.equal(a.readability.sentences, 35);
    assert.ok(a.readability.fleschReadingEase < 30);
    assert.equal(of(a, 'readability.flesch').length, 1);
    assert.deepEqual(of(a, 'length.too_short'), []);
    assert.deepEqual(of(a, 'sections.missing'), []);
    assert.deepEqual(of(a, 'inclusive.exclusionary'), []);
  });

  it('scores it 100 − 5 (masculine words, capped) − 5 (degree) − 5 (readability) = 85', () => {
    assert.equal(a.score, 85);
    assert.equal(a.rulesVersion, RULES_VERSION);
  });

  it('gives spans that point at the exact text of their field', () => {
    const document = fromParsedTemplate(parseJd(SEED));
    assert.equal(document.title, 'Jr. Backend Developer');
    assert.deepEqual(document.preferredQualifications, []);
    for (const f of a.findings) {
      if (!f.span) continue;
      assert.equal(fieldText(document, f.span.field).slice(f.span.start, f.span.end), f.span.text);
    }
  });

  it('is deterministic', () => {
    assert.deepEqual(analyzeText(SEED), a);
    assert.deepEqual(analyzeText(SEED, FACTS), analyzeText(SEED, FACTS));
  });
});

describe('analyzeText', () => {
  it('lets the parser’s typed errors through', () => {
    assert.throws(
      () => analyzeText('   '),
      (e) => e instanceof ParseError && e.code === 'empty_input',
    );
    assert.throws(
      () => analyzeText('Just a line of text'),
      (e) => e instanceof ParseError && e.code === 'not_a_job_description',
    );
  });
});

describe('analyzeDocument', () => {
  it('gives 100 and no findings for a clean document', () => {
    const a = analyzeDocument(CLEAN, FACTS);
    assert.equal(a.score, 100);
    assert.deepEqual(a.findings, []);
    assert.equal(a.gender.balance, 'neutral');
  });

  it('sorts whole-document findings first, then by field order, offset and rule', () => {
    const a = analyzeDocument(
      doc({
        title: 'Rockstar Developer',
        summary: '',
        responsibilities: ['Lead a young team.'],
        faqs: [{ question: 'Who?', answer: 'A ninja.' }],
      }),
      { ...FACTS, hasLocation: false },
    );
    assert.deepEqual(
      a.findings.map((f) => [f.rule, f.span?.field ?? null, f.span?.start ?? null]),
      [
        ['gender.balance', null, null],
        ['length.too_short', null, null],
        ['posting.location_missing', null, null],
        ['sections.missing', null, null],
        ['inclusive.exclusionary', 'title', 0],
        ['gender.masculine', 'responsibilities.0', 0],
        ['inclusive.exclusionary', 'responsibilities.0', 7],
        ['inclusive.exclusionary', 'faqs.0.answer', 2],
      ],
    );
  });

  it('survives pathological input', () => {
    const bullets = Array.from(
      { length: 5000 },
      (_, i) => `Requirement ${i} with 5+ years in a young, fast-paced team.`,
    );
    const inputs = [
      doc({ summary: 'a'.repeat(200_000) }),
      doc({ summary: '.'.repeat(200_000) }),
      doc({ summary: ' '.repeat(200_000) }),
      doc({ summary: `5${' '.repeat(200_000)}` }),
      doc({ summary: '-a'.repeat(100_000) }),
      doc({ summary: 'e.g. '.repeat(40_000) }),
      doc({
        title: 'Junior',
        qualifications: [`at least ${' '.repeat(200_000)}`, `${'9 '.repeat(100_000)}years`],
      }),
      doc({ title: 'Junior Developer', responsibilities: bullets, qualifications: bullets }),
    ];
    for (const input of inputs) {
      const a = analyzeDocument(input, FACTS);
      assert.ok(Number.isInteger(a.score) && a.score >= 0 && a.score <= 100);
    }
    const text = `Jr. Developer\n\nResponsibilities\n${bullets.map((b) => `- ${b}`).join('\n')}`;
    assert.ok(text.length > 200_000);
    assert.equal(analyzeText(text).counts.responsibilities, 5000);
  });
});

describe('score', () => {
  const f = (rule: string, severity: Severity): Finding => ({
    rule,
    severity,
    message: '',
    explanation: '',
    suggestion: '',
    span: null,
    source: '',
  });
  const times = (n: number, x: Finding) => Array.from({ length: n }, () => x);

  it('subtracts 15 per error, 5 per warning and 1 per info', () => {
    assert.equal(scoreOf([]), 100);
    assert.equal(scoreOf([f('posting.salary_missing', 'error')]), 85);
    assert.equal(scoreOf([f('inclusive.exclusionary', 'warning'), f('wording.jargon', 'info')]), 94);
  });

  it('caps each rule at its maxPenalty', () => {
    assert.equal(scoreOf(times(10, f('gender.masculine', 'info'))), 95);
    assert.equal(scoreOf(times(10, f('gender.feminine', 'info'))), 100);
    assert.equal(scoreOf(times(10, f('inclusive.exclusionary', 'warning'))), 80);
    assert.equal(scoreOf(times(5, f('contradiction.experience', 'error'))), 70);
  });

  it('clamps at 0', () => {
    const all = RULES.flatMap((r) => times(10, f(r.id, r.severity)));
    assert.equal(scoreOf(all), 0);
  });
});

describe('RULES', () => {
  it('describes every rule once, with a source and a cap', () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual([...ids].sort(), [
      'bullets.long_item',
      'bullets.too_many_requirements',
      'bullets.too_many_responsibilities',
      'contradiction.experience',
      'contradiction.seniority',
      'gender.balance',
      'gender.feminine',
      'gender.masculine',
      'inclusive.exclusionary',
      'length.too_long',
      'length.too_short',
      'posting.employment_type_missing',
      'posting.location_missing',
      'posting.salary_missing',
      'posting.salary_open_ended',
      'readability.flesch',
      'requirements.degree',
      'sections.missing',
      'wording.jargon',
    ]);
    for (const r of RULES) {
      assert.ok(r.description.length > 10 && r.source.length > 10, r.id);
      assert.ok(Number.isInteger(r.maxPenalty) && r.maxPenalty >= 0, r.id);
    }
    assert.match(RULES_VERSION, /^\d{4}-\d{2}-\d{2}$/);
  });
});
