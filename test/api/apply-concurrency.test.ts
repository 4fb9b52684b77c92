// One application per email and posting, and Idempotency-Key, under retries and under load: the
// parallel cases run on PostgreSQL (real concurrent transactions); the sequential ones everywhere.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { htmlPage } from '../../src/modules/files/fixtures.test-helpers.ts';
import {
  applicantFields,
  apply,
  countApplications,
  eventually,
  freshAddress,
  resumePdf,
  storedKeys,
} from '../applications.ts';
import { buildTestApp, json, type TestApp } from '../helpers.ts';
import { type Employer, makeEmployer, postingBody } from '../postings.ts';
import { assertProblem } from '../problems.ts';

let t: TestApp;

before(async () => {
  t = await buildTestApp({ seed: false });
});
after(() => t.close());

/** A new organization (no pipeline stages yet: the first application creates them) and a live posting. */
async function livePosting(): Promise<{ employer: Employer; postingId: string }> {
  const employer = await makeEmployer(t);
  const posting = await employer.create(postingBody());
  await employer.publish(posting.id);
  return { employer, postingId: posting.id };
}

const mailsTo = (email: string) => t.mailSink.messages.filter((m) => m.to === email).length;

const resumeFile = (lines?: string[]) => [
  { field: 'resume', filename: 'resume.pdf', bytes: resumePdf(lines), type: 'application/pdf' },
];

async function candidateRows(orgId: string) {
  return queryRows<{ id: string }>(t.database.db, sql`select id from candidates where org_id = ${orgId}`);
}

describe('sequential retries', () => {
  it('answers a retry with the same Idempotency-Key with the same application, once', async () => {
    const { employer, postingId } = await livePosting();
    const fields = applicantFields();
    const key = randomUUID();
    const send = () =>
      apply(t.app, employer.slug, postingId, {
        fields,
        headers: { 'idempotency-key': key },
        remoteAddress: freshAddress(),
      });
    const first = await send();
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    const again = await send();
    assert.equal(again.statusCode, 201, again.body);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(json(again), json(first));
    assert.equal(again.headers.location, first.headers.location);
    assert.equal(await countApplications(t.database, postingId), 1);
    await eventually(() => mailsTo(fields.email) > 0);
    assert.equal(mailsTo(fields.email), 1, 'one confirmation email');

    const other = await apply(t.app, employer.slug, postingId, {
      fields: { ...fields, name: 'Someone Else' },
      headers: { 'idempotency-key': key },
      remoteAddress: freshAddress(),
    });
    assertProblem(other, 422, 'idempotency_key_reused');
    const otherFile = await apply(t.app, employer.slug, postingId, {
      fields,
      files: resumeFile(['A different resume']),
      headers: { 'idempotency-key': key },
      remoteAddress: freshAddress(),
    });
    assertProblem(otherFile, 422, 'idempotency_key_reused');
  });

  it('a key whose first use was refused can be used again once the problem is fixed', async () => {
    const { employer, postingId } = await livePosting();
    const fields = applicantFields();
    const headers = { 'idempotency-key': `retry-${randomUUID()}` };
    const bad = await apply(t.app, employer.slug, postingId, {
      fields,
      headers,
      files: [{ field: 'resume', filename: 'resume.pdf', bytes: htmlPage() }],
      remoteAddress: freshAddress(),
    });
    assertProblem(bad, 422, 'invalid_application');
    const good = await apply(t.app, employer.slug, postingId, {
      fields,
      headers,
      remoteAddress: freshAddress(),
    });
    assert.equal(good.statusCode, 201, good.body);
    assert.equal(good.headers['idempotent-replayed'], undefined);
  });

  it('keys belong to one organization, and malformed keys are refused', async () => {
    const a = await livePosting();
    const b = await livePosting();
    const headers = { 'idempotency-key': randomUUID() };
    const fields = applicantFields();
    const inA = await apply(t.app, a.employer.slug, a.postingId, {
      fields,
      headers,
      remoteAddress: freshAddress(),
    });
    const inB = await apply(t.app, b.employer.slug, b.postingId, {
      fields,
      headers,
      remoteAddress: freshAddress(),
    });
    assert.equal(inA.statusCode, 201, inA.body);
    assert.equal(inB.statusCode, 201, inB.body);
    assert.notEqual(json(inA).id, json(inB).id);
    assert.equal(inB.headers['idempotent-replayed'], undefined);
    for (const key of ['short', 'has spaces in it', 'x'.repeat(129)]) {
      const res = await apply(t.app, a.employer.slug, a.postingId, {
        headers: { 'idempotency-key': key },
        remoteAddress: freshAddress(),
      });
      assert.equal(res.statusCode, 400, `${key}: ${res.body}`);
      assert.match(json(res).code, /^(invalid_idempotency_key|validation_failed)$/);
    }
  });

  it('the same email applying again without a key is a 409, with nothing stored', async () => {
    const { employer, postingId } = await livePosting();
    const fields = applicantFields();
    const first = await apply(t.app, employer.slug, postingId, { fields, remoteAddress: freshAddress() });
    assert.equal(first.statusCode, 201, first.body);
    const keys = (await storedKeys(t.app)).length;
    // The address is compared case-insensitively.
    const again = await apply(t.app, employer.slug, postingId, {
      fields: { ...fields, email: fields.email.toUpperCase() },
      remoteAddress: freshAddress(),
    });
    const problem = assertProblem(again, 409, 'already_applied');
    assert.match(problem.detail, new RegExp(fields.email.replace(/[.]/g, '\\.')));
    assert.equal((await storedKeys(t.app)).length, keys, 'the refused resume was removed');
    assert.equal(await countApplications(t.database, postingId), 1);
  });
});

describe('100 parallel submissions', {
  skip: !process.env.DATABASE_URL && 'concurrency is proven on PostgreSQL (set DATABASE_URL)',
}, () => {
  const N = 100;

  it('without a key: exactly one 201 and 99 × 409 already_applied, one row, one email', async () => {
    const { employer, postingId } = await livePosting();
    const fields = applicantFields();
    const keys = (await storedKeys(t.app)).length;
    const results = await Promise.all(
      Array.from({ length: N }, () =>
        apply(t.app, employer.slug, postingId, { fields, remoteAddress: freshAddress() }),
      ),
    );
    const statuses = results.map((r) => r.statusCode);
    const created = results.filter((r) => r.statusCode === 201);
    assert.equal(created.length, 1, JSON.stringify(statuses));
    const conflicts = results.filter((r) => r.statusCode === 409);
    assert.equal(
      conflicts.length,
      N - 1,
      results.find((r) => r.statusCode !== 201 && r.statusCode !== 409)?.body,
    );
    for (const r of conflicts) assert.equal(json(r).code, 'already_applied');
    assert.equal(await countApplications(t.database, postingId), 1);
    assert.equal((await candidateRows(employer.orgId)).length, 1);
    assert.equal((await storedKeys(t.app)).length, keys + 1, 'the 99 refused resumes were removed');
    const [stages] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from pipeline_stages where org_id = ${employer.orgId}`,
    );
    assert.equal(stages?.n, 6, 'one set of default stages, however many created them at once');
    await eventually(() => mailsTo(fields.email) > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(mailsTo(fields.email), 1, 'one confirmation email');
  });

  it('with one Idempotency-Key: all 201 with the same id, 99 replayed, one row', async () => {
    const { employer, postingId } = await livePosting();
    const fields = applicantFields();
    const headers = { 'idempotency-key': randomUUID() };
    const results = await Promise.all(
      Array.from({ length: N }, () =>
        apply(t.app, employer.slug, postingId, { fields, headers, remoteAddress: freshAddress() }),
      ),
    );
    const bad = results.find((r) => r.statusCode !== 201);
    assert.equal(bad, undefined, bad?.body);
    assert.equal(new Set(results.map((r) => json(r).id)).size, 1);
    assert.equal(results.filter((r) => r.headers['idempotent-replayed'] === 'true').length, N - 1);
    assert.equal(await countApplications(t.database, postingId), 1);
    await eventually(() => mailsTo(fields.email) > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(mailsTo(fields.email), 1, 'one confirmation email');
  });

  it('one key with two different bodies at once: one 201, the other 422 idempotency_key_reused', async () => {
    const { employer, postingId } = await livePosting();
    const headers = { 'idempotency-key': randomUUID() };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        apply(t.app, employer.slug, postingId, {
          fields: applicantFields({ name: `Applicant ${i % 2}` }),
          headers,
          remoteAddress: freshAddress(),
        }),
      ),
    );
    const created = results.filter((r) => r.statusCode === 201);
    assert.equal(new Set(created.map((r) => json(r).id)).size, 1);
    for (const r of results.filter((r) => r.statusCode !== 201)) {
      assertProblem(r, 422, 'idempotency_key_reused');
    }
    assert.equal(await countApplications(t.database, postingId), 1);
  });

  it('the same person applying to 10 postings at once is one candidate with 10 applications', async () => {
    const { employer } = await livePosting();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const posting = await employer.create(postingBody({ title: `Engineer ${i}` }));
      await employer.publish(posting.id);
      ids.push(posting.id);
    }
    const fields = applicantFields();
    const results = await Promise.all(
      ids.map((id) => apply(t.app, employer.slug, id, { fields, remoteAddress: freshAddress() })),
    );
    for (const r of results) assert.equal(r.statusCode, 201, r.body);
    const candidates = await candidateRows(employer.orgId);
    assert.equal(candidates.length, 1);
    const [row] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(distinct candidate_id)::int as n from applications where org_id = ${employer.orgId}`,
    );
    assert.equal(row?.n, 1);
  });
});
