// Phrase lists for inclusive.exclusionary and wording.jargon. Each pattern is a regular-expression
// source matched case-insensitively (flags "iu") as a whole word or phrase; patterns use only
// (?:…) groups, and "\s+" between literal words, so matching stays linear.
import { SOURCES } from './rules.ts';

export interface TermGroup {
  id: string;
  explanation: string;
  source: string;
}

export interface Term {
  pattern: string;
  group: string;
  suggestion: string;
}

export const GROUPS: Readonly<Record<string, TermGroup>> = {
  age: {
    id: 'age',
    explanation:
      'Age-coded wording deters older applicants; US law bars help-wanted notices that indicate an age preference, and the EEOC names "young" and "recent college graduate" as examples.',
    source: SOURCES.age,
  },
  nationalOrigin: {
    id: 'national origin',
    explanation:
      'Asking for a "native" speaker screens by national origin rather than by language ability; require the fluency the job needs instead.',
    source: SOURCES.nationalOrigin,
  },
  gendered: {
    id: 'gendered terms',
    explanation: 'Gendered job and group words suggest the job is meant for one sex.',
    source: SOURCES.sexAds,
  },
  pronouns: {
    id: 'pronouns',
    explanation: '"He or she" and its variants leave out people who use neither pronoun and read awkwardly.',
    source: SOURCES.pronouns,
  },
  slang: {
    id: 'culture slang',
    explanation:
      'Bro-culture titles such as "rockstar" or "ninja" say little about the job and are commonly reported to put women off applying.',
    source: SOURCES.slang,
  },
  disability: {
    id: 'disability',
    explanation:
      'Casual mental-illness metaphors and "able-bodied" requirements exclude disabled candidates; describe the essential functions of the job instead.',
    source: SOURCES.disability,
  },
  culture: {
    id: 'culture',
    explanation:
      '"Culture fit" and "work hard, play hard" invite hiring people like the current team and hint at long hours without saying what the job asks.',
    source: SOURCES.editorial,
  },
  grooming: {
    id: 'grooming',
    explanation:
      'A blanket grooming rule can conflict with religious practice (and medical conditions); employers must consider accommodation.',
    source: SOURCES.religion,
  },
};

export const EXCLUSIONARY_TERMS: readonly Term[] = [
  {
    pattern: 'young',
    group: 'age',
    suggestion:
      'Describe the work, not the age of the people: for a company say "new" or "founded in …"; never describe candidates by age.',
  },
  { pattern: 'youthful', group: 'age', suggestion: 'Remove it; describe the work environment concretely.' },
  {
    pattern: 'digital\\s+natives?',
    group: 'age',
    suggestion: 'Name the tools instead, e.g. "comfortable with Google Workspace and Slack".',
  },
  {
    pattern: '(?:recent|new)\\s+(?:college\\s+|university\\s+)?grad(?:uate)?s?',
    group: 'age',
    suggestion:
      'State the experience level instead, e.g. "0–2 years of experience" or "no experience required".',
  },
  {
    pattern: 'native\\s+(?:\\p{L}+\\s+)?speakers?',
    group: 'nationalOrigin',
    suggestion: 'Say "fluent in English" (or the language and level the job needs).',
  },
  {
    pattern: 'native(?:[\\s-]+level)?\\s+english',
    group: 'nationalOrigin',
    suggestion: 'Say "fluent English" (or the level the job needs, e.g. CEFR C1).',
  },
  { pattern: 'mother[\\s-]+tongue', group: 'nationalOrigin', suggestion: 'Say "fluent in …".' },
  { pattern: 'manpower', group: 'gendered', suggestion: 'Say "staff", "workforce" or "people".' },
  { pattern: 'chairm[ae]n', group: 'gendered', suggestion: 'Say "chair" or "chairperson".' },
  { pattern: 'salesm[ae]n', group: 'gendered', suggestion: 'Say "salesperson" or "sales representative".' },
  { pattern: 'forem[ae]n', group: 'gendered', suggestion: 'Say "supervisor" or "site lead".' },
  { pattern: 'guys', group: 'gendered', suggestion: 'Say "everyone", "folks" or "the team".' },
  {
    pattern:
      '(?:he\\s*\\/\\s*she|he\\s+or\\s+she|s\\/he|\\(s\\)he|his\\s*\\/\\s*her|his\\s+or\\s+her|him\\s*\\/\\s*her|him\\s+or\\s+her)',
    group: 'pronouns',
    suggestion: 'Address the reader as "you", or use "they".',
  },
  {
    pattern: 'rock[\\s-]*stars?',
    group: 'slang',
    suggestion: 'Name the skill level, e.g. "experienced engineer".',
  },
  { pattern: 'ninjas?', group: 'slang', suggestion: 'Name the skill, e.g. "expert in …".' },
  { pattern: 'gurus?', group: 'slang', suggestion: 'Say "expert" or "specialist".' },
  {
    pattern: '(?<!(?:setup|install|installation|configuration)\\s)wizards?',
    group: 'slang',
    suggestion: 'Say "expert" or "specialist".',
  },
  {
    pattern: '(?<!(?:ethical|white[\\s-]hat)\\s)hackers?',
    group: 'slang',
    suggestion: 'Say "engineer" or "developer" (keep "ethical hacker" for security roles).',
  },
  {
    pattern: 'crazy',
    group: 'disability',
    suggestion: 'Say what you mean: "very busy", "surprising", "ambitious".',
  },
  { pattern: 'insane(?:ly)?', group: 'disability', suggestion: 'Say what you mean: "remarkable", "very".' },
  {
    pattern: 'able[\\s-]bodied',
    group: 'disability',
    suggestion:
      'Describe the physical tasks of the job (e.g. "lift 20 kg with or without reasonable accommodation").',
  },
  {
    pattern: 'culture\\s+fit',
    group: 'culture',
    suggestion: 'Say "culture add", or name the values you hire for.',
  },
  {
    pattern: 'work\\s+hard(?:\\s*,)?\\s+play\\s+hard',
    group: 'culture',
    suggestion: 'Describe actual working hours, flexibility and team activities.',
  },
  {
    pattern: 'clean[\\s-]shaven',
    group: 'grooming',
    suggestion:
      'State the actual requirement (e.g. a respirator seal for safety) and that accommodations are available.',
  },
];

export const JARGON_TERMS: readonly Term[] = [
  { pattern: 'synerg(?:y|ies|istic)', group: 'jargon', suggestion: 'Say what the teams will do together.' },
  {
    pattern: 'self[\\s-]?starters?',
    group: 'jargon',
    suggestion: 'Describe the autonomy, e.g. "you will plan your own work".',
  },
  {
    pattern: 'fast[\\s-]paced',
    group: 'jargon',
    suggestion: 'Say what changes how often, e.g. "we release twice a week".',
  },
  {
    pattern: 'wear(?:ing)?\\s+many\\s+hats',
    group: 'jargon',
    suggestion: 'List the actual duties the role combines.',
  },
  {
    pattern: 'hit\\s+the\\s+ground\\s+running',
    group: 'jargon',
    suggestion: 'Say what you expect in the first weeks, and what onboarding there is.',
  },
  { pattern: 'go[\\s-]getters?', group: 'jargon', suggestion: 'Describe the behaviour the job needs.' },
  {
    pattern: 'think(?:ing)?\\s+outside\\s+(?:of\\s+)?the\\s+box',
    group: 'jargon',
    suggestion: 'Describe the kind of problems the person will solve.',
  },
];
