import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDocument } from './analyze.ts';
import { juniorMarker, yearsIn } from './requirements.ts';
import { CLEAN, doc } from './test-fixtures.ts';
import type { Analysis } from './types.ts';

const of = (a: Analysis, rule: string) => a.findings.filter((f) => f.rule === rule);
const required = (...qualifications: string[]) => analyzeDocument(doc({ qualifications }));

describe('requirements.degree', () => {
  it('flags a required degree without an alternative, with the degree as span', () => {
    const cases: [string, string, number][] = [
      ['Bachelor’s degree in Computer Science.', 'Bachelor’s degree', 0],
      ['BS in Computer Science', 'BS', 0],
      ['A university degree in economics.', 'university degree', 2],
      ["Master's degree in statistics.", "Master's degree", 0],
      ['Degree in engineering or a related field.', 'Degree', 0],
      ['A PhD in physics.', 'PhD', 2],
      ['MBA from a top school.', 'MBA', 0],
    ];
    for (const [text, span, start] of cases) {
      const [f, ...rest] = of(required(text), 'requirements.degree');
      assert.equal(rest.length, 0, text);
      assert.equal(f?.severity, 'warning');
      assert.deepEqual(f?.span, { field: 'qualifications.0', start, end: start + span.length, text: span });
      assert.match(f!.suggestion, /equivalent/);
    }
  });

  it('accepts an equivalent-experience alternative', () => {
    for (const text of [
      'Bachelor’s degree in Computer Science or equivalent experience.',
      'BS in Computer Science, or equivalent practical experience.',
      'A degree in CS or related experience.',
      'Degree in engineering or 4 years of relevant work.',
      'A university degree, or an equivalent combination of education and experience.',
    ]) {
      assert.deepEqual(of(required(text), 'requirements.degree'), [], text);
    }
  });

  it('ignores preferred degrees, optional wording and non-degree uses of the word', () => {
    const preferred = analyzeDocument(
      doc({ preferredQualifications: ['Bachelor’s degree in Computer Science.'] }),
    );
    assert.deepEqual(of(preferred, 'requirements.degree'), []);
    for (const text of [
      'Bachelor’s degree preferred.',
      'No degree required.',
      'A high degree of accuracy.',
      'Skilled in MS Office.',
      'Experience running 360-degree reviews.',
      'Scrum Master certification.',
    ]) {
      assert.deepEqual(of(required(text), 'requirements.degree'), [], text);
    }
    assert.deepEqual(of(analyzeDocument(CLEAN), 'requirements.degree'), []);
  });
});

describe('years of experience', () => {
  it('reads common phrasings with their bounds', () => {
    const read = (text: string) => yearsIn(text).map(({ text: t, min, max }) => [t, min, max]);
    assert.deepEqual(read('5+ years of Go'), [['5+ years', 5, 5]]);
    assert.deepEqual(read('at least 4 years'), [['at least 4 years', 4, 4]]);
    assert.deepEqual(read('a minimum of 3 years'), [['a minimum of 3 years', 3, 3]]);
    assert.deepEqual(read('3-5 years'), [['3-5 years', 3, 5]]);
    assert.deepEqual(read('three (3) years'), [['three (3) years', 3, 3]]);
    assert.deepEqual(read('1 year'), [['1 year', 1, 1]]);
    assert.deepEqual(read('must be 18 years of age, 21 years old, 1.5 years'), []);
  });
});

describe('contradiction.experience', () => {
  it('fires as an error on the years phrase when a junior title asks for 3+ years', () => {
    const a = analyzeDocument(
      doc({ title: 'Junior Backend Developer', qualifications: ['5+ years of Node.js.'] }),
    );
    const [f, ...rest] = of(a, 'contradiction.experience');
    assert.equal(rest.length, 0);
    assert.equal(f?.severity, 'error');
    assert.deepEqual(f?.span, { field: 'qualifications.0', start: 0, end: 8, text: '5+ years' });
    assert.match(f!.message, /title says "Junior"/);
  });

  it('recognises the junior markers and the lower bound of a range', () => {
    for (const [title, qualification, span] of [
      ['Jr. Developer', 'At least 4 years of SQL.', 'At least 4 years'],
      ['Entry-level Analyst', 'Minimum of 3 years in sales.', 'Minimum of 3 years'],
      ['Graduate Engineer', '3-5 years of experience.', '3-5 years'],
      ['Software Engineering Intern', 'Three years of Python.', 'Three years'],
      ['Trainee Accountant', '4 years in audit.', '4 years'],
      ['Associate Product Manager', '6+ years in product.', '6+ years'],
    ] as const) {
      const a = analyzeDocument(doc({ title, qualifications: [qualification] }));
      assert.deepEqual(
        of(a, 'contradiction.experience').map((f) => f.span?.text),
        [span],
        title,
      );
    }
  });

  it('reads the summary when the title has no marker, but not when it describes other people', () => {
    const entry = analyzeDocument(
      doc({ summary: 'This is an entry-level position in our team.', qualifications: ['4+ years of Go.'] }),
    );
    assert.match(of(entry, 'contradiction.experience')[0]!.message, /summary says "entry-level"/);
    assert.deepEqual(juniorMarker('Backend Developer', 'You will mentor junior developers.'), null);
    assert.deepEqual(juniorMarker('Backend Developer', 'Our junior engineers ship weekly.'), null);
  });

  it('does not fire for small requirements, non-junior titles or ages', () => {
    for (const [title, qualification] of [
      ['Junior Developer', '0-2 years of experience.'],
      ['Junior Developer', '1-3 years of experience.'],
      ['Junior Developer', '2+ years of experience.'],
      ['Junior Developer', 'Must be at least 18 years of age.'],
      ['Backend Developer', '5+ years of experience.'],
      ['Senior Associate', '5+ years of experience.'],
      ['Associate Director', '8+ years of experience.'],
    ] as const) {
      const a = analyzeDocument(doc({ title, qualifications: [qualification] }));
      assert.deepEqual(of(a, 'contradiction.experience'), [], `${title}: ${qualification}`);
    }
  });

  it('only reads required qualifications', () => {
    const a = analyzeDocument(
      doc({ title: 'Junior Developer', preferredQualifications: ['5+ years of Go.'] }),
    );
    assert.deepEqual(of(a, 'contradiction.experience'), []);
  });
});

describe('contradiction.seniority', () => {
  it('fires as info when a senior title asks for at most a year', () => {
    const a = analyzeDocument(doc({ title: 'Senior Engineer', qualifications: ['1+ year of Go.'] }));
    const [f] = of(a, 'contradiction.seniority');
    assert.equal(f?.severity, 'info');
    assert.deepEqual(f?.span, { field: 'qualifications.0', start: 0, end: 7, text: '1+ year' });
    const lead = analyzeDocument(doc({ title: 'Lead Designer', qualifications: ['0-1 years in design.'] }));
    assert.equal(of(lead, 'contradiction.seniority')[0]?.span?.text, '0-1 years');
  });

  it('does not fire for real senior requirements or other titles', () => {
    for (const [title, qualification] of [
      ['Senior Engineer', '5+ years of Go.'],
      ['Senior Engineer', '1-3 years of Go.'],
      ['Lead Generation Specialist', '1 year in sales.'],
      ['Backend Developer', '1 year of Go.'],
    ] as const) {
      const a = analyzeDocument(doc({ title, qualifications: [qualification] }));
      assert.deepEqual(of(a, 'contradiction.seniority'), [], title);
    }
  });
});
