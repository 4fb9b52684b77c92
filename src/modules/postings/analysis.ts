// A posting as the quality analysis reads it, with the facts only a posting has (pay rules,
// location, employment type).
import {
  analyzeDocument,
  type Analysis,
  type AnalysisDocument,
  type PostingFacts,
} from '../quality/analyze.ts';
import { payCheckOf } from './checks.ts';
import type { PostingContent } from './types.ts';

export function postingDocument(c: PostingContent): AnalysisDocument {
  return {
    title: c.title,
    summary: c.summary,
    responsibilities: c.responsibilities,
    qualifications: c.qualifications,
    preferredQualifications: c.preferredQualifications,
    skills: [...c.requiredSkills, ...c.preferredSkills],
    extraSections: c.extraSections,
    faqs: c.faqs,
  };
}

export function postingFacts(
  c: Pick<
    PostingContent,
    'locations' | 'workplaceType' | 'applicantLocationRequirements' | 'salary' | 'employmentType'
  >,
  employeeCount: number | null,
  now: Date,
): PostingFacts {
  const pay = payCheckOf(c as PostingContent, employeeCount, now);
  const rule = pay.violations[0] ?? pay.warnings[0];
  return {
    hasLocation: c.locations.length > 0 || c.workplaceType === 'remote',
    employmentType: c.employmentType,
    salary: c.salary ? { min: c.salary.min, max: c.salary.max } : null,
    payTransparency: pay.outcome,
    ...(rule ? { payRule: `${rule.rule.jurisdiction} (${rule.rule.law})` } : {}),
  };
}

export function analyzePosting(c: PostingContent, employeeCount: number | null, now: Date): Analysis {
  return analyzeDocument(postingDocument(c), postingFacts(c, employeeCount, now));
}
