// inclusive.exclusionary and wording.jargon: whole-word phrase matching, one combined regex for both rules.
import { allMatches, finding, spanOf } from './fields.ts';
import { EXCLUSIONARY_TERMS, GROUPS, JARGON_TERMS, type Term } from './inclusive-terms.ts';
import { SOURCES } from './rules.ts';
import type { Field, Finding } from './types.ts';

export interface TermHit {
  field: Field;
  start: number;
  end: number;
  term: Term;
}

/** One regex per list: (?:(t1)|(t2)|…) between non-letter boundaries; group i + 1 is term i. */
function compile(terms: readonly Term[]): RegExp {
  const alternatives = terms.map((t) => `(${t.pattern})`).join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'giu');
}

const TERMS: readonly Term[] = [...EXCLUSIONARY_TERMS, ...JARGON_TERMS];
const JARGON: ReadonlySet<Term> = new Set(JARGON_TERMS);
/** Both lists in one pass; a phrase is in one list only. */
const ALL_TERMS = compile(TERMS);

function findTerms(fields: readonly Field[], regex: RegExp, terms: readonly Term[]): TermHit[] {
  const hits: TermHit[] = [];
  for (const field of fields) {
    for (const m of allMatches(regex, field.text)) {
      const index = m.findIndex((group, i) => i > 0 && group !== undefined);
      const term = terms[index - 1];
      if (term && m[0].length > 0) hits.push({ field, start: m.index, end: m.index + m[0].length, term });
    }
  }
  return hits;
}

function exclusionaryFinding(hit: TermHit): Finding {
  const group = GROUPS[hit.term.group]!;
  const text = hit.field.text.slice(hit.start, hit.end);
  return finding({
    rule: 'inclusive.exclusionary',
    severity: 'warning',
    message: `"${text}" can exclude candidates (${group.id}).`,
    explanation: group.explanation,
    suggestion: hit.term.suggestion,
    source: group.source,
    span: spanOf(hit.field, hit.start, hit.end),
  });
}

function jargonFinding(hit: TermHit): Finding {
  const text = hit.field.text.slice(hit.start, hit.end);
  return finding({
    rule: 'wording.jargon',
    severity: 'info',
    message: `"${text}" is a cliché that says little about the job.`,
    explanation: 'Stock phrases take reading time without telling candidates what the work is like.',
    suggestion: hit.term.suggestion,
    source: SOURCES.plainLanguage,
    span: spanOf(hit.field, hit.start, hit.end),
  });
}

/** inclusive.exclusionary and wording.jargon findings. */
export function phraseFindings(fields: readonly Field[]): Finding[] {
  return findTerms(fields, ALL_TERMS, TERMS).map((hit) =>
    JARGON.has(hit.term) ? jargonFinding(hit) : exclusionaryFinding(hit),
  );
}
