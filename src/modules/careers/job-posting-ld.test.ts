import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonLd } from '../../http/html.ts';
import { descriptionHtml } from './description.ts';
import { BASE_URL, EMPLOYER, posting } from './fixtures.test-helpers.ts';
import {
  careerPageUrl,
  hasJobPostingMarkup,
  jobPostingLd,
  jobUrl,
  REQUIRED_PROPERTIES,
  validateJobPostingLd,
} from './job-posting-ld.ts';

// The object as plain JSON (what a crawler reads), so tests can index into it freely.
// biome-ignore lint/suspicious/noExplicitAny: test access into a JSON document
type Json = any;
const ldOf = (...args: Parameters<typeof posting>): Json =>
  JSON.parse(JSON.stringify(jobPostingLd(posting(...args), EMPLOYER, BASE_URL)));

describe('jobPostingLd', () => {
  it('builds a complete on-site posting', () => {
    const p = posting();
    const ld: Json = jobPostingLd(p, EMPLOYER, BASE_URL);
    assert.deepEqual(validateJobPostingLd(ld), []);
    assert.equal(ld['@context'], 'https://schema.org');
    assert.equal(ld['@type'], 'JobPosting');
    assert.equal(ld.title, 'Senior Backend Engineer');
    assert.equal(ld.description, descriptionHtml(p.content).value);
    assert.equal(ld.datePosted, '2024-03-05T09:00:00.000Z');
    assert.equal(ld.validThrough, '2024-06-30T23:59:59.000Z');
    assert.deepEqual(ld.hiringOrganization, {
      '@type': 'Organization',
      name: 'Acme GmbH',
      sameAs: 'https://acme.example',
      logo: 'https://acme.example/logo.png',
    });
    assert.deepEqual(ld.jobLocation, [
      {
        '@type': 'Place',
        address: {
          '@type': 'PostalAddress',
          addressLocality: 'Berlin',
          addressRegion: 'BE',
          postalCode: '10115',
          addressCountry: 'DE',
        },
      },
    ]);
    assert.equal(ld.jobLocationType, undefined);
    assert.equal(ld.applicantLocationRequirements, undefined);
    assert.equal(ld.employmentType, 'FULL_TIME');
    assert.deepEqual(ld.baseSalary, {
      '@type': 'MonetaryAmount',
      currency: 'EUR',
      value: { '@type': 'QuantitativeValue', minValue: 90000, maxValue: 120000, unitText: 'YEAR' },
    });
    assert.equal(ld.baseSalary.value.minValue, 90000);
    assert.deepEqual(ld.identifier, {
      '@type': 'PropertyValue',
      name: 'Acme GmbH',
      value: p.referenceNumber,
    });
    assert.equal(ld.directApply, true);
    assert.deepEqual(ld.experienceRequirements, {
      '@type': 'OccupationalExperienceRequirements',
      monthsOfExperience: 60,
    });
    assert.deepEqual(ld.educationRequirements, {
      '@type': 'EducationalOccupationalCredential',
      credentialCategory: 'bachelor degree',
    });
    assert.equal(ld.url, `https://jobs.example.com/careers/acme/jobs/${p.slug}`);
    assert.equal(ld.url, jobUrl(BASE_URL, EMPLOYER, p));
    assert.equal(careerPageUrl(BASE_URL, EMPLOYER), 'https://jobs.example.com/careers/acme');
    assert.equal(ld.skills, 'TypeScript, PostgreSQL');
  });

  it('gives a hybrid posting a jobLocation and no TELECOMMUTE', () => {
    const ld = ldOf({ workplaceType: 'hybrid', applicantLocationRequirements: ['DE', 'AT'] });
    assert.deepEqual(validateJobPostingLd(ld), []);
    assert.equal(ld.jobLocationType, undefined);
    assert.equal(ld.applicantLocationRequirements, undefined);
    assert.equal(ld.jobLocation[0].address.addressLocality, 'Berlin');
  });

  it('marks a remote posting with applicant countries as TELECOMMUTE', () => {
    const ld = ldOf({ workplaceType: 'remote', locations: [], applicantLocationRequirements: ['DE', 'at'] });
    assert.deepEqual(validateJobPostingLd(ld), []);
    assert.equal(ld.jobLocationType, 'TELECOMMUTE');
    assert.deepEqual(ld.applicantLocationRequirements, [
      { '@type': 'Country', name: 'DE' },
      { '@type': 'Country', name: 'AT' },
    ]);
    assert.equal(ld.jobLocation, undefined);
  });

  it('falls back to the countries of the locations, and keeps jobLocation, for a remote posting', () => {
    const ld = ldOf({
      workplaceType: 'remote',
      applicantLocationRequirements: [],
      locations: [
        { city: 'Berlin', countryCode: 'DE' },
        { city: 'Munich', countryCode: 'DE' },
        { city: 'Vienna', countryCode: 'AT' },
      ],
    });
    assert.deepEqual(validateJobPostingLd(ld), []);
    assert.equal(ld.jobLocationType, 'TELECOMMUTE');
    assert.deepEqual(ld.applicantLocationRequirements, [
      { '@type': 'Country', name: 'DE' },
      { '@type': 'Country', name: 'AT' },
    ]);
    assert.equal(ld.jobLocation.length, 3);
    assert.deepEqual(ld.jobLocation[1].address, {
      '@type': 'PostalAddress',
      addressLocality: 'Munich',
      addressCountry: 'DE',
    });
  });

  it('leaves applicantLocationRequirements out for remote-from-anywhere, with a warning', () => {
    const ld = ldOf({ workplaceType: 'remote', applicantLocationRequirements: [], locations: [] });
    assert.equal(ld.jobLocationType, 'TELECOMMUTE');
    assert.equal(ld.applicantLocationRequirements, undefined);
    assert.equal(ld.jobLocation, undefined);
    const problems = validateJobPostingLd(ld);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^warning: TELECOMMUTE without applicantLocationRequirements/);
  });

  it('handles salaries: none, single value, one-sided', () => {
    const none = ldOf({ salary: null });
    assert.equal(none.baseSalary, undefined);
    assert.deepEqual(validateJobPostingLd(none), []);

    const empty = ldOf({ salary: { min: null, max: null, currency: 'USD', period: 'YEAR' } });
    assert.equal(empty.baseSalary, undefined);

    const single = ldOf({ salary: { min: 40, max: 40, currency: 'USD', period: 'HOUR' } });
    assert.deepEqual(single.baseSalary.value, { '@type': 'QuantitativeValue', value: 40, unitText: 'HOUR' });
    assert.deepEqual(validateJobPostingLd(single), []);

    const from = ldOf({ salary: { min: 40000, max: null, currency: 'USD', period: 'YEAR' } });
    assert.deepEqual(from.baseSalary.value, {
      '@type': 'QuantitativeValue',
      minValue: 40000,
      unitText: 'YEAR',
    });
    assert.deepEqual(validateJobPostingLd(from), []);

    const upTo = ldOf({ salary: { min: null, max: 5000, currency: 'GBP', period: 'MONTH' } });
    assert.deepEqual(upTo.baseSalary, {
      '@type': 'MonetaryAmount',
      currency: 'GBP',
      value: { '@type': 'QuantitativeValue', maxValue: 5000, unitText: 'MONTH' },
    });
    assert.deepEqual(validateJobPostingLd(upTo), []);
  });

  it('leaves optional properties out when unset', () => {
    const ld = ldOf(
      {
        validThrough: null,
        employmentType: null,
        salary: null,
        experienceMonths: null,
        educationLevel: null,
        requiredSkills: [],
      },
      {},
    );
    for (const key of [
      'validThrough',
      'employmentType',
      'baseSalary',
      'experienceRequirements',
      'educationRequirements',
      'skills',
    ]) {
      assert.equal(key in ld, false, key);
    }
    const noBrand: Json = jobPostingLd(posting(), { ...EMPLOYER, website: null, logoUrl: null }, BASE_URL);
    assert.deepEqual(noBrand.hiringOrganization, { '@type': 'Organization', name: 'Acme GmbH' });
    assert.deepEqual(validateJobPostingLd(ld), []);
  });

  it('keeps title text unchanged; jsonLd() makes it safe in a script element', () => {
    const title = 'Engineer </script><script>alert("x")</script> "quoted" & <b>';
    const ld = jobPostingLd(posting({ title }), EMPLOYER, BASE_URL);
    assert.equal(ld.title, title);
    const block = jsonLd(ld).value;
    assert.ok(block.startsWith('<script type="application/ld+json">'));
    assert.ok(block.endsWith('</script>'));
    assert.equal(block.indexOf('</script'), block.length - '</script>'.length, 'only the closing tag');
    assert.equal(block.toLowerCase().split('<script').length, 2, 'only the opening tag');
    const json = block.slice('<script type="application/ld+json">'.length, -'</script>'.length);
    assert.equal(JSON.parse(json).title, title);
  });

  it('is only for published postings', () => {
    assert.equal(hasJobPostingMarkup(posting()), true);
    for (const status of ['draft', 'closed', 'archived'] as const) {
      assert.equal(hasJobPostingMarkup(posting({}, { status })), false, status);
    }
  });
});

describe('validateJobPostingLd', () => {
  const good = () => ldOf();

  it('reports each missing required property', () => {
    assert.deepEqual(
      [...REQUIRED_PROPERTIES],
      ['title', 'description', 'datePosted', 'hiringOrganization', 'jobLocation'],
    );
    for (const key of REQUIRED_PROPERTIES) {
      const ld = good();
      delete ld[key];
      const problems = validateJobPostingLd(ld);
      assert.equal(problems.length, 1, `${key}: ${problems.join('; ')}`);
      assert.match(problems[0]!, new RegExp(`^missing required property: ${key}`));
      const blank = good();
      blank[key] = key === 'jobLocation' ? [] : '';
      assert.ok(
        validateJobPostingLd(blank).some((p) => p.startsWith(`missing required property: ${key}`)),
        `${key} blank`,
      );
    }
  });

  it('does not need jobLocation for TELECOMMUTE', () => {
    const ld = good();
    delete ld.jobLocation;
    ld.jobLocationType = 'TELECOMMUTE';
    ld.applicantLocationRequirements = { '@type': 'Country', name: 'DE' };
    assert.deepEqual(validateJobPostingLd(ld), []);
    ld.jobLocationType = 'REMOTE';
    assert.ok(validateJobPostingLd(ld).includes('jobLocationType must be TELECOMMUTE'));
  });

  it('catches a wrong @type, @context and nested types', () => {
    const ld = good();
    ld['@type'] = 'Job';
    delete ld['@context'];
    ld.hiringOrganization = { '@type': 'Thing', name: 'x' };
    ld.jobLocation = [
      { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Berlin' } },
      'Berlin',
    ];
    ld.identifier = 'ACME-1';
    assert.deepEqual(validateJobPostingLd(ld), [
      '@context must be https://schema.org',
      '@type must be JobPosting',
      'hiringOrganization must be an Organization',
      'jobLocation[0].address.addressCountry is missing',
      'jobLocation[1] must be a Place',
      'identifier must be a PropertyValue with a value',
    ]);
    assert.deepEqual(validateJobPostingLd('JobPosting'), ['not a JSON-LD object']);
    assert.deepEqual(validateJobPostingLd(null), ['not a JSON-LD object']);
  });

  it('catches bad dates', () => {
    const ld = good();
    ld.datePosted = '05/03/2024';
    ld.validThrough = '2024-02-30T00:00:00Z';
    const problems = validateJobPostingLd(ld);
    assert.deepEqual(problems, [
      'datePosted must be an ISO 8601 date or date-time',
      'validThrough must be an ISO 8601 date or date-time',
    ]);
    const before = good();
    before.validThrough = '2024-01-01';
    assert.deepEqual(validateJobPostingLd(before), ['validThrough must be after datePosted']);
    const dateOnly = good();
    dateOnly.datePosted = '2024-03-05';
    assert.deepEqual(validateJobPostingLd(dateOnly), []);
  });

  it('catches a malformed baseSalary', () => {
    const cases: [unknown, string][] = [
      [{ '@type': 'PriceSpecification' }, 'baseSalary must be a MonetaryAmount'],
      [
        { '@type': 'MonetaryAmount', currency: 'euro', value: 5 },
        'baseSalary.currency must be an ISO 4217 code',
      ],
      [
        { '@type': 'MonetaryAmount', currency: 'EUR', value: '5' },
        'baseSalary.value must be a number or a QuantitativeValue',
      ],
      [
        {
          '@type': 'MonetaryAmount',
          currency: 'EUR',
          value: { '@type': 'QuantitativeValue', unitText: 'YEAR' },
        },
        'baseSalary.value needs value, minValue or maxValue',
      ],
      [
        {
          '@type': 'MonetaryAmount',
          currency: 'EUR',
          value: { '@type': 'QuantitativeValue', minValue: 9, maxValue: 5, unitText: 'YEAR' },
        },
        'baseSalary.value.minValue is greater than maxValue',
      ],
      [
        {
          '@type': 'MonetaryAmount',
          currency: 'EUR',
          value: { '@type': 'QuantitativeValue', value: 5, unitText: 'ANNUAL' },
        },
        'baseSalary.value.unitText must be one of HOUR, DAY, WEEK, MONTH, YEAR',
      ],
    ];
    for (const [baseSalary, problem] of cases) {
      const ld = good();
      ld.baseSalary = baseSalary;
      assert.deepEqual(validateJobPostingLd(ld), [problem]);
    }
  });

  it('catches an employmentType outside the schema.org list', () => {
    const ld = good();
    ld.employmentType = ['FULL_TIME', 'fulltime'];
    assert.deepEqual(validateJobPostingLd(ld), [
      'employmentType "fulltime" is not one of FULL_TIME, PART_TIME, CONTRACTOR, TEMPORARY, INTERN, VOLUNTEER, PER_DIEM, OTHER',
    ]);
  });

  it('warns about TELECOMMUTE without applicantLocationRequirements', () => {
    const ld = good();
    ld.jobLocationType = 'TELECOMMUTE';
    const problems = validateJobPostingLd(ld);
    assert.equal(problems.length, 1);
    assert.ok(problems[0]!.startsWith('warning:'));
  });
});
