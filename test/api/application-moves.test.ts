// Moving applications through the pipeline (one and many), the stage history and time in stage,
// rejection with its reason, and the lists' filters, search, sort and cursors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, json, send, type TestApp } from '../helpers.ts';
import { makeEmployer, type Employer, postingBody } from '../postings.ts';
import { applicantFields, apply } from '../applications.ts';
import { minimalPdf } from '../../src/modules/files/fixtures.test-helpers.ts';

interface Stage {
  id: string;
  kind: string;
  name: string;
}

describe('moving applications and listing them', () => {
  let t: TestApp;
  let e: Employer;
  let postingId: string;
  let stages: Record<string, Stage>;
  let ip = 0;
  const submit = async (name: string, resumeLines: string[]) => {
    const res = await apply(t.app, e.slug, postingId, {
      fields: applicantFields({ name }),
      files: [{ field: 'resume', filename: 'cv.pdf', bytes: minimalPdf(resumeLines) }],
      remoteAddress: `10.9.0.${++ip}`,
    });
    assert.equal(res.statusCode, 201, res.body);
    return json(res).id as string;
  };
  const detail = async (id: string) =>
    json(await send(t.app, 'GET', `/api/v1/org/applications/${id}`, e.headers));
  const move = (id: string, body: object) =>
    send(t.app, 'POST', `/api/v1/org/applications/${id}/move`, e.headers, body);
  const list = async (query: string) => {
    const res = await send(
      t.app,
      'GET',
      `/api/v1/org/postings/${postingId}/applications?${query}`,
      e.headers,
    );
    assert.equal(res.statusCode, 200, res.body);
    return json(res) as {
      data: { id: string; score: number | null; candidate: { name: string } }[];
      nextCursor: string | null;
    };
  };

  let strong: string;
  let partial: string;
  let none: string;

  before(async () => {
    t = await buildTestApp({ seed: false });
    e = await makeEmployer(t);
    const posting = await e.create(
      postingBody({ requiredSkills: ['Node.js', 'PostgreSQL'], preferredSkills: ['Redis'] }),
    );
    await e.publish(posting.id);
    postingId = posting.id;
    strong = await submit('Grace Hopper', ['Grace Hopper', 'Node.js, PostgreSQL and Redis in production']);
    partial = await submit('Alan Turing', ['Alan Turing', 'Node.js services; some Kafka']);
    none = await submit('Ada Byron', ['Ada Byron', 'Watercolour painting and gardening']);
    assert.equal(await t.app.tasks.processPending(0), 3);
    const res = await send(t.app, 'GET', '/api/v1/org/pipeline/stages', e.headers);
    stages = Object.fromEntries((json(res).items as Stage[]).map((s) => [s.kind, s]));
  });
  after(() => t.close());

  it('records every move with who and when, and the time spent in each stage', async () => {
    assert.equal((await move(strong, { stageId: stages.screening!.id })).statusCode, 200);
    const moved = await move(strong, { stageId: stages.interview!.id });
    assert.equal(moved.statusCode, 200, moved.body);
    const d = json(moved);
    assert.equal(d.stage.kind, 'interview');
    assert.deepEqual(
      d.stageHistory.map((v: { stage: { kind: string } }) => v.stage.kind),
      ['applied', 'screening', 'interview'],
    );
    const [applied, screening, interview] = d.stageHistory;
    assert.equal(applied.by, 'candidate');
    assert.match(screening.by, /@/); // the recruiter's email
    assert.equal(applied.leftAt, screening.enteredAt);
    assert.equal(interview.leftAt, null);
    for (const visit of d.stageHistory) assert.ok(Number.isInteger(visit.seconds) && visit.seconds >= 0);
    const timeline = json(await send(t.app, 'GET', `/api/v1/org/applications/${strong}/timeline`, e.headers));
    const changes = timeline.items.filter((i: { kind: string }) => i.kind === 'stage_changed');
    assert.deepEqual(
      changes.map((c: { fromStage: string; toStage: string }) => [c.fromStage, c.toStage]),
      [
        ['Applied', 'Screening'],
        ['Screening', 'Interview'],
      ],
    );
  });

  it('requires a reason to reject, keeps it, and reopens when moved back', async () => {
    const missing = await move(none, { stageId: stages.rejected!.id });
    assert.equal(missing.statusCode, 422);
    assert.equal(json(missing).code, 'reason_required');
    const rejected = json(
      await move(none, { stageId: stages.rejected!.id, reason: 'No relevant experience' }),
    );
    assert.equal(rejected.status, 'rejected');
    assert.equal(rejected.rejectionReason, 'No relevant experience');
    const back = json(await move(none, { stageId: stages.screening!.id }));
    assert.equal(back.status, 'active');
    assert.equal(back.rejectionReason, null);
    assert.equal(json(await move(none, { stageId: stages.hired!.id })).status, 'hired');
  });

  it('moves many at once, all or none, and reports those already there', async () => {
    const res = await send(t.app, 'POST', '/api/v1/org/applications/bulk-move', e.headers, {
      ids: [strong, partial],
      stageId: stages.interview!.id,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(json(res), { moved: [partial], unchanged: [strong] });
    const refused = await send(t.app, 'POST', '/api/v1/org/applications/bulk-move', e.headers, {
      ids: [strong, partial],
      stageId: stages.rejected!.id,
    });
    assert.equal(refused.statusCode, 422);
    assert.equal((await detail(partial)).stage.kind, 'interview', 'nothing moved');
  });

  it('sorts by the advisory score, filters and searches, and pages with cursors', async () => {
    const byScore = await list('sort=score');
    assert.deepEqual(
      byScore.data.map((a) => a.id),
      [strong, partial, none],
    );
    const scores = byScore.data.map((a) => a.score);
    assert.ok(scores[0]! > scores[1]! && scores[1]! > (scores[2] ?? -1), JSON.stringify(scores));
    assert.deepEqual(
      (await list('skill=postgres')).data.map((a) => a.id),
      [strong],
    );
    assert.deepEqual(
      (await list('q=gardening')).data.map((a) => a.id),
      [none],
    );
    assert.deepEqual(
      (await list('q=Turing')).data.map((a) => a.id),
      [partial],
    );
    assert.deepEqual(
      (await list('stage=interview&sort=oldest')).data.map((a) => a.id),
      [strong, partial],
    );
    assert.deepEqual(
      (await list('status=hired')).data.map((a) => a.id),
      [none],
    );
    assert.deepEqual(
      (await list(`scoreMin=${scores[0]}`)).data.map((a) => a.id),
      [strong],
    );
    const first = await list('sort=score&limit=2');
    assert.equal(first.data.length, 2);
    assert.ok(first.nextCursor);
    const second = await list(`sort=score&limit=2&cursor=${first.nextCursor}`);
    assert.deepEqual(
      second.data.map((a) => a.id),
      [none],
    );
    assert.equal(second.nextCursor, null);
    const wrongOrder = await send(
      t.app,
      'GET',
      `/api/v1/org/postings/${postingId}/applications?cursor=${first.nextCursor}`,
      e.headers,
    );
    assert.equal(wrongOrder.statusCode, 400);
  });

  it('explains the match score and never rejects on it', async () => {
    const d = await detail(partial);
    assert.deepEqual(
      d.match.required.missing.map((s: { id: string }) => s.id),
      ['postgresql'],
    );
    assert.match(d.match.explanation, /^Matches 1 of 2 required skills/);
    assert.equal((await detail(none)).parseStatus, 'done');
  });
});
