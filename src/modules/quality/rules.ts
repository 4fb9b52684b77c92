// Every rule of the analysis, its sources and its weight in the score. Bump RULES_VERSION whenever a
// rule, a word list, a threshold or the score formula changes.
import type { RuleInfo, Severity } from './types.ts';

export const RULES_VERSION = '2026-11-25';

/** Points one finding takes off the score, before the rule's cap. */
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { error: 15, warning: 5, info: 1 };

export const SOURCES = {
  gaucher:
    'Gaucher, Friesen & Kay (2011), "Evidence that gendered wording in job advertisements exists and sustains gender inequality", Journal of Personality and Social Psychology 101(1):109–128; word lists as used by the Gender Decoder (Kat Matfield, gender-decoder.katmatfield.com, MIT licence)',
  age: 'US Age Discrimination in Employment Act, 29 U.S.C. § 623(e); EEOC regulation 29 C.F.R. § 1625.4(a) (help-wanted notices naming "young", "recent college graduate" and similar terms)',
  nationalOrigin:
    'US Civil Rights Act of 1964, Title VII; EEOC Enforcement Guidance on National Origin Discrimination (2016), on language and fluency requirements',
  sexAds:
    'US Civil Rights Act of 1964, Title VII; EEOC regulation 29 C.F.R. § 1604.5 (job opportunities advertising)',
  pronouns: 'APA Publication Manual, 7th edition (2020), bias-free language guidelines: singular "they"',
  slang:
    'LinkedIn Talent Blog, "17 Words That Are Turning Women Away From Your Jobs" (2016), which lists "ninja" and "rock star"; editorial guidance, not law (the 2011 study did not test these words)',
  disability:
    'Americans with Disabilities Act, 42 U.S.C. § 12111(8) and § 12112 (essential functions, reasonable accommodation); National Center on Disability and Journalism, Disability Language Style Guide',
  religion:
    'US Civil Rights Act of 1964, Title VII, 42 U.S.C. § 2000e(j); EEOC, "Religious Garb and Grooming in the Workplace: Rights and Responsibilities" (2014)',
  editorial: 'Rolecraft editorial guidance (no external source)',
  plainLanguage:
    'US Federal Plain Language Guidelines (plainlanguage.gov, 2011): prefer simple, familiar words to jargon; editorial guidance',
  degree:
    'Griggs v. Duke Power Co., 401 U.S. 424 (1971) (credential requirements must be job-related); Fuller & Raman, "Dismissed by Degrees", Harvard Business School / Accenture / Grads of Life (2017)',
  readability:
    'Flesch (1948), "A new readability yardstick", Journal of Applied Psychology 32(3):221–233; Kincaid, Fishburne, Rogers & Chissom (1975), Derivation of New Readability Formulas for Navy Enlisted Personnel, Research Branch Report 8-75',
  length:
    'Appcast click-to-apply data on ~400,000 job seekers, reported in "Long Job Descriptions and Titles Can Hurt You. And So Can Short Ones", ERE.net (2015); the thresholds are Rolecraft\'s choice',
  requirements:
    "Mohr, \"Why Women Don't Apply for Jobs Unless They're 100% Qualified\", Harvard Business Review (2014); the threshold is Rolecraft's choice",
  euPay: 'Directive (EU) 2023/970 (Pay Transparency Directive), Article 5',
  payLaw: 'Pay-transparency law applicable to this posting',
  google:
    'Google Search Central, JobPosting structured data: jobLocation is required (or applicantLocationRequirements for remote jobs); employmentType is recommended',
} as const;

export const RULES: readonly RuleInfo[] = [
  {
    id: 'gender.masculine',
    severity: 'info',
    description:
      'A masculine-coded word from the Gaucher, Friesen & Kay (2011) lists, one finding per occurrence.',
    source: SOURCES.gaucher,
    maxPenalty: 5,
  },
  {
    id: 'gender.feminine',
    severity: 'info',
    description: 'A feminine-coded word from the same lists; shown for balance, never lowers the score.',
    source: SOURCES.gaucher,
    maxPenalty: 0,
  },
  {
    id: 'gender.balance',
    severity: 'warning',
    description: 'The document is masculine-coded or strongly masculine-coded overall.',
    source: SOURCES.gaucher,
    maxPenalty: 5,
  },
  {
    id: 'inclusive.exclusionary',
    severity: 'warning',
    description:
      'An exclusionary phrase (age, national origin, gendered terms, culture slang, ableist terms, "culture fit", grooming), each with a specific alternative.',
    source: `${SOURCES.age}; ${SOURCES.nationalOrigin}; ${SOURCES.sexAds}; ${SOURCES.pronouns}; ${SOURCES.slang}; ${SOURCES.disability}; ${SOURCES.religion}`,
    maxPenalty: 20,
  },
  {
    id: 'wording.jargon',
    severity: 'info',
    description: 'A cliché that says little ("synergy", "self-starter", "fast-paced", "wear many hats", …).',
    source: SOURCES.plainLanguage,
    maxPenalty: 3,
  },
  {
    id: 'requirements.degree',
    severity: 'warning',
    description: 'A required qualification asks for a degree without an equivalent-experience alternative.',
    source: SOURCES.degree,
    maxPenalty: 10,
  },
  {
    id: 'readability.flesch',
    severity: 'warning',
    description: 'Flesch Reading Ease below 30 or Flesch–Kincaid grade above 14.',
    source: SOURCES.readability,
    maxPenalty: 5,
  },
  {
    id: 'length.too_short',
    severity: 'warning',
    description: 'The whole document has fewer than 150 words.',
    source: SOURCES.length,
    maxPenalty: 5,
  },
  {
    id: 'length.too_long',
    severity: 'info',
    description: 'The whole document has more than 1,200 words.',
    source: SOURCES.length,
    maxPenalty: 1,
  },
  {
    id: 'bullets.too_many_requirements',
    severity: 'warning',
    description: 'More than 10 required qualifications.',
    source: SOURCES.requirements,
    maxPenalty: 5,
  },
  {
    id: 'bullets.too_many_responsibilities',
    severity: 'info',
    description: 'More than 12 responsibilities.',
    source: SOURCES.editorial,
    maxPenalty: 1,
  },
  {
    id: 'bullets.long_item',
    severity: 'info',
    description: 'A list item of more than 40 words.',
    source: SOURCES.editorial,
    maxPenalty: 3,
  },
  {
    id: 'sections.missing',
    severity: 'warning',
    description: 'No summary, no responsibilities, or no qualifications (one finding each).',
    source: SOURCES.editorial,
    maxPenalty: 15,
  },
  {
    id: 'contradiction.experience',
    severity: 'error',
    description:
      'A junior, entry-level, graduate, intern or trainee role requires 3 or more years of experience.',
    source: SOURCES.editorial,
    maxPenalty: 30,
  },
  {
    id: 'contradiction.seniority',
    severity: 'info',
    description: 'A senior, lead, principal or staff role requires at most 1 year of experience.',
    source: SOURCES.editorial,
    maxPenalty: 2,
  },
  {
    id: 'posting.salary_missing',
    severity: 'error',
    description:
      'Postings only: pay transparency applies but there is no bounded pay range (error when a law requires it, warning when only recommended).',
    source: `${SOURCES.payLaw}; ${SOURCES.euPay}`,
    maxPenalty: 15,
  },
  {
    id: 'posting.salary_open_ended',
    severity: 'info',
    description: 'Postings only: the pay range has only one bound (where no pay-transparency rule applies).',
    source: SOURCES.editorial,
    maxPenalty: 1,
  },
  {
    id: 'posting.location_missing',
    severity: 'warning',
    description: 'Postings only: no location and not remote.',
    source: SOURCES.google,
    maxPenalty: 5,
  },
  {
    id: 'posting.employment_type_missing',
    severity: 'warning',
    description: 'Postings only: no employment type.',
    source: SOURCES.google,
    maxPenalty: 5,
  },
];
