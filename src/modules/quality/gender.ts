// gender.masculine, gender.feminine and gender.balance: the Gender Decoder method on the
// Gaucher, Friesen & Kay (2011) word lists.
import { allMatches, finding, spanOf } from './fields.ts';
import { FEMININE_WORDS, MASCULINE_WORDS } from './gender-words.ts';
import { SOURCES } from './rules.ts';
import type { Field, Finding, GenderBalance } from './types.ts';

type Coding = 'masculine' | 'feminine';

/** Exact words, and stems indexed by their first three letters (every stem has at least three). */
interface WordIndex {
  exact: ReadonlyMap<string, readonly Coding[]>;
  stems: ReadonlyMap<string, readonly { stem: string; coding: Coding }[]>;
}

function buildIndex(lists: readonly [readonly string[], Coding][]): WordIndex {
  const exact = new Map<string, Coding[]>();
  const stems = new Map<string, { stem: string; coding: Coding }[]>();
  for (const [entries, coding] of lists) {
    for (const entry of entries) {
      if (entry.endsWith('*')) {
        const stem = entry.slice(0, -1);
        const key = stem.slice(0, 3);
        stems.set(key, [...(stems.get(key) ?? []), { stem, coding }]);
      } else {
        exact.set(entry, [...(exact.get(entry) ?? []), coding]);
      }
    }
  }
  return { exact, stems };
}

const INDEX = buildIndex([
  [MASCULINE_WORDS, 'masculine'],
  [FEMININE_WORDS, 'feminine'],
]);
const HYPHENATED = buildIndex([
  [MASCULINE_WORDS.filter((w) => w.includes('-')), 'masculine'],
  [FEMININE_WORDS.filter((w) => w.includes('-')), 'feminine'],
]);

/** A word, hyphenated words whole; the classes on either side of "-" are disjoint, so this is linear. */
const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;
const PART = /[\p{L}\p{N}]+/gu;

/** The codings of a lower-cased word, each at most once. */
function codings(index: WordIndex, word: string): Coding[] {
  if (word.length < 3) return [];
  const found = new Set<Coding>(index.exact.get(word));
  for (const { stem, coding } of index.stems.get(word.slice(0, 3)) ?? []) {
    if (word.startsWith(stem)) found.add(coding);
  }
  return [...found];
}

export interface GenderHit {
  field: Field;
  start: number;
  end: number;
  /** Lower-cased. */
  word: string;
  coding: Coding;
}

function classify(field: Field, start: number, token: string, hits: GenderHit[]) {
  const word = token.toLowerCase();
  const end = start + token.length;
  for (const coding of codings(INDEX, word)) hits.push({ field, start, end, word, coding });
}

/** Every coded word in every field; a word matching several stems of a list counts once. */
export function genderHits(fields: readonly Field[]): GenderHit[] {
  const hits: GenderHit[] = [];
  for (const field of fields) {
    for (const m of allMatches(WORD, field.text)) {
      const token = m[0];
      if (!token.includes('-') || codings(HYPHENATED, token.toLowerCase()).length > 0) {
        classify(field, m.index, token, hits);
        continue;
      }
      for (const part of allMatches(PART, token)) classify(field, m.index + part.index, part[0], hits);
    }
  }
  return hits;
}

/** The decoder's thresholds on (feminine − masculine) occurrences: > 3 or < −3 is "strongly". */
export function genderBalance(masculine: number, feminine: number): GenderBalance {
  const difference = feminine - masculine;
  if (difference > 3) return 'strongly feminine-coded';
  if (difference > 0) return 'feminine-coded';
  if (difference === 0) return 'neutral';
  if (difference < -3) return 'strongly masculine-coded';
  return 'masculine-coded';
}

const uniqueSorted = (words: string[]) => [...new Set(words)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export function genderAnalysis(fields: readonly Field[]) {
  const hits = genderHits(fields);
  const masculine = hits.filter((h) => h.coding === 'masculine');
  const feminine = hits.filter((h) => h.coding === 'feminine');
  const balance = genderBalance(masculine.length, feminine.length);
  const findings: Finding[] = hits.map((h) =>
    h.coding === 'masculine'
      ? finding({
          rule: 'gender.masculine',
          severity: 'info',
          message: `"${h.field.text.slice(h.start, h.end)}" is masculine-coded wording.`,
          explanation:
            'Gaucher, Friesen & Kay (2011) found that job ads using more masculine-coded words were rated less appealing by women, who expected to belong less in those jobs.',
          suggestion:
            'Keep it if it is the precise word; otherwise use a neutral word or describe the task instead of a trait, and balance the ad with communal wording.',
          source: SOURCES.gaucher,
          span: spanOf(h.field, h.start, h.end),
        })
      : finding({
          rule: 'gender.feminine',
          severity: 'info',
          message: `"${h.field.text.slice(h.start, h.end)}" is feminine-coded wording.`,
          explanation:
            'Listed as feminine-coded by Gaucher, Friesen & Kay (2011). The Gender Decoder notes that the research suggests feminine-coded wording has only a slight effect on how appealing a job is to men, so these words are shown for balance and do not lower the score.',
          suggestion: 'No change needed; feminine-coded words balance masculine-coded ones.',
          source: SOURCES.gaucher,
          span: spanOf(h.field, h.start, h.end),
        }),
  );
  if (balance === 'masculine-coded' || balance === 'strongly masculine-coded') {
    findings.push(
      finding({
        rule: 'gender.balance',
        severity: 'warning',
        message: `The wording is ${balance}: ${masculine.length} masculine-coded and ${feminine.length} feminine-coded words.`,
        explanation:
          'Ads with more masculine- than feminine-coded words risk putting women off applying (Gaucher, Friesen & Kay 2011); the Gender Decoder calls a difference of more than 3 "strongly" coded.',
        suggestion:
          'Replace some masculine-coded words with neutral ones, or describe collaboration, support and growth in the role, until feminine-coded words at least match masculine-coded ones.',
        source: SOURCES.gaucher,
      }),
    );
  }
  return {
    findings,
    summary: {
      masculine: uniqueSorted(masculine.map((h) => h.word)),
      feminine: uniqueSorted(feminine.map((h) => h.word)),
      balance,
    },
  };
}
