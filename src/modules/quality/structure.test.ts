import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDocument } from './analyze.ts';
import { CLEAN, doc, FACTS } from './test-fixtures.ts';
import type { Analysis, AnalysisDocument, PostingFacts } from './types.ts';

const of = (a: Analysis, rule: string) => a.findings.filter((f) => f.rule === rule);
const words = (n: number) => Array.from({ length: n }, () => 'word').join(' ');
/** Title "Developer" (1 word) and a summary of n − 1 words: n words in all. */
const ofLength = (n: number): AnalysisDocument => ({
  ...doc(),
  title: 'Developer',
  summary: words(n - 1),
  responsibilities: [],
  qualifications: [],
  preferredQualifications: [],
  skills: [],
  extraSections: [],
  faqs: [],
});

describe('length', () => {
  it('warns below 150 words', () => {
    const a = analyzeDocument(ofLength(149));
    assert.equal(a.counts.words, 149);
    const [f] = of(a, 'length.too_short');
    assert.equal(f?.severity, 'warning');
    assert.equal(f?.span, null);
    assert.match(f!.message, /only 149 words/);
    assert.deepEqual(of(analyzeDocument(ofLength(150)), 'length.too_short'), []);
  });

  it('notes more than 1,200 words', () => {
    const a = analyzeDocument(ofLength(1201));
    assert.equal(of(a, 'length.too_long')[0]?.severity, 'info');
    assert.deepEqual(of(analyzeDocument(ofLength(1200)), 'length.too_long'), []);
  });

  it('counts every field a reader sees', () => {
    assert.equal(analyzeDocument(CLEAN).counts.words, 187);
    assert.deepEqual(of(analyzeDocument(CLEAN), 'length.too_short'), []);
  });
});

describe('bullets', () => {
  const items = (n: number, what: string) => Array.from({ length: n }, (_, i) => `${what} number ${i + 1}.`);

  it('warns about more than 10 required qualifications', () => {
    const a = analyzeDocument(doc({ qualifications: items(11, 'Requirement') }));
    const [f] = of(a, 'bullets.too_many_requirements');
    assert.equal(f?.severity, 'warning');
    assert.match(f!.message, /^11 required/);
    assert.equal(a.counts.requirements, 11);
    const ten = analyzeDocument(doc({ qualifications: items(10, 'Requirement') }));
    assert.deepEqual(of(ten, 'bullets.too_many_requirements'), []);
    const preferred = analyzeDocument(doc({ preferredQualifications: items(20, 'Bonus') }));
    assert.deepEqual(of(preferred, 'bullets.too_many_requirements'), []);
  });

  it('notes more than 12 responsibilities', () => {
    const a = analyzeDocument(doc({ responsibilities: items(13, 'Duty') }));
    assert.equal(of(a, 'bullets.too_many_responsibilities')[0]?.severity, 'info');
    assert.equal(a.counts.responsibilities, 13);
    const twelve = analyzeDocument(doc({ responsibilities: items(12, 'Duty') }));
    assert.deepEqual(of(twelve, 'bullets.too_many_responsibilities'), []);
  });

  it('notes a list item over 40 words, spanning the whole item', () => {
    const long = `${words(41)}.`;
    const a = analyzeDocument(doc({ extraSections: [{ heading: 'Perks', items: ['Short.', long] }] }));
    const [f, ...rest] = of(a, 'bullets.long_item');
    assert.equal(rest.length, 0);
    assert.equal(f?.severity, 'info');
    assert.deepEqual(f?.span, { field: 'extraSections.0.items.1', start: 0, end: long.length, text: long });
    const forty = analyzeDocument(doc({ responsibilities: [`${words(40)}.`] }));
    assert.deepEqual(of(forty, 'bullets.long_item'), []);
  });
});

describe('sections.missing', () => {
  it('reports each missing section separately, without a span', () => {
    const a = analyzeDocument(
      doc({ summary: '  ', responsibilities: [], qualifications: [], preferredQualifications: [] }),
    );
    const found = of(a, 'sections.missing');
    assert.deepEqual(
      found.map((f) => [f.severity, f.span, f.message]),
      [
        ['warning', null, 'The job description has no qualifications.'],
        ['warning', null, 'The job description has no responsibilities.'],
        ['warning', null, 'The job description has no summary.'],
      ],
    );
  });

  it('accepts preferred qualifications alone, and a complete document', () => {
    const a = analyzeDocument(doc({ qualifications: [] }));
    assert.deepEqual(of(a, 'sections.missing'), []);
    assert.deepEqual(of(analyzeDocument(CLEAN), 'sections.missing'), []);
  });
});

describe('posting rules', () => {
  const posting = (facts: Partial<PostingFacts>) => analyzeDocument(CLEAN, { ...FACTS, ...facts });
  const rules = (a: Analysis) => a.findings.map((f) => f.rule).filter((r) => r.startsWith('posting.'));

  it('do not run without facts', () => {
    assert.deepEqual(rules(analyzeDocument(CLEAN)), []);
    assert.deepEqual(rules(posting({})), []);
  });

  it('posting.salary_missing: an error naming the law when a bounded range is required', () => {
    for (const salary of [
      null,
      { min: 50000, max: null },
      { min: null, max: 70000 },
      { min: 90000, max: 80000 },
    ]) {
      const [f, ...rest] = of(posting({ salary }), 'posting.salary_missing');
      assert.equal(rest.length, 0);
      assert.equal(f?.severity, 'error');
      assert.match(f!.message, /^Colorado Equal Pay for Equal Work Act requires a pay range/);
      assert.equal(f?.source, 'Colorado Equal Pay for Equal Work Act');
    }
    assert.deepEqual(of(posting({ salary: { min: 70000, max: 70000 } }), 'posting.salary_missing'), []);
  });

  it('posting.salary_missing: a warning citing the EU directive when only recommended', () => {
    const [f] = of(
      posting({ payTransparency: 'recommended', payRule: undefined, salary: null }),
      'posting.salary_missing',
    );
    assert.equal(f?.severity, 'warning');
    assert.match(f!.source, /2023\/970 .*Article 5/);
    const none = posting({ payTransparency: 'none', salary: null });
    assert.deepEqual(rules(none), []);
  });

  it('posting.salary_open_ended: info for one bound when no pay rule applies', () => {
    const [f] = of(
      posting({ payTransparency: 'none', salary: { min: 50000, max: null } }),
      'posting.salary_open_ended',
    );
    assert.equal(f?.severity, 'info');
    assert.match(f!.message, /minimum but no maximum/);
    assert.deepEqual(of(posting({ payTransparency: 'none' }), 'posting.salary_open_ended'), []);
    assert.deepEqual(of(posting({ salary: { min: 50000, max: null } }), 'posting.salary_open_ended'), []);
  });

  it('posting.location_missing and posting.employment_type_missing', () => {
    const a = posting({ hasLocation: false, employmentType: null });
    assert.deepEqual(
      a.findings.map((f) => [f.rule, f.severity, f.span]),
      [
        ['posting.employment_type_missing', 'warning', null],
        ['posting.location_missing', 'warning', null],
      ],
    );
    assert.deepEqual(rules(posting({ hasLocation: true, employmentType: 'PART_TIME' })), []);
  });
});
