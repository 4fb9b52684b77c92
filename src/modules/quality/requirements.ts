// requirements.degree, contradiction.experience and contradiction.seniority.
import { allMatches, finding, spanOf } from './fields.ts';
import { SOURCES } from './rules.ts';
import type { Field, Finding } from './types.ts';

const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';

/** Degree wording, case-insensitive. "degree of …" (a high degree of accuracy) and "360-degree" are not degrees. */
const DEGREE_WORDS = new RegExp(
  `${B}(?:bachelor(?:['’]?s)?(?:\\s+of\\s+(?:science|arts|engineering|applied\\s+science))?(?:\\s+degree)?` +
    `|master(?:['’]?s)?(?:\\s+degree|(?=\\s+(?:in|of)\\s))` +
    `|(?:associate|university|college|academic|undergraduate|graduate|postgraduate|advanced|engineering)(?:['’]?s)?\\s+degree` +
    `|doctorate|ph\\.?\\s?d\\.?` +
    `|(?<!\\d[\\s-]?)degrees?(?!\\s+of${E}))${E}`,
  'iu',
);
/** Degree abbreviations, case-sensitive ("MS" only before "in" or "degree": "MS Office" is not one). */
const DEGREE_ABBREVIATIONS = new RegExp(
  `${B}(?:B\\.?Sc?\\.?|B\\.S\\.|B\\.?A\\.?|BEng|M\\.?Sc\\.?|M\\.S\\.|MS(?=\\s+(?:in|degree)${E})|MBA)(?![\\p{L}\\p{N}])`,
  'u',
);
/** An equivalent-experience alternative. */
const ALTERNATIVE =
  /\bor\s+(?:an?\s+|the\s+)?equivalent\b|\bequivalent\s+(?:combination|experience|practical|work|professional)\b|\bor\s+(?:related|relevant|comparable|similar)\s+(?:work\s+|professional\s+|practical\s+|industry\s+)?experience\b|\bin\s+lieu\s+of\b|\bor\s+\d{1,2}\s*\+?\s*years?\b/i;
/** The item itself says it is optional or that no degree is needed. */
const NOT_REQUIRED =
  /\b(?:preferred|a\s+plus|nice\s+to\s+have|desirable|advantageous|not\s+required|no\s+(?:college\s+|university\s+|formal\s+)?degree)\b/i;

function degreeMatch(text: string): { start: number; end: number } | null {
  const candidates = [DEGREE_WORDS.exec(text), DEGREE_ABBREVIATIONS.exec(text)].filter((m) => m !== null);
  if (candidates.length === 0) return null;
  const first = candidates.reduce((a, b) => (b.index < a.index ? b : a));
  return { start: first.index, end: first.index + first[0].length };
}

export function degreeFindings(fields: readonly Field[]): Finding[] {
  const out: Finding[] = [];
  for (const field of fields) {
    if (field.list !== 'qualifications') continue;
    const match = degreeMatch(field.text);
    if (!match || ALTERNATIVE.test(field.text) || NOT_REQUIRED.test(field.text)) continue;
    out.push(
      finding({
        rule: 'requirements.degree',
        severity: 'warning',
        message: `A degree is required ("${field.text.slice(match.start, match.end)}") with no equivalent-experience alternative.`,
        explanation:
          'Degree requirements screen out capable candidates who learned on the job, and a credential that is not job-related can be unlawful when it excludes protected groups (Griggs v. Duke Power, 1971).',
        suggestion:
          'Add "or equivalent practical experience", move the degree to preferred qualifications, or list the skills the degree stands for.',
        source: SOURCES.degree,
        span: spanOf(field, match.start, match.end),
      }),
    );
  }
  return out;
}

const NUM = '\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten';
const WORD_NUMBERS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};
/** "5+ years", "3-5 years", "at least 4 years", "minimum of 3 yrs", "three (3) years"; not "18 years of age". */
const YEARS = new RegExp(
  `(?<![\\p{L}\\p{N}.,])(?:(?:at\\s+least|a\\s+minimum\\s+of|minimum\\s+of|minimum|min\\.?|over|more\\s+than)\\s+)?` +
    `(${NUM})(?:\\s*\\(\\d{1,2}\\))?(?:\\s*(?:-|–|—|to)\\s*(${NUM}))?(?:\\s*\\+)?(?:\\s+or\\s+more)?\\s*` +
    `(?:years?|yrs?)(?![\\p{L}])(?!\\s+(?:old|of\\s+age)(?![\\p{L}]))`,
  'giu',
);

const toNumber = (s: string) => WORD_NUMBERS[s.toLowerCase()] ?? Number.parseInt(s, 10);

export interface YearsHit {
  start: number;
  end: number;
  text: string;
  min: number;
  max: number;
}

export function yearsIn(text: string): YearsHit[] {
  return allMatches(YEARS, text).map((m) => {
    const min = toNumber(m[1]!);
    const upper = m[2] === undefined ? min : toNumber(m[2]);
    return { start: m.index, end: m.index + m[0].length, text: m[0], min, max: Math.max(min, upper) };
  });
}

const SENIOR_TITLE = new RegExp(
  `${B}(?:senior|sr\\.?|lead(?!\\s+gen)|principal|head\\s+of|staff(?=\\s+(?:software|engineer|developer|data|scientist|designer|product|architect|ml|machine|security|site|research|backend|frontend|full)))(?![\\p{L}\\p{N}])`,
  'iu',
);
const JUNIOR_TITLE = new RegExp(
  `${B}(?:junior|jr\\.?|entry[\\s-]level|new\\s+grad(?:uate)?|graduate|grad|intern(?:ship)?|trainee|apprentice(?:ship)?|associate(?!\\s+(?:director|professor|partner|dean|vice|general|counsel|principal)))(?![\\p{L}\\p{N}])`,
  'iu',
);
/** In a summary "graduate" and "associate" are too ambiguous ("graduate degree"); the rest still count. */
const JUNIOR_SUMMARY = new RegExp(
  `${B}(?:junior|jr\\.?|entry[\\s-]level|trainee|intern(?:ship)?|apprentice(?:ship)?|graduate\\s+(?:role|position|program(?:me)?|scheme))(?![\\p{L}\\p{N}])`,
  'giu',
);
/** "mentor junior engineers": the marker describes other people, not this role. */
const ABOUT_OTHERS =
  /\b(?:mentor|coach|train|support|guid|manag|lead|hir|onboard|supervis)\w*\W+(?:\w+\W+){0,2}$/i;
const PLURAL_NEXT = /^[\s-]+[\p{L}-]*[a-rt-z]s(?![\p{L}])/iu;

/** The junior marker of the role: in the title, or else in the summary; null for senior titles. */
export function juniorMarker(
  title: string,
  summary: string,
): { text: string; where: 'title' | 'summary' } | null {
  if (SENIOR_TITLE.test(title)) return null;
  const inTitle = JUNIOR_TITLE.exec(title);
  if (inTitle) return { text: inTitle[0], where: 'title' };
  for (const m of allMatches(JUNIOR_SUMMARY, summary)) {
    const before = summary.slice(Math.max(0, m.index - 60), m.index);
    const after = summary.slice(m.index + m[0].length, m.index + m[0].length + 40);
    if (!ABOUT_OTHERS.test(before) && !PLURAL_NEXT.test(after)) return { text: m[0], where: 'summary' };
  }
  return null;
}

export function contradictionFindings(fields: readonly Field[], title: string, summary: string): Finding[] {
  const out: Finding[] = [];
  const junior = juniorMarker(title, summary);
  const senior = SENIOR_TITLE.exec(title);
  for (const field of fields) {
    if (field.list !== 'qualifications') continue;
    for (const hit of yearsIn(field.text)) {
      if (junior && hit.min >= 3) {
        out.push(
          finding({
            rule: 'contradiction.experience',
            severity: 'error',
            message: `The ${junior.where} says "${junior.text}", but this requirement asks for ${hit.text}.`,
            explanation:
              'A junior or entry-level role that requires several years of experience contradicts itself: early-career candidates rule themselves out and experienced ones expect a more senior role.',
            suggestion:
              'Lower the requirement to what the level needs (e.g. "0–2 years"), or change the title to the level you are hiring for.',
            source: SOURCES.editorial,
            span: spanOf(field, hit.start, hit.end),
          }),
        );
      } else if (senior && hit.max <= 1) {
        out.push(
          finding({
            rule: 'contradiction.seniority',
            severity: 'info',
            message: `The title says "${senior[0]}", but this requirement asks for only ${hit.text}.`,
            explanation: 'A senior title with an entry-level experience requirement confuses both audiences.',
            suggestion: 'Check the title and the requirement describe the same level.',
            source: SOURCES.editorial,
            span: spanOf(field, hit.start, hit.end),
          }),
        );
      }
    }
  }
  return out;
}
