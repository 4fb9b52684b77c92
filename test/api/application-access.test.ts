// Who sees which application: interviewers only their assignments, viewers never files or what was
// read from them, API tokens by scope, and nothing of another organization (404, the same answer
// as an id that does not exist) on every application route.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { applicantFields, apply, freshAddress, resumePdf } from '../applications.ts';
import { buildTestApp, type Headers, json, type Method, send, type TestApp } from '../helpers.ts';
import { makeApiToken, member } from '../identity.ts';
import { type Employer, makeEmployer, postingBody } from '../postings.ts';
import { assertProblem, withoutInstance } from '../problems.ts';

const BASE = '/api/v1/org/applications';

let t: TestApp;
let acme: Employer;
let globex: Employer;
/** Acme's applications: `assigned` to the interviewer, `other` not. */
let assigned: { id: string; resume: string; sample: string };
let other: { id: string; resume: string };
let foreign: { id: string; resume: string };
let interviewer: { id: string; headers: Headers };
let viewer: { id: string; headers: Headers };

const call = (method: Method, url: string, headers: Headers, payload?: object) =>
  send(t.app, method, url, headers, payload);

async function posted(e: Employer, questions: object[] = []) {
  const posting = await e.create(postingBody({ questions }));
  await e.publish(posting.id);
  return posting.id;
}

/** Applies (with a sample file when asked) and processes; returns the application and its file ids. */
async function application(e: Employer, postingId: string, sample = false) {
  const files = [{ field: 'resume', filename: 'cv.pdf', bytes: resumePdf() }];
  if (sample) files.push({ field: 'answers.sample', filename: 'sample.pdf', bytes: resumePdf(['A sample']) });
  const res = await apply(t.app, e.slug, postingId, {
    fields: applicantFields(),
    files,
    remoteAddress: freshAddress(),
  });
  assert.equal(res.statusCode, 201, res.body);
  const id: string = json(res).id;
  await t.app.tasks.processApplication(id);
  const detail = json(await call('GET', `${BASE}/${id}`, e.headers));
  const fileOf = (role: string) => detail.files.find((f: { role: string }) => f.role === role)?.id as string;
  return { id, resume: fileOf('resume'), sample: fileOf('answer') };
}

async function stageOf(orgId: string, kind: string) {
  const [row] = await queryRows<{ id: string }>(
    t.database.db,
    sql`select id from pipeline_stages where org_id = ${orgId} and posting_id is null and kind = ${kind}`,
  );
  return row!.id;
}

before(async () => {
  t = await buildTestApp({ seed: false });
  acme = await makeEmployer(t);
  globex = await makeEmployer(t);
  const acmePosting = await posted(acme, [
    { id: 'sample', type: 'file', label: 'Work sample', required: false },
  ]);
  assigned = await application(acme, acmePosting, true);
  other = await application(acme, acmePosting);
  foreign = await application(globex, await posted(globex));
  interviewer = await member(t.database, t.config, acme.orgId, 'interviewer');
  viewer = await member(t.database, t.config, acme.orgId, 'viewer');
  const res = await call('PUT', `${BASE}/${assigned.id}/assignments`, acme.headers, {
    userIds: [interviewer.id],
  });
  assert.equal(res.statusCode, 200, res.body);
});
after(() => t.close());

const ids = (res: { body: string }) =>
  json(res)
    .data.map((a: { id: string }) => a.id)
    .sort();

describe('interviewers', () => {
  it('list only the applications assigned to them', async () => {
    assert.deepEqual(ids(await call('GET', BASE, interviewer.headers)), [assigned.id]);
    assert.deepEqual(ids(await call('GET', BASE, acme.headers)), [assigned.id, other.id].sort());
    const detail = json(await call('GET', `${BASE}/${assigned.id}`, interviewer.headers));
    assert.deepEqual(detail.assignedTo, [interviewer.id]);
  });

  it('do not learn of the same candidate’s other, unassigned applications', async () => {
    const e = await makeEmployer(t);
    const first = await posted(e);
    const second = await posted(e);
    const fields = applicantFields();
    const made: string[] = [];
    for (const postingId of [first, second]) {
      const res = await apply(t.app, e.slug, postingId, { fields, remoteAddress: freshAddress() });
      made.push(json(res).id);
    }
    const [mine, hidden] = made as [string, string];
    const person = await member(t.database, t.config, e.orgId, 'interviewer');
    await call('PUT', `${BASE}/${mine}/assignments`, e.headers, { userIds: [person.id] });
    const byOwner = json(await call('GET', `${BASE}/${mine}`, e.headers));
    assert.deepEqual(
      byOwner.otherApplications.map((o: { id: string }) => o.id),
      [hidden],
    );
    const byInterviewer = json(await call('GET', `${BASE}/${mine}`, person.headers));
    assert.deepEqual(byInterviewer.otherApplications, []);
  });

  it('get 404 on an unassigned one, as if it did not exist, on every route', async () => {
    const random = randomUUID();
    for (const [method, path] of [
      ['GET', ''],
      ['GET', '/timeline'],
      ['GET', `/files/${other.resume}`],
    ] as const) {
      const hidden = await call(method, `${BASE}/${other.id}${path}`, interviewer.headers);
      const missing = await call(
        method,
        `${BASE}/${random}${path.replace(other.resume, randomUUID())}`,
        interviewer.headers,
      );
      assertProblem(hidden, 404, 'not_found');
      assert.deepEqual(withoutInstance(hidden), withoutInstance(missing), path);
    }
  });

  it('download their candidates’ files, each download audited under their name', async () => {
    const res = await call('GET', `${BASE}/${assigned.id}/files/${assigned.resume}`, interviewer.headers);
    assert.equal(res.statusCode, 200, res.body);
    const [audit] = await queryRows<{ actor_id: string; actor_type: string }>(
      t.database.db,
      sql`select actor_id, actor_type from audit_events
          where action = 'application.file_downloaded' and target_id = ${assigned.id} and actor_id = ${interviewer.id}`,
    );
    assert.deepEqual(audit, { actor_id: interviewer.id, actor_type: 'user' });
  });

  it('cannot move or assign (their role does not write)', async () => {
    const stageId = await stageOf(acme.orgId, 'screening');
    assertProblem(
      await call('POST', `${BASE}/${assigned.id}/move`, interviewer.headers, { stageId }),
      403,
      'forbidden',
    );
    assertProblem(
      await call('PUT', `${BASE}/${assigned.id}/assignments`, interviewer.headers, { userIds: [] }),
      403,
      'forbidden',
    );
  });
});

describe('viewers', () => {
  it('see the application without files, file answers, or contacts and text read from the resume', async () => {
    const full = json(await call('GET', `${BASE}/${assigned.id}`, acme.headers));
    assert.equal(full.files.length, 2);
    assert.ok(full.contacts, 'the owner sees what was read from the resume');
    assert.ok(full.resumeText?.length > 0, 'and its text');
    const seen = json(await call('GET', `${BASE}/${assigned.id}`, viewer.headers));
    assert.equal(seen.id, assigned.id);
    assert.deepEqual(seen.files, []);
    assert.equal(seen.contacts, null);
    assert.equal(seen.resumeText, null);
    const sample = seen.answers.find((a: { questionId: string }) => a.questionId === 'sample');
    assert.equal(sample.answer, null);
    assert.deepEqual(ids(await call('GET', BASE, viewer.headers)), [assigned.id, other.id].sort());
  });

  it('get 403 on a file download, which is not audited', async () => {
    const count = async () =>
      (
        await queryRows(
          t.database.db,
          sql`select 1 from audit_events where action = 'application.file_downloaded' and actor_id = ${viewer.id}`,
        )
      ).length;
    for (const file of [assigned.resume, assigned.sample]) {
      const res = await call('GET', `${BASE}/${assigned.id}/files/${file}`, viewer.headers);
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(res.rawPayload.includes(Buffer.from('%PDF')), false);
    }
    assert.equal(await count(), 0);
  });
});

describe('API tokens', () => {
  it('with applications:read list, read and download (audited as the token); without it, 403', async () => {
    const reader = await makeApiToken(t.database, acme.orgId, ['applications:read']);
    assert.deepEqual(ids(await call('GET', BASE, reader.headers)), [assigned.id, other.id].sort());
    const file = await call('GET', `${BASE}/${other.id}/files/${other.resume}`, reader.headers);
    assert.equal(file.statusCode, 200);
    const [audit] = await queryRows<{ actor_type: string; actor_id: string }>(
      t.database.db,
      sql`select actor_type, actor_id from audit_events
          where action = 'application.file_downloaded' and target_id = ${other.id} and actor_id = ${reader.id}`,
    );
    assert.equal(audit?.actor_type, 'api_token');
    const stageId = await stageOf(acme.orgId, 'screening');
    assertProblem(
      await call('POST', `${BASE}/${other.id}/move`, reader.headers, { stageId }),
      403,
      'insufficient_scope',
    );
    const postings = await makeApiToken(t.database, acme.orgId, ['postings:read']);
    assertProblem(await call('GET', BASE, postings.headers), 403, 'insufficient_scope');
    const foreignToken = await makeApiToken(t.database, globex.orgId, ['applications:write']);
    assert.deepEqual(ids(await call('GET', BASE, foreignToken.headers)), [foreign.id]);
    assertProblem(await call('GET', `${BASE}/${assigned.id}`, foreignToken.headers), 404, 'not_found');
  });
});

describe('another organization’s applications', () => {
  it('answer 404 exactly like a random id on detail, timeline, move, assignments and files', async () => {
    const random = randomUUID();
    const stageId = await stageOf(acme.orgId, 'screening');
    const routes: [Method, (id: string) => string, object?][] = [
      ['GET', (id) => `${BASE}/${id}`],
      ['GET', (id) => `${BASE}/${id}/timeline`],
      ['POST', (id) => `${BASE}/${id}/move`, { stageId }],
      ['PUT', (id) => `${BASE}/${id}/assignments`, { userIds: [] }],
      ['GET', (id) => `${BASE}/${id}/files/${id === random ? randomUUID() : foreign.resume}`],
    ];
    for (const [method, url, body] of routes) {
      const theirs = await call(method, url(foreign.id), acme.headers, body);
      const none = await call(method, url(random), acme.headers, body);
      assertProblem(theirs, 404, 'not_found');
      assert.deepEqual(withoutInstance(theirs), withoutInstance(none), `${method} ${url('{id}')}`);
    }
    // Their own file ids under our application: 404 as well.
    assertProblem(
      await call('GET', `${BASE}/${other.id}/files/${foreign.resume}`, acme.headers),
      404,
      'not_found',
    );
    const theirs = json(await call('GET', `${BASE}/${foreign.id}`, globex.headers));
    assert.equal(theirs.stage.kind, 'applied', 'untouched');
    assert.deepEqual(theirs.assignedTo, []);
    const downloads = await queryRows(
      t.database.db,
      sql`select 1 from audit_events where action = 'application.file_downloaded' and target_id = ${foreign.id}`,
    );
    assert.equal(downloads.length, 0);
  });

  it('bulk-move with one foreign id is 404 and moves nothing', async () => {
    const stageId = await stageOf(acme.orgId, 'screening');
    const res = await call('POST', `${BASE}/bulk-move`, acme.headers, {
      ids: [other.id, foreign.id],
      stageId,
    });
    assertProblem(res, 404, 'not_found');
    for (const [id, headers] of [
      [other.id, acme.headers],
      [foreign.id, globex.headers],
    ] as const) {
      assert.equal(json(await call('GET', `${BASE}/${id}`, headers)).stage.kind, 'applied');
    }
    const ok = await call('POST', `${BASE}/bulk-move`, acme.headers, { ids: [other.id], stageId });
    assert.deepEqual(json(ok), { moved: [other.id], unchanged: [] });
  });

  it('a posting of theirs is 404 in the posting list, and their stages and members cannot be used', async () => {
    const [{ posting_id: theirPosting }] = (await queryRows<{ posting_id: string }>(
      t.database.db,
      sql`select posting_id from applications where id = ${foreign.id}`,
    )) as [{ posting_id: string }];
    assertProblem(
      await call('GET', `/api/v1/org/postings/${theirPosting}/applications`, acme.headers),
      404,
      'not_found',
    );
    const theirStage = await stageOf(globex.orgId, 'interview');
    assertProblem(
      await call('POST', `${BASE}/${assigned.id}/move`, acme.headers, { stageId: theirStage }),
      422,
      'invalid_stage',
    );
    const [{ user_id: theirOwner }] = (await queryRows<{ user_id: string }>(
      t.database.db,
      sql`select user_id from memberships where org_id = ${globex.orgId}`,
    )) as [{ user_id: string }];
    assertProblem(
      await call('PUT', `${BASE}/${assigned.id}/assignments`, acme.headers, { userIds: [theirOwner] }),
      422,
      'not_a_member',
    );
  });
});
