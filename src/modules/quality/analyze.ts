// Deterministic, advisory quality analysis of a job description. Pure: no I/O, no clock, no randomness.
import { parseJd } from '../templates/parse.ts';
import type { ParsedTemplate } from '../templates/types.ts';
import { documentFields, sortFindings } from './fields.ts';
import { genderAnalysis } from './gender.ts';
import { phraseFindings } from './inclusive.ts';
import { measureFields, readabilityOf } from './readability.ts';
import { contradictionFindings, degreeFindings } from './requirements.ts';
import { RULES, RULES_VERSION } from './rules.ts';
import { scoreOf } from './score.ts';
import {
  bulletFindings,
  lengthFindings,
  postingFindings,
  readabilityFindings,
  sectionFindings,
} from './structure.ts';
import type { Analysis, AnalysisDocument, Finding, PostingFacts } from './types.ts';

export type {
  Analysis,
  AnalysisDocument,
  Finding,
  PostingFacts,
  RuleInfo,
  Severity,
  TextSpan,
} from './types.ts';
export { RULES, RULES_VERSION };

/** How many findings of one rule an analysis lists. */
export const MAX_PER_RULE = 25;

export function analyzeDocument(doc: AnalysisDocument, facts?: PostingFacts): Analysis {
  const fields = documentFields(doc);
  const gender = genderAnalysis(fields);
  const measures = measureFields(fields);
  const readability = readabilityOf(fields, measures);
  let words = 0;
  for (const m of measures) words += m.words;

  const findings: Finding[] = [
    ...gender.findings,
    ...phraseFindings(fields),
    ...degreeFindings(fields),
    ...contradictionFindings(fields, doc.title, doc.summary),
    ...readabilityFindings(readability),
    ...lengthFindings(words),
    ...bulletFindings(doc, fields, measures),
    ...sectionFindings(doc),
    ...(facts ? postingFindings(facts) : []),
  ];
  const order = new Map(fields.map((f) => [f.path, f.order]));
  const sorted = sortFindings(findings, order);
  // The score counts every finding (each rule's penalty is capped); the list shows the first
  // MAX_PER_RULE of each rule, so a document repeating one word cannot make a huge answer.
  const perRule = new Map<string, number>();
  const shown = sorted.filter((f) => {
    const n = (perRule.get(f.rule) ?? 0) + 1;
    perRule.set(f.rule, n);
    return n <= MAX_PER_RULE;
  });
  return {
    score: scoreOf(findings),
    findings: shown,
    omittedFindings: sorted.length - shown.length,
    gender: gender.summary,
    readability,
    counts: { responsibilities: doc.responsibilities.length, requirements: doc.qualifications.length, words },
    rulesVersion: RULES_VERSION,
  };
}

/** A parsed template as an analysis document: the role is the title, and there are no preferred qualifications. */
export function fromParsedTemplate(t: ParsedTemplate): AnalysisDocument {
  return {
    title: t.role,
    summary: t.summary,
    responsibilities: t.responsibilities,
    qualifications: t.qualifications,
    preferredQualifications: [],
    skills: t.skills,
    extraSections: t.extraSections,
    faqs: t.faqs,
  };
}

/** Parses plain text or Markdown with parseJd (its ParseError propagates) and analyzes the result. */
export function analyzeText(text: string, facts?: PostingFacts): Analysis {
  return analyzeDocument(fromParsedTemplate(parseJd(text)), facts);
}
