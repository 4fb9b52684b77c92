/** The structured form of a job description, as the parser produces it. */
export interface Faq {
  question: string;
  answer: string;
}

export interface ExtraSection {
  heading: string;
  items?: string[];
  text?: string;
}

export interface ParsedTemplate {
  role: string;
  title: string;
  summary: string;
  responsibilities: string[];
  qualifications: string[];
  skills: string[];
  faqs: Faq[];
  extraSections: ExtraSection[];
  metadata: Record<string, string>;
}

export const CATEGORIES = [
  'engineering',
  'data',
  'design',
  'product',
  'marketing',
  'sales',
  'customer-support',
  'operations',
  'finance',
  'people',
  'legal',
  'healthcare',
  'education',
  'hospitality',
  'retail',
  'manufacturing',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SENIORITIES = ['intern', 'junior', 'mid', 'senior', 'lead', 'manager', 'executive'] as const;
export type Seniority = (typeof SENIORITIES)[number];
