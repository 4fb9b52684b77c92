// Fixtures and an xmllint wrapper for the careers tests. Not a test file itself (no .test.ts suffix).
import { spawnSync } from 'node:child_process';
import type { Employer, PostingContent, PublicPosting } from '../postings/types.ts';

export const BASE_URL = 'https://jobs.example.com';

export const EMPLOYER: Employer = {
  slug: 'acme',
  name: 'Acme GmbH',
  website: 'https://acme.example',
  logoUrl: 'https://acme.example/logo.png',
  brandColor: '#123456',
};

export function content(overrides: Partial<PostingContent> = {}): PostingContent {
  return {
    title: 'Senior Backend Engineer',
    department: 'Engineering',
    summary: 'We build the billing platform.\n\nYou will own services end to end.',
    responsibilities: ['Design APIs', 'Run services in production'],
    qualifications: ['5 years of backend work', 'PostgreSQL'],
    preferredQualifications: ['Kubernetes'],
    extraSections: [
      { heading: 'Benefits', items: ['30 days of vacation', 'Learning budget'] },
      { heading: 'How we work', text: 'Small teams.\n\nFew meetings.' },
    ],
    faqs: [{ question: 'Is there a take-home test?', answer: 'No, a paid pairing session.' }],
    requiredSkills: ['TypeScript', 'PostgreSQL'],
    preferredSkills: ['Go'],
    locations: [{ city: 'Berlin', region: 'BE', countryCode: 'DE', postalCode: '10115' }],
    workplaceType: 'on_site',
    applicantLocationRequirements: [],
    employmentType: 'FULL_TIME',
    salary: { min: 90000, max: 120000, currency: 'EUR', period: 'YEAR' },
    validThrough: '2024-06-30T23:59:59Z',
    experienceMonths: 60,
    educationLevel: 'bachelor degree',
    questions: [],
    hiringTeam: [],
    ...overrides,
  };
}

let counter = 0;
export function posting(
  overrides: Partial<PostingContent> = {},
  extra: Partial<PublicPosting> = {},
): PublicPosting {
  counter += 1;
  return {
    id: `00000000-0000-7000-8000-${String(counter).padStart(12, '0')}`,
    slug: `senior-backend-engineer-${counter}`,
    referenceNumber: `ACME-${1000 + counter}`,
    status: 'published',
    content: content(overrides),
    datePosted: '2024-03-05T09:00:00Z',
    updatedAt: '2024-03-06T10:30:00Z',
    ...extra,
  };
}

/** Text meant to break markup: CDATA terminator, entities, tags, C0 controls, a non-character, emoji. */
export const HOSTILE =
  'A ]]> B & C <script>alert(1)</script> "q" \'a\' \u0001\u0008\uFFFE\uFFFF \uD800 🚀 Zürich';

export function hostileContent(): Partial<PostingContent> {
  return {
    title: `Engineer ${HOSTILE}`,
    department: `Dept ${HOSTILE}`,
    summary: `Summary ${HOSTILE}\n\nSecond ${HOSTILE}`,
    responsibilities: [`Resp ${HOSTILE}`],
    qualifications: [`Qual ${HOSTILE}`],
    preferredQualifications: [`Pref ${HOSTILE}`],
    extraSections: [{ heading: `Heading ${HOSTILE}`, items: [`Item ${HOSTILE}`], text: `Text ${HOSTILE}` }],
    faqs: [{ question: `Q ${HOSTILE}`, answer: `A ${HOSTILE}` }],
    requiredSkills: [`Skill ${HOSTILE}`],
    preferredSkills: [`Nice ${HOSTILE}`],
    locations: [
      { city: `City ${HOSTILE}`, region: `Region ${HOSTILE}`, countryCode: 'DE', postalCode: `1${HOSTILE}` },
    ],
  };
}

/**
 * Runs `xmllint --noout -` on the document and returns its exit status and messages. Throws (failing the
 * test with a clear message) when xmllint is not installed: a well-formedness test must not pass silently.
 */
export function xmllint(xml: string): { status: number | null; stderr: string } {
  const result = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
  if (result.error) {
    throw new Error(
      `xmllint could not run (${result.error.message}); install it with "apt-get install -y libxml2-utils"`,
    );
  }
  return { status: result.status, stderr: result.stderr };
}

/** The result of an XPath expression (string(), count(), …) on the document, as xmllint prints it. */
export function xpath(xml: string, expression: string): string {
  const result = spawnSync('xmllint', ['--xpath', expression, '-'], { input: xml, encoding: 'utf8' });
  if (result.error) {
    throw new Error(
      `xmllint could not run (${result.error.message}); install it with "apt-get install -y libxml2-utils"`,
    );
  }
  if (result.status !== 0) throw new Error(`xmllint --xpath ${expression} failed: ${result.stderr}`);
  return result.stdout.replace(/\n$/, '');
}
