import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDocument } from './analyze.ts';
import { CLEAN, doc } from './test-fixtures.ts';
import type { Analysis } from './types.ts';

const of = (a: Analysis, rule: string) => a.findings.filter((f) => f.rule === rule);
const inItem = (text: string) => analyzeDocument(doc({ responsibilities: [text] }));

describe('inclusive.exclusionary', () => {
  const cases: [phrase: string, suggestion: RegExp, source: RegExp][] = [
    ['young', /age/, /1625\.4/],
    ['youthful', /work environment/, /ADEA|Age Discrimination/],
    ['digital natives', /Name the tools/, /Age Discrimination/],
    ['recent graduate', /experience level/, /Age Discrimination/],
    ['recent college graduates', /experience level/, /Age Discrimination/],
    ['native English speaker', /fluent in English/, /National Origin/],
    ['native speaker', /fluent in English/, /National Origin/],
    ['native-level English', /fluent English/, /National Origin/],
    ['manpower', /workforce/, /1604\.5/],
    ['chairman', /chair/, /1604\.5/],
    ['salesmen', /salesperson/, /1604\.5/],
    ['guys', /everyone/, /Title VII/],
    ['he/she', /"you"/, /APA/],
    ['he or she', /"they"/, /APA/],
    ['rockstar', /skill level/, /LinkedIn/],
    ['rock star', /skill level/, /LinkedIn/],
    ['ninja', /expert/, /LinkedIn/],
    ['guru', /expert/, /editorial/],
    ['wizards', /specialist/, /editorial/],
    ['hacker', /engineer/, /editorial/],
    ['crazy', /very busy/, /Disability/],
    ['insane', /remarkable/, /Disability/],
    ['able-bodied', /reasonable accommodation/, /Disabilities Act/],
    ['culture fit', /culture add/, /editorial/],
    ['work hard, play hard', /working hours/, /editorial/],
    ['clean-shaven', /accommodations/, /Religious Garb/],
  ];
  for (const [phrase, suggestion, source] of cases) {
    it(`flags "${phrase}" with its span, a specific suggestion and a source`, () => {
      const text = `Say ${phrase} often.`;
      const found = of(inItem(text), 'inclusive.exclusionary');
      assert.equal(found.length, 1, JSON.stringify(found));
      const [f] = found;
      assert.equal(f!.severity, 'warning');
      assert.deepEqual(f!.span, {
        field: 'responsibilities.0',
        start: 4,
        end: 4 + phrase.length,
        text: phrase,
      });
      assert.match(f!.suggestion, suggestion);
      assert.match(f!.source, source);
    });
  }

  it('matches case-insensitively in any field', () => {
    const a = analyzeDocument(doc({ faqs: [{ question: 'Who?', answer: 'A ROCKSTAR.' }] }));
    assert.deepEqual(of(a, 'inclusive.exclusionary')[0]?.span, {
      field: 'faqs.0.answer',
      start: 2,
      end: 10,
      text: 'ROCKSTAR',
    });
  });

  it('does not fire on inclusive wording or on look-alike words', () => {
    for (const text of [
      'Fluent in English.',
      'Build native iOS apps.',
      'Run the setup wizard.',
      'Work with ethical hackers.',
      'Our office is in Youngstown.',
      'Report to the chairperson.',
      'Every hire is a culture add.',
      'Mentor early-career colleagues.',
    ]) {
      assert.deepEqual(of(inItem(text), 'inclusive.exclusionary'), [], text);
    }
    assert.deepEqual(of(analyzeDocument(CLEAN), 'inclusive.exclusionary'), []);
  });
});

describe('wording.jargon', () => {
  it('flags clichés as info with their span', () => {
    const a = inItem('A fast-paced role for a self-starter who can wear many hats.');
    assert.deepEqual(
      of(a, 'wording.jargon').map((f) => [f.severity, f.span?.start, f.span?.end, f.span?.text]),
      [
        ['info', 2, 12, 'fast-paced'],
        ['info', 24, 36, 'self-starter'],
        ['info', 45, 59, 'wear many hats'],
      ],
    );
    assert.match(of(inItem('Real synergy.'), 'wording.jargon')[0]!.suggestion, /teams/);
  });

  it('does not fire on plain wording', () => {
    assert.deepEqual(of(inItem('We value fast delivery and paced releases.'), 'wording.jargon'), []);
    assert.deepEqual(of(analyzeDocument(CLEAN), 'wording.jargon'), []);
  });
});
