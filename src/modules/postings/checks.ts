// What publishing requires: the fields job boards and search engines need, a future valid-through
// date, and a pay range wherever a pay-transparency law applies (rules in pay-rules.ts).
import { invalid } from '../../shared/errors.ts';
import type { CheckItem, PublishCheck } from './schemas.ts';
import { checkPayTransparency, describeViolation, type PayCheck } from './pay-transparency.ts';
import type { PostingContent } from './types.ts';

export function payCheckOf(content: PostingContent, employeeCount: number | null, on: Date): PayCheck {
  return checkPayTransparency({
    locations: content.locations,
    workplaceType: content.workplaceType,
    applicantLocationRequirements: content.applicantLocationRequirements,
    salary: content.salary,
    employeeCount,
    on,
  });
}

export function publishCheck(content: PostingContent, employeeCount: number | null, now: Date): PublishCheck {
  const errors: CheckItem[] = [];
  const warnings: CheckItem[] = [];
  const need = (ok: boolean, field: string, message: string) => {
    if (!ok) errors.push({ code: 'missing_field', field, message });
  };
  need(
    content.summary.length > 0 || content.responsibilities.length > 0,
    'summary',
    'Describe the job: a summary or responsibilities.',
  );
  need(content.employmentType !== null, 'employmentType', 'Choose an employment type.');
  need(
    content.locations.length > 0 || content.workplaceType === 'remote',
    'locations',
    'Give at least one location (or make the job remote).',
  );
  // Pay-transparency laws are by state: a US location without one cannot be checked.
  content.locations.forEach((l, i) => {
    if (l.countryCode === 'US' && !l.region) {
      errors.push({
        code: 'missing_field',
        field: `locations/${i}/region`,
        message: 'Give the state of every US location.',
      });
    }
  });
  if (content.validThrough && new Date(content.validThrough) <= now) {
    errors.push({ code: 'expired', field: 'validThrough', message: 'The valid-through date has passed.' });
  }
  if (content.workplaceType === 'remote' && content.applicantLocationRequirements.length === 0) {
    warnings.push({
      code: 'remote_anywhere',
      field: 'applicantLocationRequirements',
      message: 'This remote job is open to applicants anywhere; name the countries if it is not.',
    });
  }
  if (content.qualifications.length > 10) {
    warnings.push({
      code: 'too_many_requirements',
      field: 'qualifications',
      message: `${content.qualifications.length} requirements; more than 10 discourages qualified people from applying.`,
    });
  }
  const pay = payCheckOf(content, employeeCount, now);
  for (const hit of pay.violations) {
    errors.push({
      code: 'pay_range_required',
      field: 'salary',
      rule: hit.rule.id,
      source: hit.rule.source,
      message: `${describeViolation(hit)} Applies because of ${hit.reason}.`,
    });
  }
  for (const hit of pay.warnings) {
    warnings.push({
      code: 'pay_range_recommended',
      field: 'salary',
      rule: hit.rule.id,
      source: hit.rule.source,
      message: `${describeViolation(hit)} Applies because of ${hit.reason}.`,
    });
  }
  return { ok: errors.length === 0, errors, warnings, payTransparency: pay.outcome };
}

/**
 * Refuses to publish (422) with every reason: `errors` as in every validation problem (path and
 * message), and the full check items (code, rule, source) in `reasons` and `warnings`.
 */
export function assertPublishable(check: PublishCheck) {
  if (check.ok) return;
  const pay = check.errors.find((e) => e.code === 'pay_range_required');
  throw invalid(pay ? 'pay_range_required' : 'not_publishable', (pay ?? check.errors[0]!).message, {
    errors: check.errors.map((e) => ({ path: `body/${e.field ?? ''}`, message: e.message })),
    reasons: check.errors,
    warnings: check.warnings,
  });
}
