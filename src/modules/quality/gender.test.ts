import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDocument } from './analyze.ts';
import { genderBalance } from './gender.ts';
import { FEMININE_WORDS, MASCULINE_WORDS } from './gender-words.ts';
import { CLEAN, doc } from './test-fixtures.ts';
import type { Analysis } from './types.ts';

const of = (a: Analysis, rule: string) => a.findings.filter((f) => f.rule === rule);
const spans = (a: Analysis, rule: string) => of(a, rule).map((f) => f.span);

describe('gender.masculine', () => {
  it('flags each masculine-coded word with its span, as info', () => {
    const a = analyzeDocument(doc({ responsibilities: ['Lead a competitive team.'] }));
    assert.deepEqual(spans(a, 'gender.masculine'), [
      { field: 'responsibilities.0', start: 0, end: 4, text: 'Lead' },
      { field: 'responsibilities.0', start: 7, end: 18, text: 'competitive' },
    ]);
    assert.ok(of(a, 'gender.masculine').every((f) => f.severity === 'info' && /Gaucher/.test(f.source)));
    assert.deepEqual(a.gender.masculine, ['competitive', 'lead']);
  });

  it('matches stems as prefixes, case-insensitively, and exact words only whole', () => {
    const a = analyzeDocument(doc({ summary: 'LEADERSHIP and Analytical thinking, a logic puzzle.' }));
    assert.deepEqual(a.gender.masculine, ['analytical', 'leadership', 'logic']);
    const none = analyzeDocument(
      doc({ summary: 'We actively run a kindergarten with logical, misleading signs.' }),
    );
    assert.deepEqual(of(none, 'gender.masculine'), []);
    assert.deepEqual(none.gender.masculine, []);
  });

  it('splits hyphenated words except the coded hyphenated entries, as the Gender Decoder does', () => {
    const a = analyzeDocument(doc({ summary: 'A data-driven and self-confident person.' }));
    assert.deepEqual(spans(a, 'gender.masculine'), [
      { field: 'summary', start: 7, end: 13, text: 'driven' },
      { field: 'summary', start: 18, end: 32, text: 'self-confident' },
    ]);
  });

  it('counts a word that matches two stems once', () => {
    const a = analyzeDocument(doc({ summary: 'A dominant player.' }));
    assert.equal(of(a, 'gender.masculine').length, 1);
  });

  it('does not fire on neutral text', () => {
    assert.deepEqual(of(analyzeDocument(CLEAN), 'gender.masculine'), []);
  });
});

describe('gender.feminine', () => {
  it('flags each feminine-coded word with its span, as info', () => {
    const a = analyzeDocument(doc({ responsibilities: ['Support the team and share what you learn.'] }));
    assert.deepEqual(spans(a, 'gender.feminine'), [
      { field: 'responsibilities.0', start: 0, end: 7, text: 'Support' },
      { field: 'responsibilities.0', start: 21, end: 26, text: 'share' },
    ]);
    assert.ok(of(a, 'gender.feminine').every((f) => f.severity === 'info'));
    assert.deepEqual(a.gender.feminine, ['share', 'support']);
  });

  it('keeps hyphenated coded words whole (co-operative)', () => {
    const a = analyzeDocument(doc({ summary: 'A co-operative, inter-personal style.' }));
    assert.deepEqual(
      spans(a, 'gender.feminine').map((s) => s?.text),
      ['co-operative', 'inter-personal'],
    );
  });

  it('does not fire on neutral text', () => {
    assert.deepEqual(of(analyzeDocument(CLEAN), 'gender.feminine'), []);
  });

  it('never lowers the score', () => {
    const a = analyzeDocument(doc({ summary: `${CLEAN.summary} We support, share, trust and understand.` }));
    assert.equal(of(a, 'gender.feminine').length, 4);
    assert.equal(a.score, 100);
  });
});

describe('gender balance', () => {
  it('follows the decoder thresholds on feminine − masculine', () => {
    const table: [number, number, string][] = [
      [0, 0, 'neutral'],
      [2, 2, 'neutral'],
      [1, 0, 'masculine-coded'],
      [3, 0, 'masculine-coded'],
      [4, 0, 'strongly masculine-coded'],
      [8, 5, 'masculine-coded'],
      [9, 5, 'strongly masculine-coded'],
      [0, 1, 'feminine-coded'],
      [0, 3, 'feminine-coded'],
      [0, 4, 'strongly feminine-coded'],
      [1, 5, 'strongly feminine-coded'],
    ];
    for (const [masculine, feminine, expected] of table) {
      assert.equal(genderBalance(masculine, feminine), expected, `${masculine} vs ${feminine}`);
    }
  });

  it('counts occurrences, not distinct words', () => {
    const a = analyzeDocument(doc({ summary: 'Lead, lead, lead and lead.' }));
    assert.equal(a.gender.balance, 'strongly masculine-coded');
    assert.deepEqual(a.gender.masculine, ['lead']);
  });

  it('adds one gender.balance warning when masculine-coded', () => {
    const a = analyzeDocument(doc({ summary: 'An ambitious hire.' }));
    assert.equal(a.gender.balance, 'masculine-coded');
    const [balance, ...rest] = of(a, 'gender.balance');
    assert.equal(rest.length, 0);
    assert.equal(balance?.severity, 'warning');
    assert.equal(balance?.span, null);
    assert.match(balance!.message, /masculine-coded: 1 masculine-coded and 0 feminine-coded/);
    assert.ok(balance!.suggestion.length > 0);
  });

  it('adds no warning when neutral or feminine-coded', () => {
    for (const summary of ['An ambitious and supportive hire.', 'A supportive hire.', 'A hire.']) {
      assert.deepEqual(of(analyzeDocument(doc({ summary })), 'gender.balance'), [], summary);
    }
  });
});

describe('word lists', () => {
  it('hold the full decoder lists without duplicates', () => {
    assert.equal(MASCULINE_WORDS.length, 52);
    assert.equal(FEMININE_WORDS.length, 50);
    assert.equal(new Set(MASCULINE_WORDS).size, MASCULINE_WORDS.length);
    assert.equal(new Set(FEMININE_WORDS).size, FEMININE_WORDS.length);
    for (const w of [...MASCULINE_WORDS, ...FEMININE_WORDS]) assert.match(w, /^[a-z-]{3,}\*?$/);
  });
});
