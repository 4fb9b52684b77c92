// JobPosting structured data for a published posting, following Google's job-posting documentation
// (developers.google.com/search/docs/appearance/structured-data/job-posting) and schema.org/JobPosting,
// plus a structural validator the tests (and anyone curious) can run on it. The caller embeds the object
// with jsonLd() from src/http/html.ts, which makes it safe inside a <script> element; nothing is escaped
// here. Pure: URLs come from the baseUrl argument (no trailing slash).
import type {
  Country,
  EducationalOccupationalCredential,
  JobPosting,
  MonetaryAmount,
  OccupationalExperienceRequirements,
  Organization,
  Place,
  PropertyValue,
  WithContext,
} from 'schema-dts';
import {
  EMPLOYMENT_TYPES,
  type Employer,
  type PostingLocation,
  type PublicPosting,
  SALARY_PERIODS,
} from '../postings/types.ts';
import { descriptionHtml } from './description.ts';

/** The employer's career page: `${baseUrl}/careers/{employer}`. */
export function careerPageUrl(baseUrl: string, employer: Pick<Employer, 'slug'>): string {
  return `${baseUrl}/careers/${encodeURIComponent(employer.slug)}`;
}

/** A posting's canonical page: `${baseUrl}/careers/{employer}/jobs/{posting}`. */
export function jobUrl(
  baseUrl: string,
  employer: Pick<Employer, 'slug'>,
  posting: Pick<PublicPosting, 'slug'>,
): string {
  return `${careerPageUrl(baseUrl, employer)}/jobs/${encodeURIComponent(posting.slug)}`;
}

/** Only published postings carry JobPosting markup; a closed posting's page must drop it. */
export function hasJobPostingMarkup(p: PublicPosting): boolean {
  return p.status === 'published';
}

/** An ISO date-time as UTC ("2024-03-05T09:00:00.000Z"); unparseable input is passed on for the validator. */
function isoDateTime(value: string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

function place(l: PostingLocation): Place {
  const text = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
  const city = text(l.city);
  const region = text(l.region);
  const postalCode = text(l.postalCode);
  return {
    '@type': 'Place',
    address: {
      '@type': 'PostalAddress',
      ...(city ? { addressLocality: city } : {}),
      ...(region ? { addressRegion: region } : {}),
      ...(postalCode ? { postalCode } : {}),
      addressCountry: l.countryCode,
    },
  };
}

/**
 * The countries a remote applicant may live in: the posting's own list, or when that is empty, the
 * countries of its locations. Google needs at least one country for a TELECOMMUTE job; when there is none
 * (remote from anywhere, no location), the property is left out and validateJobPostingLd warns.
 */
export function remoteApplicantCountries(posting: PublicPosting): string[] {
  const { applicantLocationRequirements, locations } = posting.content;
  const codes =
    applicantLocationRequirements.length > 0
      ? applicantLocationRequirements
      : locations.map((l) => l.countryCode);
  return [...new Set(codes.map((c) => c.trim().toUpperCase()).filter((c) => c !== ''))];
}

/**
 * The JobPosting object for a posting. Remote postings get jobLocationType TELECOMMUTE and
 * applicantLocationRequirements, and keep jobLocation when they have locations; hybrid and on-site
 * postings get jobLocation only (Google reserves TELECOMMUTE for jobs that are 100% remote).
 */
export function jobPostingLd(
  posting: PublicPosting,
  employer: Employer,
  baseUrl: string,
): WithContext<JobPosting> {
  const c = posting.content;
  const organization: Organization = {
    '@type': 'Organization',
    name: employer.name,
    ...(employer.website ? { sameAs: employer.website } : {}),
    ...(employer.logoUrl ? { logo: employer.logoUrl } : {}),
  };
  const ld: WithContext<JobPosting> = {
    '@context': 'https://schema.org',
    '@type': 'JobPosting',
    title: c.title,
    description: descriptionHtml(c).value,
    datePosted: isoDateTime(posting.datePosted),
    hiringOrganization: organization,
    url: jobUrl(baseUrl, employer, posting),
    directApply: true,
    identifier: {
      '@type': 'PropertyValue',
      name: employer.name,
      value: posting.referenceNumber,
    } satisfies PropertyValue,
  };
  if (c.locations.length > 0) ld.jobLocation = c.locations.map(place);
  if (c.workplaceType === 'remote') {
    ld.jobLocationType = 'TELECOMMUTE';
    const countries = remoteApplicantCountries(posting);
    if (countries.length > 0) {
      ld.applicantLocationRequirements = countries.map((name): Country => ({ '@type': 'Country', name }));
    }
  }
  if (c.validThrough) ld.validThrough = isoDateTime(c.validThrough);
  if (c.employmentType) ld.employmentType = c.employmentType;
  const salary = c.salary;
  if (salary && (salary.min !== null || salary.max !== null)) {
    const { min, max } = salary;
    const amount: MonetaryAmount = {
      '@type': 'MonetaryAmount',
      currency: salary.currency,
      value: {
        '@type': 'QuantitativeValue',
        ...(min !== null && max !== null && min === max
          ? { value: min }
          : { ...(min !== null ? { minValue: min } : {}), ...(max !== null ? { maxValue: max } : {}) }),
        unitText: salary.period,
      },
    };
    ld.baseSalary = amount;
  }
  if (c.experienceMonths !== null && c.experienceMonths > 0) {
    ld.experienceRequirements = {
      '@type': 'OccupationalExperienceRequirements',
      monthsOfExperience: c.experienceMonths,
    } satisfies OccupationalExperienceRequirements;
  }
  if (c.educationLevel) {
    ld.educationRequirements = {
      '@type': 'EducationalOccupationalCredential',
      credentialCategory: c.educationLevel,
    } satisfies EducationalOccupationalCredential;
  }
  const skills = c.requiredSkills.map((s) => s.trim()).filter((s) => s !== '');
  if (skills.length > 0) ld.skills = skills.join(', ');
  return ld;
}

// ---------------------------------------------------------------------------------------------------
// Validation: the structural checks Google's Rich Results Test makes for a JobPosting, without network.

/** Properties Google requires. jobLocation may be left out when jobLocationType is TELECOMMUTE. */
export const REQUIRED_PROPERTIES = [
  'title',
  'description',
  'datePosted',
  'hiringOrganization',
  'jobLocation',
] as const satisfies readonly (keyof JobPosting)[];

/** Properties Google recommends; missing ones are not reported. */
export const RECOMMENDED_PROPERTIES = [
  'applicantLocationRequirements',
  'baseSalary',
  'directApply',
  'employmentType',
  'identifier',
  'jobLocationType',
  'validThrough',
] as const satisfies readonly (keyof JobPosting)[];

type Loose = { [K in keyof JobPosting | '@context']?: unknown };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** ISO 8601 date or date-time (seconds, fraction and offset optional), and an actual date. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
function isIsoDate(v: unknown): v is string {
  if (typeof v !== 'string' || !ISO_DATE.test(v) || Number.isNaN(Date.parse(v))) return false;
  const [y, m, d] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d; // Date.parse rolls 2024-02-30 over to March
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function salaryProblems(v: unknown): string[] {
  if (!isRecord(v) || v['@type'] !== 'MonetaryAmount') return ['baseSalary must be a MonetaryAmount'];
  const problems: string[] = [];
  if (typeof v.currency !== 'string' || !/^[A-Z]{3}$/.test(v.currency)) {
    problems.push('baseSalary.currency must be an ISO 4217 code');
  }
  const q = v.value;
  if (isNumber(q)) return problems;
  if (!isRecord(q) || q['@type'] !== 'QuantitativeValue') {
    return [...problems, 'baseSalary.value must be a number or a QuantitativeValue'];
  }
  const { value, minValue, maxValue, unitText } = q;
  if (value === undefined && minValue === undefined && maxValue === undefined) {
    problems.push('baseSalary.value needs value, minValue or maxValue');
  }
  for (const [name, n] of Object.entries({ value, minValue, maxValue })) {
    if (n !== undefined && (!isNumber(n) || n < 0))
      problems.push(`baseSalary.value.${name} must be a number ≥ 0`);
  }
  if (isNumber(minValue) && isNumber(maxValue) && minValue > maxValue) {
    problems.push('baseSalary.value.minValue is greater than maxValue');
  }
  if (!(SALARY_PERIODS as readonly unknown[]).includes(unitText)) {
    problems.push(`baseSalary.value.unitText must be one of ${SALARY_PERIODS.join(', ')}`);
  }
  return problems;
}

/**
 * Problems with a JobPosting object: missing required properties, wrong @type, jobLocation missing when
 * the job is not TELECOMMUTE, bad dates, a malformed baseSalary, an employmentType outside the schema.org
 * list. Problems Google would only flag as a warning start with "warning:". An empty list means valid.
 */
export function validateJobPostingLd(ld: unknown): string[] {
  if (!isRecord(ld)) return ['not a JSON-LD object'];
  const p = ld as Loose;
  const problems: string[] = [];
  if (p['@context'] !== 'https://schema.org' && p['@context'] !== 'http://schema.org') {
    problems.push('@context must be https://schema.org');
  }
  if (p['@type'] !== 'JobPosting') problems.push('@type must be JobPosting');

  const telecommute = p.jobLocationType === 'TELECOMMUTE';
  if (p.jobLocationType !== undefined && !telecommute) problems.push('jobLocationType must be TELECOMMUTE');
  for (const key of REQUIRED_PROPERTIES) {
    const v = p[key];
    const missing = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    if (!missing) continue;
    if (key === 'jobLocation') {
      if (!telecommute)
        problems.push(
          'missing required property: jobLocation (needed unless jobLocationType is TELECOMMUTE)',
        );
    } else {
      problems.push(`missing required property: ${key}`);
    }
  }

  if (p.title !== undefined && !nonEmptyString(p.title)) problems.push('title must be a non-empty string');
  if (p.description !== undefined && !nonEmptyString(p.description)) {
    problems.push('description must be a non-empty string');
  }
  for (const key of ['datePosted', 'validThrough'] as const) {
    if (p[key] !== undefined && !isIsoDate(p[key]))
      problems.push(`${key} must be an ISO 8601 date or date-time`);
  }
  if (
    isIsoDate(p.datePosted) &&
    isIsoDate(p.validThrough) &&
    Date.parse(p.validThrough) <= Date.parse(p.datePosted)
  ) {
    problems.push('validThrough must be after datePosted');
  }

  if (p.hiringOrganization !== undefined) {
    const org = p.hiringOrganization;
    if (!isRecord(org) || org['@type'] !== 'Organization') {
      problems.push('hiringOrganization must be an Organization');
    } else if (!nonEmptyString(org.name)) {
      problems.push('hiringOrganization.name is missing');
    }
  }

  asArray(p.jobLocation).forEach((loc, i) => {
    if (!isRecord(loc) || loc['@type'] !== 'Place') {
      problems.push(`jobLocation[${i}] must be a Place`);
      return;
    }
    const address = loc.address;
    if (!isRecord(address) || address['@type'] !== 'PostalAddress') {
      problems.push(`jobLocation[${i}].address must be a PostalAddress`);
    } else if (!nonEmptyString(address.addressCountry)) {
      problems.push(`jobLocation[${i}].address.addressCountry is missing`);
    }
  });

  const requirements = asArray(p.applicantLocationRequirements);
  if (telecommute && requirements.length === 0) {
    problems.push(
      'warning: TELECOMMUTE without applicantLocationRequirements; Google needs at least one country a remote applicant may live in',
    );
  }
  requirements.forEach((area, i) => {
    if (!isRecord(area) || !['Country', 'State', 'AdministrativeArea'].includes(String(area['@type']))) {
      problems.push(`applicantLocationRequirements[${i}] must be a Country, State or AdministrativeArea`);
    } else if (!nonEmptyString(area.name)) {
      problems.push(`applicantLocationRequirements[${i}].name is missing`);
    }
  });

  if (p.baseSalary !== undefined) problems.push(...salaryProblems(p.baseSalary));

  for (const t of asArray(p.employmentType)) {
    if (!(EMPLOYMENT_TYPES as readonly unknown[]).includes(t)) {
      problems.push(`employmentType ${JSON.stringify(t)} is not one of ${EMPLOYMENT_TYPES.join(', ')}`);
    }
  }

  if (p.identifier !== undefined) {
    const id = p.identifier;
    if (!isRecord(id) || id['@type'] !== 'PropertyValue' || !nonEmptyString(id.value)) {
      problems.push('identifier must be a PropertyValue with a value');
    }
  }
  if (p.url !== undefined && !(typeof p.url === 'string' && /^https?:\/\/\S+$/.test(p.url))) {
    problems.push('url must be an absolute http(s) URL');
  }
  if (p.directApply !== undefined && typeof p.directApply !== 'boolean')
    problems.push('directApply must be a boolean');
  return problems;
}
