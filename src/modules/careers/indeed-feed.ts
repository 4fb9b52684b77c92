// The Indeed XML job feed (docs.indeed.com, "XML feed reference"): one <job> per posting, every job field
// in a CDATA section as Indeed asks. All text goes through xml.ts, so hostile text (a "]]>", control
// characters, lone surrogates) cannot break the document. Pure: the caller passes the postings to list
// (the published ones: Indeed wants the complete set shown on the career page) and the build time.
import type { Employer, EmploymentType, PublicPosting } from '../postings/types.ts';
import { descriptionHtml, educationLabel, experienceLabel, salaryLabel } from './description.ts';
import { careerPageUrl, jobUrl, remoteApplicantCountries } from './job-posting-ld.ts';
import { cdataElement, element, rfc2822 } from './xml.ts';

/** Indeed's jobtype words; OTHER has none and is left out. */
const INDEED_JOB_TYPES: Record<EmploymentType, string | null> = {
  FULL_TIME: 'fulltime',
  PART_TIME: 'parttime',
  CONTRACTOR: 'contract',
  TEMPORARY: 'temporary',
  INTERN: 'internship',
  VOLUNTEER: 'volunteer',
  PER_DIEM: 'per diem',
  OTHER: null,
};

function indeedJob(posting: PublicPosting, employer: Employer, baseUrl: string): string {
  const c = posting.content;
  // Indeed takes one location per job: the first one; a remote job without one gives its first country.
  const first = c.locations[0];
  const country =
    first?.countryCode ?? (c.workplaceType === 'remote' ? remoteApplicantCountries(posting)[0] : undefined);
  const remotetype =
    c.workplaceType === 'remote' ? 'Fully remote' : c.workplaceType === 'hybrid' ? 'Hybrid remote' : null;
  const fields: [string, string | null | undefined][] = [
    ['title', c.title],
    ['date', rfc2822(posting.datePosted)],
    ['referencenumber', posting.referenceNumber],
    ['requisitionid', posting.referenceNumber],
    ['url', jobUrl(baseUrl, employer, posting)],
    ['company', employer.name],
    ['sourcename', employer.name],
    ['city', first?.city],
    ['state', first?.region],
    ['country', country],
    ['postalcode', first?.postalCode],
    ['description', descriptionHtml(c).value],
    ['salary', c.salary ? salaryLabel(c.salary) : null],
    ['education', c.educationLevel ? educationLabel(c.educationLevel) : null],
    ['jobtype', c.employmentType ? INDEED_JOB_TYPES[c.employmentType] : null],
    ['category', c.department],
    ['experience', c.experienceMonths ? experienceLabel(c.experienceMonths) : null],
    ['expirationdate', c.validThrough ? rfc2822(c.validThrough) : null],
    ['remotetype', remotetype],
  ];
  return `<job>\n${fields
    .map(([name, value]) => cdataElement(name, value))
    .filter((f) => f !== '')
    .join('\n')}\n</job>`;
}

/**
 * The Indeed feed for an employer's postings. publisher and publisherurl name the employer's career site
 * (each Rolecraft install is its own source); lastBuildDate is `now`. Blank fields are left out rather
 * than sent empty.
 */
export function indeedFeed(
  postings: PublicPosting[],
  employer: Employer,
  baseUrl: string,
  now: Date,
): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<source>',
    element('publisher', employer.name),
    element('publisherurl', careerPageUrl(baseUrl, employer)),
    element('lastBuildDate', rfc2822(now)),
    ...postings.map((p) => indeedJob(p, employer, baseUrl)),
    '</source>',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}
