// Notes with mentions and blind scorecards, through the API on a real database: who reads, who
// writes, who gets mail, and that another organization's application is indistinguishable from none.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { apply } from '../applications.ts';
import { buildTestApp, type Headers, json, send, type TestApp } from '../helpers.ts';
import { makeApiToken, member } from '../identity.ts';
import { type Employer, makeEmployer, postingBody } from '../postings.ts';

type Member = Awaited<ReturnType<typeof member>>;
const url = (id: string, suffix: string) => `/api/v1/org/applications/${id}/${suffix}`;
const card = (overrides: Record<string, unknown> = {}) => ({
  interview: 'Technical interview',
  ratings: [
    { criterion: 'q1', rating: 4 },
    { criterion: 'q3', rating: 2 },
  ],
  recommendation: 'yes',
  notes: 'Solid on SQL.',
  ...overrides,
});

describe('collaboration: notes and scorecards', () => {
  let t: TestApp;
  let acme: Employer;
  let owner: Headers;
  let people: Record<'hm' | 'recruiter' | 'admin' | 'assigned' | 'unassigned' | 'viewer', Member>;
  let postingId: string;
  let ip = 0;

  const newApplication = async (employer = acme, posting = postingId) => {
    const res = await apply(t.app, employer.slug, posting, { remoteAddress: `10.9.0.${++ip}` });
    assert.equal(res.statusCode, 201, res.body);
    const id = json(res).id as string;
    if (employer === acme) {
      const assigned = await send(t.app, 'PUT', url(id, 'assignments'), owner, {
        userIds: [people.assigned.id],
      });
      assert.equal(assigned.statusCode, 200, assigned.body);
    }
    return id;
  };
  const mentionMails = () => t.mailSink.messages.filter((m) => m.kind === 'mention');

  before(async () => {
    t = await buildTestApp({ seed: false });
    acme = await makeEmployer(t);
    owner = acme.headers;
    const roles = {
      hm: 'hiring_manager',
      recruiter: 'recruiter',
      admin: 'admin',
      assigned: 'interviewer',
      unassigned: 'interviewer',
      viewer: 'viewer',
    } as const;
    people = Object.fromEntries(
      await Promise.all(
        Object.entries(roles).map(async ([k, role]) => [
          k,
          await member(t.database, t.config, acme.orgId, role),
        ]),
      ),
    ) as typeof people;
    const posting = await acme.create(
      postingBody({ preferredQualifications: ['Kubernetes in production.'] }),
    );
    await acme.publish(posting.id);
    postingId = posting.id;
  });
  after(() => t.close());

  it('adds notes and lists them oldest first, with an event and an audit entry', async () => {
    const id = await newApplication();
    const first = await send(t.app, 'POST', url(id, 'notes'), owner, { body: 'Strong portfolio.' });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(json(first).body, 'Strong portfolio.');
    assert.deepEqual(json(first).mentions, []);
    const second = await send(t.app, 'POST', url(id, 'notes'), people.recruiter.headers, { body: 'Agreed.' });
    assert.equal(second.statusCode, 201, second.body);
    const list = await send(t.app, 'GET', url(id, 'notes'), owner);
    assert.equal(list.statusCode, 200, list.body);
    const items = json(list).items;
    assert.deepEqual(
      items.map((n: { body: string }) => n.body),
      ['Strong portfolio.', 'Agreed.'],
    );
    assert.equal(items[1].author.id, people.recruiter.id);
    assert.equal(items[1].author.label, people.recruiter.email);
    const timeline = json(await send(t.app, 'GET', url(id, 'timeline'), owner)).items;
    const added = timeline.filter((e: { kind: string }) => e.kind === 'note_added');
    assert.equal(added.length, 2);
    assert.ok(!JSON.stringify(added).includes('Strong portfolio'), 'the timeline never holds note text');
    const audit = await queryRows<{ action: string }>(
      t.database.db,
      sql`select action from audit_events where target_id = ${id} and action = 'application.note_added'`,
    );
    assert.equal(audit.length, 2);
  });

  it('emails each mentioned member who can see the application, once', async () => {
    const id = await newApplication();
    const elsewhere = await makeEmployer(t);
    const outsider = await member(t.database, t.config, elsewhere.orgId, 'recruiter');
    const before = mentionMails().length;
    const body = [
      `@[Rita](user:${people.recruiter.id}) and again @${people.recruiter.email.toUpperCase()},`,
      `@${people.hm.email} please look; @${people.unassigned.email} and @${people.assigned.email} too.`,
      `Not members: @nobody@example.com, @${outsider.email}, @[Ghost](user:${randomUUID()}),`,
      `@[Outsider](user:${outsider.id}), plain ${people.viewer.email}.`,
      `Me: @${people.admin.email}`,
    ].join(' ');
    const res = await send(t.app, 'POST', url(id, 'notes'), people.admin.headers, { body });
    assert.equal(res.statusCode, 201, res.body);
    const mentioned = json(res).mentions.map((m: { userId: string }) => m.userId);
    for (const p of [people.recruiter, people.hm, people.unassigned, people.assigned, people.admin]) {
      assert.ok(mentioned.includes(p.id), `${p.email} is a mention`);
    }
    assert.equal(mentioned.length, 5, 'unknown text and a plain address are no mentions');
    const sent = mentionMails().slice(before);
    assert.deepEqual(
      sent.map((m) => m.to).sort(),
      [people.assigned.email, people.hm.email, people.recruiter.email].sort(),
    );
    const mail = sent.find((m) => m.to === people.hm.email)!;
    assert.ok(mail.text.includes(`${t.config.publicUrl}/app/applications/${id}`), mail.text);
    assert.ok(mail.text.includes('@Rita and again'), 'the excerpt shows tokens as names');
    const list = json(await send(t.app, 'GET', url(id, 'notes'), owner)).items;
    assert.equal(list[0].mentions.length, 5);
  });

  it('validates scorecards: unknown criterion, rating out of range, duplicates', async () => {
    const id = await newApplication();
    const criteria = await send(t.app, 'GET', url(id, 'scorecards/criteria'), owner);
    assert.equal(criteria.statusCode, 200, criteria.body);
    assert.deepEqual(
      json(criteria).items.map((c: { id: string; preferred: boolean }) => `${c.id}:${c.preferred}`),
      ['q1:false', 'q2:false', 'q3:true'],
    );
    const post = (body: object, headers = people.recruiter.headers) =>
      send(t.app, 'POST', url(id, 'scorecards'), headers, body);
    const unknown = await post(card({ ratings: [{ criterion: 'q9', rating: 3 }] }));
    assert.equal(unknown.statusCode, 422, unknown.body);
    assert.equal(json(unknown).code, 'unknown_criterion');
    const five = await post(card({ ratings: [{ criterion: 'q1', rating: 5 }] }));
    assert.equal(five.statusCode, 400, five.body);
    assert.equal(json(five).code, 'validation_failed');
    const twice = await post(
      card({
        ratings: [
          { criterion: 'q1', rating: 3 },
          { criterion: 'q1', rating: 2 },
        ],
      }),
    );
    assert.equal(twice.statusCode, 422, twice.body);
    assert.equal(json(twice).code, 'duplicate_criterion');
    const badRecommendation = await post(card({ recommendation: 'maybe' }));
    assert.equal(badRecommendation.statusCode, 400, badRecommendation.body);
    const ok = await post(card());
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(json(ok).ratings[0].label, 'Experience with Node.js or a similar runtime.');
    const again = await post(card({ recommendation: 'no' }));
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(json(again).code, 'scorecard_exists');
    assert.equal((await post(card({ interview: 'Culture interview' }))).statusCode, 201);
    const timeline = json(await send(t.app, 'GET', url(id, 'timeline'), owner)).items;
    const submitted = timeline.filter((e: { kind: string }) => e.kind === 'scorecard_submitted');
    assert.equal(submitted.length, 2);
    assert.ok(!JSON.stringify(submitted).includes('"yes"'), 'the timeline never tells the verdict');
  });

  it('hides others’ scorecards from a hiring manager until they submit their own', async () => {
    const id = await newApplication();
    const get = (headers: Headers) => send(t.app, 'GET', url(id, 'scorecards'), headers);
    assert.equal(
      (await send(t.app, 'POST', url(id, 'scorecards'), people.recruiter.headers, card())).statusCode,
      201,
    );
    const blind = json(await get(people.hm.headers));
    assert.deepEqual(blind, { items: [], summary: null, hidden: true });
    const recruiterView = json(await get(people.recruiter.headers));
    assert.equal(recruiterView.hidden, false);
    assert.equal(recruiterView.items.length, 1);
    assert.equal(json(await get(owner)).items.length, 1);

    const mine = await send(t.app, 'POST', url(id, 'scorecards'), people.hm.headers, {
      interview: 'Hiring manager interview',
      ratings: [{ criterion: 'q2', rating: 1 }],
      recommendation: 'strong_no',
    });
    assert.equal(mine.statusCode, 201, mine.body);
    const seen = json(await get(people.hm.headers));
    assert.equal(seen.hidden, false);
    assert.equal(seen.items.length, 2);
    assert.deepEqual(seen.summary, {
      count: 2,
      recommendations: { strong_no: 1, no: 0, yes: 1, strong_yes: 0 },
      averageRating: 2.33,
    });
  });

  it('holds anyone the hiring team lists as hiring manager to the same rule', async () => {
    const posting = await acme.create(
      postingBody({ hiringTeam: [{ userId: people.admin.id, role: 'hiring_manager' }] }),
    );
    await acme.publish(posting.id);
    const id = await newApplication(acme, posting.id);
    await send(t.app, 'POST', url(id, 'scorecards'), people.recruiter.headers, card());
    assert.equal(json(await send(t.app, 'GET', url(id, 'scorecards'), people.admin.headers)).hidden, true);
    assert.equal(json(await send(t.app, 'GET', url(id, 'scorecards'), owner)).hidden, false);
  });

  it('answers 404 to an interviewer not assigned, and serves the assigned one', async () => {
    const id = await newApplication();
    const suffixes = ['notes', 'scorecards', 'scorecards/criteria'];
    for (const suffix of suffixes) {
      const res = await send(t.app, 'GET', url(id, suffix), people.unassigned.headers);
      assert.equal(res.statusCode, 404, `${suffix}: ${res.body}`);
      assert.equal((await send(t.app, 'GET', url(id, suffix), people.assigned.headers)).statusCode, 200);
    }
    const note = { body: 'Hello' };
    assert.equal(
      (await send(t.app, 'POST', url(id, 'notes'), people.unassigned.headers, note)).statusCode,
      404,
    );
    assert.equal(
      (await send(t.app, 'POST', url(id, 'scorecards'), people.unassigned.headers, card())).statusCode,
      404,
    );
    assert.equal(
      (await send(t.app, 'POST', url(id, 'notes'), people.assigned.headers, note)).statusCode,
      201,
    );
    // Interviewers judge blind too.
    assert.equal(json(await send(t.app, 'GET', url(id, 'scorecards'), people.assigned.headers)).hidden, true);
  });

  it('lets a viewer read notes and scorecards but not write them', async () => {
    const id = await newApplication();
    await send(t.app, 'POST', url(id, 'notes'), owner, { body: 'For everyone.' });
    const list = await send(t.app, 'GET', url(id, 'notes'), people.viewer.headers);
    assert.equal(list.statusCode, 200, list.body);
    assert.equal(json(list).items.length, 1);
    assert.equal(json(await send(t.app, 'GET', url(id, 'scorecards'), people.viewer.headers)).hidden, false);
    const post = await send(t.app, 'POST', url(id, 'notes'), people.viewer.headers, { body: 'Hi' });
    assert.equal(post.statusCode, 403, post.body);
    assert.equal(
      (await send(t.app, 'POST', url(id, 'scorecards'), people.viewer.headers, card())).statusCode,
      403,
    );
  });

  it('lets an API token read with applications:read but never write', async () => {
    const id = await newApplication();
    await send(t.app, 'POST', url(id, 'scorecards'), people.hm.headers, card());
    const reader = await makeApiToken(t.database, acme.orgId, ['applications:read']);
    const writer = await makeApiToken(t.database, acme.orgId, ['applications:write']);
    assert.equal((await send(t.app, 'GET', url(id, 'notes'), reader.headers)).statusCode, 200);
    const scores = json(await send(t.app, 'GET', url(id, 'scorecards'), reader.headers));
    assert.equal(scores.hidden, false);
    assert.equal(scores.items.length, 1);
    for (const headers of [reader.headers, writer.headers]) {
      assert.equal((await send(t.app, 'POST', url(id, 'notes'), headers, { body: 'Bot' })).statusCode, 403);
      assert.equal((await send(t.app, 'POST', url(id, 'scorecards'), headers, card())).statusCode, 403);
    }
  });

  it('answers another organization’s application exactly like a missing one', async () => {
    const other = await makeEmployer(t);
    const posting = await other.create(postingBody());
    await other.publish(posting.id);
    const theirs = await newApplication(other, posting.id);
    await send(t.app, 'POST', url(theirs, 'notes'), other.headers, { body: 'Ours only.' });
    const missing = randomUUID();
    const strip = (res: { body: string }) => ({ ...json(res), instance: undefined });
    const calls: ['GET' | 'POST', string, object?][] = [
      ['GET', 'notes'],
      ['POST', 'notes', { body: 'Peek' }],
      ['GET', 'scorecards'],
      ['GET', 'scorecards/criteria'],
      ['POST', 'scorecards', card()],
    ];
    for (const [method, suffix, payload] of calls) {
      const a = await send(t.app, method, url(theirs, suffix), owner, payload);
      const b = await send(t.app, method, url(missing, suffix), owner, payload);
      assert.equal(a.statusCode, 404, `${method} ${suffix}: ${a.body}`);
      assert.deepEqual(strip(a), strip(b), `${method} ${suffix}`);
    }
    const notes = await queryRows(
      t.database.db,
      sql`select 1 from application_notes where application_id = ${theirs}`,
    );
    assert.equal(notes.length, 1, 'nothing was written to the other organization’s application');
  });
});
