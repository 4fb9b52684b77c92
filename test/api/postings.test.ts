// The job-postings API (/api/v1/org/postings) over HTTP on a real database: creating from a
// template or from scratch, validation, edits saved as versions (with ETags), listing, tenant
// isolation, permissions and concurrency. The lifecycle, deletion, the publishing checks (pay
// transparency included) and auto-closing are in posting-lifecycle.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../helpers.ts';
import { makeApiToken, makeUser, member } from '../identity.ts';
import { type Employer, makeEmployer, postingBody } from '../postings.ts';
import { assertProblem, withoutInstance } from '../problems.ts';

const BASE = '/api/v1/org/postings';
const MISSING = '01900000-0000-7000-8000-000000000000';

type Headers = Record<string, string>;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

let t: TestApp;
let acme: Employer;
before(async () => {
  t = await buildTestApp({ env: { RATE_LIMIT_API_PER_MINUTE: '0' } });
  acme = await makeEmployer(t);
});
after(() => t.close());

const send = (method: Method, url: string, headers: Headers, payload?: object, extra: Headers = {}) =>
  t.app.inject({ method, url, headers: { ...headers, ...extra }, ...(payload ? { payload } : {}) });

/** Creates a posting and asserts 201; returns the body. */
async function create(headers: Headers, body: object = postingBody()) {
  const res = await send('POST', BASE, headers, body);
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

/** The answer is 422 invalid_posting and names each of these paths in `errors`. */
function assertInvalid(res: Awaited<ReturnType<typeof send>>, ...paths: string[]) {
  const problem = assertProblem(res, 422, 'invalid_posting');
  const named = (problem.errors ?? []).map((e: { path: string }) => e.path);
  for (const path of paths) assert.ok(named.includes(path), `${path} not in ${res.body}`);
  return problem;
}

const numberOf = (referenceNumber: string) => Number(referenceNumber.split('-').at(-1));

describe('creating a posting', () => {
  it('copies a global template into a new draft', async () => {
    const e = await makeEmployer(t);
    const template = (await send('GET', '/api/v1/templates/jr-backend-developer', {})).json();
    const res = await send('POST', BASE, e.headers, {
      template: { slug: 'jr-backend-developer', library: 'global' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const p = res.json();
    assert.equal(res.headers.location, `${BASE}/${p.id}`);
    assert.match(String(res.headers.etag), /^W\/".+"$/);
    assert.equal(res.headers['cache-control'], 'private, no-store');

    assert.equal(p.status, 'draft');
    assert.equal(p.version, 1);
    assert.equal(p.templateId, template.id);
    assert.equal(p.content.title, template.role);
    assert.equal(p.content.title, 'Jr. Backend Developer');
    assert.equal(p.content.summary, template.summary);
    assert.deepEqual(p.content.responsibilities, template.responsibilities);
    assert.deepEqual(p.content.qualifications, template.qualifications);
    assert.deepEqual(
      p.content.requiredSkills,
      template.skills.map((s: { label: string }) => s.label),
    );
    assert.deepEqual(p.skills.required[0], { label: 'Node.js', skillId: 'nodejs' });
    assert.equal(p.referenceNumber, `${e.slug}-1`);
    assert.equal(p.slug, 'jr-backend-developer-1');
    assert.equal(p.url, null);
    assert.equal(p.firstPublishedAt, null);
    assert.equal(p.publishedAt, null);

    // What was created is what is read back, with the same ETag.
    const read = await send('GET', `${BASE}/${p.id}`, e.headers);
    assert.equal(read.statusCode, 200);
    assert.deepEqual(read.json(), p);
    assert.equal(read.headers.etag, res.headers.etag);

    // Numbers go on: the next posting is the organization's second.
    const next = await create(e.headers, { title: 'Data Analyst' });
    assert.equal(next.referenceNumber, `${e.slug}-2`);
    assert.equal(next.slug, 'data-analyst-2');
  });

  it('copies the organization’s own (forked and edited) template', async () => {
    const e = await makeEmployer(t);
    const forked = await send('POST', '/api/v1/templates/jr-backend-developer/fork', e.headers, {});
    assert.equal(forked.statusCode, 201, forked.body);
    const summary = 'At our shop, you will build the order pipeline.';
    const edited = await send('PATCH', '/api/v1/org/templates/jr-backend-developer', e.headers, { summary });
    assert.equal(edited.statusCode, 200, edited.body);

    const p = await create(e.headers, {
      template: { slug: 'jr-backend-developer', library: 'organization' },
    });
    assert.equal(p.templateId, forked.json().id);
    assert.equal(p.content.summary, summary);
    assert.equal(p.content.title, 'Jr. Backend Developer');

    // The library defaults to the organization's: another organization has no such template.
    const other = await makeEmployer(t);
    assertProblem(
      await send('POST', BASE, other.headers, { template: { slug: 'jr-backend-developer' } }),
      404,
      'not_found',
    );
  });

  it('starts from scratch with a title, and needs one', async () => {
    const p = await create(acme.headers, { title: '  Data   Analyst ' });
    assert.equal(p.templateId, null);
    assert.equal(p.content.title, 'Data Analyst');
    assert.equal(p.content.summary, '');
    assert.deepEqual(p.content.responsibilities, []);
    assert.equal(p.content.workplaceType, 'on_site');
    assert.equal(p.content.employmentType, null);
    assert.equal(p.content.salary, null);
    assert.match(p.slug, /^data-analyst-\d+$/);

    const untitled = assertProblem(await send('POST', BASE, acme.headers, {}), 422, 'invalid_posting');
    assert.match(untitled.detail, /title/);
    assertProblem(
      await send('POST', BASE, acme.headers, { summary: 'A job without a name.' }),
      422,
      'invalid_posting',
    );
  });

  it('answers 404 for an unknown template', async () => {
    const res = await send('POST', BASE, acme.headers, {
      template: { slug: 'no-such-template', library: 'global' },
    });
    const problem = assertProblem(res, 404, 'not_found');
    assert.match(problem.detail, /no-such-template/);
  });

  it('lets the fields given override the template’s', async () => {
    const p = await create(acme.headers, {
      template: { slug: 'jr-backend-developer', library: 'global' },
      title: 'Billing Engineer',
      responsibilities: ['Own the billing API.'],
      employmentType: 'PART_TIME',
    });
    const template = (await send('GET', '/api/v1/templates/jr-backend-developer', {})).json();
    assert.equal(p.content.title, 'Billing Engineer');
    assert.deepEqual(p.content.responsibilities, ['Own the billing API.']);
    assert.equal(p.content.employmentType, 'PART_TIME');
    // What was not given still comes from the template.
    assert.deepEqual(p.content.qualifications, template.qualifications);
    assert.equal(p.templateId, template.id);
    assert.equal(p.slug, `billing-engineer-${numberOf(p.referenceNumber)}`);
  });
});

describe('validation', () => {
  it('refuses a title over 80 characters (schema: 400)', async () => {
    const problem = assertProblem(
      await send('POST', BASE, acme.headers, postingBody({ title: 'x'.repeat(81) })),
      400,
      'validation_failed',
    );
    assert.ok(
      problem.errors.some((e: { path: string }) => e.path === 'body/title'),
      JSON.stringify(problem),
    );
    await create(acme.headers, postingBody({ title: 'x'.repeat(80) }));
  });

  it('refuses pay in the title', async () => {
    for (const title of ['Engineer $120k', 'Engineer 100,000', 'Engineer 90k']) {
      const problem = assertInvalid(
        await send('POST', BASE, acme.headers, postingBody({ title })),
        'body/title',
      );
      assert.match(problem.detail, /salary/, title);
    }
  });

  it('refuses the location or workplace type in the title', async () => {
    const berlin = assertInvalid(
      await send('POST', BASE, acme.headers, postingBody({ title: 'Engineer in Berlin' })),
      'body/title',
    );
    assert.match(berlin.detail, /location/);
    assertInvalid(
      await send('POST', BASE, acme.headers, postingBody({ title: 'Remote Engineer' })),
      'body/title',
    );
    // Berlin was refused only because it is one of the posting's locations.
    const munich = postingBody({
      title: 'Engineer in Berlin',
      locations: [{ city: 'Munich', region: 'BY', countryCode: 'DE' }],
    });
    await create(acme.headers, munich);
  });

  it('does not mistake ordinary words for a two-letter region code', async () => {
    const res = await send(
      'POST',
      BASE,
      acme.headers,
      postingBody({
        title: 'Software Engineer in Test',
        locations: [{ city: 'Indianapolis', region: 'IN', countryCode: 'US' }],
      }),
    );
    assert.equal(res.statusCode, 201, res.body);
  });

  it('refuses a salary whose minimum exceeds its maximum', async () => {
    const salary = { min: 90000, max: 60000, currency: 'EUR', period: 'YEAR' };
    const problem = assertInvalid(
      await send('POST', BASE, acme.headers, postingBody({ salary })),
      'body/salary',
    );
    assert.match(problem.detail, /minimum/);
    const single = await create(acme.headers, postingBody({ salary: { ...salary, min: 60000, max: 60000 } }));
    assert.deepEqual(single.content.salary, { ...salary, min: 60000, max: 60000 });
  });

  it('keeps null for an open end of a salary range and for experienceMonths', async () => {
    const salary = { min: 90000, max: null, currency: 'EUR', period: 'YEAR' };
    const from = await send('POST', BASE, acme.headers, postingBody({ salary, experienceMonths: null }));
    assert.equal(from.statusCode, 201, from.body);
    assert.deepEqual(from.json().content.salary, salary);
    assert.equal(from.json().content.experienceMonths, null);
    const upTo = await create(acme.headers, postingBody({ salary: { ...salary, min: null, max: 90000 } }));
    assert.equal(upTo.content.salary.min, null);
    assertInvalid(
      await send('POST', BASE, acme.headers, postingBody({ salary: { ...salary, min: null, max: null } })),
      'body/salary',
    );
  });

  it('refuses inconsistent screening questions', async () => {
    const cases: [string, object][] = [
      ['choice question without options', { type: 'single_choice', label: 'Which shift?' }],
      ['knock-out answer on a text question', { type: 'short_text', label: 'Why?', knockoutAnswer: false }],
      ['consent without its text', { type: 'consent', label: 'Do you agree?' }],
      ['options on a yes/no question', { type: 'yes_no', label: 'Ok?', options: ['Yes', 'No'] }],
      ['bounds on a text question', { type: 'long_text', label: 'Tell us', min: 1 }],
    ];
    for (const [name, question] of cases) {
      const body = postingBody({
        questions: [{ type: 'yes_no', label: 'Can you work in the EU?' }, question],
      });
      const res = await send('POST', BASE, acme.headers, body);
      assert.equal(res.statusCode, 422, `${name}: ${res.body}`);
      assertInvalid(res, 'body/questions/1');
    }
  });

  it('accepts consistent screening questions, with ids generated where missing', async () => {
    const p = await create(
      acme.headers,
      postingBody({
        questions: [
          { type: 'yes_no', label: 'Can you work in the EU?', required: true, knockoutAnswer: false },
          { id: 'shift', type: 'single_choice', label: 'Which shift?', options: ['Early', 'Late'] },
          { type: 'number', label: 'Years of Go?', min: 0, max: 40 },
          { type: 'consent', label: 'Talent pool', consentText: 'Keep my data for 12 months.' },
        ],
      }),
    );
    assert.deepEqual(
      p.content.questions.map((q: { id: string }) => q.id),
      ['q1', 'shift', 'q3', 'q4'],
    );
    assert.equal(p.content.questions[0].knockoutAnswer, false);
    assert.equal(p.content.questions[0].required, true);
    assert.equal(p.content.questions[1].required, false);
  });

  it('refuses duplicate question ids', async () => {
    const body = postingBody({
      questions: [
        { id: 'visa', type: 'yes_no', label: 'Do you need a visa?' },
        { id: 'visa', type: 'short_text', label: 'Which visa?' },
      ],
    });
    const problem = assertProblem(await send('POST', BASE, acme.headers, body), 422, 'invalid_posting');
    assert.match(problem.detail, /"visa" is used twice/);
  });

  it('does not let a generated question id collide with one given later', async () => {
    const body = postingBody({
      questions: [
        { type: 'yes_no', label: 'Do you need a visa?' },
        { id: 'q1', type: 'short_text', label: 'Which visa?' },
      ],
    });
    const res = await send('POST', BASE, acme.headers, body);
    assert.equal(res.statusCode, 201, res.body);
    const ids = res.json().content.questions.map((q: { id: string }) => q.id);
    assert.equal(new Set(ids).size, 2);
  });

  it('refuses applicant location requirements on a job that is not remote', async () => {
    assertInvalid(
      await send('POST', BASE, acme.headers, postingBody({ applicantLocationRequirements: ['DE'] })),
      'body/applicantLocationRequirements',
    );
    const remote = await create(
      acme.headers,
      postingBody({ workplaceType: 'remote', locations: [], applicantLocationRequirements: ['DE', 'AT'] }),
    );
    assert.deepEqual(remote.content.applicantLocationRequirements, ['DE', 'AT']);
  });

  it('refuses a lower-case currency and an unknown employment type (schema: 400)', async () => {
    const currency = assertProblem(
      await send(
        'POST',
        BASE,
        acme.headers,
        postingBody({ salary: { min: 1, max: 2, currency: 'usd', period: 'YEAR' } }),
      ),
      400,
      'validation_failed',
    );
    assert.ok(
      currency.errors.some((e: { path: string }) => e.path === 'body/salary/currency'),
      JSON.stringify(currency.errors),
    );
    const type = assertProblem(
      await send('POST', BASE, acme.headers, postingBody({ employmentType: 'FULLTIME' })),
      400,
      'validation_failed',
    );
    assert.ok(
      type.errors.some((e: { path: string }) => e.path.startsWith('body/employmentType')),
      JSON.stringify(type.errors),
    );
    assertProblem(
      await send('POST', BASE, acme.headers, postingBody({ unknownField: true })),
      400,
      'validation_failed',
    );
  });

  it('accepts members on the hiring team and refuses anyone else', async () => {
    const recruiter = await member(t.database, t.config, acme.orgId, 'recruiter');
    const stranger = await makeUser(t.database);
    const refused = assertInvalid(
      await send(
        'POST',
        BASE,
        acme.headers,
        postingBody({
          hiringTeam: [
            { userId: recruiter.id, role: 'recruiter' },
            { userId: stranger.id, role: 'interviewer' },
          ],
        }),
      ),
      'body/hiringTeam/1/userId',
    );
    assert.match(refused.detail, /member/);

    const team = [{ userId: recruiter.id, role: 'recruiter' }];
    const p = await create(acme.headers, postingBody({ hiringTeam: team }));
    assert.deepEqual(p.content.hiringTeam, team);
    // A person is on the team once.
    assertInvalid(
      await send(
        'POST',
        BASE,
        acme.headers,
        postingBody({ hiringTeam: [...team, { userId: recruiter.id, role: 'interviewer' }] }),
      ),
      'body/hiringTeam/1',
    );
    // Editing the team checks the new members too.
    assertInvalid(
      await send('PATCH', `${BASE}/${p.id}`, acme.headers, {
        hiringTeam: [{ userId: stranger.id, role: 'coordinator' }],
      }),
      'body/hiringTeam/0/userId',
    );
  });
});

describe('editing', () => {
  it('saves every edit as a new version', async () => {
    const p = await create(acme.headers);
    const res = await send('PATCH', `${BASE}/${p.id}`, acme.headers, { summary: 'A brand new summary.' });
    assert.equal(res.statusCode, 200, res.body);
    const edited = res.json();
    assert.equal(edited.version, 2);
    assert.equal(edited.content.summary, 'A brand new summary.');
    assert.equal(edited.content.title, p.content.title);
    assert.equal(edited.check, undefined);

    const versions = await send('GET', `${BASE}/${p.id}/versions`, acme.headers);
    assert.equal(versions.statusCode, 200);
    const page = versions.json();
    assert.deepEqual(
      page.data.map((v: { version: number }) => v.version),
      [2, 1],
    );
    assert.equal(page.data[0].content.summary, 'A brand new summary.');
    assert.equal(page.data[1].content.summary, p.content.summary);
    assert.equal(page.nextCursor, null);

    const paged = (await send('GET', `${BASE}/${p.id}/versions?limit=1`, acme.headers)).json();
    assert.deepEqual(
      paged.data.map((v: { version: number }) => v.version),
      [2],
    );
    const rest = (
      await send('GET', `${BASE}/${p.id}/versions?limit=1&cursor=${paged.nextCursor}`, acme.headers)
    ).json();
    assert.deepEqual(
      rest.data.map((v: { version: number }) => v.version),
      [1],
    );

    const v1 = await send('GET', `${BASE}/${p.id}/versions/1`, acme.headers);
    assert.equal(v1.statusCode, 200);
    assert.equal(v1.json().version, 1);
    assert.equal(v1.json().status, 'draft');
    assert.deepEqual(v1.json().content, p.content);
    assertProblem(await send('GET', `${BASE}/${p.id}/versions/3`, acme.headers), 404, 'not_found');
    assertProblem(await send('GET', `${BASE}/${MISSING}/versions/1`, acme.headers), 404, 'not_found');
    assertProblem(await send('PATCH', `${BASE}/${p.id}`, acme.headers, {}), 400, 'validation_failed');
  });

  it('honours If-Match (412 when stale) and If-None-Match (304 when current)', async () => {
    const created = await send('POST', BASE, acme.headers, postingBody());
    const id = created.json().id;
    const first = String(created.headers.etag);

    const edited = await send(
      'PATCH',
      `${BASE}/${id}`,
      acme.headers,
      { department: 'Platform' },
      { 'if-match': first },
    );
    assert.equal(edited.statusCode, 200, edited.body);
    const second = String(edited.headers.etag);
    assert.notEqual(second, first);

    const stale = await send(
      'PATCH',
      `${BASE}/${id}`,
      acme.headers,
      { department: 'Data' },
      { 'if-match': first },
    );
    assertProblem(stale, 412, 'precondition_failed');
    const read = await send('GET', `${BASE}/${id}`, acme.headers);
    assert.equal(read.json().content.department, 'Platform');
    assert.equal(read.json().version, 2);
    assert.equal(read.headers.etag, second);

    const cached = await send('GET', `${BASE}/${id}`, acme.headers, undefined, { 'if-none-match': second });
    assert.equal(cached.statusCode, 304);
    assert.equal(cached.body, '');
    const changed = await send('GET', `${BASE}/${id}`, acme.headers, undefined, { 'if-none-match': first });
    assert.equal(changed.statusCode, 200);

    // DELETE honours If-Match too.
    assertProblem(
      await send('DELETE', `${BASE}/${id}`, acme.headers, undefined, { 'if-match': first }),
      412,
      'precondition_failed',
    );
    assert.equal((await send('GET', `${BASE}/${id}`, acme.headers)).statusCode, 200);
  });

  it('moves a draft’s slug with its title, never a published posting’s', async () => {
    const e = await makeEmployer(t);
    const p = await e.create(postingBody({ title: 'Line Cook' }));
    assert.equal(p.slug, 'line-cook-1');
    const renamed = (await send('PATCH', `${BASE}/${p.id}`, e.headers, { title: 'Sous Chef' })).json();
    assert.equal(renamed.slug, 'sous-chef-1');

    await e.publish(p.id);
    const published = (await send('GET', `${BASE}/${p.id}`, e.headers)).json();
    assert.equal(published.url, `${t.config.publicUrl}/careers/${e.slug}/jobs/sous-chef-1`);
    const res = await send('PATCH', `${BASE}/${p.id}`, e.headers, { title: 'Head Chef' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().content.title, 'Head Chef');
    assert.equal(res.json().slug, 'sous-chef-1');
    assert.equal(res.json().url, published.url);
    // The public page keeps its address.
    assert.equal((await send('GET', `/careers/${e.slug}/jobs/sous-chef-1`, {})).statusCode, 200);
  });
});

describe('listing', () => {
  let lister: Employer;
  const ids: Record<string, string> = {};
  before(async () => {
    lister = await makeEmployer(t);
    for (const title of ['Alpha Welder', 'Beta Welder', 'Gamma Baker']) {
      ids[title] = (await lister.create(postingBody({ title }))).id;
    }
    await lister.publish(ids['Beta Welder']!);
  });
  const list = (query: string) => send('GET', `${BASE}?${query}`, lister.headers);

  it('lists the organization’s postings, most recently changed first', async () => {
    const res = await list('');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'private, no-cache');
    const page = res.json();
    assert.deepEqual(
      page.data.map((p: { title: string }) => p.title),
      ['Beta Welder', 'Gamma Baker', 'Alpha Welder'],
    );
    const beta = page.data[0];
    assert.equal(beta.status, 'published');
    assert.equal(beta.referenceNumber, `${lister.slug}-2`);
    assert.equal(beta.department, 'Engineering');
    assert.equal(beta.version, 1);
    assert.ok(beta.publishedAt);
    assert.equal(page.nextCursor, null);
  });

  it('filters by status and by title words', async () => {
    const titles = async (query: string) =>
      (await list(query)).json().data.map((p: { title: string }) => p.title);
    assert.deepEqual(await titles('status=published'), ['Beta Welder']);
    assert.deepEqual(await titles('status=draft'), ['Gamma Baker', 'Alpha Welder']);
    assert.deepEqual(await titles('status=closed'), []);
    assert.deepEqual(await titles('q=welder'), ['Beta Welder', 'Alpha Welder']);
    assert.deepEqual(await titles('q=BAKER'), ['Gamma Baker']);
    assert.deepEqual(await titles('q=welder&status=draft'), ['Alpha Welder']);
    assert.deepEqual(await titles('q=engineering'), ['Beta Welder', 'Gamma Baker', 'Alpha Welder']);
    assert.deepEqual(await titles('q=%25'), []);
    assertProblem(await list('status=open'), 400, 'validation_failed');
  });

  it('pages with limit and nextCursor, each posting once', async () => {
    const first = await list('limit=2');
    const page1 = first.json();
    assert.equal(page1.data.length, 2);
    assert.ok(page1.nextCursor);
    assert.match(String(first.headers.link), /rel="next"/);
    const page2 = (await list(`limit=2&cursor=${page1.nextCursor}`)).json();
    assert.equal(page2.data.length, 1);
    assert.equal(page2.nextCursor, null);
    const seen = [...page1.data, ...page2.data].map((p: { id: string }) => p.id);
    assert.deepEqual([...seen].sort(), Object.values(ids).sort());

    assertProblem(await list('cursor=not-a-cursor'), 400, 'invalid_cursor');
    const forged = Buffer.from(JSON.stringify({ u: 'yesterday', id: 'x' })).toString('base64url');
    assertProblem(await list(`cursor=${forged}`), 400, 'invalid_cursor');
  });
});

describe('tenant isolation', () => {
  it('hides another organization’s posting exactly like a missing one', async () => {
    const a = await makeEmployer(t);
    const b = await makeEmployer(t);
    const p = await a.create(postingBody({ title: 'Secret Sauce Chemist' }));
    const before = (await send('GET', `${BASE}/${p.id}`, a.headers)).json();

    const probes: [Method, string, object?][] = [
      ['GET', ''],
      ['PATCH', '', { title: 'Hijacked' }],
      ['DELETE', ''],
      ['POST', '/publish'],
      ['POST', '/archive'],
      ['GET', '/events'],
      ['GET', '/versions'],
      ['GET', '/versions/1'],
      ['GET', '/checks'],
    ];
    for (const [method, suffix, body] of probes) {
      const theirs = await send(method, `${BASE}/${p.id}${suffix}`, b.headers, body);
      const missing = await send(method, `${BASE}/${MISSING}${suffix}`, b.headers, body);
      assertProblem(theirs, 404, 'not_found');
      assert.deepEqual(withoutInstance(theirs), withoutInstance(missing), `${method} ${suffix}`);
    }
    assert.deepEqual((await send('GET', `${BASE}/${p.id}`, a.headers)).json(), before);

    const theirs = await b.create(postingBody({ title: 'Secret Sauce Taster' }));
    const listA = (await send('GET', `${BASE}?limit=100`, a.headers)).json();
    assert.deepEqual(
      listA.data.map((x: { id: string }) => x.id),
      [p.id],
    );
    assert.equal((await send('GET', `${BASE}?q=taster`, a.headers)).json().data.length, 0);
    assert.equal((await send('GET', `${BASE}?q=secret`, b.headers)).json().data[0].id, theirs.id);
  });
});

describe('permissions', () => {
  it('lets every member read, and only writers write', async () => {
    const p = await create(acme.headers);
    const viewer = await member(t.database, t.config, acme.orgId, 'viewer');
    assert.equal((await send('GET', BASE, viewer.headers)).statusCode, 200);
    assert.equal((await send('GET', `${BASE}/${p.id}`, viewer.headers)).statusCode, 200);
    assert.equal((await send('GET', `${BASE}/${p.id}/events`, viewer.headers)).statusCode, 200);
    assertProblem(await send('POST', BASE, viewer.headers, postingBody()), 403, 'forbidden');
    assertProblem(await send('PATCH', `${BASE}/${p.id}`, viewer.headers, { title: 'No' }), 403, 'forbidden');
    assertProblem(await send('POST', `${BASE}/${p.id}/publish`, viewer.headers), 403, 'forbidden');
    assertProblem(await send('DELETE', `${BASE}/${p.id}`, viewer.headers), 403, 'forbidden');

    const manager = await member(t.database, t.config, acme.orgId, 'hiring_manager');
    assertProblem(await send('POST', BASE, manager.headers, postingBody()), 403, 'forbidden');
    const recruiter = await member(t.database, t.config, acme.orgId, 'recruiter');
    await create(recruiter.headers);

    assertProblem(await send('GET', BASE, {}), 401, 'unauthenticated');
  });

  it('lets an API token read with postings:read and write with postings:write', async () => {
    const reader = await makeApiToken(t.database, acme.orgId, ['postings:read']);
    const p = await create(acme.headers);
    assert.equal((await send('GET', `${BASE}/${p.id}`, reader.headers)).statusCode, 200);
    assert.equal((await send('GET', BASE, reader.headers)).statusCode, 200);
    assertProblem(await send('POST', BASE, reader.headers, postingBody()), 403, 'insufficient_scope');
    assertProblem(
      await send('PATCH', `${BASE}/${p.id}`, reader.headers, { title: 'No' }),
      403,
      'insufficient_scope',
    );
    assertProblem(await send('POST', `${BASE}/${p.id}/publish`, reader.headers), 403, 'insufficient_scope');

    const writer = await makeApiToken(t.database, acme.orgId, ['postings:write']);
    const made = await create(writer.headers);
    assert.equal(made.status, 'draft');
    const published = await send('POST', `${BASE}/${made.id}/publish`, writer.headers);
    assert.equal(published.statusCode, 200, published.body);
    const events = (await send('GET', `${BASE}/${made.id}/events`, writer.headers)).json();
    assert.match(events.items[0].actor, /^API token "token-[0-9a-f]{8}"$/);

    const other = await makeApiToken(t.database, acme.orgId, ['templates:read']);
    assertProblem(await send('GET', BASE, other.headers), 403, 'insufficient_scope');
  });
});

describe('concurrency', { skip: !process.env.DATABASE_URL && 'concurrency is proven on PostgreSQL' }, () => {
  it('numbers 10 concurrent creates 1..10, each once', async () => {
    const e = await makeEmployer(t);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        send('POST', BASE, e.headers, postingBody({ title: `Picker ${i}` })),
      ),
    );
    for (const res of results) assert.equal(res.statusCode, 201, res.body);
    const numbers = results.map((r) => numberOf(r.json().referenceNumber)).sort((x, y) => x - y);
    assert.deepEqual(numbers, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(new Set(results.map((r) => r.json().slug)).size, 10);
  });

  it('pages through postings changed in the same millisecond without losing any', async () => {
    const e = await makeEmployer(t);
    // Concurrent transactions start (and stamp updated_at) within microseconds of each other.
    const made = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        send('POST', BASE, e.headers, postingBody({ title: `Packer ${i}` })),
      ),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { data: { id: string }[]; nextCursor: string | null } = (
        await send('GET', `${BASE}?${query}`, e.headers)
      ).json();
      seen.push(...page.data.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor && seen.length <= 20);
    assert.deepEqual(seen.sort(), made.map((r) => r.json().id).sort());
  });

  it('lets exactly one of two edits with the same If-Match through', async () => {
    const created = await send('POST', BASE, acme.headers, postingBody());
    const { id } = created.json();
    const etag = String(created.headers.etag);
    const [x, y] = await Promise.all(
      ['Platform', 'Data'].map((department) =>
        send('PATCH', `${BASE}/${id}`, acme.headers, { department }, { 'if-match': etag }),
      ),
    );
    assert.deepEqual([x!.statusCode, y!.statusCode].sort(), [200, 412], `${x!.body} ${y!.body}`);
    const winner = x!.statusCode === 200 ? x! : y!;
    const read = (await send('GET', `${BASE}/${id}`, acme.headers)).json();
    assert.equal(read.version, 2);
    assert.equal(read.content.department, winner.json().content.department);
  });
});
