// What changed between two versions of a posting: the fields that differ, word by word.
// Deletions and insertions are struck through / underlined and named for screen readers, so the
// meaning never rests on colour.
import { diffWords } from 'diff';
import type { PostingContent } from './api';
import {
  EDUCATION_LEVELS,
  EMPLOYMENT_TYPES,
  QUESTION_TYPES,
  WORKPLACE_TYPES,
  formatLocation,
  formatSalary,
} from './labels';

const FIELD_LABELS: Record<keyof PostingContent, string> = {
  title: 'Title',
  department: 'Department',
  summary: 'Summary',
  responsibilities: 'Responsibilities',
  qualifications: 'Qualifications',
  preferredQualifications: 'Preferred qualifications',
  extraSections: 'More sections',
  faqs: 'FAQs',
  requiredSkills: 'Required skills',
  preferredSkills: 'Preferred skills',
  locations: 'Locations',
  workplaceType: 'Workplace type',
  applicantLocationRequirements: 'Applicant countries',
  employmentType: 'Employment type',
  salary: 'Salary',
  validThrough: 'Valid through',
  experienceMonths: 'Experience (months)',
  educationLevel: 'Education',
  questions: 'Screening questions',
  hiringTeam: 'Hiring team',
};

/** A field as readable text, so the diff reads like the posting rather than like JSON. */
function asText(c: PostingContent, key: keyof PostingContent): string {
  switch (key) {
    case 'locations':
      return c.locations.map(formatLocation).join('\n');
    case 'salary':
      return formatSalary(c.salary) ?? 'none';
    case 'employmentType':
      return c.employmentType ? EMPLOYMENT_TYPES[c.employmentType] : 'none';
    case 'workplaceType':
      return WORKPLACE_TYPES[c.workplaceType];
    case 'educationLevel':
      return c.educationLevel ? EDUCATION_LEVELS[c.educationLevel] : 'none';
    case 'questions':
      return c.questions
        .map((q) => `${q.label} (${QUESTION_TYPES[q.type]}${q.required ? ', required' : ''})`)
        .join('\n');
    case 'extraSections':
      return c.extraSections.map((s) => `${s.heading}: ${s.items?.join('; ') ?? s.text ?? ''}`).join('\n');
    case 'faqs':
      return c.faqs.map((f) => `${f.question} ${f.answer}`).join('\n');
    case 'hiringTeam':
      return c.hiringTeam.map((m) => m.role.replace('_', ' ')).join(', ');
    default: {
      const value = c[key];
      if (Array.isArray(value)) return value.join('\n');
      return value === null || value === undefined ? 'none' : String(value);
    }
  }
}

export function VersionChanges({ before, after }: { before: PostingContent; after: PostingContent }) {
  const keys = (Object.keys(FIELD_LABELS) as (keyof PostingContent)[]).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
  if (keys.length === 0) return <p className="muted small">No change to the content.</p>;
  return (
    <dl className="changes small">
      {keys.map((k) => (
        <div key={k}>
          <dt>{FIELD_LABELS[k]}</dt>
          <dd>
            {diffWords(asText(before, k), asText(after, k)).map((part, i) =>
              part.added ? (
                <ins key={i}>
                  <span className="sr-only">added: </span>
                  {part.value}
                </ins>
              ) : part.removed ? (
                <del key={i}>
                  <span className="sr-only">removed: </span>
                  {part.value}
                </del>
              ) : (
                <span key={i}>{part.value}</span>
              ),
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
