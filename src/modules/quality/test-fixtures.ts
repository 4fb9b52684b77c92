// Shared fixtures for the quality tests (not a test file itself).
import type { AnalysisDocument, PostingFacts } from './types.ts';

/** A document that triggers no rule at all; tests change one thing at a time. */
export const CLEAN: AnalysisDocument = {
  title: 'Backend Developer',
  summary:
    'We build software that helps small shops sell online. You will join a team of six developers and work on the systems behind our web store. We ship small changes every day and review code in pairs. You will work with product managers and designers to plan new features. We pay well, offer four weeks of paid leave, and let you work from home two days a week.',
  responsibilities: [
    'Write and test code for the order and payment systems.',
    'Review pull requests from other developers on the team.',
    'Fix bugs reported by customers and by our monitoring tools.',
    'Write short design notes before you build a new feature.',
    'Help keep the build fast and the tests green.',
  ],
  qualifications: [
    'Two years of experience building web services in any language.',
    'Good knowledge of SQL databases such as PostgreSQL.',
    'Clear written English.',
    'Experience with automated tests.',
  ],
  preferredQualifications: ['Experience with payment systems.'],
  skills: ['SQL', 'PostgreSQL', 'Git'],
  extraSections: [{ heading: 'Benefits', items: ['Four weeks of paid leave.', 'A laptop of your choice.'] }],
  faqs: [
    {
      question: 'Is the job remote?',
      answer:
        'You can work from home two days a week. The rest of the week you work from our office in the city.',
    },
  ],
};

/** CLEAN with some fields replaced. */
export function doc(overrides: Partial<AnalysisDocument> = {}): AnalysisDocument {
  return { ...structuredClone(CLEAN), ...overrides };
}

/** Posting facts that trigger no posting rule. */
export const FACTS: PostingFacts = {
  hasLocation: true,
  employmentType: 'FULL_TIME',
  salary: { min: 60000, max: 80000 },
  payTransparency: 'required',
  payRule: 'Colorado Equal Pay for Equal Work Act',
};

/** The string a span's field path points at. */
export function fieldText(d: AnalysisDocument, path: string): string {
  let value: unknown = d;
  for (const key of path.split('.')) value = (value as Record<string, unknown>)[key];
  if (typeof value !== 'string') throw new Error(`no string at ${path}`);
  return value;
}
