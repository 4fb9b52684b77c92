// Words, sentences, syllables and the Flesch formulas. Linear-time scanning only.
import { syllable } from 'syllable';
import { allMatches } from './fields.ts';
import type { Field, Readability } from './types.ts';

/** A word is a run of non-space characters containing at least one letter or digit. */
const WHITESPACE = /\s+/;
const WORDISH = /[\p{L}\p{N}]/u;
/** Sentence ends: a run of . ! ? followed by whitespace (the end of the text ends one anyway). */
const SENTENCE_END = /(?<![.!?])[.!?]+(?=\s)/g;
/** A blank line ends a paragraph, and with it a sentence. */
const PARAGRAPH_BREAK = /\n[ \t]*\n/;
const OPENING_PUNCTUATION = /^[("'“‘[]+/;
const SPACE = /\s/;
/** A full stop after one of these does not end a sentence. */
export const ABBREVIATIONS: ReadonlySet<string> = new Set([
  'e.g.',
  'i.e.',
  'etc.',
  'jr.',
  'sr.',
  'inc.',
  'ltd.',
  'co.',
  'corp.',
  'mr.',
  'mrs.',
  'ms.',
  'dr.',
  'vs.',
  'approx.',
  'incl.',
  'dept.',
]);
const LONGEST_ABBREVIATION = 8;

/** Tokens longer than this are not words a syllable counter understands (URLs, hashes, junk). */
const MAX_SYLLABLE_WORD = 64;
const VOWEL_GROUP = /[aeiouy]+/gi;
const syllableCache = new Map<string, number>();
const SYLLABLE_CACHE_LIMIT = 50_000;

export function countWords(text: string): number {
  let n = 0;
  for (const token of text.split(WHITESPACE)) if (WORDISH.test(token)) n++;
  return n;
}

/** Syllables of one word with `syllable`, at least 1; very long tokens count their vowel groups. */
export function wordSyllables(word: string): number {
  if (word.length > MAX_SYLLABLE_WORD) return Math.max(1, word.match(VOWEL_GROUP)?.length ?? 0);
  const key = word.toLowerCase();
  let n = syllableCache.get(key);
  if (n === undefined) {
    n = Math.max(1, syllable(key));
    if (syllableCache.size >= SYLLABLE_CACHE_LIMIT) syllableCache.clear();
    syllableCache.set(key, n);
  }
  return n;
}

function endsAbbreviation(text: string, dot: number): boolean {
  let start = dot;
  while (start > 0 && !SPACE.test(text[start - 1]!)) {
    start--;
    if (dot - start > LONGEST_ABBREVIATION + 4) return false;
  }
  const token = text
    .slice(start, dot + 1)
    .replace(OPENING_PUNCTUATION, '')
    .toLowerCase();
  return ABBREVIATIONS.has(token);
}

/** Splits prose into sentences (paragraph breaks and . ! ? followed by whitespace, not after abbreviations). */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(PARAGRAPH_BREAK)) {
    let from = 0;
    for (const m of allMatches(SENTENCE_END, paragraph)) {
      const end = m.index + m[0].length;
      if (m[0] === '.' && endsAbbreviation(paragraph, m.index)) continue;
      out.push(paragraph.slice(from, end));
      from = end;
    }
    out.push(paragraph.slice(from));
  }
  return out.filter((s) => WORDISH.test(s));
}

/** Words of a field, and their syllables when the field counts for readability. */
export interface FieldMeasure {
  words: number;
  syllables: number;
  sentences: number;
}

/** Whether a field is running text for readability: list items except skills, summary, text, FAQ answers. */
function isRunningText(field: Field): boolean {
  return (
    field.kind === 'item' || field.kind === 'summary' || field.kind === 'text' || field.kind === 'answer'
  );
}

/** One pass over every field: words for all, syllables and sentences for running text. */
export function measureFields(fields: readonly Field[]): FieldMeasure[] {
  return fields.map((field) => {
    if (!isRunningText(field)) return { words: countWords(field.text), syllables: 0, sentences: 0 };
    let words = 0;
    let syllables = 0;
    for (const token of field.text.split(WHITESPACE)) {
      if (!WORDISH.test(token)) continue;
      words++;
      syllables += wordSyllables(token);
    }
    if (words === 0) return { words, syllables, sentences: 0 };
    const sentences = splitSentences(field.text).length;
    return { words, syllables, sentences: field.kind === 'item' ? Math.max(1, sentences) : sentences };
  });
}

const round1 = (x: number) => Math.round(x * 10) / 10 || 0;

/** Flesch (1948) reading ease and Flesch–Kincaid (1975) grade from raw counts, rounded to 1 decimal. */
export function fleschScores(words: number, sentences: number, syllables: number) {
  if (words === 0 || sentences === 0) return { fleschReadingEase: 0, fleschKincaidGrade: 0 };
  const wps = words / sentences;
  const spw = syllables / words;
  return {
    fleschReadingEase: round1(206.835 - 1.015 * wps - 84.6 * spw),
    fleschKincaidGrade: round1(0.39 * wps + 11.8 * spw - 15.59),
  };
}

/**
 * Readability of the document's running text: the summary, every list item except skills (each
 * item at least one sentence), extra-section text and FAQ answers. The title, skills, headings and
 * FAQ questions are labels, not sentences, and are left out.
 */
export function readabilityOf(fields: readonly Field[], measures = measureFields(fields)): Readability {
  let words = 0;
  let sentences = 0;
  let syllables = 0;
  fields.forEach((field, i) => {
    if (!isRunningText(field)) return;
    const m = measures[i]!;
    words += m.words;
    sentences += m.sentences;
    syllables += m.syllables;
  });
  return { words, sentences, syllables, ...fleschScores(words, sentences, syllables) };
}
