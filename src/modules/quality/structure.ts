// Document-shape rules: readability.flesch, length.*, bullets.*, sections.missing, and the
// posting-only posting.* rules.
import { finding, spanOf } from './fields.ts';
import type { FieldMeasure } from './readability.ts';
import { SOURCES } from './rules.ts';
import type { AnalysisDocument, Field, Finding, PostingFacts, Readability } from './types.ts';

export const THRESHOLDS = {
  minReadingEase: 30,
  maxGrade: 14,
  minWords: 150,
  maxWords: 1200,
  maxRequirements: 10,
  maxResponsibilities: 12,
  maxItemWords: 40,
} as const;

export function readabilityFindings(r: Readability): Finding[] {
  if (r.words === 0) return [];
  if (r.fleschReadingEase >= THRESHOLDS.minReadingEase && r.fleschKincaidGrade <= THRESHOLDS.maxGrade)
    return [];
  return [
    finding({
      rule: 'readability.flesch',
      severity: 'warning',
      message: `The text is hard to read: Flesch Reading Ease ${r.fleschReadingEase}, Flesch–Kincaid grade ${r.fleschKincaidGrade}.`,
      explanation: `Reading ease below ${THRESHOLDS.minReadingEase} or a grade above ${THRESHOLDS.maxGrade} is university-graduate level text; long sentences and long words lose readers, including those reading in a second language.`,
      suggestion:
        'Shorten sentences (aim for under 20 words), split long bullets, and prefer short everyday words.',
      source: SOURCES.readability,
    }),
  ];
}

export function lengthFindings(words: number): Finding[] {
  if (words < THRESHOLDS.minWords) {
    return [
      finding({
        rule: 'length.too_short',
        severity: 'warning',
        message: `The job description has only ${words} words.`,
        explanation:
          'Very short ads give candidates too little to decide on; Appcast reported click-to-apply rates of 3–7% for ads under about 250 words, against up to about 15% for longer ones.',
        suggestion:
          'Describe the team, the day-to-day work, what success looks like, and the pay and benefits.',
        source: SOURCES.length,
      }),
    ];
  }
  if (words > THRESHOLDS.maxWords) {
    return [
      finding({
        rule: 'length.too_long',
        severity: 'info',
        message: `The job description has ${words} words.`,
        explanation:
          'Very long ads demand a lot of reading before a candidate can decide, and bury what matters.',
        suggestion: 'Cut boilerplate and repeated points; keep the essentials above the fold.',
        source: SOURCES.length,
      }),
    ];
  }
  return [];
}

export function bulletFindings(
  doc: AnalysisDocument,
  fields: readonly Field[],
  measures: readonly FieldMeasure[],
): Finding[] {
  const out: Finding[] = [];
  const requirements = doc.qualifications.length;
  if (requirements > THRESHOLDS.maxRequirements) {
    out.push(
      finding({
        rule: 'bullets.too_many_requirements',
        severity: 'warning',
        message: `${requirements} required qualifications (more than ${THRESHOLDS.maxRequirements}).`,
        explanation:
          'Long requirement lists discourage qualified people who do not tick every box, a pattern reported more often for women.',
        suggestion:
          'Keep the few requirements you would truly reject someone without; move the rest to preferred.',
        source: SOURCES.requirements,
      }),
    );
  }
  const responsibilities = doc.responsibilities.length;
  if (responsibilities > THRESHOLDS.maxResponsibilities) {
    out.push(
      finding({
        rule: 'bullets.too_many_responsibilities',
        severity: 'info',
        message: `${responsibilities} responsibilities (more than ${THRESHOLDS.maxResponsibilities}).`,
        explanation: 'A very long list hides the main duties of the job.',
        suggestion: 'Group related duties and lead with the five or six that take most of the time.',
        source: SOURCES.editorial,
      }),
    );
  }
  for (const field of fields) {
    if (field.kind !== 'item' && field.kind !== 'skill') continue;
    const words = measures[field.order]!.words;
    if (words <= THRESHOLDS.maxItemWords) continue;
    out.push(
      finding({
        rule: 'bullets.long_item',
        severity: 'info',
        message: `This list item has ${words} words (more than ${THRESHOLDS.maxItemWords}).`,
        explanation: 'Bullets are scanned, not read; a long bullet usually holds several points.',
        suggestion: 'Split it into separate bullets, one point each.',
        source: SOURCES.editorial,
        span: spanOf(field, 0, field.text.length),
      }),
    );
  }
  return out;
}

export function sectionFindings(doc: AnalysisDocument): Finding[] {
  const missing: string[] = [];
  if (doc.summary.trim() === '') missing.push('summary');
  if (doc.responsibilities.length === 0) missing.push('responsibilities');
  if (doc.qualifications.length === 0 && doc.preferredQualifications.length === 0)
    missing.push('qualifications');
  return missing.map((section) =>
    finding({
      rule: 'sections.missing',
      severity: 'warning',
      message: `The job description has no ${section}.`,
      explanation:
        'Candidates look for what the role is, what they would do and what it takes; a missing section leaves them guessing.',
      suggestion: `Add a ${section === 'summary' ? 'short summary of the role and team' : `${section} section`}.`,
      source: SOURCES.editorial,
    }),
  );
}

const isAmount = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

export function postingFindings(facts: PostingFacts): Finding[] {
  const out: Finding[] = [];
  const { salary } = facts;
  const hasMin = isAmount(salary?.min);
  const hasMax = isAmount(salary?.max);
  const bounded = hasMin && hasMax && salary!.min! <= salary!.max!;
  if (facts.payTransparency !== 'none' && !bounded) {
    const required = facts.payTransparency === 'required';
    const rule = required
      ? (facts.payRule ?? 'The applicable pay-transparency law')
      : 'The EU Pay Transparency Directive';
    const problem =
      hasMin && hasMax
        ? 'its minimum is above its maximum'
        : salary && (hasMin || hasMax)
          ? 'it has only one bound'
          : 'there is none';
    out.push(
      finding({
        rule: 'posting.salary_missing',
        severity: required ? 'error' : 'warning',
        message: required
          ? `${rule} requires a pay range in this posting, but ${problem}.`
          : `${rule} (2023/970, art. 5) expects the starting pay or its range to be given to applicants, but ${problem}.`,
        explanation: required
          ? 'Where a pay-transparency law applies, posting without a good-faith minimum and maximum can bring complaints and fines.'
          : 'Under Article 5 of Directive (EU) 2023/970 applicants are entitled to the initial pay or its range before the interview; stating it in the posting is the simplest way to comply.',
        suggestion: 'Add the minimum and maximum pay you will in good faith offer for this role.',
        source: required ? (facts.payRule ?? SOURCES.payLaw) : SOURCES.euPay,
      }),
    );
  } else if (facts.payTransparency === 'none' && salary && hasMin !== hasMax) {
    out.push(
      finding({
        rule: 'posting.salary_open_ended',
        severity: 'info',
        message: hasMin
          ? 'The pay range has a minimum but no maximum.'
          : 'The pay range has a maximum but no minimum.',
        explanation: 'An open-ended range ("from 50,000") tells candidates less than a range with both ends.',
        suggestion: 'Give both the minimum and the maximum.',
        source: SOURCES.editorial,
      }),
    );
  }
  if (!facts.hasLocation) {
    out.push(
      finding({
        rule: 'posting.location_missing',
        severity: 'warning',
        message: 'The posting has no location and is not marked remote.',
        explanation:
          'Candidates filter by location first, and job boards such as Google for Jobs require a location (or remote applicant locations).',
        suggestion: 'Add at least one location, or mark the job as remote.',
        source: SOURCES.google,
      }),
    );
  }
  if (!facts.employmentType) {
    out.push(
      finding({
        rule: 'posting.employment_type_missing',
        severity: 'warning',
        message: 'The posting has no employment type.',
        explanation:
          'Full-time, part-time or contract is one of the first things candidates and job boards look for.',
        suggestion: 'Set the employment type (full-time, part-time, contractor, …).',
        source: SOURCES.google,
      }),
    );
  }
  return out;
}
