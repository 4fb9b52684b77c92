// How posting values read to people: enum labels, the status badge's tone, locations and pay.
import type { Location, PostingContent, PostingStatus, Question } from './api';

export const STATUSES: { value: PostingStatus | 'all'; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'draft', label: 'Draft' },
  { value: 'published', label: 'Published' },
  { value: 'closed', label: 'Closed' },
  { value: 'archived', label: 'Archived' },
];

export const STATUS_TONE: Record<PostingStatus, 'neutral' | 'primary' | 'success' | 'warning' | 'danger'> = {
  draft: 'warning',
  published: 'success',
  closed: 'neutral',
  archived: 'neutral',
};

type EmploymentType = NonNullable<PostingContent['employmentType']>;
export const EMPLOYMENT_TYPES: Record<EmploymentType, string> = {
  FULL_TIME: 'Full-time',
  PART_TIME: 'Part-time',
  CONTRACTOR: 'Contractor',
  TEMPORARY: 'Temporary',
  INTERN: 'Internship',
  VOLUNTEER: 'Volunteer',
  PER_DIEM: 'Per diem',
  OTHER: 'Other',
};

type WorkplaceType = PostingContent['workplaceType'];
export const WORKPLACE_TYPES: Record<WorkplaceType, string> = {
  on_site: 'On-site',
  hybrid: 'Hybrid',
  remote: 'Remote',
};

type Period = NonNullable<PostingContent['salary']>['period'];
export const SALARY_PERIODS: Record<Period, string> = {
  HOUR: 'per hour',
  DAY: 'per day',
  WEEK: 'per week',
  MONTH: 'per month',
  YEAR: 'per year',
};

type Education = NonNullable<PostingContent['educationLevel']>;
export const EDUCATION_LEVELS: Record<Education, string> = {
  'high school': 'High school',
  'associate degree': 'Associate degree',
  'bachelor degree': "Bachelor's degree",
  'professional certificate': 'Professional certificate',
  'postgraduate degree': 'Postgraduate degree',
};

export const QUESTION_TYPES: Record<Question['type'], string> = {
  short_text: 'Short text',
  long_text: 'Long text',
  yes_no: 'Yes / no',
  single_choice: 'Single choice',
  multiple_choice: 'Multiple choice',
  number: 'Number',
  file: 'File upload',
  consent: 'Consent',
};

export const keysOf = <K extends string>(record: Record<K, string>) => Object.keys(record) as K[];

export const formatLocation = (l: Location) => [l.city, l.region, l.countryCode].filter(Boolean).join(', ');

export function formatPlaces(c: Pick<PostingContent, 'locations' | 'workplaceType'>): string {
  const places = c.locations.map(formatLocation);
  if (c.workplaceType === 'remote') places.push('Remote');
  else if (c.workplaceType === 'hybrid' && places.length > 0) places[0] = `${places[0]} (hybrid)`;
  return places.join(' · ') || 'No location yet';
}

export function formatSalary(salary: PostingContent['salary']): string | null {
  if (!salary) return null;
  const money = (n: number) =>
    new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency: salary.currency,
      maximumFractionDigits: 0,
    }).format(n);
  const period = SALARY_PERIODS[salary.period];
  if (salary.min !== null && salary.max !== null) {
    return salary.min === salary.max
      ? `${money(salary.min)} ${period}`
      : `${money(salary.min)} – ${money(salary.max)} ${period}`;
  }
  if (salary.min !== null) return `From ${money(salary.min)} ${period}`;
  if (salary.max !== null) return `Up to ${money(salary.max)} ${period}`;
  return null;
}

/** Lists are edited as one item per line. */
export const toLines = (items: string[]) => items.join('\n');
export const fromLines = (text: string) =>
  text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
