// Which wizard step holds the text a finding or a check is about, so the review can link there.
import type { EditStep } from './WizardSteps';

const DETAILS_FIELDS = [
  'locations',
  'workplaceType',
  'applicantLocationRequirements',
  'employmentType',
  'salary',
  'validThrough',
  'experienceMonths',
  'educationLevel',
];

/** From a field path ("salary", "locations/0/region", "responsibilities.3") or a finding's rule. */
export function stepOf(field: string | undefined | null, rule?: string): EditStep {
  const head = field?.split(/[./]/)[0];
  if (head === 'questions') return 'questions';
  if (head && DETAILS_FIELDS.includes(head)) return 'details';
  if (!head && rule?.startsWith('posting.')) return 'details';
  return 'content';
}

export const STEP_NAMES: Record<EditStep, string> = {
  content: 'Content',
  details: 'Details',
  questions: 'Questions',
  review: 'Review',
};
