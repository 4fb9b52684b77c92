// Pipeline stages (the organization's default and a posting's own) and candidate email templates,
// through the API on a real database.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { applicantFields, apply } from '../applications.ts';
import { buildTestApp, type Headers, type Method, send, type TestApp } from '../helpers.ts';
import { member } from '../identity.ts';
import { type Employer, makeEmployer, postingBody } from '../postings.ts';

type Stage = { id: string; name: string; kind: string; position: number };
type Who = { headers: Headers };

const DEFAULT = '/api/v1/org/pipeline/stages';
const ofPosting = (id: string) => `/api/v1/org/postings/${id}/stages`;
const TEMPLATES = '/api/v1/org/email-templates';
/** The list as a PUT body (what a client sends back after editing what it read). */
const asBody = (items: Partial<Stage>[]) => ({
  stages: items.map(({ id, name, kind }) => ({ ...(id ? { id } : {}), name, kind })),
});
const byName = (items: Stage[], name: string) => items.find((s) => s.name === name)!;
const shape = (items: Stage[]) => items.map((s) => `${s.position}:${s.name}/${s.kind}`).join(', ');

let t: TestApp;
let ip = 0;
before(async () => {
  t = await buildTestApp({ seed: false });
});
after(() => t.close());

/** One call: its status, parsed body (null when empty) and headers. */
async function call(who: Who, method: Method, url: string, body?: object, extra: Headers = {}) {
  const res = await send(t.app, method, url, { ...who.headers, ...extra }, body);
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, headers: res.headers };
}
const move = (who: Who, id: string, body: object) =>
  call(who, 'POST', `/api/v1/org/applications/${id}/move`, body);
const application = async (who: Who, id: string) =>
  (await call(who, 'GET', `/api/v1/org/applications/${id}`)).body;
async function audits(orgId: string, action: string) {
  const q = sql`select count(*)::int as n from audit_events where org_id = ${orgId} and action = ${action}`;
  return (await queryRows<{ n: number }>(t.database.db, q))[0]!.n;
}

/** A published posting and applications to it, one per candidate name. */
async function postingWithApplicants(employer: Employer, names: string[]) {
  const posting = await employer.create(postingBody({ title: `Engineer ${names.length}` }));
  await employer.publish(posting.id);
  const ids: string[] = [];
  for (const name of names) {
    const fields = applicantFields({ name });
    const res = await apply(t.app, employer.slug, posting.id, { fields, remoteAddress: `10.9.${++ip}.1` });
    assert.equal(res.statusCode, 201, res.body);
    ids.push(res.json().id);
  }
  return { postingId: posting.id, ids };
}

describe('the organization’s default stages', () => {
  let employer: Employer;
  const get = async () => (await call(employer, 'GET', DEFAULT)).body.items as Stage[];
  before(async () => {
    employer = await makeEmployer(t);
  });

  it('starts as Applied, Screening, Interview, Offer, Hired, Rejected, with an ETag', async () => {
    const res = await call(employer, 'GET', DEFAULT);
    assert.equal(res.status, 200);
    assert.equal(
      shape(res.body.items),
      '0:Applied/applied, 1:Screening/screening, 2:Interview/interview, 3:Offer/offer, 4:Hired/hired, 5:Rejected/rejected',
    );
    const etag = res.headers.etag as string;
    assert.equal((await call(employer, 'GET', DEFAULT, undefined, { 'if-none-match': etag })).status, 304);
  });

  it('is replaced whole: renamed, reordered (names swapped), a custom stage added, ids kept', async () => {
    const [applied, screening, interview, offer, hired, rejected] = await get();
    const body = asBody([
      applied!,
      { ...screening!, name: 'Phone screen' },
      { name: 'Take-home', kind: 'custom' },
      { ...offer!, name: 'Interview', kind: 'interview' },
      { ...interview!, name: 'Offer', kind: 'offer' },
      hired!,
      { ...rejected!, name: 'Not a fit' },
    ]);
    const res = await call(employer, 'PUT', DEFAULT, body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const items = res.body.items as Stage[];
    assert.equal(
      shape(items),
      '0:Applied/applied, 1:Phone screen/screening, 2:Take-home/custom, 3:Interview/interview, 4:Offer/offer, 5:Hired/hired, 6:Not a fit/rejected',
    );
    assert.deepEqual([items[1]!.id, items[3]!.id], [screening!.id, offer!.id]);
    assert.equal(res.headers.etag, (await call(employer, 'GET', DEFAULT)).headers.etag);
    assert.equal(await audits(employer.orgId, 'pipeline.stages_changed'), 1);
  });

  it('refuses lists that break a rule', async () => {
    const items = await get();
    const [applied, , , , , hired, rejected] = items;
    const cases: [Partial<Stage>[], number, string][] = [
      [[hired!, applied!, rejected!], 422, 'applied_first'],
      [[applied!, { name: 'Also applied', kind: 'applied' }, hired!, rejected!], 422, 'applied_first'],
      [[applied!, rejected!], 422, 'hired_required'],
      [[applied!, hired!], 422, 'rejected_required'],
      [[applied!, hired!, rejected!, { name: 'Declined', kind: 'rejected' }], 422, 'rejected_required'],
      [[applied!, hired!, rejected!, { name: 'hired', kind: 'custom' }], 422, 'duplicate_name'],
      [[applied!, { name: '   ', kind: 'custom' }, hired!, rejected!], 422, 'invalid_name'],
      [[applied!, { ...hired!, id: randomUUID() }, rejected!], 422, 'unknown_stage'],
      [[applied!, hired!, { ...rejected!, id: applied!.id }], 422, 'duplicate_stage'],
      [[applied!], 400, 'validation_failed'],
      [Array.from({ length: 21 }, (_, i) => ({ name: `S${i}`, kind: 'custom' })), 400, 'validation_failed'],
      [[applied!, { name: 'x'.repeat(61), kind: 'custom' }, hired!, rejected!], 400, 'validation_failed'],
      [[applied!, { name: 'Bad', kind: 'nope' }, hired!, rejected!], 400, 'validation_failed'],
    ];
    for (const [stages, status, code] of cases) {
      const res = await call(employer, 'PUT', DEFAULT, asBody(stages));
      assert.deepEqual([res.status, res.body.code], [status, code], JSON.stringify(res.body));
    }
    assert.deepEqual(await get(), items, 'nothing changed');
  });

  it('keeps a stage that holds applications (409) and honours If-Match (412)', async () => {
    const { ids } = await postingWithApplicants(employer, ['Grace Hopper']);
    const items = await get();
    assert.equal((await move(employer, ids[0]!, { stageId: byName(items, 'Take-home').id })).status, 200);
    const res = await call(employer, 'PUT', DEFAULT, asBody(items.filter((s) => s.name !== 'Take-home')));
    assert.deepEqual([res.status, res.body.code], [409, 'stage_in_use']);
    assert.deepEqual([res.body.stage.name, res.body.applications], ['Take-home', 1]);
    assert.match(res.body.detail, /Take-home.*1 application/);
    // Nor may it turn into the rejected stage: that would reject without a reason.
    const kinds: Record<string, string> = { 'Take-home': 'rejected', 'Not a fit': 'custom' };
    const flip = items.map((s) => ({ ...s, kind: kinds[s.name] ?? s.kind }));
    assert.equal((await call(employer, 'PUT', DEFAULT, asBody(flip))).status, 409);
    const etag = (await call(employer, 'GET', DEFAULT)).headers.etag as string;
    const renamed = asBody(items.map((s) => (s.name === 'Hired' ? { ...s, name: 'Signed' } : s)));
    const put = (ifMatch: string) => call(employer, 'PUT', DEFAULT, renamed, { 'if-match': ifMatch });
    assert.equal((await put('W/"stale"')).status, 412);
    assert.equal((await put(etag)).status, 200);
    assert.equal((await put(etag)).status, 412, 'the ETag changed with the list');
  });
});

describe('a posting’s own stages', () => {
  it('takes over applications (by id, kind or move), keeps lists apart, and goes back to the default', async () => {
    const employer = await makeEmployer(t);
    const defaults = (await call(employer, 'GET', DEFAULT)).body.items as Stage[];
    const names = ['Ann Applied', 'Ivan Interview', 'Rita Reject', 'Olga Offer'];
    const { postingId, ids } = await postingWithApplicants(employer, names);
    const [ann, ivan, rita, olga] = ids as [string, string, string, string];
    await move(employer, ivan, { stageId: byName(defaults, 'Interview').id });
    await move(employer, rita, { stageId: byName(defaults, 'Rejected').id, reason: 'Overqualified' });
    await move(employer, olga, { stageId: byName(defaults, 'Offer').id });
    const initial = (await call(employer, 'GET', ofPosting(postingId))).body;
    assert.deepEqual(initial, { custom: false, items: defaults });
    const own = [
      { name: 'New', kind: 'applied' },
      { name: 'Tech interview', kind: 'interview' },
      { name: 'Team interview', kind: 'interview' },
      // Takes over the default Offer stage by its id, though its kind differs.
      { id: byName(defaults, 'Offer').id, name: 'Reference check', kind: 'custom' },
      { name: 'Hired', kind: 'hired' },
      { name: 'Declined', kind: 'rejected' },
    ];
    const put = (body: object) => call(employer, 'PUT', ofPosting(postingId), body);
    const ambiguous = await put({ stages: own });
    assert.deepEqual([ambiguous.status, ambiguous.body.code], [409, 'stage_in_use']);
    assert.equal(ambiguous.body.stage.name, 'Interview', 'two interview stages: not implied');
    const from = byName(defaults, 'Interview').id;
    const rejecting = await put({ stages: own, moves: [{ from, to: 5 }] });
    assert.deepEqual([rejecting.status, rejecting.body.code], [422, 'invalid_move']);
    assert.equal((await put({ stages: own, moves: [{ from, to: 9 }] })).status, 422);
    const res = await put({ stages: own, moves: [{ from, to: 2 }] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const list = res.body.items as Stage[];
    assert.equal(res.body.custom, true);
    assert.equal(list.map((s) => s.name).join(), own.map((s) => s.name).join());
    assert.ok(
      list.every((s) => !defaults.some((d) => d.id === s.id)),
      'new rows',
    );
    const stageNames = async () =>
      Promise.all(ids.map(async (id) => (await application(employer, id)).stage.name));
    assert.deepEqual(await stageNames(), ['New', 'Team interview', 'Declined', 'Reference check']);
    const timeline = (await call(employer, 'GET', `/api/v1/org/applications/${ivan}/timeline`)).body;
    assert.ok(timeline.items.some((e: { toStage: string }) => e.toStage === 'Team interview'));
    assert.deepEqual((await call(employer, 'GET', DEFAULT)).body.items, defaults, 'the default is unchanged');
    // Editing its own list: a stage that goes away needs a move.
    const without = list.filter((s) => s.name !== 'Team interview');
    assert.equal((await put(asBody(without))).status, 409);
    const team = byName(list, 'Team interview').id;
    const edited = await put({ ...asBody(without), moves: [{ from: team, to: 1 }] });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal((await application(employer, ivan)).stage.id, byName(list, 'Tech interview').id);
    // A stage of one posting's list is not a stage of another's (nor of the default).
    const other = await postingWithApplicants(employer, ['Otto Other']);
    const wrong = await move(employer, other.ids[0]!, { stageId: byName(list, 'Hired').id });
    assert.deepEqual([wrong.status, wrong.body.code], [422, 'invalid_stage']);
    assert.equal((await move(employer, ann, { stageId: byName(defaults, 'Offer').id })).status, 422);
    // Back to the default, by kind: the custom stage has no counterpart there.
    assert.equal((await call(employer, 'DELETE', ofPosting(postingId))).status, 409);
    await move(employer, olga, { stageId: byName(list, 'Hired').id });
    const reset = await call(employer, 'DELETE', ofPosting(postingId));
    assert.equal(reset.status, 200, JSON.stringify(reset.body));
    assert.deepEqual(reset.body, { custom: false, items: defaults });
    assert.deepEqual(await stageNames(), ['Applied', 'Interview', 'Rejected', 'Hired']);
    const r = await application(employer, rita);
    assert.deepEqual([r.status, r.rejectionReason], ['rejected', 'Overqualified']);
  });

  it('checks roles and tenancy', async () => {
    const employer = await makeEmployer(t);
    const stranger = await makeEmployer(t);
    const posting = await employer.create();
    const manager = await member(t.database, t.config, employer.orgId, 'hiring_manager');
    const viewer = await member(t.database, t.config, employer.orgId, 'viewer');
    const items = (await call(viewer, 'GET', DEFAULT)).body.items as Stage[];
    assert.equal(items.length, 6);
    assert.equal((await call(viewer, 'GET', ofPosting(posting.id))).status, 200);
    for (const who of [manager, viewer]) {
      assert.equal((await call(who, 'PUT', DEFAULT, asBody(items))).status, 403);
      assert.equal((await call(who, 'PUT', ofPosting(posting.id), asBody(items))).status, 403);
      assert.equal((await call(who, 'DELETE', ofPosting(posting.id))).status, 403);
    }
    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      const body = method === 'PUT' ? asBody(items) : undefined;
      assert.equal((await call(stranger, method, ofPosting(posting.id), body)).status, 404, method);
    }
  });
});

describe('candidate email templates', () => {
  let employer: Employer;
  before(async () => {
    employer = await makeEmployer(t);
  });
  const preview = (kind: string, body: object, who: Who = employer) =>
    call(who, 'POST', `${TEMPLATES}/${kind}/preview`, body);
  const save = (kind: string, body: object, who: Who = employer) =>
    call(who, 'PUT', `${TEMPLATES}/${kind}`, body);

  it('lists, saves (unknown variables refused), previews and resets', async () => {
    const list = (await call(employer, 'GET', TEMPLATES)).body.items;
    const kinds = list.map((i: { kind: string; custom: boolean }) => `${i.kind}:${i.custom}`).join();
    assert.equal(kinds, 'confirmation:false,rejection:false,stage_change:false,consent_renewal:false');
    assert.ok(list[0].variables.includes('candidate.first_name'));
    const typo = await save('rejection', { subject: 'About {{job.tittle}}', body: 'Hi {{ Org.Name }}' });
    assert.deepEqual([typo.status, typo.body.code], [422, 'unknown_variable']);
    assert.deepEqual(typo.body.variables, ['job.tittle', 'Org.Name']);
    assert.equal((await save('rejection', { subject: 'a\nb', body: 'x' })).status, 400);
    assert.equal((await save('nope', { subject: 'a', body: 'b' })).status, 400);
    const body = 'Dear {{candidate.name}}, thank you. {{status_url}}';
    const saved = await save('rejection', { subject: '{{job.title}} at {{org.name}}', body });
    assert.deepEqual([saved.status, saved.body.custom], [200, true]);
    const sample = (await preview('rejection', {})).body;
    assert.equal(sample.subject, `Senior Product Designer at Org ${employer.slug}`);
    const link = `${t.config.publicUrl}/careers/${employer.slug}/application?token=preview`;
    assert.equal(sample.body, `Dear Alex Example, thank you. ${link}`);
    const draft = (await preview('rejection', { subject: 'Draft for {{candidate.first_name}}' })).body;
    assert.equal(draft.subject, 'Draft for Alex');
    const { ids } = await postingWithApplicants(employer, ['Margaret Hamilton']);
    const real = (await preview('stage_change', { applicationId: ids[0] })).body;
    assert.match(real.body, /Hello Margaret,.*Engineer 1 at Org .*moved to: Applied/s);
    assert.equal((await preview('stage_change', { applicationId: randomUUID() })).status, 404);
    const interviewer = await member(t.database, t.config, employer.orgId, 'interviewer');
    assert.equal((await preview('stage_change', { applicationId: ids[0] }, interviewer)).status, 404);
    const viewer = await member(t.database, t.config, employer.orgId, 'viewer');
    assert.equal((await preview('stage_change', { applicationId: ids[0] }, viewer)).status, 200);
    assert.equal((await save('rejection', { subject: 'a', body: 'b' }, viewer)).status, 403);
    const reset = await call(employer, 'DELETE', `${TEMPLATES}/rejection`);
    assert.deepEqual([reset.status, reset.body.custom], [200, false]);
    assert.equal(reset.body.subject, 'Your application for {{job.title}}');
    assert.equal(await audits(employer.orgId, 'email_template.changed'), 2);
  });

  it('sends the rejection email at most once, and the stage-change email from the custom template', async () => {
    const stages = (await call(employer, 'GET', DEFAULT)).body.items as Stage[];
    const id = (await postingWithApplicants(employer, ['Katherine Johnson'])).ids[0]!;
    const rejections = () => t.mailSink.messages.filter((m) => m.kind === 'application-rejection').length;
    const before = rejections();
    const reject = { stageId: byName(stages, 'Rejected').id, reason: 'Position filled', notify: true };
    assert.equal((await move(employer, id, reject)).status, 200);
    assert.equal((await move(employer, id, { stageId: byName(stages, 'Screening').id })).status, 200);
    assert.equal((await move(employer, id, reject)).status, 200);
    assert.equal(rejections() - before, 1);
    const body = 'Hi {{candidate.first_name}}, you are now in {{stage.name}} for {{job.title}}.';
    assert.equal((await save('stage_change', { subject: 'News from {{org.name}}', body })).status, 200);
    await move(employer, id, { stageId: byName(stages, 'Interview').id, notify: true });
    const mail = t.mailSink.messages.at(-1)!;
    assert.equal(mail.kind, 'application-stage');
    assert.equal(mail.subject, `News from Org ${employer.slug}`);
    assert.equal(mail.text, 'Hi Katherine, you are now in Interview for Engineer 1.');
  });
});
