// The text of a job posting as the public sees it: the description HTML (the same markup on the job page,
// in the JSON-LD description and in the feeds, so everything the markup says is visible on the page), a
// plain summary for meta descriptions and RSS, and short labels for location, pay, experience and the
// like. Pure functions; every piece of user text is escaped by the html template.
import { html, type SafeHtml } from '../../http/html.ts';
import type {
  EducationLevel,
  EmploymentType,
  PostingContent,
  PostingLocation,
  Salary,
  SalaryPeriod,
} from '../postings/types.ts';

const nonBlank = (items: readonly string[] | undefined) => (items ?? []).filter((i) => i.trim() !== '');

function paragraphs(text: string | undefined): SafeHtml[] {
  return (text ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => html`<p>${p}</p>`);
}

function listSection(heading: string, items: readonly string[] | undefined): SafeHtml | '' {
  const kept = nonBlank(items);
  if (kept.length === 0) return '';
  return html`<section><h2>${heading}</h2><ul>${kept.map((i) => html`<li>${i}</li>`)}</ul></section>`;
}

function skillsSection(required: readonly string[], preferred: readonly string[]): SafeHtml | '' {
  const req = nonBlank(required);
  const pref = nonBlank(preferred);
  if (req.length === 0 && pref.length === 0) return '';
  return html`<section><h2>Skills</h2><ul>${req.map((s) => html`<li class="skill-required">${s}</li>`)}${pref.map(
    (s) => html`<li class="skill-preferred">${s} <span class="meta">(preferred)</span></li>`,
  )}</ul></section>`;
}

/**
 * The posting's full description as simple semantic HTML: summary paragraphs, then Responsibilities,
 * Requirements, Nice to have, the extra sections in order, Skills (required, then preferred, marked) and
 * the FAQs. Empty sections are left out. The title is not included: the page shows it as its <h1>.
 */
export function descriptionHtml(content: PostingContent): SafeHtml {
  const extra = content.extraSections.map((s) => {
    const items = nonBlank(s.items);
    const body = items.length > 0 ? html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>` : '';
    const text = paragraphs(s.text);
    if (body === '' && text.length === 0) return '';
    const heading = s.heading.trim();
    return html`<section>${heading ? html`<h2>${heading}</h2>` : ''}${text}${body}</section>`;
  });
  const faqs = content.faqs.filter((f) => f.question.trim() !== '' && f.answer.trim() !== '');
  const blocks = [
    ...paragraphs(content.summary),
    listSection('Responsibilities', content.responsibilities),
    listSection('Requirements', content.qualifications),
    listSection('Nice to have', content.preferredQualifications),
    ...extra,
    skillsSection(content.requiredSkills, content.preferredSkills),
    faqs.length > 0
      ? html`<section><h2>Frequently asked questions</h2>${faqs.map(
          (f) => html`<h3>${f.question.trim()}</h3>${paragraphs(f.answer)}`,
        )}</section>`
      : '',
  ].filter((b): b is SafeHtml => b !== '');
  return html`${blocks.map((b, i) => (i === 0 ? b : html`\n${b}`))}`;
}

/** Cuts text to at most max characters on a word boundary, ending in "…" when something was cut. */
export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  // One character is left for the ellipsis; an emoji cut in half loses its lone high surrogate.
  const head = text.slice(0, Math.max(1, max - 1)).replace(/[\uD800-\uDBFF]$/, '');
  // A cut inside a word drops the partial word, unless it is the only one (then the cut is hard).
  const insideWord = /\S$/.test(head) && /\S/.test(text.charAt(head.length));
  const cut = insideWord && /\s/.test(head) ? head.replace(/\S+$/, '') : head;
  return `${cut.replace(/[\s,;:.\-–—]+$/, '')}…`;
}

/**
 * The first text of the posting (its summary, or else the first responsibility, qualification or section
 * text) as one whitespace-collapsed line of at most max characters, for meta and RSS descriptions.
 */
export function plainSummary(content: PostingContent, max = 300): string {
  const candidates = [
    content.summary,
    ...content.responsibilities,
    ...content.qualifications,
    ...content.extraSections.flatMap((s) => [s.text ?? '', ...(s.items ?? [])]),
  ];
  const first = candidates.map((c) => c.replace(/\s+/g, ' ').trim()).find((c) => c !== '') ?? '';
  return truncateWords(first, max);
}

/** "Berlin, BE, DE": city, region and country, skipping the missing ones. */
export function locationLabel(l: PostingLocation): string {
  return [l.city, l.region, l.countryCode]
    .map((p) => p?.trim())
    .filter((p): p is string => Boolean(p))
    .join(', ');
}

const PERIOD_WORDS: Record<SalaryPeriod, string> = {
  HOUR: 'hour',
  DAY: 'day',
  WEEK: 'week',
  MONTH: 'month',
  YEAR: 'year',
};

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/**
 * "USD 90,000–120,000 per year", "from USD 40,000 per year", "up to USD 25 per hour", or null when
 * neither bound is set. Grouping is always en-US, so the label does not depend on the server's locale.
 */
export function salaryLabel(s: Salary): string | null {
  const per = `per ${PERIOD_WORDS[s.period]}`;
  const { min, max, currency } = s;
  if (min !== null && max !== null) {
    if (min === max) return `${currency} ${NUMBER.format(min)} ${per}`;
    return `${currency} ${NUMBER.format(min)}–${NUMBER.format(max)} ${per}`;
  }
  if (min !== null) return `from ${currency} ${NUMBER.format(min)} ${per}`;
  if (max !== null) return `up to ${currency} ${NUMBER.format(max)} ${per}`;
  return null;
}

const EMPLOYMENT_LABELS: Record<EmploymentType, string> = {
  FULL_TIME: 'Full-time',
  PART_TIME: 'Part-time',
  CONTRACTOR: 'Contract',
  TEMPORARY: 'Temporary',
  INTERN: 'Internship',
  VOLUNTEER: 'Volunteer',
  PER_DIEM: 'Per diem',
  OTHER: 'Other',
};

/** "Full-time", "Contract", … */
export function employmentTypeLabel(t: EmploymentType): string {
  return EMPLOYMENT_LABELS[t];
}

const EDUCATION_LABELS: Record<EducationLevel, string> = {
  'high school': 'High school diploma',
  'associate degree': 'Associate degree',
  'bachelor degree': "Bachelor's degree",
  'professional certificate': 'Professional certificate',
  'postgraduate degree': 'Postgraduate degree',
};

/** "Bachelor's degree", … */
export function educationLabel(level: EducationLevel): string {
  return EDUCATION_LABELS[level];
}

/** "3+ years" for whole years, otherwise "18+ months" ("1+ month" for one). */
export function experienceLabel(months: number): string {
  if (months >= 12 && months % 12 === 0) {
    const years = months / 12;
    return `${years}+ ${years === 1 ? 'year' : 'years'}`;
  }
  return `${months}+ ${months === 1 ? 'month' : 'months'}`;
}
