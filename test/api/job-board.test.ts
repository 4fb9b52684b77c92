// The public job-board API through HTTP against a real database: the list (CORS, caching, filters,
// facets, cursors), one job with its application form, cache invalidation on every change, and the
// cross-organization salary insights.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TSchema } from '@sinclair/typebox';
import { BoardJobDetail, BoardPage, SalaryInsights } from '../../src/modules/careers/schemas.ts';
import { boardIndexesIfAsked, buildTestApp, type TestApp } from '../helpers.ts';
import { type Employer, makeEmployer, postingBody } from '../postings.ts';
import { assertProblem } from '../problems.ts';

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

/**
 * Where a value breaks a route's JSON Schema: types (a type list included), required and extra
 * properties, items, anyOf, const and enum, patterns and the uuid and date-time formats. Enough to
 * hold an answer to its declared shape without depending on how the schema was built.
 */
function schemaErrors(schema: TSchema, value: unknown, path = ''): string[] {
  const s = schema as Record<string, unknown>;
  const here = path || '/';
  if (Array.isArray(s.anyOf)) {
    const ok = (s.anyOf as TSchema[]).some((branch) => schemaErrors(branch, value, path).length === 0);
    return ok ? [] : [`${here}: matches no branch of anyOf (${JSON.stringify(value)?.slice(0, 60)})`];
  }
  if (Array.isArray(s.allOf)) return (s.allOf as TSchema[]).flatMap((b) => schemaErrors(b, value, path));
  if ('const' in s && value !== s.const) return [`${here}: expected ${JSON.stringify(s.const)}`];
  if (Array.isArray(s.enum) && !s.enum.includes(value)) return [`${here}: not one of ${s.enum.join(', ')}`];
  const types = s.type === undefined ? [] : [s.type].flat();
  const is = (type: unknown) =>
    type === 'null'
      ? value === null
      : type === 'integer'
        ? Number.isInteger(value)
        : type === 'array'
          ? Array.isArray(value)
          : type === 'object'
            ? typeof value === 'object' && value !== null && !Array.isArray(value)
            : typeof value === type;
  if (types.length > 0 && !types.some(is)) {
    return [`${here}: expected ${types.join(' or ')}, got ${JSON.stringify(value)?.slice(0, 60)}`];
  }
  if (typeof value === 'string') {
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) {
      return [`${here}: does not match ${s.pattern}`];
    }
    if (
      s.format === 'date-time' &&
      !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value)
    ) {
      return [`${here}: not a date-time`];
    }
    if (
      s.format === 'uuid' &&
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
    ) {
      return [`${here}: not a uuid`];
    }
  }
  if (Array.isArray(value) && s.items) {
    return value.flatMap((item, i) => schemaErrors(s.items as TSchema, item, `${path}/${i}`));
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && s.properties) {
    const object = value as Record<string, unknown>;
    const properties = s.properties as Record<string, TSchema>;
    const missing = ((s.required as string[] | undefined) ?? [])
      .filter((key) => !(key in object))
      .map((key) => `${path}/${key}: missing`);
    const extra =
      s.additionalProperties === false
        ? Object.keys(object)
            .filter((key) => !(key in properties))
            .map((key) => `${path}/${key}: not allowed`)
        : [];
    const nested = Object.entries(properties)
      .filter(([key]) => key in object)
      .flatMap(([key, sub]) => schemaErrors(sub, object[key], `${path}/${key}`));
    return [...missing, ...extra, ...nested];
  }
  return [];
}

function assertSchema(schema: TSchema, value: unknown) {
  assert.deepEqual(schemaErrors(schema, value), [], 'the answer matches the route’s declared schema');
}

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

async function call(e: Employer, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  const res = await t.app.inject({ method, url, headers: e.headers, ...(payload ? { payload } : {}) });
  assert.ok(res.statusCode < 300, `${method} ${url} → ${res.statusCode} ${res.body}`);
  return res.json();
}
const close = (e: Employer, id: string) => call(e, 'POST', `/api/v1/org/postings/${id}/close`);

async function published(e: Employer, body: Record<string, unknown>) {
  const p = await e.create(postingBody(body));
  await e.publish(p.id);
  return p;
}

interface BoardJobJson {
  id: string;
  title: string;
  content?: string;
  [k: string]: unknown;
}
const titles = (body: { data: BoardJobJson[] }) => body.data.map((j) => j.title);
const careerTitles = (html: string) =>
  [...html.matchAll(/<h2><a href="[^"]*">([^<]*)<\/a><\/h2>/g)].map((m) => m[1]!);

describe('GET /api/v1/boards/{org}/jobs', () => {
  let e: Employer;
  const p: Record<string, { id: string; slug: string; referenceNumber: string }> = {};
  // Newest first.
  const ORDER = ['Office Manager', 'Sales Lead', 'Mobile Engineer', 'Frontend Engineer', 'Backend Engineer'];

  before(async () => {
    e = await makeEmployer(t);
    const made = async (key: string, body: Record<string, unknown>) => {
      p[key] = (await published(e, body)) as (typeof p)[string];
    };
    await made('backend', { title: 'Backend Engineer' });
    await made('frontend', {
      title: 'Frontend Engineer',
      responsibilities: ['Build accessible interfaces.', 'Own the design system.'],
      salary: { min: 55000, max: 70000, currency: 'EUR', period: 'YEAR' },
    });
    await made('data', {
      title: 'Mobile Engineer',
      department: 'Data',
      locations: [{ city: 'Munich', region: 'BY', countryCode: 'DE' }],
      workplaceType: 'on_site',
      employmentType: 'PART_TIME',
      salary: { min: 40000, max: 45000, currency: 'EUR', period: 'YEAR' },
    });
    await made('sales', {
      title: 'Sales Lead',
      department: 'Sales',
      locations: [],
      workplaceType: 'remote',
      applicantLocationRequirements: ['DE'],
      employmentType: 'CONTRACTOR',
      salary: { min: 30000, max: 35000, currency: 'EUR', period: 'YEAR' },
    });
    await made('office', {
      title: 'Office Manager',
      department: 'Operations',
      workplaceType: 'on_site',
      employmentType: 'PART_TIME',
      salary: { min: 3000, max: 3500, currency: 'EUR', period: 'MONTH' },
    });
    await e.create(postingBody({ title: 'Draft Engineer Unseen' }));
    const closed = await published(e, { title: 'Closed Engineer Unseen' });
    await close(e, closed.id);
  });

  it('answers anyone with the open jobs, newest first, in the declared shape', async () => {
    const res = await get(`/api/v1/boards/${e.slug}/jobs`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.equal(res.headers['cache-control'], 'public, max-age=60');
    const body = res.json();
    assertSchema(BoardPage, body);
    // The check itself is not vacuous.
    assert.notDeepEqual(schemaErrors(BoardPage, { ...body, total: '5' }), []);
    assert.notDeepEqual(schemaErrors(BoardPage, { ...body, data: [{ ...body.data[0], id: 'x' }] }), []);
    assert.notDeepEqual(schemaErrors(BoardPage, { ...body, nextCursor: undefined }), []);
    assert.deepEqual(body.organization, {
      slug: e.slug,
      name: `Org ${e.slug}`,
      url: `${BASE}/careers/${e.slug}`,
    });
    assert.equal(body.total, 5);
    assert.deepEqual(titles(body), ORDER);
    assert.equal(body.nextCursor, null);
    assert.equal('facets' in body, false);
    assert.equal(res.headers.link, undefined);
    for (const job of body.data) assert.equal('content' in job, false, 'no content without content=true');
    const backend = body.data.find((j: BoardJobJson) => j.id === p.backend!.id);
    const url = `${BASE}/careers/${e.slug}/jobs/${p.backend!.slug}`;
    assert.deepEqual(
      { ...backend, datePosted: undefined, updatedAt: undefined },
      {
        id: p.backend!.id,
        referenceNumber: p.backend!.referenceNumber,
        title: 'Backend Engineer',
        url,
        applyUrl: `${url}#apply`,
        department: 'Engineering',
        locations: [{ city: 'Berlin', region: 'BE', countryCode: 'DE' }],
        locationNames: ['Berlin, BE, DE'],
        workplaceType: 'hybrid',
        applicantLocationRequirements: [],
        employmentType: 'FULL_TIME',
        salary: { min: 60000, max: 80000, currency: 'EUR', period: 'YEAR' },
        datePosted: undefined,
        updatedAt: undefined,
        validThrough: null,
      },
    );
    const sales = body.data.find((j: BoardJobJson) => j.id === p.sales!.id);
    assert.deepEqual(sales.locationNames, ['Remote']);
    assert.deepEqual(sales.applicantLocationRequirements, ['DE']);
  });

  it('is open to other origins (CORS) and answers the preflight', async () => {
    const res = await get(`/api/v1/boards/${e.slug}/jobs`, { origin: 'https://example.org' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['access-control-allow-credentials'], undefined);
    const exposed = String(res.headers['access-control-expose-headers']).split(/,\s*/);
    for (const h of ['ETag', 'Link']) assert.ok(exposed.includes(h), `exposes ${h}`);

    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: `/api/v1/boards/${e.slug}/jobs?limit=2`,
      headers: {
        origin: 'https://example.org',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'if-none-match',
      },
    });
    assert.equal(preflight.statusCode, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], '*');
    assert.equal(preflight.headers['access-control-allow-methods'], 'GET, HEAD');
    assert.match(String(preflight.headers['access-control-allow-headers']), /If-None-Match/);
    assert.equal(preflight.headers['access-control-max-age'], '7200');

    // Writes are not open to other origins.
    const post = await t.app.inject({
      method: 'OPTIONS',
      url: `/api/v1/boards/${e.slug}/jobs`,
      headers: { origin: 'https://example.org', 'access-control-request-method': 'POST' },
    });
    assert.notEqual(post.statusCode, 204);
    assert.equal(post.headers['access-control-allow-origin'], undefined);
    // The detail and the insights are public too.
    for (const url of [
      `/api/v1/boards/${e.slug}/jobs/${p.backend!.id}`,
      '/api/v1/insights/salaries?role=xx&country=DE',
    ]) {
      const r = await get(url, { origin: 'https://example.org' });
      assert.equal(r.headers['access-control-allow-origin'], '*', url);
    }
  });

  it('answers If-None-Match with 304', async () => {
    const first = await get(`/api/v1/boards/${e.slug}/jobs?facets=true`);
    const etag = String(first.headers.etag);
    assert.match(etag, /^W\/".+"$/);
    const again = await get(`/api/v1/boards/${e.slug}/jobs?facets=true`, { 'if-none-match': etag });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    assert.equal(again.headers.etag, etag);
    const other = await get(`/api/v1/boards/${e.slug}/jobs`, { 'if-none-match': etag });
    assert.equal(other.statusCode, 200, 'another representation has another ETag');
  });

  it('adds each description with content=true', async () => {
    const body = (await get(`/api/v1/boards/${e.slug}/jobs?content=true`)).json();
    assertSchema(BoardPage, body);
    for (const job of body.data as BoardJobJson[]) {
      assert.equal(typeof job.content, 'string', job.title);
      assert.match(job.content!, /<section><h2>Responsibilities<\/h2><ul><li>/);
    }
    const frontend = (body.data as BoardJobJson[]).find((j) => j.id === p.frontend!.id)!;
    assert.match(frontend.content!, /<li>Own the design system\.<\/li>/);
    const page = (await get(`/careers/${e.slug}/jobs/${p.frontend!.slug}`)).body;
    assert.ok(page.includes(frontend.content!), 'the same HTML as the job page');
  });

  it('adds the facets with counts with facets=true', async () => {
    const body = (await get(`/api/v1/boards/${e.slug}/jobs?facets=true`)).json();
    assertSchema(BoardPage, body);
    const sorted = (list: { value: string; count: number }[]) =>
      [...list].sort((a, b) => (a.value < b.value ? -1 : 1));
    assert.deepEqual(sorted(body.facets.department), [
      { value: 'Data', count: 1 },
      { value: 'Engineering', count: 2 },
      { value: 'Operations', count: 1 },
      { value: 'Sales', count: 1 },
    ]);
    assert.deepEqual(sorted(body.facets.location), [
      { value: 'Berlin, BE, DE', count: 3 },
      { value: 'Munich, BY, DE', count: 1 },
      { value: 'Remote', count: 1 },
    ]);
    assert.deepEqual(sorted(body.facets.employmentType), [
      { value: 'CONTRACTOR', count: 1 },
      { value: 'FULL_TIME', count: 2 },
      { value: 'PART_TIME', count: 2 },
    ]);
    assert.deepEqual(sorted(body.facets.workplaceType), [
      { value: 'hybrid', count: 2 },
      { value: 'on_site', count: 2 },
      { value: 'remote', count: 1 },
    ]);
    // Tops per year: 80k, 70k, 45k, 35k, 42k (3,500 a month).
    assert.deepEqual(body.facets.pay, [
      { value: 'EUR 30000', count: 5 },
      { value: 'EUR 50000', count: 2 },
      { value: 'EUR 75000', count: 1 },
    ]);
    assert.equal(body.total, 5);
  });

  it('filters as the career site does', async () => {
    const cases: [string, string[]][] = [
      ['location=Berlin%2C+BE%2C+DE', ['Office Manager', 'Frontend Engineer', 'Backend Engineer']],
      ['location=Remote', ['Sales Lead']],
      ['department=Engineering', ['Frontend Engineer', 'Backend Engineer']],
      ['employmentType=PART_TIME', ['Office Manager', 'Mobile Engineer']],
      ['workplaceType=on_site', ['Office Manager', 'Mobile Engineer']],
      ['pay=EUR+50000', ['Frontend Engineer', 'Backend Engineer']],
      ['pay=EUR+40000', ['Office Manager', 'Mobile Engineer', 'Frontend Engineer', 'Backend Engineer']],
      ['q=accessible', ['Frontend Engineer']],
      ['q=engineer&employmentType=PART_TIME', ['Mobile Engineer']],
      ['department=Sales&workplaceType=hybrid', []],
    ];
    for (const [query, expected] of cases) {
      const res = await get(`/api/v1/boards/${e.slug}/jobs?${query}`);
      assert.equal(res.statusCode, 200, query);
      const body = res.json();
      if (query.startsWith('q=')) assert.deepEqual([...titles(body)].sort(), [...expected].sort(), query);
      else assert.deepEqual(titles(body), expected, query);
      assert.equal(body.total, expected.length, query);
      const site = (await get(`/careers/${e.slug}?${query}`)).body;
      assert.deepEqual(careerTitles(site).sort(), [...expected].sort(), `site: ${query}`);
    }
  });

  it('pages with limit, nextCursor and a Link header, seeing every job exactly once', async () => {
    const seen: string[] = [];
    let url: string | undefined = `/api/v1/boards/${e.slug}/jobs?limit=2&department=`;
    let pages = 0;
    while (url) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, url);
      const body = res.json();
      assertSchema(BoardPage, body);
      assert.equal(body.total, 5);
      assert.ok(body.data.length <= 2);
      seen.push(...titles(body));
      pages++;
      const link = res.headers.link as string | undefined;
      if (body.nextCursor === null) {
        assert.equal(link, undefined);
        url = undefined;
      } else {
        const m = link?.match(/^<([^>]+)>; rel="next"$/);
        assert.ok(m, `a Link header: ${link}`);
        const next = new URL(m[1]!, 'http://x');
        assert.equal(next.pathname, `/api/v1/boards/${e.slug}/jobs`);
        assert.equal(next.searchParams.get('cursor'), body.nextCursor);
        assert.equal(next.searchParams.get('limit'), '2');
        url = m[1];
      }
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, ORDER);
  });

  it('pages a search the same way', async () => {
    const first = await get(`/api/v1/boards/${e.slug}/jobs?q=engineer&limit=2`);
    const body = first.json();
    assert.equal(body.total, 3);
    assert.equal(body.data.length, 2);
    assert.ok(body.nextCursor);
    const link = String(first.headers.link).match(/^<([^>]+)>; rel="next"$/)?.[1];
    assert.ok(link);
    assert.equal(new URL(link, 'http://x').searchParams.get('q'), 'engineer');
    const second = (await get(link)).json();
    assert.equal(second.data.length, 1);
    assert.equal(second.nextCursor, null);
    assert.deepEqual([...titles(body), ...titles(second)].sort(), [
      'Backend Engineer',
      'Frontend Engineer',
      'Mobile Engineer',
    ]);
  });

  it('refuses unknown organizations, bad cursors and bad parameters as problem+json', async () => {
    assertProblem(await get('/api/v1/boards/no-such-org/jobs'), 404, 'not_found');
    assertProblem(await get('/api/v1/boards/NOT_A_SLUG/jobs'), 404, 'not_found');
    assertProblem(await get(`/api/v1/boards/${e.slug}/jobs?cursor=not-a-cursor`), 400, 'invalid_cursor');
    const forged = Buffer.from(JSON.stringify({ o: 5000 })).toString('base64url');
    assertProblem(await get(`/api/v1/boards/${e.slug}/jobs?q=x&cursor=${forged}`), 400, 'invalid_cursor');
    for (const query of ['limit=0', 'limit=101', 'employmentType=SOMETIMES', 'pay=lots', 'page=2']) {
      assertProblem(await get(`/api/v1/boards/${e.slug}/jobs?${query}`), 400, 'validation_failed');
    }
  });
});

describe('Server-Timing', () => {
  it('says on the response that ran the search how long it took and which search answered', async () => {
    const e = await makeEmployer(t);
    await published(e, { title: 'Timed Engineer' });
    const first = await get(`/api/v1/boards/${e.slug}/jobs?q=timed`);
    assert.equal(first.json().total, 1);
    const answeredBy = process.env.ROLECRAFT_TEST_BOARD_INDEX === '1' ? 'memory' : 'database';
    assert.match(
      String(first.headers['server-timing']),
      new RegExp(`^search;dur=\\d+\\.\\d;desc="${answeredBy}"$`),
    );
    // The cached answer ran no search.
    const again = await get(`/api/v1/boards/${e.slug}/jobs?q=timed`);
    assert.equal(again.statusCode, 200);
    assert.equal(again.headers['server-timing'], undefined);
  });
});

describe('GET /api/v1/boards/{org}/jobs/{id}', () => {
  let e: Employer;
  let job: { id: string; slug: string; referenceNumber: string; content: { questions: unknown[] } };
  const QUESTIONS = [
    { id: 'why', type: 'short_text', label: 'Why us?', required: true, helpText: 'One sentence.' },
    { id: 'story', type: 'long_text', label: 'Tell us about a hard bug.' },
    { id: 'visa', type: 'yes_no', label: 'Do you need a visa?', required: true, knockoutAnswer: true },
    { id: 'level', type: 'single_choice', label: 'Level', options: ['Junior', 'Senior'] },
    { id: 'langs', type: 'multiple_choice', label: 'Languages', options: ['Go', 'Rust', 'TypeScript'] },
    { id: 'years', type: 'number', label: 'Years of experience', min: 0, max: 50 },
    { id: 'sample', type: 'file', label: 'A work sample' },
    {
      id: 'privacy',
      type: 'consent',
      label: 'Privacy',
      required: true,
      consentText: 'You may keep my data.',
    },
  ];

  before(async () => {
    e = await makeEmployer(t);
    job = (await published(e, {
      title: 'Backend Engineer',
      extraSections: [{ heading: 'Benefits', items: ['Bikes'] }],
      faqs: [{ question: 'Remote?', answer: 'Two days a week.' }],
      experienceMonths: 24,
      questions: QUESTIONS,
    })) as typeof job;
  });

  it('answers with the content, the sections and the application form', async () => {
    const res = await get(`/api/v1/boards/${e.slug}/jobs/${job.id}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'public, max-age=60');
    const body = res.json();
    assertSchema(BoardJobDetail, body);
    assert.equal(body.id, job.id);
    assert.equal(body.title, 'Backend Engineer');
    assert.equal(body.referenceNumber, job.referenceNumber);
    assert.match(body.content, /<section><h2>Benefits<\/h2><ul><li>Bikes<\/li><\/ul><\/section>/);
    assert.deepEqual(body.sections, {
      summary: postingBody().summary,
      responsibilities: postingBody().responsibilities,
      qualifications: postingBody().qualifications,
      preferredQualifications: [],
      extraSections: [{ heading: 'Benefits', items: ['Bikes'] }],
      faqs: [{ question: 'Remote?', answer: 'Two days a week.' }],
      requiredSkills: ['Node.js', 'PostgreSQL'],
      preferredSkills: ['Redis'],
      experienceMonths: 24,
      educationLevel: null,
    });

    const fields = body.applicationForm.fields as { id: string; type: string; required: boolean }[];
    const byId = Object.fromEntries(fields.map((f) => [f.id, f]));
    assert.deepEqual(
      fields.filter((f) => f.required).map((f) => f.id),
      ['name', 'email', 'resume'],
    );
    assert.equal(byId.email!.type, 'email');
    assert.deepEqual(byId.resume, {
      id: 'resume',
      type: 'file',
      label: 'Resume',
      required: true,
      accept: [
        'application/pdf',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'text/plain',
      ],
      maxBytes: 10 * 1024 * 1024,
    });
  });

  it('lists the posting’s questions, all eight types, as the posting has them', async () => {
    const body = (await get(`/api/v1/boards/${e.slug}/jobs/${job.id}`)).json();
    const questions = body.applicationForm.questions as Record<string, unknown>[];
    assert.equal(questions.length, 8);
    assert.deepEqual(
      questions.map((q) => q.type),
      ['short_text', 'long_text', 'yes_no', 'single_choice', 'multiple_choice', 'number', 'file', 'consent'],
    );
    // What a candidate needs to answer each question, exactly as the posting stores it.
    const stored = job.content.questions as Record<string, unknown>[];
    const FORM_KEYS = ['id', 'type', 'label', 'required', 'helpText', 'options', 'min', 'max', 'consentText'];
    const pick = (q: Record<string, unknown>) =>
      Object.fromEntries(FORM_KEYS.filter((k) => q[k] !== undefined).map((k) => [k, q[k]]));
    assert.deepEqual(questions.map(pick), stored.map(pick));
    assert.deepEqual(pick(questions[5]!), {
      id: 'years',
      type: 'number',
      label: 'Years of experience',
      required: false,
      min: 0,
      max: 50,
    });
    assert.deepEqual(questions[4]!.options, ['Go', 'Rust', 'TypeScript']);
    assert.equal(questions[7]!.consentText, 'You may keep my data.');
    assert.equal(questions[0]!.helpText, 'One sentence.');
    // A file question takes what the resume takes.
    assert.equal(questions[6]!.maxBytes, 10 * 1024 * 1024);
    assert.ok(Array.isArray(questions[6]!.accept) && questions[6]!.accept.includes('application/pdf'));
  });

  it('finds the job by slug too, and answers If-None-Match with 304', async () => {
    const byId = await get(`/api/v1/boards/${e.slug}/jobs/${job.id}`);
    const bySlug = await get(`/api/v1/boards/${e.slug}/jobs/${job.slug}`);
    assert.equal(bySlug.statusCode, 200);
    assert.equal(bySlug.body, byId.body);
    const again = await get(`/api/v1/boards/${e.slug}/jobs/${job.slug}`, {
      'if-none-match': String(bySlug.headers.etag),
    });
    assert.equal(again.statusCode, 304);
  });

  it('answers a closed job 410 posting_closed, a draft or unknown one 404', async () => {
    const closed = await published(e, { title: 'Closed Engineer' });
    await close(e, closed.id);
    for (const key of [closed.id, closed.slug]) {
      assertProblem(await get(`/api/v1/boards/${e.slug}/jobs/${key}`), 410, 'posting_closed');
    }
    const draft = await e.create(postingBody({ title: 'Draft Engineer' }));
    for (const key of [draft.id, draft.slug, '00000000-0000-7000-8000-000000000000', 'no-such-job-1']) {
      assertProblem(await get(`/api/v1/boards/${e.slug}/jobs/${key}`), 404, 'not_found');
    }
    assertProblem(await get(`/api/v1/boards/no-such-org/jobs/${job.id}`), 404, 'not_found');
  });
});

describe('cache invalidation', () => {
  it('shows a posting published after a first request on the next one', async () => {
    const e = await makeEmployer(t);
    await published(e, { title: 'First Engineer' });
    const before = (await get(`/api/v1/boards/${e.slug}/jobs?facets=true`)).json();
    assert.equal(before.total, 1);
    const page = await get(`/careers/${e.slug}`);
    assert.match(page.body, /1 job</);
    await published(e, { title: 'Second Engineer' });
    const after = (await get(`/api/v1/boards/${e.slug}/jobs?facets=true`)).json();
    assert.equal(after.total, 2);
    assert.deepEqual(titles(after), ['Second Engineer', 'First Engineer']);
    assert.equal(after.facets.department[0].count, 2);
    assert.match((await get(`/careers/${e.slug}`)).body, /2 jobs</);
  });

  it('shows an edited title on the board, the job page and the feeds at once', async () => {
    const e = await makeEmployer(t);
    const job = await published(e, { title: 'Original Title Engineer' });
    const urls = [
      `/api/v1/boards/${e.slug}/jobs`,
      `/api/v1/boards/${e.slug}/jobs/${job.id}`,
      `/careers/${e.slug}`,
      `/careers/${e.slug}/jobs/${job.slug}`,
      `/careers/${e.slug}/feed.xml`,
      `/careers/${e.slug}/jobs.rss`,
    ];
    for (const url of urls) assert.match((await get(url)).body, /Original Title Engineer/, url);
    const patched = await call(e, 'PATCH', `/api/v1/org/postings/${job.id}`, {
      title: 'Renamed Title Engineer',
    });
    assert.equal(patched.slug, job.slug, 'a published posting keeps its address');
    for (const url of urls) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /Renamed Title Engineer/, url);
      assert.doesNotMatch(res.body, /Original Title Engineer/, url);
    }
    await close(e, job.id);
    assert.equal((await get(`/api/v1/boards/${e.slug}/jobs`)).json().total, 0);
    assert.equal((await get(`/api/v1/boards/${e.slug}/jobs/${job.id}`)).statusCode, 410);
    assert.equal((await get(`/careers/${e.slug}/jobs/${job.slug}`)).statusCode, 410);
    assert.doesNotMatch((await get(`/careers/${e.slug}/feed.xml`)).body, /<job>/);
  });
});

describe('expiry', () => {
  it('drops an expired posting from cached answers at once, and the auto-close task closes it', async () => {
    const e = await makeEmployer(t);
    await published(e, { title: 'Lasting Engineer' });
    const validThrough = new Date(Date.now() + 1500).toISOString();
    const soon = await published(e, { title: 'Seasonal Engineer', validThrough });
    const urls = [`/api/v1/boards/${e.slug}/jobs`, `/careers/${e.slug}`, `/careers/${e.slug}/feed.xml`];
    for (const url of urls) assert.match((await get(url)).body, /Seasonal Engineer/, url);
    await new Promise((resolve) => setTimeout(resolve, Date.parse(validThrough) - Date.now() + 100));
    // Gone at once, before the auto-close task has run: no cached answer outlives the date.
    for (const url of urls) {
      const res = await get(url);
      assert.doesNotMatch(res.body, /Seasonal Engineer/, `${url} before the task`);
      assert.match(res.body, /Lasting Engineer/, url);
    }
    assertProblem(await get(`/api/v1/boards/${e.slug}/jobs/${soon.id}`), 410, 'posting_closed');
    assert.ok((await t.app.tasks.closeExpiredPostings()) >= 1);
    for (const url of urls) {
      const res = await get(url);
      assert.doesNotMatch(res.body, /Seasonal Engineer/, url);
      assert.match(res.body, /Lasting Engineer/, url);
    }
    assertProblem(await get(`/api/v1/boards/${e.slug}/jobs/${soon.id}`), 410, 'posting_closed');
    const events = await call(e, 'GET', `/api/v1/org/postings/${soon.id}/events`);
    assert.equal(events.items[0].actor, 'system');
  });
});

describe('GET /api/v1/insights/salaries', () => {
  type Pay = { min: number | null; max: number | null; period?: string; currency?: string };
  async function post(e: Employer, title: string, pay: Pay, extra: Record<string, unknown> = {}) {
    return published(e, {
      title,
      salary: { currency: 'EUR', period: 'YEAR', ...pay },
      ...extra,
    });
  }
  const insights = async (role: string, country: string) => {
    const res = await get(`/api/v1/insights/salaries?role=${encodeURIComponent(role)}&country=${country}`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assertSchema(SalaryInsights, body);
    return body;
  };

  /** PostgreSQL's percentile_cont: linear interpolation between the closest ranks. */
  function percentileCont(values: number[], p: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    const at = p * (sorted.length - 1);
    const lo = Math.floor(at);
    const hi = Math.ceil(at);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
  }

  it('says nothing for 4 postings from 3 organizations', async () => {
    const orgs = [await makeEmployer(t), await makeEmployer(t), await makeEmployer(t)];
    await post(orgs[0]!, 'Glassblower', { min: 40000, max: 50000 });
    await post(orgs[0]!, 'Glassblower', { min: 42000, max: 52000 });
    await post(orgs[1]!, 'Glassblower', { min: 44000, max: 54000 });
    await post(orgs[2]!, 'Glassblower', { min: 46000, max: 56000 });
    const body = await insights('glassblower', 'DE');
    assert.deepEqual(body, {
      role: 'glassblower',
      country: 'DE',
      available: false,
      minimum: { postings: 5, organizations: 3 },
      results: [],
    });
  });

  it('says nothing for 5 postings from 2 organizations', async () => {
    const orgs = [await makeEmployer(t), await makeEmployer(t)];
    for (let i = 0; i < 5; i++) await post(orgs[i % 2]!, 'Beekeeper', { min: 30000 + i, max: 40000 });
    const body = await insights('beekeeper', 'DE');
    assert.equal(body.available, false);
    assert.deepEqual(body.results, []);
  });

  describe('with enough data', () => {
    let orgs: Employer[];
    let counted: { id: string; org: Employer; midpoint: number }[];

    before(async () => {
      orgs = [await makeEmployer(t), await makeEmployer(t), await makeEmployer(t)];
      const [a, b, c] = orgs as [Employer, Employer, Employer];
      const add = async (org: Employer, title: string, pay: Pay, midpoint: number, extra = {}) => {
        const p = await post(org, title, pay, extra);
        counted.push({ id: p.id, org, midpoint });
      };
      counted = [];
      await add(a, 'Data Engineer', { min: 60000, max: 80000 }, 70000);
      await add(a, 'Senior Data Engineer', { min: 6000, max: 7000, period: 'MONTH' }, 78000);
      await add(b, 'Data Engineer', { min: 40, max: 50.5, period: 'HOUR' }, (83200 + 105040) / 2);
      await add(b, 'Data Engineer II', { min: 50000, max: 56001 }, 53000.5);
      await add(c, 'Staff Data Engineer', { min: 90000, max: 110000 }, 100000);
      await add(c, 'Data Engineer', { min: 64000, max: 66000 }, 65000, {
        workplaceType: 'remote',
        locations: [],
        applicantLocationRequirements: ['DE', 'AT'],
      });
      // None of these count in DE, in EUR.
      const closed = await post(c, 'Data Engineer', { min: 200000, max: 220000 });
      await close(c, closed.id);
      await post(
        b,
        'Data Engineer',
        { min: 45000, max: 50000 },
        {
          locations: [{ city: 'Paris', countryCode: 'FR' }],
        },
      );
      await post(a, 'Data Analyst', { min: 10000, max: 20000 });
      await post(b, 'Data Engineer', { min: 1000, max: 2000, currency: 'USD' });
      await a.create(
        postingBody({ title: 'Data Engineer', salary: { min: 1, max: 2, currency: 'EUR', period: 'YEAR' } }),
      );
    });

    const expected = (midpoints: number[], organizations: number) => ({
      currency: 'EUR',
      period: 'YEAR',
      sampleSize: midpoints.length,
      organizations,
      p25: Math.round(percentileCont(midpoints, 0.25)),
      p50: Math.round(percentileCont(midpoints, 0.5)),
      p75: Math.round(percentileCont(midpoints, 0.75)),
    });

    it('gives the 25th, 50th and 75th percentiles of the yearly midpoints', async () => {
      const body = await insights('Data Engineer', 'DE');
      assert.equal(body.available, true);
      assert.equal(body.country, 'DE');
      assert.deepEqual(body.results, [
        expected(
          counted.map((c) => c.midpoint),
          3,
        ),
      ]);
      // The numbers themselves, to be sure the helper is right: midpoints sorted
      // 53000.5, 65000, 70000, 78000, 94120, 100000.
      assert.deepEqual(
        [body.results[0].p25, body.results[0].p50, body.results[0].p75],
        [Math.round(66250), 74000, Math.round(90090)],
      );
    });

    it('filters by country', async () => {
      const fr = await insights('Data Engineer', 'FR');
      assert.equal(fr.available, false);
      assert.deepEqual(fr.results, []);
      // The remote posting open to AT is one posting there: not enough.
      assert.equal((await insights('Data Engineer', 'AT')).available, false);
      assert.equal((await insights('Data Engineer', 'US')).available, false);
    });

    it('refuses a lowercase country and a too-short role', async () => {
      assertProblem(
        await get('/api/v1/insights/salaries?role=data+engineer&country=de'),
        400,
        'validation_failed',
      );
      assertProblem(await get('/api/v1/insights/salaries?role=d&country=DE'), 400, 'validation_failed');
      assertProblem(await get('/api/v1/insights/salaries?role=data+engineer'), 400, 'validation_failed');
      assertProblem(
        await get('/api/v1/insights/salaries?role=data+engineer&country=DE&extra=1'),
        400,
        'validation_failed',
      );
    });

    it('does not count an open-ended range (only a maximum, or only a minimum)', async () => {
      const [a] = orgs as [Employer];
      const before = await insights('data engineer', 'DE');
      const made: string[] = [];
      try {
        // Today the API stores `min: null` as 0 (see the report): the range then counts, with
        // a midpoint of 45,000, and the percentiles move.
        made.push((await post(a, 'Data Engineer', { min: null, max: 90000 })).id);
        assert.deepEqual((await insights('data engineer', 'DE')).results, before.results);
        made.push((await post(a, 'Data Engineer', { min: 150000, max: null })).id);
        assert.deepEqual((await insights('data engineer', 'DE')).results, before.results);
      } finally {
        for (const id of made) await close(a, id);
      }
    });

    it('forgets cached figures when a posting closes', async () => {
      const warm = await insights('data engineer', 'DE');
      assert.equal(warm.results[0].sampleSize, 6);
      const gone = counted.find((c) => c.midpoint === 100000)!;
      await close(gone.org, gone.id);
      counted = counted.filter((c) => c !== gone);
      const body = await insights('data engineer', 'DE');
      assert.deepEqual(body.results, [
        expected(
          counted.map((c) => c.midpoint),
          3,
        ),
      ]);
      assert.equal(body.results[0].sampleSize, 5);
      // One more closes: 4 postings are not enough any more.
      const next = counted.find((c) => c.midpoint === 78000)!;
      await close(next.org, next.id);
      const thin = await insights('data engineer', 'DE');
      assert.equal(thin.available, false);
      assert.deepEqual(thin.results, []);
    });

    it('echoes the role as asked, whatever another caller’s spelling cached', async () => {
      const lower = await insights('data engineer', 'DE');
      assert.equal(lower.role, 'data engineer');
      const upper = await insights('DATA ENGINEER', 'DE');
      assert.equal(upper.role, 'DATA ENGINEER');
    });
  });
});
