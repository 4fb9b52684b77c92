// The domain of a job posting, as plain types: what the service stores, the analysis reads, and the
// public renderers (career pages, JSON-LD, feeds) turn into markup. No I/O here.
import type { ExtraSection, Faq } from '../templates/types.ts';

export const POSTING_STATUSES = ['draft', 'published', 'closed', 'archived'] as const;
export type PostingStatus = (typeof POSTING_STATUSES)[number];

/** schema.org employmentType values, as Google's job-posting documentation lists them. */
export const EMPLOYMENT_TYPES = [
  'FULL_TIME',
  'PART_TIME',
  'CONTRACTOR',
  'TEMPORARY',
  'INTERN',
  'VOLUNTEER',
  'PER_DIEM',
  'OTHER',
] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

export const WORKPLACE_TYPES = ['on_site', 'hybrid', 'remote'] as const;
export type WorkplaceType = (typeof WORKPLACE_TYPES)[number];

export const SALARY_PERIODS = ['HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR'] as const;
export type SalaryPeriod = (typeof SALARY_PERIODS)[number];

/** schema.org EducationalOccupationalCredential credentialCategory values Google understands. */
export const EDUCATION_LEVELS = [
  'high school',
  'associate degree',
  'bachelor degree',
  'professional certificate',
  'postgraduate degree',
] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

export const QUESTION_TYPES = [
  'short_text',
  'long_text',
  'yes_no',
  'single_choice',
  'multiple_choice',
  'number',
  'file',
  'consent',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const HIRING_ROLES = ['hiring_manager', 'recruiter', 'interviewer', 'coordinator'] as const;
export type HiringRole = (typeof HIRING_ROLES)[number];

export interface PostingLocation {
  city?: string;
  /** ISO 3166-2 subdivision code without the country prefix (e.g. "NY", "CA") or its name. */
  region?: string;
  /** ISO 3166-1 alpha-2, upper case. */
  countryCode: string;
  postalCode?: string;
}

/** A pay range. min or max may be missing in a draft; publishing may require both (pay transparency). */
export interface Salary {
  min: number | null;
  max: number | null;
  /** ISO 4217, upper case. */
  currency: string;
  period: SalaryPeriod;
}

export interface ScreeningQuestion {
  /** Stable within the posting; answers refer to it. */
  id: string;
  type: QuestionType;
  label: string;
  required: boolean;
  helpText?: string;
  /** single_choice and multiple_choice. */
  options?: string[];
  /** yes_no: the answer that flags an application for the recruiter (never an automatic rejection). */
  knockoutAnswer?: boolean;
  /** number: bounds. */
  min?: number;
  max?: number;
  /** consent: the text the candidate agrees to. */
  consentText?: string;
}

export interface HiringTeamMember {
  userId: string;
  role: HiringRole;
}

/** Everything an editor changes; a new version of a posting is a new PostingContent. */
export interface PostingContent {
  title: string;
  department: string | null;
  summary: string;
  responsibilities: string[];
  /** Required qualifications. */
  qualifications: string[];
  preferredQualifications: string[];
  extraSections: ExtraSection[];
  faqs: Faq[];
  requiredSkills: string[];
  preferredSkills: string[];
  locations: PostingLocation[];
  workplaceType: WorkplaceType;
  /** ISO 3166-1 alpha-2 countries a remote applicant must live in; empty: anywhere. */
  applicantLocationRequirements: string[];
  employmentType: EmploymentType | null;
  salary: Salary | null;
  /** ISO 8601 date-time after which the posting closes itself. */
  validThrough: string | null;
  experienceMonths: number | null;
  educationLevel: EducationLevel | null;
  questions: ScreeningQuestion[];
  hiringTeam: HiringTeamMember[];
}

/** What public renderers need about the employer. */
export interface Employer {
  slug: string;
  name: string;
  website: string | null;
  logoUrl: string | null;
  brandColor: string | null;
}

/** A published (or closed) posting as the public sees it: content plus identity and dates. */
export interface PublicPosting {
  id: string;
  slug: string;
  /** Stable reference number for job boards; never reused. */
  referenceNumber: string;
  status: PostingStatus;
  content: PostingContent;
  /** ISO 8601 date-time of the first publication. */
  datePosted: string;
  /** ISO 8601 date-time of the last change visible to the public. */
  updatedAt: string;
}
