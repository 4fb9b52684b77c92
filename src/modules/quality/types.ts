// Types of the job-description quality analysis. Pure data: no I/O anywhere in this module.

/** The text of a template or a posting, as the analysis reads it. */
export interface AnalysisDocument {
  /** e.g. "Jr. Backend Developer". */
  title: string;
  summary: string;
  responsibilities: string[];
  /** Required qualifications. */
  qualifications: string[];
  /** [] for templates. */
  preferredQualifications: string[];
  skills: string[];
  extraSections: { heading: string; items?: string[]; text?: string }[];
  faqs: { question: string; answer: string }[];
}

/** Facts only a posting has; absent for templates, and then the rules that need them do not run. */
export interface PostingFacts {
  /** At least one location, or remote. */
  hasLocation: boolean;
  employmentType: string | null;
  salary: { min: number | null; max: number | null } | null;
  /** The pay-transparency outcome computed elsewhere: 'required' = a law requires a bounded range here, 'recommended' = e.g. EU directive, 'none'. */
  payTransparency: 'required' | 'recommended' | 'none';
  /** Name of the rule that requires it, for the message, e.g. "Colorado Equal Pay for Equal Work Act". */
  payRule?: string;
}

export type Severity = 'info' | 'warning' | 'error';

/**
 * A range of one field. Field paths: "title", "summary", "responsibilities.3", "qualifications.0",
 * "preferredQualifications.1", "skills.2", "extraSections.2.heading", "extraSections.2.text",
 * "extraSections.2.items.4", "faqs.1.question", "faqs.1.answer". start/end are UTF-16 offsets into
 * that field's string, end exclusive, and text === field.slice(start, end).
 */
export interface TextSpan {
  field: string;
  start: number;
  end: number;
  text: string;
}

export interface Finding {
  /** Stable rule id, e.g. "gender.masculine". */
  rule: string;
  severity: Severity;
  message: string;
  explanation: string;
  suggestion: string;
  /** null for findings about the whole document. */
  span: TextSpan | null;
  /** Citation of the paper, law or guide the rule rests on. */
  source: string;
}

export type GenderBalance =
  | 'strongly feminine-coded'
  | 'feminine-coded'
  | 'neutral'
  | 'masculine-coded'
  | 'strongly masculine-coded';

export interface Readability {
  words: number;
  sentences: number;
  syllables: number;
  fleschReadingEase: number;
  fleschKincaidGrade: number;
}

export interface Analysis {
  /** Integer 0..100; 100 = nothing found. */
  score: number;
  /** Sorted deterministically: whole-document findings first, then by field order, start offset, rule. */
  findings: Finding[];
  /** Findings left out of the list because their rule already had MAX_PER_RULE (the score counts them). */
  omittedFindings: number;
  /** Words as found (lower-cased, unique, sorted). */
  gender: { masculine: string[]; feminine: string[]; balance: GenderBalance };
  /** Rounded to 1 decimal. */
  readability: Readability;
  counts: { responsibilities: number; requirements: number; words: number };
  rulesVersion: string;
}

/** A description of one rule, for the API and the docs. */
export interface RuleInfo {
  id: string;
  /** The severity of its findings (posting.salary_missing: 'error', or 'warning' when only recommended). */
  severity: Severity;
  description: string;
  source: string;
  /** The most this rule can take off the score, however many findings it has. */
  maxPenalty: number;
}

/** One string of the document, with its path and its place in document order. */
export interface Field {
  path: string;
  text: string;
  order: number;
  kind: 'title' | 'summary' | 'item' | 'skill' | 'heading' | 'text' | 'question' | 'answer';
  /** For list items: which list. */
  list?: 'responsibilities' | 'qualifications' | 'preferredQualifications' | 'skills' | 'extraSections';
}
