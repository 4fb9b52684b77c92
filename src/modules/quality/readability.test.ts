import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDocument } from './analyze.ts';
import { fleschScores, splitSentences } from './readability.ts';
import { readabilityFindings } from './structure.ts';
import { CLEAN } from './test-fixtures.ts';
import type { Analysis, AnalysisDocument } from './types.ts';

const of = (a: Analysis, rule: string) => a.findings.filter((f) => f.rule === rule);
const EMPTY: AnalysisDocument = {
  title: 'Developer',
  summary: '',
  responsibilities: [],
  qualifications: [],
  preferredQualifications: [],
  skills: [],
  extraSections: [],
  faqs: [],
};

describe('readability', () => {
  it('matches a hand-computed example', () => {
    // 9 + 2 = 11 one-syllable words in 2 + 1 = 3 sentences (the list item is a sentence of its own):
    // ease = 206.835 − 1.015 × 11/3 − 84.6 × 11/11 = 118.513 → 118.5
    // grade = 0.39 × 11/3 + 11.8 × 11/11 − 15.59 = −2.36 → −2.4
    const a = analyzeDocument({
      ...EMPTY,
      summary: 'The cat sat on the mat. The dog ran.',
      responsibilities: ['Run fast.'],
      skills: ['Skills are not sentences'],
    });
    assert.deepEqual(a.readability, {
      words: 11,
      sentences: 3,
      syllables: 11,
      fleschReadingEase: 118.5,
      fleschKincaidGrade: -2.4,
    });
    assert.deepEqual(of(a, 'readability.flesch'), []);
  });

  it('warns when the text is hard to read', () => {
    // 5 words, 1 sentence, 5 + 6 + 4 + 4 + 5 = 24 syllables:
    // ease = 206.835 − 1.015 × 5 − 84.6 × 4.8 = −204.32; grade = 0.39 × 5 + 11.8 × 4.8 − 15.59 = 43.0
    const a = analyzeDocument({
      ...EMPTY,
      summary: 'Implementation responsibilities necessitate comprehensive documentation.',
    });
    assert.deepEqual(a.readability, {
      words: 5,
      sentences: 1,
      syllables: 24,
      fleschReadingEase: -204.3,
      fleschKincaidGrade: 43,
    });
    const [f] = of(a, 'readability.flesch');
    assert.equal(f?.severity, 'warning');
    assert.equal(f?.span, null);
    assert.match(f!.message, /Reading Ease -204\.3.*grade 43/);
  });

  it('does not warn on plain text, or on a document without running text', () => {
    assert.deepEqual(of(analyzeDocument(CLEAN), 'readability.flesch'), []);
    const empty = analyzeDocument(EMPTY);
    assert.deepEqual(empty.readability, {
      words: 0,
      sentences: 0,
      syllables: 0,
      fleschReadingEase: 0,
      fleschKincaidGrade: 0,
    });
    assert.deepEqual(of(empty, 'readability.flesch'), []);
  });

  it('applies the thresholds: ease below 30 or grade above 14', () => {
    // 25 words a sentence, 1.5 syllables a word: 206.835 − 25.375 − 126.9 = 54.56; 9.75 + 17.7 − 15.59 = 11.86.
    assert.deepEqual(fleschScores(100, 4, 150), { fleschReadingEase: 54.6, fleschKincaidGrade: 11.9 });
    const at = (fleschReadingEase: number, fleschKincaidGrade: number) =>
      readabilityFindings({ words: 10, sentences: 1, syllables: 10, fleschReadingEase, fleschKincaidGrade })
        .length;
    assert.equal(at(30, 14), 0);
    assert.equal(at(29.9, 14), 1);
    assert.equal(at(30, 14.1), 1);
    // One long sentence of short words: easy words, but grade 0.39 × 60 + 11.8 − 15.59 = 19.6 > 14.
    const long = analyzeDocument({ ...EMPTY, summary: `${'we go '.repeat(30).trim()}.` });
    assert.equal(long.readability.fleschKincaidGrade, 19.6);
    assert.equal(of(long, 'readability.flesch').length, 1);
  });

  it('counts FAQ answers and extra sections, not the title, skills, headings or questions', () => {
    const a = analyzeDocument({
      ...EMPTY,
      title: 'A very long title that is not prose',
      skills: ['Go', 'Rust'],
      extraSections: [{ heading: 'Perks and more', text: 'We pay well.', items: ['Free lunch'] }],
      faqs: [{ question: 'Where is it?', answer: 'In town.' }],
    });
    assert.equal(a.readability.words, 3 + 2 + 2);
    assert.equal(a.readability.sentences, 3);
  });
});

describe('splitSentences', () => {
  it('splits on . ! ? before whitespace and on blank lines', () => {
    assert.deepEqual(splitSentences('One. Two! Three? Four'), ['One.', ' Two!', ' Three?', ' Four']);
    assert.deepEqual(splitSentences('First part\n\nSecond part'), ['First part', 'Second part']);
  });

  it('does not split after abbreviations, inside numbers or file names', () => {
    assert.equal(splitSentences('Use tools, e.g. Git, i.e. not SVN, etc. and more.').length, 1);
    assert.equal(
      splitSentences('As a Jr. Backend Developer at Acme Inc. you work with a Sr. engineer.').length,
      1,
    );
    assert.equal(splitSentences('We need 3.5 years of Node.js here.').length, 1);
    assert.equal(splitSentences('Ask (e.g. by mail). Then wait.').length, 2);
  });

  it('ignores pieces without words', () => {
    assert.deepEqual(splitSentences('... !!! '), []);
  });
});
