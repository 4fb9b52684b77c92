// The career site as the public sees it, through HTTP against a real database: the job list with
// search, facets and pages; branding; job pages with their JobPosting markup; escaping of hostile
// text everywhere a posting shows up; and drafts that never leak to anyone.
import assert from 'node:assert/strict';
import { APPLY_JS } from '../../src/modules/applications/apply-routes.ts';
import { after, before, describe, it } from 'node:test';
import { validateJobPostingLd } from '../../src/modules/careers/job-posting-ld.ts';
import { xmllint, xpath } from '../../src/modules/careers/fixtures.test-helpers.ts';
import { boardIndexesIfAsked, buildTestApp, type TestApp } from '../helpers.ts';
import { type Employer, makeEmployer, postingBody } from '../postings.ts';

const BASE = 'https://jobs.example.com';
let t: TestApp;
before(async () => {
  t = await buildTestApp({
    seed: false,
    env: { PUBLIC_URL: BASE, RATE_LIMIT_API_PER_MINUTE: '0' },
    boardIndexes: boardIndexesIfAsked(),
  });
});
after(() => t.close());

type Res = Awaited<ReturnType<TestApp['app']['inject']>>;
const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

async function act(e: Employer, id: string, action: 'close' | 'archive' | 'reopen') {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/org/postings/${id}/${action}`,
    headers: e.headers,
  });
  assert.equal(res.statusCode, 200, res.body);
}

/** Creates and publishes; returns the posting as the API answered it at creation. */
async function published(e: Employer, body: Record<string, unknown>) {
  const p = await e.create(postingBody(body));
  await e.publish(p.id);
  return p;
}

/** The text a reader sees: the body without tags, entities decoded, whitespace collapsed. */
function visibleText(html: string): string {
  const body = html.slice(html.indexOf('<body>'), html.indexOf('</body>'));
  return body
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The raw text of every ld+json block, up to the first `</script` (where a browser ends it). */
function ldBlocks(html: string): string[] {
  const open = '<script type="application/ld+json">';
  const blocks: string[] = [];
  for (let at = html.indexOf(open); at >= 0; at = html.indexOf(open, at + 1)) {
    const start = at + open.length;
    const end = html.toLowerCase().indexOf('</script', start);
    blocks.push(html.slice(start, end));
  }
  return blocks;
}

const cards = (html: string) => [...html.matchAll(/<li><article class="card">/g)].length;
const titlesOn = (html: string) =>
  [...html.matchAll(/<h2><a href="[^"]*">([^<]*)<\/a><\/h2>/g)].map((m) => m[1]!).sort();

function contrastOnWhite(hex: string): number {
  const channel = (i: number) => {
    const v = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (l + 0.05);
}

function cspDirective(res: Res, name: string): string[] {
  const csp = String(res.headers['content-security-policy']);
  const directive = csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));
  assert.ok(directive, `CSP has ${name}: ${csp}`);
  return directive.split(/\s+/).slice(1);
}

describe('career page /careers/{org}', () => {
  let e: Employer;
  const posts: Record<string, { id: string; slug: string }> = {};

  before(async () => {
    e = await makeEmployer(t);
    posts.backend = await published(e, {
      title: 'Backend Engineer',
      responsibilities: ['Keep the zeppelin fleet of services flying.', 'Design and build REST APIs.'],
    });
    posts.account = await published(e, {
      title: 'Account Manager',
      department: 'Sales',
      locations: [{ city: 'Munich', region: 'BY', countryCode: 'DE' }],
      workplaceType: 'on_site',
      employmentType: 'PART_TIME',
      salary: { min: 30000, max: 40000, currency: 'EUR', period: 'YEAR' },
    });
    posts.support = await published(e, {
      title: 'Support Specialist',
      department: 'Customer Care',
      locations: [],
      workplaceType: 'remote',
      applicantLocationRequirements: ['DE'],
      employmentType: 'CONTRACTOR',
      salary: { min: 45000, max: 48000, currency: 'EUR', period: 'YEAR' },
    });
    posts.draft = await e.create(postingBody({ title: 'Draft Only Sculptor' }));
    posts.closed = await published(e, { title: 'Closed Role Gardener' });
    await act(e, posts.closed.id, 'close');
  });

  it('lists the published postings only, with the org name, the count and links to each job', async () => {
    const res = await get(`/careers/${e.slug}`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
    const html = res.body;
    assert.match(html, new RegExp(`<h1>Jobs at Org ${e.slug}</h1>`));
    assert.match(html, /<p role="status" class="meta">3 jobs<\/p>/);
    assert.deepEqual(titlesOn(html), ['Account Manager', 'Backend Engineer', 'Support Specialist']);
    for (const key of ['backend', 'account', 'support']) {
      assert.ok(html.includes(`<a href="/careers/${e.slug}/jobs/${posts[key]!.slug}">`), key);
    }
    assert.doesNotMatch(html, /Draft Only Sculptor/);
    assert.doesNotMatch(html, /Closed Role Gardener/);
    assert.ok(!html.includes(posts.draft!.slug));
    assert.ok(!html.includes(posts.closed!.slug));
    assert.match(html, /<p class="pay">EUR 60,000–80,000 per year<\/p>/);
  });

  it('works without JavaScript, with a strict CSP, public caching and ETags', async () => {
    const res = await get(`/careers/${e.slug}`);
    assert.doesNotMatch(res.body, /<script/i);
    assert.match(res.body, /<form class="search careers-search" role="search" method="get"/);
    assert.deepEqual(cspDirective(res, 'default-src'), ["'none'"]);
    assert.deepEqual(cspDirective(res, 'img-src'), ["'self'", 'data:']);
    assert.equal(res.headers['cache-control'], 'public, max-age=60');
    const etag = String(res.headers.etag);
    assert.match(etag, /^W\/".+"$/);
    const again = await get(`/careers/${e.slug}`, { 'if-none-match': etag });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    // Not a CORS endpoint: pages are for browsers on this origin.
    const cors = await get(`/careers/${e.slug}`, { origin: 'https://example.org' });
    assert.equal(cors.headers['access-control-allow-origin'], undefined);
  });

  it('answers an unknown organization with the 404 page', async () => {
    for (const slug of ['no-such-org', 'UPPER', 'x']) {
      const res = await get(`/careers/${slug}`);
      assert.equal(res.statusCode, 404, slug);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(res.body, /Page not found/);
    }
  });

  it('searches the full text: a word only in one posting’s responsibilities finds it', async () => {
    const res = await get(`/careers/${e.slug}?q=zeppelin`);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(titlesOn(res.body), ['Backend Engineer']);
    assert.match(res.body, /1 job matching “zeppelin”/);
    assert.match(res.body, /<input type="search" id="q" name="q" value="zeppelin"/);
    const none = await get(`/careers/${e.slug}?q=submarine`);
    assert.equal(cards(none.body), 0);
    assert.match(none.body, /No open jobs match/);
    // Searching does not find drafts or closed postings either.
    assert.equal(cards((await get(`/careers/${e.slug}?q=gardener`)).body), 0);
    assert.equal(cards((await get(`/careers/${e.slug}?q=sculptor`)).body), 0);
  });

  it('shows every facet as a <select> with counts', async () => {
    const html = (await get(`/careers/${e.slug}`)).body;
    const options = (name: string) => {
      const select = html.match(new RegExp(`<select id="f-${name}" name="${name}">([\\s\\S]*?)</select>`));
      assert.ok(select, `select ${name}`);
      return [...select[1]!.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)]
        .map((m) => `${m[1]}=${m[2]}`)
        .filter((o) => !o.startsWith('=Any'))
        .sort();
    };
    assert.deepEqual(options('location'), [
      'Berlin, BE, DE=Berlin, BE, DE (1)',
      'Munich, BY, DE=Munich, BY, DE (1)',
      'Remote=Remote (1)',
    ]);
    assert.deepEqual(options('department'), [
      'Customer Care=Customer Care (1)',
      'Engineering=Engineering (1)',
      'Sales=Sales (1)',
    ]);
    assert.deepEqual(options('employmentType'), [
      'CONTRACTOR=Contract (1)',
      'FULL_TIME=Full-time (1)',
      'PART_TIME=Part-time (1)',
    ]);
    assert.deepEqual(options('workplaceType'), [
      'hybrid=Hybrid (1)',
      'on_site=On-site (1)',
      'remote=Remote (1)',
    ]);
    assert.deepEqual(options('pay'), [
      'EUR 30000=EUR 30,000+ a year (3)',
      'EUR 50000=EUR 50,000+ a year (1)',
      'EUR 75000=EUR 75,000+ a year (1)',
    ]);
  });

  it('narrows the list by each facet', async () => {
    const cases: [string, string[]][] = [
      ['location=Berlin%2C+BE%2C+DE', ['Backend Engineer']],
      ['location=Remote', ['Support Specialist']],
      ['department=Sales', ['Account Manager']],
      ['employmentType=PART_TIME', ['Account Manager']],
      ['workplaceType=remote', ['Support Specialist']],
      ['workplaceType=on_site', ['Account Manager']],
      ['pay=EUR+50000', ['Backend Engineer']],
      ['pay=EUR+30000', ['Account Manager', 'Backend Engineer', 'Support Specialist']],
      ['pay=USD+30000', []],
      ['department=Sales&employmentType=FULL_TIME', []],
      ['employmentType=&workplaceType=', ['Account Manager', 'Backend Engineer', 'Support Specialist']],
    ];
    for (const [query, titles] of cases) {
      const res = await get(`/careers/${e.slug}?${query}`);
      assert.equal(res.statusCode, 200, query);
      assert.deepEqual(titlesOn(res.body), titles, query);
      const n = titles.length;
      assert.match(
        res.body,
        new RegExp(`<p role="status" class="meta">${n === 1 ? '1 job' : `${n} jobs`}`),
        query,
      );
    }
    const filtered = (await get(`/careers/${e.slug}?location=Berlin%2C+BE%2C+DE`)).body;
    assert.match(filtered, /<option value="Berlin, BE, DE" selected>Berlin, BE, DE \(1\)<\/option>/);
    assert.match(filtered, new RegExp(`<a href="/careers/${e.slug}">Clear filters</a>`));
    assert.equal((await get(`/careers/${e.slug}?pay=fifty`)).statusCode, 400);
    assert.equal((await get(`/careers/${e.slug}?employmentType=SOMETIMES`)).statusCode, 400);
  });

  it('pages by 20: 25 postings give 20 then 5, with rel="next"; page 51 is refused', async () => {
    const big = await makeEmployer(t);
    for (let i = 1; i <= 25; i++) await published(big, { title: `Engineer Number ${i}` });
    const first = await get(`/careers/${big.slug}`);
    assert.equal(cards(first.body), 20);
    assert.match(first.body, /25 jobs/);
    const next = first.body.match(/<a class="button secondary" rel="next" href="([^"]+)">/);
    assert.ok(next, 'a rel="next" link');
    assert.equal(next[1], `/careers/${big.slug}?page=2`);
    assert.doesNotMatch(first.body, /rel="prev"/);
    const second = await get(next[1]!);
    assert.equal(second.statusCode, 200);
    assert.equal(cards(second.body), 5);
    assert.doesNotMatch(second.body, /rel="next"/);
    assert.match(second.body, new RegExp(`rel="prev" href="/careers/${big.slug}"`));
    // Newest first, and the two pages together hold every posting once.
    const all = [...titlesOn(first.body), ...titlesOn(second.body)];
    assert.equal(new Set(all).size, 25);
    assert.match(first.body, /<h2><a href="[^"]+">Engineer Number 25<\/a><\/h2>[\s\S]*Engineer Number 6</);
    assert.equal((await get(`/careers/${big.slug}?page=51`)).statusCode, 400);
    assert.equal((await get(`/careers/${big.slug}?page=0`)).statusCode, 400);
    const far = await get(`/careers/${big.slug}?page=50`);
    assert.equal(far.statusCode, 200);
    assert.equal(cards(far.body), 0);
  });
});

describe('branding', () => {
  let e: Employer;
  let job: { id: string; slug: string };

  before(async () => {
    e = await makeEmployer(t);
    job = await published(e, {});
  });

  it('shows the employer’s colour, logo and intro, and the org change reaches cached pages', async () => {
    await e.patchOrg({ careersIntro: 'Old intro.' });
    const before = await get(`/careers/${e.slug}`);
    assert.match(before.body, /<p class="lede">Old intro\.<\/p>/);
    assert.doesNotMatch(before.body, /brand\.css/);
    assert.doesNotMatch(before.body, /<img/);

    await e.patchOrg({
      brandColor: '#ffcc00',
      logoUrl: 'https://cdn.example.com/logo.png',
      careersIntro: 'We build things.',
    });
    const res = await get(`/careers/${e.slug}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<p class="lede">We build things\.<\/p>/);
    assert.doesNotMatch(res.body, /Old intro/);
    assert.notEqual(res.headers.etag, before.headers.etag);
    assert.match(res.body, /<img src="https:\/\/cdn\.example\.com\/logo\.png" alt=""/);
    assert.deepEqual(cspDirective(res, 'img-src'), ["'self'", 'data:', 'https://cdn.example.com']);
    for (const directive of ['default-src', 'style-src', 'form-action']) {
      assert.ok(
        cspDirective(res, directive).every((s) => !/^https?:/.test(s)),
        `${directive} allows nothing external`,
      );
    }

    const href = res.body.match(/<link rel="stylesheet" href="(\/careers\/[^"]+\/brand\.css\?v=[^"]+)">/);
    assert.ok(href, 'a brand stylesheet');
    assert.ok(href[1]!.startsWith(`/careers/${e.slug}/brand.css?v=`));
    const css = await get(href[1]!);
    assert.equal(css.statusCode, 200);
    assert.match(String(css.headers['content-type']), /^text\/css/);
    assert.match(css.body, /--brand:#ffcc00/);
    const accent = css.body.match(/--accent:(#[0-9a-f]{6})/)?.[1];
    assert.ok(accent, css.body);
    assert.ok(contrastOnWhite(accent) >= 4.5, `${accent} has ${contrastOnWhite(accent)}:1 on white`);
    assert.ok(contrastOnWhite('#ffcc00') < 4.5, 'the brand colour itself would not have been readable');
  });

  it('brands the job page the same way', async () => {
    const res = await get(`/careers/${e.slug}/jobs/${job.slug}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<img src="https:\/\/cdn\.example\.com\/logo\.png"/);
    assert.match(res.body, new RegExp(`/careers/${e.slug}/brand\\.css\\?v=`));
    assert.deepEqual(cspDirective(res, 'img-src'), ["'self'", 'data:', 'https://cdn.example.com']);
    const ld = JSON.parse(ldBlocks(res.body)[0]!);
    assert.equal(ld.hiringOrganization.logo, 'https://cdn.example.com/logo.png');
  });
});

describe('job page /careers/{org}/jobs/{slug}', () => {
  let e: Employer;
  let other: Employer;
  let job: { id: string; slug: string; referenceNumber: string };
  let html: string;
  let datePosted: string;

  before(async () => {
    e = await makeEmployer(t);
    other = await makeEmployer(t);
    job = (await e.create(
      postingBody({
        title: 'Site Reliability Engineer',
        summary: 'Keep our platform fast and boring.',
        preferredQualifications: ['On-call experience.'],
        extraSections: [{ heading: 'Benefits', items: ['30 days of vacation'] }],
        faqs: [{ question: 'Is there on-call?', answer: 'One week in six.' }],
        locations: [{ city: 'Berlin', region: 'BE', countryCode: 'DE', postalCode: '10115' }],
        validThrough: '2099-01-01T00:00:00.000Z',
        experienceMonths: 36,
        educationLevel: 'bachelor degree',
      }),
    )) as typeof job;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/org/postings/${job.id}/publish`,
      headers: e.headers,
    });
    assert.equal(res.statusCode, 200, res.body);
    datePosted = res.json().firstPublishedAt;
    html = (await get(`/careers/${e.slug}/jobs/${job.slug}`)).body;
  });

  it('renders the title, the description, the facts and an Apply link', async () => {
    const res = await get(`/careers/${e.slug}/jobs/${job.slug}`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.equal(res.headers['cache-control'], 'public, max-age=60');
    assert.match(html, /<h1>Site Reliability Engineer<\/h1>/);
    assert.match(html, /<title>Site Reliability Engineer · Org /);
    assert.match(
      html,
      new RegExp(`<link rel="canonical" href="${BASE}/careers/${e.slug}/jobs/${job.slug}">`),
    );
    assert.match(html, /<p>Keep our platform fast and boring\.<\/p>/);
    for (const heading of ['Responsibilities', 'Requirements', 'Nice to have', 'Benefits', 'Skills']) {
      assert.match(html, new RegExp(`<h2>${heading}</h2>`), heading);
    }
    assert.match(html, /<li>Design and build REST APIs\.<\/li>/);
    assert.match(
      html,
      /<h2>Frequently asked questions<\/h2><h3>Is there on-call\?<\/h3><p>One week in six\.<\/p>/,
    );
    const facts = Object.fromEntries(
      [...html.matchAll(/<dt>([^<]+)<\/dt><dd>([^<]*)<\/dd>/g)].map((m) => [m[1]!, m[2]!]),
    );
    assert.deepEqual(facts, {
      Location: 'Berlin, BE, DE',
      Workplace: 'Hybrid',
      'Employment type': 'Full-time',
      Salary: 'EUR 60,000–80,000 per year',
      Experience: '3+ years',
      Education: 'Bachelor&#39;s degree',
      Posted: datePosted.slice(0, 10),
      'Apply by': '2099-01-01',
      Reference: job.referenceNumber,
    });
    assert.equal(job.referenceNumber, `${e.slug}-1`);
    assert.match(
      html,
      new RegExp(
        `<a class="button" id="apply" href="/careers/${e.slug}/jobs/${job.slug}/apply">Apply for this job</a>`,
      ),
    );
    const apply = await get(`/careers/${e.slug}/jobs/${job.slug}/apply`);
    assert.equal(apply.statusCode, 200);
    assert.match(apply.body, /<h1>Apply: Site Reliability Engineer<\/h1>/);
  });

  it('carries exactly one valid JobPosting block matching the posting', async () => {
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    const blocks = ldBlocks(html);
    assert.equal(blocks.length, 1);
    const ld = JSON.parse(blocks[0]!);
    assert.deepEqual(validateJobPostingLd(ld), []);
    assert.equal(ld['@context'], 'https://schema.org');
    assert.equal(ld['@type'], 'JobPosting');
    assert.equal(ld.title, 'Site Reliability Engineer');
    assert.equal(ld.datePosted, datePosted);
    assert.equal(ld.hiringOrganization.name, `Org ${e.slug}`);
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
    assert.deepEqual(ld.baseSalary, {
      '@type': 'MonetaryAmount',
      currency: 'EUR',
      value: { '@type': 'QuantitativeValue', minValue: 60000, maxValue: 80000, unitText: 'YEAR' },
    });
    assert.equal(ld.identifier['@type'], 'PropertyValue');
    assert.equal(ld.identifier.value, job.referenceNumber);
    assert.equal(ld.employmentType, 'FULL_TIME');
    assert.equal(ld.validThrough, '2099-01-01T00:00:00.000Z');
    assert.equal(ld.directApply, true);
    assert.equal(ld.url, `${BASE}/careers/${e.slug}/jobs/${job.slug}`);
    assert.equal(ld.jobLocationType, undefined, 'a hybrid job is not TELECOMMUTE');
    assert.deepEqual(ld.experienceRequirements, {
      '@type': 'OccupationalExperienceRequirements',
      monthsOfExperience: 36,
    });
  });

  it('shows on the page every JobPosting value a person reads', async () => {
    const ld = JSON.parse(ldBlocks(html)[0]!);
    const text = visibleText(html);
    const number = new Intl.NumberFormat('en-US');
    for (const value of [
      ld.title,
      ld.hiringOrganization.name,
      ld.jobLocation[0].address.addressLocality,
      number.format(ld.baseSalary.value.minValue),
      number.format(ld.baseSalary.value.maxValue),
      ld.baseSalary.currency,
      ld.identifier.value,
      ld.validThrough.slice(0, 10),
    ]) {
      assert.ok(text.includes(value), `"${value}" is visible on the page`);
    }
    // The description in the markup is the description on the page, byte for byte.
    assert.ok(html.includes(ld.description), 'the JSON-LD description is the page’s');
  });

  it('marks a remote job TELECOMMUTE with the countries applicants may live in', async () => {
    const remote = await published(e, {
      title: 'Platform Engineer',
      workplaceType: 'remote',
      locations: [],
      applicantLocationRequirements: ['US', 'CA'],
      salary: { min: 120000, max: 150000, currency: 'USD', period: 'YEAR' },
    });
    const res = await get(`/careers/${e.slug}/jobs/${remote.slug}`);
    assert.equal(res.statusCode, 200);
    const ld = JSON.parse(ldBlocks(res.body)[0]!);
    assert.deepEqual(validateJobPostingLd(ld), []);
    assert.equal(ld.jobLocationType, 'TELECOMMUTE');
    assert.equal(ld.jobLocation, undefined);
    assert.deepEqual(ld.applicantLocationRequirements, [
      { '@type': 'Country', name: 'US' },
      { '@type': 'Country', name: 'CA' },
    ]);
    const text = visibleText(res.body);
    assert.ok(text.includes('Location Remote'), 'the page says Remote');
    assert.ok(text.includes('Open to applicants in US, CA'));
    assert.ok(text.includes('USD 120,000–150,000 per year'));
  });

  it('states an open-ended pay range as it is: "up to" a maximum, "from" a minimum', async () => {
    // Today `min: null` is stored as 0 and `max: null` as 0 (refused: min > max); see the report.
    const upTo = await published(e, {
      title: 'Junior Tester',
      salary: { min: null, max: 50000, currency: 'EUR', period: 'YEAR' },
    });
    const salaryFact = (html: string) => html.match(/<dt>Salary<\/dt><dd>([^<]*)<\/dd>/)?.[1];
    const page = (await get(`/careers/${e.slug}/jobs/${upTo.slug}`)).body;
    assert.equal(salaryFact(page), 'up to EUR 50,000 per year');
    const ld = JSON.parse(ldBlocks(page)[0]!);
    assert.deepEqual(ld.baseSalary.value, {
      '@type': 'QuantitativeValue',
      maxValue: 50000,
      unitText: 'YEAR',
    });

    const from = await published(e, {
      title: 'Senior Tester',
      salary: { min: 70000, max: null, currency: 'EUR', period: 'YEAR' },
    });
    const fromPage = (await get(`/careers/${e.slug}/jobs/${from.slug}`)).body;
    assert.equal(salaryFact(fromPage), 'from EUR 70,000 per year');
  });

  it('redirects the id URL to the slug URL', async () => {
    const res = await get(`/careers/${e.slug}/jobs/${job.id}`);
    assert.equal(res.statusCode, 301);
    assert.equal(res.headers.location, `/careers/${e.slug}/jobs/${job.slug}`);
    // Another organization's id is not found here.
    assert.equal((await get(`/careers/${other.slug}/jobs/${job.id}`)).statusCode, 404);
  });

  it('answers a closed posting with a 410 page without markup, archived 410, draft and strangers 404', async () => {
    const closed = await published(e, { title: 'Closed Role Welder' });
    await act(e, closed.id, 'close');
    const gone = await get(`/careers/${e.slug}/jobs/${closed.slug}`);
    assert.equal(gone.statusCode, 410);
    assert.match(String(gone.headers['content-type']), /^text\/html/);
    assert.match(gone.body, /<h1>This job is no longer open<\/h1>/);
    assert.match(gone.body, /has closed “Closed Role Welder”/);
    assert.doesNotMatch(gone.body, /application\/ld\+json/);
    assert.doesNotMatch(gone.body, /<script/);
    assert.doesNotMatch(gone.body, /Apply for this job/);
    assert.equal((await get(`/careers/${e.slug}/jobs/${closed.slug}/apply`)).statusCode, 410);
    assert.equal((await get(`/careers/${e.slug}/jobs/${closed.id}`)).statusCode, 410);

    const archived = await published(e, { title: 'Archived Role Baker' });
    await act(e, archived.id, 'close');
    await act(e, archived.id, 'archive');
    const arch = await get(`/careers/${e.slug}/jobs/${archived.slug}`);
    assert.equal(arch.statusCode, 410);
    assert.doesNotMatch(arch.body, /application\/ld\+json/);

    const draft = await e.create(postingBody({ title: 'Draft Role Potter' }));
    for (const key of [draft.slug, draft.id]) {
      const res = await get(`/careers/${e.slug}/jobs/${key}`);
      assert.equal(res.statusCode, 404, key);
      assert.match(res.body, /Page not found/);
      assert.doesNotMatch(res.body, /Draft Role Potter/);
    }
    assert.equal((await get(`/careers/${e.slug}/jobs/${draft.slug}/apply`)).statusCode, 404);

    const theirs = await published(other, { title: 'Their Role Cooper' });
    assert.equal((await get(`/careers/${e.slug}/jobs/${theirs.slug}`)).statusCode, 404);
    assert.equal((await get(`/careers/${other.slug}/jobs/${theirs.slug}`)).statusCode, 200);
    assert.equal((await get(`/careers/no-such-org/jobs/${job.slug}`)).statusCode, 404);
    assert.equal((await get(`/careers/${e.slug}/jobs/no-such-job-99`)).statusCode, 404);
  });

  it('answers 410 once the valid-through date has passed, before any auto-close ran', async () => {
    const validThrough = new Date(Date.now() + 1500).toISOString();
    const soon = await published(e, { title: 'Seasonal Harvest Helper', validThrough });
    await new Promise((resolve) => setTimeout(resolve, Date.parse(validThrough) - Date.now() + 100));
    const res = await get(`/careers/${e.slug}/jobs/${soon.slug}`);
    assert.equal(res.statusCode, 410);
    assert.doesNotMatch(res.body, /application\/ld\+json/);
    assert.equal((await get(`/api/v1/boards/${e.slug}/jobs/${soon.id}`)).statusCode, 410);
    assert.doesNotMatch((await get(`/careers/${e.slug}`)).body, /Seasonal Harvest Helper/);
  });
});

describe('escaping of hostile text', () => {
  const XSS = '<script>alert(1)</script>';
  const IMG = '"><img src=x onerror=alert(1)>';
  const EVIL = `${XSS}${IMG}`;
  const TITLE = `Engineer ${EVIL}`;
  const ORG = `Evil ${EVIL} GmbH`;
  let e: Employer;
  let job: { id: string; slug: string };
  const pages: Record<string, string> = {};

  function assertEscaped(name: string, html: string) {
    assert.doesNotMatch(html, /<script>alert/, `${name}: no raw <script>`);
    assert.doesNotMatch(html, /<img src=x/, `${name}: no raw <img>`);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), `${name}: the escaped <script>`);
    assert.ok(html.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'), `${name}: the escaped <img>`);
  }

  before(async () => {
    assert.ok(TITLE.length <= 80);
    e = await makeEmployer(t);
    await e.patchOrg({ name: ORG });
    job = await published(e, {
      title: TITLE,
      department: `Dept ${EVIL}`,
      summary: `Summary ${EVIL} & more.`,
      responsibilities: [`Resp ${EVIL}`],
      qualifications: [`Qual ${EVIL}`],
      requiredSkills: [`Skill ${EVIL}`],
      faqs: [{ question: `Why ${EVIL}?`, answer: `Because </script><script>alert(1)</script> ${IMG}` }],
      extraSections: [{ heading: `Perks ${EVIL}`, items: [`Perk ${EVIL}`] }],
      locations: [{ city: `Springfield ${EVIL}`, region: 'BE', countryCode: 'DE' }],
      questions: [{ type: 'short_text', label: `Label ${EVIL}` }],
    });
    pages.list = (await get(`/careers/${e.slug}`)).body;
    pages.search = (await get(`/careers/${e.slug}?q=${encodeURIComponent(EVIL)}`)).body;
    pages.job = (await get(`/careers/${e.slug}/jobs/${job.slug}`)).body;
    pages.apply = (await get(`/careers/${e.slug}/jobs/${job.slug}/apply`)).body;
  });

  it('escapes it on the career list, a search for it, the job page and the apply page', () => {
    for (const [name, html] of Object.entries(pages)) assertEscaped(name, html);
    assert.match(pages.job!, /<h1>Engineer &lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&gt;&lt;img/);
    assert.match(pages.list!, /<h1>Jobs at Evil &lt;script&gt;/);
    assert.match(pages.search!, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&gt;&lt;img/);
    assert.match(pages.apply!, /for="field-answers\.q1">Label &lt;script&gt;/);
    for (const name of ['list', 'search']) assert.doesNotMatch(pages[name]!, /<script/i, name);
    // The apply page's only script is the form's own enhancement, from this origin.
    assert.deepEqual(pages.apply!.match(/<script[^>]*>/gi), [`<script src="${APPLY_JS}" defer>`]);
  });

  it('keeps the JSON-LD parseable, closed only at its end, with the text unchanged', () => {
    assert.equal((pages.job!.match(/<script/gi) ?? []).length, 1);
    const [raw] = ldBlocks(pages.job!);
    assert.ok(raw);
    assert.ok(!raw.includes('<'), 'nothing in the block can open or close a tag');
    // The block ends where the browser ends it: right before the </script> that closes it.
    assert.ok(pages.job!.includes(`${raw}</script>\n</head>`));
    const ld = JSON.parse(raw);
    assert.deepEqual(validateJobPostingLd(ld), []);
    assert.equal(ld.title, TITLE);
    assert.equal(ld.hiringOrganization.name, ORG);
    assert.equal(ld.identifier.name, ORG);
    assert.equal(ld.jobLocation[0].address.addressLocality, `Springfield ${EVIL}`);
    assert.equal(ld.skills, `Skill ${EVIL}`);
    assert.ok(
      ld.description.includes('&lt;script&gt;alert(1)&lt;/script&gt;'),
      'description is escaped HTML',
    );
    assert.ok(!ld.description.includes('<script'), 'description HTML has no live script');
  });

  it('escapes it in the feeds and the board API', async () => {
    const rss = (await get(`/careers/${e.slug}/jobs.rss`)).body;
    assert.equal(xmllint(rss).status, 0, xmllint(rss).stderr);
    assert.doesNotMatch(rss, /<script>alert/);
    assert.equal(xpath(rss, 'string(//item/title)'), TITLE);
    assert.equal(xpath(rss, 'string(//channel/title)'), `Jobs at ${ORG}`);

    const feed = (await get(`/careers/${e.slug}/feed.xml`)).body;
    assert.equal(xmllint(feed).status, 0, xmllint(feed).stderr);
    assert.equal(xpath(feed, 'string(//job/title)'), TITLE);
    assert.equal(xpath(feed, 'string(//job/company)'), ORG);
    assert.equal(xpath(feed, 'string(//job/city)'), `Springfield ${EVIL}`);
    const description = xpath(feed, 'string(//job/description)');
    assert.doesNotMatch(description, /<script>alert|<img src=x/, 'the HTML description is escaped');
    assert.ok(description.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));

    const list = await get(`/api/v1/boards/${e.slug}/jobs?content=true`);
    assert.equal(list.statusCode, 200);
    const board = list.json();
    assert.equal(board.organization.name, ORG);
    assert.equal(board.data[0].title, TITLE);
    assert.equal(board.data[0].department, `Dept ${EVIL}`);
    assert.doesNotMatch(board.data[0].content, /<script>alert|<img src=x/);
    const detail = (await get(`/api/v1/boards/${e.slug}/jobs/${job.id}`)).json();
    assert.doesNotMatch(detail.content, /<script>alert|<img src=x/);
    assert.equal(detail.sections.responsibilities[0], `Resp ${EVIL}`);
    assert.equal(detail.applicationForm.questions[0].label, `Label ${EVIL}`);
  });

  it('escapes it on the 410 page after closing', async () => {
    await act(e, job.id, 'close');
    const res = await get(`/careers/${e.slug}/jobs/${job.slug}`);
    assert.equal(res.statusCode, 410);
    assertEscaped('gone', res.body);
    assert.doesNotMatch(res.body, /<script/i);
    assert.match(res.body, /has closed “Engineer &lt;script&gt;/);
  });
});

describe('tenant isolation of drafts', () => {
  let a: Employer;
  let b: Employer;
  let draft: { id: string; slug: string };
  let liveA: { id: string; slug: string };

  before(async () => {
    a = await makeEmployer(t);
    b = await makeEmployer(t);
    draft = await a.create(postingBody({ title: 'Secret Draft Astronaut' }));
    liveA = await published(a, { title: 'Visible Role Cartographer' });
    await published(b, { title: 'Other Org Role Navigator' });
  });

  it('keeps org A’s draft off both career pages and job pages', async () => {
    for (const org of [a, b]) {
      const page = await get(`/careers/${org.slug}`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /Secret Draft Astronaut/);
      assert.ok(!page.body.includes(draft.slug));
      assert.doesNotMatch((await get(`/careers/${org.slug}?q=astronaut`)).body, /Astronaut/);
      for (const key of [draft.slug, draft.id]) {
        assert.equal((await get(`/careers/${org.slug}/jobs/${key}`)).statusCode, 404, `${org.slug} ${key}`);
      }
    }
    assert.match((await get(`/careers/${a.slug}`)).body, /Visible Role Cartographer/);
    assert.doesNotMatch((await get(`/careers/${b.slug}`)).body, /Visible Role Cartographer/);
  });

  it('keeps it off the board API, list and by id', async () => {
    for (const org of [a, b]) {
      const list = await get(`/api/v1/boards/${org.slug}/jobs?facets=true&content=true`);
      assert.equal(list.statusCode, 200);
      assert.doesNotMatch(list.body, /Astronaut/);
      assert.equal(list.json().total, 1);
      for (const key of [draft.id, draft.slug]) {
        const res = await get(`/api/v1/boards/${org.slug}/jobs/${key}`);
        assert.equal(res.statusCode, 404, `${org.slug} ${key}`);
        assert.equal(res.json().code, 'not_found');
      }
    }
    assert.equal((await get(`/api/v1/boards/${b.slug}/jobs/${liveA.id}`)).statusCode, 404);
  });

  it('keeps it out of the feeds and the sitemap', async () => {
    for (const org of [a, b]) {
      for (const feed of ['feed.xml', 'jobs.rss']) {
        const res = await get(`/careers/${org.slug}/${feed}`);
        assert.equal(res.statusCode, 200);
        assert.doesNotMatch(res.body, /Astronaut/, `${org.slug} ${feed}`);
        assert.ok(!res.body.includes(draft.slug));
      }
    }
    const jobs = (await get('/sitemaps/jobs-1.xml')).body;
    assert.ok(jobs.includes(`${BASE}/careers/${a.slug}/jobs/${liveA.slug}<`));
    assert.ok(!jobs.includes(draft.slug), 'no draft URL in the sitemap');
  });
});
