// Candidates: the profile across applications, export, erasure, retention and tenant isolation,
// through the API and the candidate's status page, against a real database and file storage.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type SQL, sql } from 'drizzle-orm';
import yauzl from 'yauzl';
import { queryRows } from '../../src/db/client.ts';
import { applicantFields, apply, eventually, freshAddress, resumePdf } from '../applications.ts';
import { buildTestApp, json, send, type TestApp } from '../helpers.ts';
import { makeApiToken, member, unique } from '../identity.ts';
import { type Employer, makeEmployer, postingBody } from '../postings.ts';
import { assertProblem, withoutInstance } from '../problems.ts';

let t: TestApp;
let acme: Employer;
let withQuestion: string;
let plain: string;

type Headers = Record<string, string>;
type Fields = Record<string, string>;
const BASE = '/api/v1/org/candidates';
const rows = <T>(query: SQL) => queryRows<T>(t.database.db, query);
const exec = (query: SQL) => t.database.db.execute(query);
const count = async (query: SQL) => Number((await rows<{ n: number }>(query))[0]!.n);
const idsOf = (items: { id: string }[]) => items.map((i) => i.id);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const get = (url: string, headers: Headers = acme.headers) => send(t.app, 'GET', url, headers);
const erase = (id: string, body: object, headers: Headers = acme.headers) =>
  send(t.app, 'POST', `${BASE}/${id}/erase`, headers, body);
const person = (fields: Fields = {}): Fields => ({ ...applicantFields(), ...fields });
const values = async (query: SQL) => (await rows<{ v: string }>(query)).map((r) => r.v);

async function posting(employer: Employer, body = postingBody()) {
  const created = await employer.create(body);
  await employer.publish(created.id);
  return created.id;
}

async function applyTo(employer: Employer, postingId: string, fields = person(), resume = resumePdf()) {
  const files = [{ field: 'resume', filename: 'My CV.pdf', bytes: resume, type: 'application/pdf' }];
  const res = await apply(t.app, employer.slug, postingId, { fields, files, remoteAddress: freshAddress() });
  assert.equal(res.statusCode, 201, res.body);
  return json(res).id as string;
}

const candidateOf = async (id: string) =>
  (await values(sql`select candidate_id as v from applications where id = ${id}`))[0]!;
const fileKeys = (candidateId: string) =>
  values(sql`select f.storage_key as v from files f join applications a on f.id = a.resume_file_id
             where a.candidate_id = ${candidateId}`);

/** What the candidate does from the status page behind the link in their newest email of `kind`. */
async function statusIntent(employer: Employer, to: string, intent: string, kind?: string) {
  const find = () =>
    t.mailSink.messages.findLast((m) => m.to === to && (!kind || m.kind === kind) && /\?token=/.test(m.text));
  await eventually(() => find() !== undefined);
  const token = decodeURIComponent(/application\?token=([^\s&]+)/.exec(find()!.text)![1]!);
  const [url, payload] = [`/careers/${employer.slug}/application`, new URLSearchParams({ token, intent })];
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  const res = await t.app.inject({ method: 'POST', url, headers, payload: payload.toString() });
  assert.equal(res.statusCode, 303, res.body);
}

async function unzip(bytes: Buffer) {
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true });
  const entries = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    entries.set(entry.fileName, Buffer.concat(chunks));
  }
  zip.close();
  return entries;
}

before(async () => {
  t = await buildTestApp({ seed: false });
  acme = await makeEmployer(t);
  const questions = [{ id: 'why', type: 'short_text', label: 'Why us?', required: true }];
  withQuestion = await posting(acme, postingBody({ questions }));
  plain = await posting(acme, postingBody({ title: 'Platform Engineer' }));
});
after(() => t.close());

describe('the candidate profile', () => {
  let candidateId: string;
  let apps: string[];
  const grace = person({ name: 'Grace Hopper' });

  before(async () => {
    apps = [
      await applyTo(acme, withQuestion, { ...grace, 'answers.why': 'Compilers' }),
      await applyTo(acme, plain, grace),
    ];
    await t.app.tasks.processPending(0);
    candidateId = await candidateOf(apps[0]!);
  });

  it('joins two applications of one email into one candidate, with skills and a timeline', async () => {
    assert.equal(await candidateOf(apps[1]!), candidateId);
    const res = await get(`${BASE}/${candidateId}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    const profile = json(res);
    assert.equal(profile.email, grace.email);
    assert.deepEqual(idsOf(profile.applications).sort(), [...apps].sort());
    assert.ok(profile.skills.some((s: Fields) => s.id === 'postgresql' && s.name === 'PostgreSQL'));
    assert.ok(new Date(profile.retention.keptUntil).getTime() > Date.now() + 700 * 86_400_000, '24 months');
    const applied = profile.timeline.filter((e: { kind: string }) => e.kind === 'applied');
    assert.deepEqual(applied.map((e: { applicationId: string }) => e.applicationId).sort(), [...apps].sort());
    const times = profile.timeline.map((e: { at: string }) => e.at);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
  });

  it('lists candidates by name or email prefix, newest activity first, page by page', async () => {
    const found = async (query: string) => idsOf(json(await get(`${BASE}?${query}`)).data);
    assert.ok((await found('q=grace')).includes(candidateId));
    assert.ok((await found('q=Hopp')).includes(candidateId), 'a word of the name');
    assert.ok((await found(`q=${encodeURIComponent(grace.email!.slice(0, 8))}`)).includes(candidateId));
    assert.deepEqual(await found('q=%25'), [], '% is a character, not a wildcard');
    await applyTo(acme, plain);
    const page = json(await get(`${BASE}?limit=1`));
    assert.equal(page.data.length, 1);
    const next = json(await get(`${BASE}?limit=1&cursor=${page.nextCursor}`));
    assert.notEqual(next.data[0].id, page.data[0].id);
    assert.ok(next.data[0].lastActivityAt <= page.data[0].lastActivityAt);
  });

  it('shows interviewers only their assigned applications; viewers see the profile', async () => {
    const interviewer = await member(t.database, t.config, acme.orgId, 'interviewer');
    assertProblem(await get(`${BASE}/${candidateId}`, interviewer.headers), 404, 'not_found');
    await exec(sql`insert into application_assignments (application_id, user_id, org_id)
                   values (${apps[0]}, ${interviewer.id}, ${acme.orgId})`);
    const profile = json(await get(`${BASE}/${candidateId}`, interviewer.headers));
    assert.deepEqual(idsOf(profile.applications), [apps[0]]);
    assert.ok(profile.timeline.every((e: { applicationId: string }) => e.applicationId === apps[0]));
    const listed = json(await get(`${BASE}?q=grace`, interviewer.headers)).data;
    assert.deepEqual(listed, [{ ...listed[0], id: candidateId, applications: 1 }]);
    const viewer = await member(t.database, t.config, acme.orgId, 'viewer');
    assert.equal(json(await get(`${BASE}/${candidateId}`, viewer.headers)).applications.length, 2);
  });
});

describe('export', () => {
  it('zips candidate.json with the answers and the resume bytes, and answers the request', async () => {
    const exa = person({ name: 'Exa Porter', 'answers.why': 'Portability' });
    const resume = resumePdf(['Exa Porter', exa.email!, 'Go and Kubernetes']);
    const candidateId = await candidateOf(await applyTo(acme, withQuestion, exa, resume));
    await statusIntent(acme, exa.email!, 'export');
    assert.ok(json(await get(`${BASE}/${candidateId}`)).requests.exportRequestedAt);

    const res = await get(`${BASE}/${candidateId}/export`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/zip');
    assert.equal(res.headers['content-disposition'], `attachment; filename="candidate-${candidateId}.zip"`);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['cache-control'], 'private, no-store');
    const entries = await unzip(res.rawPayload);
    assert.deepEqual([...entries.keys()].sort(), ['candidate.json', 'files/My CV.pdf']);
    assert.deepEqual(entries.get('files/My CV.pdf'), resume);
    const data = JSON.parse(entries.get('candidate.json')!.toString('utf8'));
    assert.equal(data.candidate.email, exa.email);
    const [application] = data.applications;
    assert.deepEqual(application.answers, [
      { questionId: 'why', label: 'Why us?', type: 'short_text', answer: 'Portability', knockout: false },
    ]);
    assert.equal(application.files[0].path, 'files/My CV.pdf');
    assert.ok(application.consent.text);
    assert.ok(application.events.some((e: { kind: string }) => e.kind === 'export_requested'));

    assert.equal(json(await get(`${BASE}/${candidateId}`)).requests.exportRequestedAt, null, 'answered');
    const audited = sql`select count(*) as n from audit_events
                        where action = 'candidate.exported' and target_id = ${candidateId}`;
    assert.equal(await count(audited), 1);
  });
});

describe('erasure', () => {
  it('exports for owners, admins and org:admin tokens; erases for owners and admins in person', async () => {
    const candidateId = await candidateOf(await applyTo(acme, plain));
    const recruiter = await member(t.database, t.config, acme.orgId, 'recruiter');
    const admin = await makeApiToken(t.database, acme.orgId, ['org:admin']);
    const reader = await makeApiToken(t.database, acme.orgId, ['applications:read']);
    const exported = (headers: Headers) => get(`${BASE}/${candidateId}/export`, headers);
    assertProblem(await exported(recruiter.headers), 403, 'forbidden');
    assert.equal((await exported(admin.headers)).statusCode, 200);
    assert.equal((await exported(reader.headers)).statusCode, 403);
    assertProblem(await erase(candidateId, {}), 422, 'confirmation_required');
    assertProblem(await erase(candidateId, { confirm: randomUUID() }), 422, 'confirmation_required');
    assertProblem(await erase(candidateId, { confirm: candidateId }, recruiter.headers), 403, 'forbidden');
    assert.equal((await erase(candidateId, { confirm: candidateId }, admin.headers)).statusCode, 403);
    assert.equal(json(await get(`${BASE}/${candidateId}`)).id, candidateId, 'still there');
  });

  it('deletes rows, files and search entries; the audit log keeps only a pseudonym', async () => {
    const era = person({ name: `Erasmus ${unique('Zed')}` });
    const apps = [
      await applyTo(acme, withQuestion, { ...era, 'answers.why': 'Privacy' }),
      await applyTo(acme, plain, era),
    ];
    await t.app.tasks.processPending(0);
    const candidateId = await candidateOf(apps[0]!);
    await statusIntent(acme, era.email!, 'erase');
    assert.deepEqual(idsOf(json(await get(`${BASE}?erasureRequested=true`)).data), [candidateId]);
    const keys = await fileKeys(candidateId);
    assert.equal(keys.length, 2);
    for (const key of keys) assert.equal(await t.app.storage.exists(key), true);

    const res = await erase(candidateId, { confirm: candidateId });
    assert.equal(res.statusCode, 200, res.body);
    const { pseudonym } = json(res);
    assert.match(pseudonym, /^erased-[0-9a-f]{16}$/);
    assert.deepEqual(json(res), { erased: true, pseudonym, files: 2 });
    const left = sql`select (select count(*) from candidates where id = ${candidateId})
      + (select count(*) from applications where candidate_id = ${candidateId})
      + (select count(*) from application_events where application_id in (${apps[0]}, ${apps[1]}))
      + (select count(*) from files where storage_key in (${keys[0]}, ${keys[1]})) as n`;
    assert.equal(await count(left), 0);
    for (const key of keys) assert.equal(await t.app.storage.exists(key), false);
    assert.deepEqual(json(await get(`${BASE}?q=Erasmus`)).data, []);
    const surname = encodeURIComponent(era.name!.split(' ')[1]!);
    assert.deepEqual(json(await get(`/api/v1/org/applications?q=${surname}`)).data, [], 'search entries');
    assertProblem(await get(`/api/v1/org/applications/${apps[0]}`), 404, 'not_found');

    const audit = await rows<{ action: string; targetId: string; text: string }>(
      sql`select action, target_id as "targetId", a::text as text from audit_events a where org_id = ${acme.orgId}`,
    );
    for (const id of [candidateId, ...apps, era.email!])
      assert.ok(!audit.some((r) => r.text.includes(id)), `the audit log still names ${id}`);
    const about = audit.filter((r) => r.targetId === pseudonym).map((r) => r.action);
    for (const action of ['application.created', 'candidate.erasure_requested', 'candidate.erased'])
      assert.ok(about.includes(action), `${action} under the pseudonym: ${about}`);
    assertProblem(await erase(candidateId, { confirm: candidateId }), 404, 'not_found');
  });
});

describe('retention', () => {
  let kept: Employer;
  let job: string;
  const anonymized = { email: '', candidateId: '' };
  const activity = (id: string, days: number) =>
    exec(sql`update candidates set last_activity_at = ${daysAgo(days)} where id = ${id}`);
  const renewals = (to: string) =>
    t.mailSink.messages.filter((m) => m.to === to && m.kind === 'consent-renewal');
  const run = () => t.app.tasks.applyRetention();

  before(async () => {
    kept = await makeEmployer(t);
    await kept.patchOrg({ retentionMonths: 1 });
    job = await posting(kept);
  });

  it('emails a consent renewal 30 days before the limit, once; anonymizes after it', async () => {
    const old = person();
    const id = await applyTo(kept, job, old);
    const candidateId = await candidateOf(id);
    const [key] = await fileKeys(candidateId);
    await activity(candidateId, 20);
    assert.deepEqual(await run(), { anonymized: 0, reminded: 1 });
    assert.match(renewals(old.email!)[0]!.text, new RegExp(`/careers/${kept.slug}/application\\?token=`));
    assert.deepEqual(await run(), { anonymized: 0, reminded: 0 });
    assert.equal(renewals(old.email!).length, 1, 'never twice');

    await activity(candidateId, 40);
    assert.deepEqual(await run(), { anonymized: 1, reminded: 0 });
    // Stage, status and dates stay for reports; everything that says who it was goes.
    const row =
      await rows<Fields>(sql`select c.name, c.email, a.email as "appEmail", a.answers, a.resume_text,
      a.resume_file_id, a.search::text, a.status from candidates c join applications a on a.candidate_id = c.id
      where c.id = ${candidateId}`);
    assert.deepEqual(row.map(Object.values), [
      ['Anonymized candidate', null, `anonymized-${id}@invalid`, {}, null, null, '', 'active'],
    ]);
    assert.equal(await count(sql`select count(*) as n from files where storage_key = ${key}`), 0);
    assert.equal(await t.app.storage.exists(key!), false);
    assert.deepEqual(json(await get(`${BASE}?q=anonymized`, kept.headers)).data, []);
    assert.ok(json(await get(`${BASE}/${candidateId}`, kept.headers)).anonymizedAt);
    Object.assign(anonymized, { email: old.email, candidateId });
  });

  it('keeps a candidate who renewed consent for another period', async () => {
    const renewer = person();
    const candidateId = await candidateOf(await applyTo(kept, job, renewer));
    await activity(candidateId, 20);
    assert.equal((await run()).reminded, 1);
    await statusIntent(kept, renewer.email!, 'renew', 'consent-renewal');
    await activity(candidateId, 40);
    // Kept (a one-month period is all notice, so the next reminder may be due already).
    assert.equal((await run()).anonymized, 0);
    const profile = json(await get(`${BASE}/${candidateId}`, kept.headers));
    assert.equal(profile.email, renewer.email);
    assert.ok(profile.retention.consentRenewedAt);
    assert.ok(new Date(profile.retention.keptUntil).getTime() > Date.now() + 25 * 86_400_000);
    // Last (a new candidate is due a renewal email at once): the anonymized person applies again.
    const again = await candidateOf(await applyTo(kept, job, person({ email: anonymized.email })));
    assert.notEqual(again, anonymized.candidateId);
  });
});

describe('tenant isolation', () => {
  it('answers another organization’s candidate exactly like a missing one, on every route', async () => {
    const other = await makeEmployer(t);
    const name = `Otto ${unique('Other')}`;
    const theirs = await candidateOf(await applyTo(other, await posting(other), person({ name })));
    const calls = [
      (id: string) => get(`${BASE}/${id}`),
      (id: string) => get(`${BASE}/${id}/export`),
      (id: string) => erase(id, { confirm: id }),
    ];
    for (const call of calls) {
      const [foreign, missing] = [await call(theirs), await call(randomUUID())];
      assertProblem(foreign, 404, 'not_found');
      assertProblem(missing, 404, 'not_found');
      assert.deepEqual(withoutInstance(foreign), withoutInstance(missing));
    }
    assert.deepEqual(json(await get(`${BASE}?q=${encodeURIComponent(name)}`)).data, []);
    assert.equal(json(await get(`${BASE}/${theirs}`, other.headers)).name, name, 'untouched');
  });
});

describe('organization privacy settings', () => {
  it('sets retention, privacy URL and consent text, used by new applications', async () => {
    const org = await makeEmployer(t);
    const patch = (body: object) => send(t.app, 'PATCH', '/api/v1/org', org.headers, body);
    const invalid = [
      { retentionMonths: 0 },
      { retentionMonths: 121 },
      { privacyUrl: 'http://example.com/privacy' },
      { privacyUrl: 'javascript:alert(1)' },
      { consentText: 'x'.repeat(1001) },
      { consentText: '  ' },
    ];
    for (const body of invalid) assert.equal((await patch(body)).statusCode, 400, JSON.stringify(body));
    const settings = {
      retentionMonths: 12,
      privacyUrl: 'https://acme.test/privacy',
      consentText: 'I agree.',
    };
    const res = await patch(settings);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(json(await get('/api/v1/org', org.headers)), { ...json(res), ...settings });
    const id = await applyTo(org, await posting(org));
    const { consent } = json(await get(`/api/v1/org/applications/${id}`, org.headers));
    assert.deepEqual([consent.text, consent.privacyUrl], [settings.consentText, settings.privacyUrl]);
    const cleared = json(await patch({ privacyUrl: null, consentText: null }));
    assert.deepEqual([cleared.privacyUrl, cleared.consentText, cleared.retentionMonths], [null, null, 12]);
  });
});
