// A posting's lifecycle over HTTP on a real database: draft → published → closed → archived and
// back, the history (events) and audit log of every step, deletion (drafts only), the publishing
// checks with the pay-transparency rules (also on edits of a published posting), and auto-closing
// at the valid-through date (and the public board hiding an expired posting before that job
// runs). Creating, validation, editing and listing are in postings.test.ts.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type Headers, type Method, send as request, type TestApp } from '../helpers.ts';
import { member } from '../identity.ts';
import { type Employer, makeEmployer, postingBody } from '../postings.ts';
import { assertProblem } from '../problems.ts';

const BASE = '/api/v1/org/postings';
const DAY = 86_400_000;

interface CheckItem {
  code: string;
  message: string;
  field?: string;
  rule?: string;
  source?: string;
}
interface Check {
  ok: boolean;
  errors: CheckItem[];
  warnings: CheckItem[];
  payTransparency: string;
}

let t: TestApp;
before(async () => {
  t = await buildTestApp({ env: { RATE_LIMIT_API_PER_MINUTE: '0' } });
});
after(() => t.close());

const send = (method: Method, url: string, headers: Headers, payload?: object) =>
  request(t.app, method, url, headers, payload);

/** POST …/<name>, asserting 200; returns the posting (with `check` after publish/reopen). */
async function move(headers: Headers, id: string, name: string, body?: object) {
  const res = await send('POST', `${BASE}/${id}/${name}`, headers, body);
  assert.equal(res.statusCode, 200, `${name}: ${res.body}`);
  return res.json();
}

const get = async (e: Employer, id: string) => (await send('GET', `${BASE}/${id}`, e.headers)).json();
const checksOf = async (e: Employer, id: string): Promise<Check> =>
  (await send('GET', `${BASE}/${id}/checks`, e.headers)).json();

/**
 * Publishing is refused (422) and the posting stays a draft; returns GET …/checks, which gives the
 * reasons. The body of the refusal itself is asserted in "a refusal to publish is problem+json".
 */
async function refusedToPublish(e: Employer, id: string): Promise<Check> {
  const res = await send('POST', `${BASE}/${id}/publish`, e.headers);
  assert.equal(res.statusCode, 422, res.body);
  assert.equal((await get(e, id)).status, 'draft');
  const check = await checksOf(e, id);
  assert.equal(check.ok, false);
  return check;
}

const rulesOf = (items: CheckItem[]) => items.map((i) => i.rule).sort();
const fieldsOf = (items: CheckItem[]) => items.map((i) => i.field);

const usJob = (city: string, region: string, overrides: Record<string, unknown> = {}) =>
  postingBody({ locations: [{ city, region, countryCode: 'US' }], salary: null, ...overrides });
const USD = (min: number | null, max: number | null) => ({ min, max, currency: 'USD', period: 'YEAR' });

describe('lifecycle', () => {
  it('moves draft → published → closed → published → closed → archived, recording each step', async () => {
    const e = await makeEmployer(t);
    const recruiter = await member(t.database, t.config, e.orgId, 'recruiter');
    const p = await e.create(postingBody());
    const h = recruiter.headers;

    const published = await move(h, p.id, 'publish');
    assert.equal(published.status, 'published');
    assert.ok(published.publishedAt);
    assert.equal(published.firstPublishedAt, published.publishedAt);
    assert.equal(published.closedAt, null);
    assert.equal(published.url, `${t.config.publicUrl}/careers/${e.slug}/jobs/${p.slug}`);
    assert.equal(published.check.ok, true);
    assert.equal(published.version, 1);

    const closed = await move(h, p.id, 'close', { reason: 'Position filled' });
    assert.equal(closed.status, 'closed');
    assert.ok(closed.closedAt);
    assert.equal(closed.check, undefined);
    assert.equal(closed.url, published.url);

    const reopened = await move(h, p.id, 'reopen', { reason: '  Backfill needed  ' });
    assert.equal(reopened.status, 'published');
    assert.equal(reopened.closedAt, null);
    assert.equal(reopened.firstPublishedAt, published.firstPublishedAt);
    assert.ok(reopened.publishedAt >= published.publishedAt);
    assert.equal(reopened.check.ok, true);

    await move(h, p.id, 'close');
    const archived = await move(h, p.id, 'archive', { reason: 'Hiring freeze' });
    assert.equal(archived.status, 'archived');
    assert.equal((await get(e, p.id)).status, 'archived');

    const res = await send('GET', `${BASE}/${p.id}/events`, e.headers);
    assert.equal(res.statusCode, 200);
    const items = res.json().items;
    assert.deepEqual(
      items.map(({ from, to, actor, reason }: Record<string, string>) => ({ from, to, actor, reason })),
      [
        { from: 'closed', to: 'archived', actor: recruiter.email, reason: 'Hiring freeze' },
        { from: 'published', to: 'closed', actor: recruiter.email, reason: null },
        { from: 'closed', to: 'published', actor: recruiter.email, reason: 'Backfill needed' },
        { from: 'published', to: 'closed', actor: recruiter.email, reason: 'Position filled' },
        { from: 'draft', to: 'published', actor: recruiter.email, reason: null },
      ],
    );
    const times = items.map((i: { at: string }) => i.at);
    assert.deepEqual(times, [...times].sort().reverse());
  });

  it('refuses a transition from the wrong status (409 invalid_transition)', async () => {
    const e = await makeEmployer(t);
    const p = await e.create(postingBody());
    const refuse = async (name: string, detail: string) => {
      const problem = assertProblem(
        await send('POST', `${BASE}/${p.id}/${name}`, e.headers),
        409,
        'invalid_transition',
      );
      assert.equal(problem.detail, detail);
    };
    await refuse('reopen', 'A draft posting cannot be reopened.');
    await refuse('close', 'A draft posting cannot be closed.');
    await move(e.headers, p.id, 'publish');
    await refuse('publish', 'A published posting cannot be published.');
    await refuse('archive', 'A published posting cannot be archived.');
    await refuse('reopen', 'A published posting cannot be reopened.');
    await move(e.headers, p.id, 'close');
    await refuse('close', 'A closed posting cannot be closed.');
    await refuse('publish', 'A closed posting cannot be published.');
    // Refusals leave no trace in the history.
    const events = (await send('GET', `${BASE}/${p.id}/events`, e.headers)).json().items;
    assert.equal(events.length, 2);

    assertProblem(
      await send('POST', `${BASE}/01900000-0000-7000-8000-000000000000/publish`, e.headers),
      404,
      'not_found',
    );
    assertProblem(
      await send('POST', `${BASE}/${p.id}/reopen`, e.headers, { because: 'x' }),
      400,
      'validation_failed',
    );
  });

  it('freezes an archived posting until it is reopened', async () => {
    const e = await makeEmployer(t);
    const p = await e.create(postingBody());
    await move(e.headers, p.id, 'publish');
    await move(e.headers, p.id, 'close');
    await move(e.headers, p.id, 'archive');
    assertProblem(
      await send('PATCH', `${BASE}/${p.id}`, e.headers, { summary: 'Too late.' }),
      409,
      'posting_archived',
    );
    assert.equal((await get(e, p.id)).version, 1);

    const reopened = await move(e.headers, p.id, 'reopen');
    assert.equal(reopened.status, 'published');
    const edited = await send('PATCH', `${BASE}/${p.id}`, e.headers, { summary: 'Open again.' });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().version, 2);

    // A draft can be archived as well (and is frozen the same way).
    const draft = await e.create(postingBody());
    assert.equal((await move(e.headers, draft.id, 'archive')).status, 'archived');
    assertProblem(
      await send('PATCH', `${BASE}/${draft.id}`, e.headers, { title: 'Nope' }),
      409,
      'posting_archived',
    );
  });

  it('audits creation, edits and every transition', async () => {
    const e = await makeEmployer(t);
    const recruiter = await member(t.database, t.config, e.orgId, 'recruiter');
    const h = recruiter.headers;
    const create = await send('POST', BASE, h, postingBody({ title: 'Audited Role' }));
    const p = create.json();
    const edit = await send('PATCH', `${BASE}/${p.id}`, h, { summary: 'Edited.', department: 'Ops' });
    assert.equal(edit.statusCode, 200, edit.body);
    for (const name of ['publish', 'close', 'reopen', 'close', 'archive']) await move(h, p.id, name);

    const res = await send('GET', '/api/v1/audit-events?action=posting.&limit=100', e.headers);
    assert.equal(res.statusCode, 200, res.body);
    const mine = res.json().data.filter((a: { target: { id: string } | null }) => a.target?.id === p.id);
    assert.deepEqual(
      mine.map((a: { action: string }) => a.action),
      [
        'posting.archived',
        'posting.closed',
        'posting.reopened',
        'posting.closed',
        'posting.published',
        'posting.updated',
        'posting.created',
      ],
    );
    for (const a of mine) {
      assert.deepEqual(a.actor, { type: 'user', id: recruiter.id, label: recruiter.email });
      assert.deepEqual(a.target, { type: 'posting', id: p.id });
      assert.equal(a.data.title, 'Audited Role');
    }
    assert.deepEqual(mine[0].data, { title: 'Audited Role', from: 'closed', to: 'archived' });
    assert.deepEqual(mine[5].data, { title: 'Audited Role', version: 2, fields: ['department', 'summary'] });
    assert.equal(mine[6].data.templateId, null);

    // An exact action filters to that action only; another organization sees none of it.
    const published = (await send('GET', '/api/v1/audit-events?action=posting.published', e.headers)).json();
    assert.deepEqual(
      published.data.map((a: { action: string; target: { id: string } }) => [a.action, a.target.id]),
      [['posting.published', p.id]],
    );
    const other = await makeEmployer(t);
    assert.equal(
      (await send('GET', '/api/v1/audit-events?action=posting.', other.headers)).json().data.length,
      0,
    );
  });
});

describe('deleting', () => {
  it('deletes a draft that was never published', async () => {
    const e = await makeEmployer(t);
    const p = await e.create(postingBody());
    const res = await send('DELETE', `${BASE}/${p.id}`, e.headers);
    assert.equal(res.statusCode, 204);
    assert.equal(res.body, '');
    assertProblem(await send('GET', `${BASE}/${p.id}`, e.headers), 404, 'not_found');
    assertProblem(await send('DELETE', `${BASE}/${p.id}`, e.headers), 404, 'not_found');
    const audit = (await send('GET', '/api/v1/audit-events?action=posting.deleted', e.headers)).json();
    assert.deepEqual(
      audit.data.map((a: { target: { id: string } }) => a.target.id),
      [p.id],
    );
  });

  it('keeps a posting that was ever published (409), even once closed', async () => {
    const e = await makeEmployer(t);
    const p = await e.create(postingBody());
    await e.publish(p.id);
    assertProblem(await send('DELETE', `${BASE}/${p.id}`, e.headers), 409, 'posting_was_published');
    await move(e.headers, p.id, 'close');
    assertProblem(await send('DELETE', `${BASE}/${p.id}`, e.headers), 409, 'posting_was_published');
    assert.equal((await get(e, p.id)).status, 'closed');
  });
});

describe('publishing checks', () => {
  it('lists every missing field of an incomplete draft, and does not publish it', async () => {
    const e = await makeEmployer(t);
    const p = await e.create({ title: 'Night Porter' });
    const check = await refusedToPublish(e, p.id);
    assert.deepEqual(fieldsOf(check.errors), ['summary', 'employmentType', 'locations']);
    assert.ok(check.errors.every((x) => x.code === 'missing_field'));
    assert.equal(check.payTransparency, 'none');
    assert.equal((await get(e, p.id)).publishedAt, null);
  });

  it('needs the state of a US location and a valid-through date in the future', async () => {
    const e = await makeEmployer(t);
    const p = await e.create(
      postingBody({
        locations: [{ city: 'Austin', countryCode: 'US' }],
        employmentType: null,
        validThrough: new Date(Date.now() - DAY).toISOString(),
      }),
    );
    const check = await refusedToPublish(e, p.id);
    assert.deepEqual(
      check.errors.map((x) => [x.code, x.field]),
      [
        ['missing_field', 'employmentType'],
        ['missing_field', 'locations/0/region'],
        ['expired', 'validThrough'],
      ],
    );
  });

  it('reports a publishable posting’s check, the same one publishing returns', async () => {
    const e = await makeEmployer(t);
    const p = await e.create(postingBody());
    const check = await checksOf(e, p.id);
    assert.deepEqual(check, { ok: true, errors: [], warnings: [], payTransparency: 'recommended' });
    assert.equal((await get(e, p.id)).status, 'draft');
    const published = await move(e.headers, p.id, 'publish');
    assert.deepEqual(published.check, check);

    // A remote job open to anyone publishes with a warning to name the countries.
    const remote = await e.create(postingBody({ workplaceType: 'remote', locations: [] }));
    const warned = (await move(e.headers, remote.id, 'publish')).check;
    assert.equal(warned.ok, true);
    assert.deepEqual(
      warned.warnings.map((w: CheckItem) => w.code),
      ['remote_anywhere'],
    );
  });

  it('refuses an edit that would make a published posting unpublishable, changing nothing', async () => {
    const e = await makeEmployer(t);
    const p = await e.create(usJob('Denver', 'CO', { title: 'Mountain Guide', salary: USD(50000, 70000) }));
    await e.publish(p.id);
    const before = await get(e, p.id);

    // The problem's body is asserted in "a refusal to publish is problem+json".
    const res = await send('PATCH', `${BASE}/${p.id}`, e.headers, { salary: null, summary: 'Changed.' });
    assert.equal(res.statusCode, 422, res.body);
    assert.deepEqual(await get(e, p.id), before);
    assert.equal((await send('GET', `${BASE}/${p.id}/versions`, e.headers)).json().data.length, 1);

    // An edit that keeps it publishable is saved, with the check it passed.
    const ok = await send('PATCH', `${BASE}/${p.id}`, e.headers, {
      summary: 'Guide our guests up the peaks.',
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().status, 'published');
    assert.equal(ok.json().version, 2);
    assert.equal(ok.json().check.ok, true);
    assert.equal(ok.json().check.payTransparency, 'required');
  });

  it('a refusal to publish is problem+json with its code and every reason', async () => {
    const e = await makeEmployer(t);
    const incomplete = await e.create({ title: 'Night Porter' });
    const missing = assertProblem(
      await send('POST', `${BASE}/${incomplete.id}/publish`, e.headers),
      422,
      'not_publishable',
    );
    assert.deepEqual(missing.reasons, (await checksOf(e, incomplete.id)).errors);
    // `errors` carries the same reasons in the shape of every validation problem: path and message.
    assert.deepEqual(
      missing.errors,
      missing.reasons.map((r: CheckItem) => ({ path: `body/${r.field}`, message: r.message })),
    );
    assert.equal(missing.detail, 'Describe the job: a summary or responsibilities.');

    const denver = await e.create(usJob('Denver', 'CO'));
    const pay = assertProblem(
      await send('POST', `${BASE}/${denver.id}/publish`, e.headers),
      422,
      'pay_range_required',
    );
    assert.match(pay.detail, /^Colorado requires a pay range/);
    assert.deepEqual(rulesOf(pay.reasons), ['us-co']);

    const brooklyn = await e.create(usJob('Brooklyn', 'NY'));
    const nyc = assertProblem(
      await send('POST', `${BASE}/${brooklyn.id}/publish`, e.headers),
      422,
      'pay_range_required',
    );
    assert.deepEqual(rulesOf(nyc.reasons), ['us-ny', 'us-ny-nyc']);

    // The same refusal for an edit that would make a published posting unpublishable.
    const paid = await e.create(usJob('Denver', 'CO', { salary: USD(50000, 70000) }));
    await e.publish(paid.id);
    const edit = assertProblem(
      await send('PATCH', `${BASE}/${paid.id}`, e.headers, { salary: null }),
      422,
      'pay_range_required',
    );
    assert.deepEqual(rulesOf(edit.reasons), ['us-co']);
  });
});

describe('pay transparency', () => {
  it('requires a bounded pay range for a job in Denver, CO', async () => {
    const e = await makeEmployer(t);
    const p = await e.create(usJob('Denver', 'CO'));
    const check = await refusedToPublish(e, p.id);
    assert.equal(check.payTransparency, 'required');
    assert.equal(check.errors.length, 1);
    const [error] = check.errors;
    assert.equal(error!.code, 'pay_range_required');
    assert.equal(error!.field, 'salary');
    assert.equal(error!.rule, 'us-co');
    assert.equal(error!.source, 'https://leg.colorado.gov/bills/sb19-085');
    assert.match(error!.message, /^Colorado requires a pay range with a minimum and a maximum/);
    assert.match(error!.message, /location Denver, CO, US/);

    // "Up to" is not a range.
    const upTo = await send('PATCH', `${BASE}/${p.id}`, e.headers, { salary: USD(null, 90000) });
    assert.equal(upTo.statusCode, 200, upTo.body);
    assert.deepEqual(rulesOf((await refusedToPublish(e, p.id)).errors), ['us-co']);

    const bounded = await send('PATCH', `${BASE}/${p.id}`, e.headers, { salary: USD(70000, 90000) });
    assert.equal(bounded.statusCode, 200, bounded.body);
    const published = await move(e.headers, p.id, 'publish');
    assert.equal(published.status, 'published');
    assert.deepEqual(published.check, { ok: true, errors: [], warnings: [], payTransparency: 'required' });
  });

  it('refuses an open-ended range ("from $90k") in Colorado', async () => {
    const e = await makeEmployer(t);
    const p = await e.create(usJob('Denver', 'CO'));
    const open = await send('PATCH', `${BASE}/${p.id}`, e.headers, { salary: USD(90000, null) });
    assert.equal(open.statusCode, 200, open.body);
    assert.deepEqual(open.json().content.salary, USD(90000, null));
    assert.deepEqual(rulesOf((await refusedToPublish(e, p.id)).errors), ['us-co']);
  });

  it('applies both the New York City and the New York State rules in Brooklyn, NY', async () => {
    const e = await makeEmployer(t);
    const p = await e.create(usJob('Brooklyn', 'NY'));
    const check = await refusedToPublish(e, p.id);
    assert.deepEqual(rulesOf(check.errors), ['us-ny', 'us-ny-nyc']);
    assert.ok(check.errors.every((x) => x.code === 'pay_range_required'));
    const nyc = check.errors.find((x) => x.rule === 'us-ny-nyc')!;
    assert.match(nyc.message, /^New York City requires/);
  });

  it('applies California’s rule from 15 employees', async () => {
    const e = await makeEmployer(t);
    await e.patchOrg({ employeeCount: 10 });
    const small = await e.create(usJob('Los Angeles', 'CA'));
    assert.deepEqual(await checksOf(e, small.id), {
      ok: true,
      errors: [],
      warnings: [],
      payTransparency: 'none',
    });
    assert.equal((await move(e.headers, small.id, 'publish')).status, 'published');

    const next = await e.create(usJob('Los Angeles', 'CA'));
    await e.patchOrg({ employeeCount: 14 });
    assert.equal((await checksOf(e, next.id)).ok, true);
    await e.patchOrg({ employeeCount: 15 });
    assert.equal((await send('GET', '/api/v1/org', e.headers)).json().employeeCount, 15);
    const check = await refusedToPublish(e, next.id);
    assert.deepEqual(rulesOf(check.errors), ['us-ca']);
    assert.match(check.errors[0]!.message, /^California requires/);
  });

  it('treats a cleared employee count (null) as unknown: every rule applies', async () => {
    const e = await makeEmployer(t);
    await e.patchOrg({ employeeCount: 20 });
    await e.patchOrg({ employeeCount: null });
    assert.equal((await send('GET', '/api/v1/org', e.headers)).json().employeeCount, null);
    const p = await e.create(usJob('Denver', 'CO'));
    assert.deepEqual(rulesOf((await refusedToPublish(e, p.id)).errors), ['us-co']);
  });

  it('covers a remote job open to applicants in the US', async () => {
    const e = await makeEmployer(t);
    const p = await e.create(
      postingBody({
        workplaceType: 'remote',
        applicantLocationRequirements: ['US'],
        locations: [],
        salary: null,
      }),
    );
    const check = await refusedToPublish(e, p.id);
    const rules = rulesOf(check.errors);
    for (const rule of ['us-ca', 'us-co', 'us-ny', 'us-ny-nyc', 'us-wa'])
      assert.ok(rules.includes(rule), rule);
    assert.ok(!rules.includes('eu-2023-970'));
    // Delaware's law is not in force until 2027-09-26.
    assert.ok(!rules.includes('us-de'));
    assert.ok(check.errors.every((x) => /remote job open to applicants in US/.test(x.message)));
  });

  it('publishes an EU job without a range, with a warning', async () => {
    const e = await makeEmployer(t);
    const p = await e.create(postingBody({ salary: null }));
    const published = await move(e.headers, p.id, 'publish');
    assert.equal(published.status, 'published');
    assert.equal(published.check.ok, true);
    assert.equal(published.check.payTransparency, 'recommended');
    assert.deepEqual(
      published.check.warnings.map((w: CheckItem) => [w.code, w.rule, w.field]),
      [['pay_range_recommended', 'eu-2023-970', 'salary']],
    );
    assert.match(published.check.warnings[0].message, /^European Union: applicants have the right/);
  });

  it('publishes a job in Texas without a range, and without a warning', async () => {
    const e = await makeEmployer(t);
    const p = await e.create(usJob('Austin', 'TX'));
    const published = await move(e.headers, p.id, 'publish');
    assert.equal(published.status, 'published');
    assert.deepEqual(published.check, { ok: true, errors: [], warnings: [], payTransparency: 'none' });
  });
});

describe('auto-closing at the valid-through date', () => {
  it('closes published postings whose date has passed, as the system', async () => {
    const e = await makeEmployer(t);
    const soon = await e.create(postingBody({ validThrough: new Date(Date.now() + DAY).toISOString() }));
    const later = await e.create(
      postingBody({ validThrough: new Date(Date.now() + 10 * DAY).toISOString() }),
    );
    const forever = await e.create(postingBody());
    const draft = await e.create(postingBody({ validThrough: new Date(Date.now() + DAY).toISOString() }));
    for (const p of [soon, later, forever]) await e.publish(p.id);

    const now = new Date(Date.now() + 2 * DAY);
    assert.equal(await t.app.tasks.closeExpiredPostings(now), 1);

    const closed = await get(e, soon.id);
    assert.equal(closed.status, 'closed');
    assert.equal(closed.closedAt, now.toISOString());
    assert.equal((await get(e, later.id)).status, 'published');
    assert.equal((await get(e, forever.id)).status, 'published');
    assert.equal((await get(e, draft.id)).status, 'draft');

    const events = (await send('GET', `${BASE}/${soon.id}/events`, e.headers)).json().items;
    assert.equal(events.length, 2);
    assert.deepEqual(
      { ...events[0], at: undefined },
      {
        from: 'published',
        to: 'closed',
        actor: 'system',
        reason: 'valid-through date reached',
        at: undefined,
      },
    );
    const audit = (await send('GET', '/api/v1/audit-events?action=posting.closed', e.headers)).json();
    assert.equal(audit.data.length, 1);
    assert.equal(audit.data[0].target.id, soon.id);
    assert.equal(audit.data[0].actor.type, 'system');

    // Nothing left to close.
    assert.equal(await t.app.tasks.closeExpiredPostings(now), 0);
  });

  it('hides a posting from the public as soon as its date passes, before the job runs', async () => {
    const e = await makeEmployer(t);
    const validThrough = new Date(Date.now() + 2000).toISOString();
    const p = await e.create(postingBody({ title: 'Harvest Helper', validThrough }));
    await e.publish(p.id);
    const board = `/api/v1/boards/${e.slug}/jobs`;
    const page = `/careers/${e.slug}/jobs/${p.slug}`;

    const live = (await send('GET', board, {})).json();
    assert.deepEqual(
      live.data.map((j: { id: string }) => j.id),
      [p.id],
    );
    assert.equal((await send('GET', page, {})).statusCode, 200);

    const wait = Date.parse(validThrough) - Date.now() + 100;
    assert.ok(wait <= 3000, `waiting ${wait} ms`);
    await sleep(Math.max(0, wait));

    assert.equal((await send('GET', page, {})).statusCode, 410);
    assertProblem(await send('GET', `${board}/${p.id}`, {}), 410, 'posting_closed');
    // A query the public cache has not seen (the next test asks the same query again).
    const gone = (await send('GET', `${board}?limit=49`, {})).json();
    assert.deepEqual(gone.data, []);
    assert.equal(gone.total, 0);
    // The organization still sees it as published: only the job closes it.
    assert.equal((await get(e, p.id)).status, 'published');
  });

  it('does not keep serving a cached board listing an expired posting', async () => {
    const e = await makeEmployer(t);
    const validThrough = new Date(Date.now() + 2000).toISOString();
    const p = await e.create(postingBody({ title: 'Harvest Helper', validThrough }));
    await e.publish(p.id);
    const board = `/api/v1/boards/${e.slug}/jobs`;
    assert.equal((await send('GET', board, {})).json().data.length, 1);
    await sleep(Math.max(0, Date.parse(validThrough) - Date.now() + 100));
    const again = (await send('GET', board, {})).json();
    assert.deepEqual(again.data, []);
    assert.equal((await send('GET', `/careers/${e.slug}`, {})).body.includes('Harvest Helper'), false);
  });
});
