// Posting content as plain functions: start from a template or from scratch, normalise what an
// editor sent, refuse what cannot be stored, and derive the indexed columns boards search on.
import { invalid } from '../../shared/errors.ts';
import type { Template } from '../templates/schemas.ts';
import type { PostingInput } from './schemas.ts';
import type { PostingContent, PostingLocation, Salary, SalaryPeriod, ScreeningQuestion } from './types.ts';

export const MAX_TITLE = 80;

export function emptyContent(title: string): PostingContent {
  return {
    title,
    department: null,
    summary: '',
    responsibilities: [],
    qualifications: [],
    preferredQualifications: [],
    extraSections: [],
    faqs: [],
    requiredSkills: [],
    preferredSkills: [],
    locations: [],
    workplaceType: 'on_site',
    applicantLocationRequirements: [],
    employmentType: null,
    salary: null,
    validThrough: null,
    experienceMonths: null,
    educationLevel: null,
    questions: [],
    hiringTeam: [],
  };
}

/** A template's content, copied for editing. Its role names the job; titles stay within 80. */
export function contentFromTemplate(template: Template): PostingContent {
  return {
    ...emptyContent(template.role.slice(0, MAX_TITLE).trim()),
    summary: template.summary,
    responsibilities: [...template.responsibilities],
    qualifications: [...template.qualifications],
    extraSections: template.extraSections.map((s) => ({ ...s })),
    faqs: template.faqs.map((f) => ({ ...f })),
    requiredSkills: template.skills.map((s) => s.label),
  };
}

const trimAll = (items: string[]) => items.map((s) => s.trim()).filter(Boolean);

function uniqueCaseless(items: string[]): string[] {
  const seen = new Set<string>();
  return trimAll(items).filter((s) => {
    const key = s.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function normalizeLocation(l: PostingLocation): PostingLocation {
  const out: PostingLocation = { countryCode: l.countryCode.toUpperCase() };
  if (l.city?.trim()) out.city = l.city.trim().replace(/\s+/g, ' ');
  if (l.region?.trim()) out.region = l.region.trim().replace(/\s+/g, ' ');
  if (l.postalCode?.trim()) out.postalCode = l.postalCode.trim().toUpperCase();
  return out;
}

/** Question ids are kept when given, else made from the position; duplicates are refused. */
function normalizeQuestions(questions: PostingInput['questions'] & object): ScreeningQuestion[] {
  const given = questions.flatMap((q) => (q.id ? [q.id] : []));
  const ids = new Set<string>();
  return questions.map((q, i) => {
    let id = q.id ?? `q${i + 1}`;
    // A generated id steps around every id the caller chose, wherever it comes in the list.
    while (!q.id && (ids.has(id) || given.includes(id))) id = `${id}x`;
    if (ids.has(id)) {
      throw invalid('invalid_posting', `Question id "${id}" is used twice.`, {
        errors: [{ path: `body/questions/${i}/id`, message: 'Used twice.' }],
      });
    }
    ids.add(id);
    const out: ScreeningQuestion = { id, type: q.type, label: q.label.trim(), required: q.required ?? false };
    if (q.helpText?.trim()) out.helpText = q.helpText.trim();
    if (q.options) out.options = trimAll(q.options);
    if (q.knockoutAnswer !== undefined) out.knockoutAnswer = q.knockoutAnswer;
    if (q.min !== undefined) out.min = q.min;
    if (q.max !== undefined) out.max = q.max;
    if (q.consentText?.trim()) out.consentText = q.consentText.trim();
    return out;
  });
}

/** Applies an edit to content (only the fields sent change) and normalises the result. */
export function applyInput(base: PostingContent, input: PostingInput): PostingContent {
  const merged: PostingContent = { ...base, ...(input as Partial<PostingContent>) };
  return {
    ...merged,
    title: merged.title.trim().replace(/\s+/g, ' '),
    department: merged.department?.trim() || null,
    summary: merged.summary.trim(),
    responsibilities: trimAll(merged.responsibilities),
    qualifications: trimAll(merged.qualifications),
    preferredQualifications: trimAll(merged.preferredQualifications),
    requiredSkills: uniqueCaseless(merged.requiredSkills),
    preferredSkills: uniqueCaseless(merged.preferredSkills),
    locations: merged.locations.map(normalizeLocation),
    applicantLocationRequirements: [
      ...new Set(merged.applicantLocationRequirements.map((c) => c.toUpperCase())),
    ],
    questions: input.questions ? normalizeQuestions(input.questions) : merged.questions,
    validThrough: merged.validThrough ? new Date(merged.validThrough).toISOString() : null,
  };
}

const SALARY_IN_TITLE =
  /[$€£¥₹]|\b\d[\d,.]*\s?(?:k|K|usd|eur|gbp)\b|\b\d{2,3}[,.]\d{3}\b|\b(?:salary|per hour|\/hr|\/hour|\/year)\b/i;
const PLACE_WORDS = /\b(?:remote|hybrid|on-?site|work from home|wfh)\b/i;

function wordIn(text: string, word: string, flags: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^|[^\\p{L}\\p{N}])${escaped}(?:$|[^\\p{L}\\p{N}])`, flags).test(text);
}

interface Problem {
  path: string;
  message: string;
}

/** What makes content impossible to store, whatever the status. */
export function contentProblems(c: PostingContent): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (!c.title) add('title', 'The title must not be blank.');
  if (c.title.length > MAX_TITLE) add('title', `The title must be at most ${MAX_TITLE} characters.`);
  if (SALARY_IN_TITLE.test(c.title)) add('title', 'Put pay in the salary field, not in the title.');
  // Names match in any case; short codes ("NY") only as written, so "in Test" is not Indiana.
  const names = c.locations.flatMap((l) =>
    [l.city, l.region].filter((p): p is string => !!p && p.length > 3),
  );
  const codes = c.locations.flatMap((l) =>
    [l.city, l.region].filter((p): p is string => !!p && p.length <= 3),
  );
  if (
    PLACE_WORDS.test(c.title) ||
    names.some((p) => wordIn(c.title, p, 'iu')) ||
    codes.some((code) => code.length > 1 && wordIn(c.title, code.toUpperCase(), 'u'))
  ) {
    add('title', 'Put the location and workplace type in their fields, not in the title.');
  }
  if (c.salary) problems.push(...salaryProblems(c.salary));
  if (c.workplaceType !== 'remote' && c.applicantLocationRequirements.length > 0) {
    add('applicantLocationRequirements', 'Applicant location requirements apply to remote jobs only.');
  }
  c.questions.forEach((q, i) => {
    const at = `questions/${i}`;
    const choice = q.type === 'single_choice' || q.type === 'multiple_choice';
    if (choice && !q.options) add(at, 'A choice question needs at least two options.');
    if (!choice && q.options) add(at, 'Only choice questions have options.');
    if (q.options && new Set(q.options.map((o) => o.toLowerCase())).size !== q.options.length) {
      add(at, 'Options must be different.');
    }
    if (q.knockoutAnswer !== undefined && q.type !== 'yes_no')
      add(at, 'Only yes/no questions have a knock-out answer.');
    if (q.type === 'consent' && !q.consentText) add(at, 'A consent question needs the consent text.');
    if (q.type !== 'consent' && q.consentText) add(at, 'Only consent questions have consent text.');
    if ((q.min !== undefined || q.max !== undefined) && q.type !== 'number')
      add(at, 'Only number questions have bounds.');
    if (q.min !== undefined && q.max !== undefined && q.min > q.max) add(at, 'min must not exceed max.');
  });
  const team = new Set<string>();
  c.hiringTeam.forEach((m, i) => {
    if (team.has(m.userId)) add(`hiringTeam/${i}`, 'A person is on the hiring team once.');
    team.add(m.userId);
  });
  return problems;
}

function salaryProblems(s: Salary): Problem[] {
  if (s.min === null && s.max === null)
    return [{ path: 'salary', message: 'Give a minimum, a maximum or both.' }];
  if (s.min !== null && s.max !== null && s.min > s.max) {
    return [{ path: 'salary', message: 'The minimum must not exceed the maximum.' }];
  }
  return [];
}

/** A whole posting's content, serialised: every field has its limit, and so does the sum. */
export const MAX_CONTENT_CHARS = 100_000;

export function assertStorable(content: PostingContent) {
  const size = JSON.stringify(content).length;
  if (size > MAX_CONTENT_CHARS) {
    throw invalid(
      'posting_too_large',
      `A posting may hold ${MAX_CONTENT_CHARS} characters in all; this one has ${size}.`,
      {
        errors: [{ path: 'body', message: 'Too large in all.' }],
      },
    );
  }
  const problems = contentProblems(content);
  if (problems.length > 0) {
    throw invalid('invalid_posting', problems[0]!.message, {
      errors: problems.map((p) => ({ path: `body/${p.path}`, message: p.message })),
    });
  }
}

const PER_YEAR: Record<SalaryPeriod, number> = { HOUR: 2080, DAY: 260, WEEK: 52, MONTH: 12, YEAR: 1 };

export const locationKey = (l: PostingLocation) =>
  [l.city, l.region, l.countryCode].filter(Boolean).join(', ');

/** The columns derived from content, for indexes: facets, search, boards and insights. */
export function derivedColumns(c: PostingContent) {
  const perYear = c.salary ? PER_YEAR[c.salary.period] : 1;
  const annual = (v: number | null | undefined) =>
    v === null || v === undefined ? null : Math.round(v * perYear);
  const countries = new Set(c.locations.map((l) => l.countryCode));
  if (c.workplaceType === 'remote') for (const code of c.applicantLocationRequirements) countries.add(code);
  const keys = c.locations.map(locationKey);
  if (c.workplaceType === 'remote') keys.push('Remote');
  return {
    title: c.title,
    department: c.department,
    employmentType: c.employmentType,
    workplaceType: c.workplaceType,
    countries: [...countries].sort(),
    locationKeys: [...new Set(keys)],
    salaryCurrency: c.salary?.currency ?? null,
    salaryPeriod: c.salary?.period ?? null,
    salaryMin: c.salary?.min ?? null,
    salaryMax: c.salary?.max ?? null,
    annualMin: annual(c.salary?.min),
    annualMax: annual(c.salary?.max),
    validThrough: c.validThrough ? new Date(c.validThrough) : null,
    searchText: [
      c.requiredSkills.join(' '),
      c.preferredSkills.join(' '),
      keys.join(' '),
      c.summary,
      c.responsibilities.join(' '),
      c.qualifications.join(' '),
      c.preferredQualifications.join(' '),
    ]
      .join(' ')
      .slice(0, 200_000),
  };
}

/** A slug from the title plus the posting's number, unique in the organization by construction. */
export function postingSlug(title: string, number: number): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return base ? `${base}-${number}` : `job-${number}`;
}
