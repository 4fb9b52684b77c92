// The candidate's status page behind the signed link in their emails: what it shows as the
// application moves, withdrawing, data requests, and every way a link can be wrong.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { STATUS_LINK } from '../../src/modules/applications/apply-target.ts';
import { signingKey, signLink } from '../../src/shared/signed-links.ts';
import { applicantFields, apply, eventually, freshAddress } from '../applications.ts';
import { buildTestApp, json, send, type TestApp } from '../helpers.ts';
import { type Employer, makeEmployer, postingBody } from '../postings.ts';

let t: TestApp;
let acme: Employer;
let globex: Employer;
let postingId: string;

before(async () => {
  t = await buildTestApp({ seed: false });
  acme = await makeEmployer(t);
  globex = await makeEmployer(t);
  const posting = await acme.create(postingBody());
  await acme.publish(posting.id);
  postingId = posting.id;
});
after(() => t.close());

/** Applies and returns the application and the status page path from the confirmation email. */
async function applied(name = 'Ada Lovelace') {
  const fields = applicantFields({ name });
  const res = await apply(t.app, acme.slug, postingId, { fields, remoteAddress: freshAddress() });
  assert.equal(res.statusCode, 201, res.body);
  const id: string = json(res).id;
  await eventually(() => t.mailSink.messages.some((m) => m.to === fields.email));
  const mail = t.mailSink.messages.find((m) => m.to === fields.email)!;
  assert.equal(mail.kind, 'application-confirmation');
  const link = /https?:\/\/\S+\/application\?token=[\w.-]+/.exec(mail.text)?.[0];
  assert.ok(link, mail.text);
  const url = new URL(link);
  return {
    id,
    email: fields.email,
    path: `${url.pathname}${url.search}`,
    token: url.searchParams.get('token')!,
  };
}

const open = (path: string) => t.app.inject({ method: 'GET', url: path });
const intent = (token: string, what: string, org = acme.slug) =>
  t.app.inject({
    method: 'POST',
    url: `/careers/${org}/application`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ token, intent: what }).toString(),
  });
const statusOf = (html: string) =>
  /<strong class="status-badge status-(\w+)">([^<]+)<\/strong>/.exec(html)?.[2];

async function stageId(kind: string) {
  const [row] = await queryRows<{ id: string }>(
    t.database.db,
    sql`select id from pipeline_stages where org_id = ${acme.orgId} and posting_id is null and kind = ${kind}`,
  );
  return row!.id;
}

function assertPrivate(res: { headers: Record<string, unknown> }) {
  assert.match(String(res.headers['x-robots-tag']), /noindex/);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(res.headers['referrer-policy'], 'no-referrer');
}

function assertExpired(res: { statusCode: number; body: string; headers: Record<string, unknown> }) {
  assert.equal(res.statusCode, 410, res.body.slice(0, 300));
  assert.match(res.body, /This link has expired or is not valid/);
  assert.doesNotMatch(res.body, /status-badge/);
  assertPrivate(res);
}

const audits = (id: string) =>
  queryRows<{ action: string; actor_type: string }>(
    t.database.db,
    sql`select action, actor_type from audit_events where target_id = ${id} and org_id = ${acme.orgId}
        order by created_at, id`,
  );

describe('the status page', () => {
  it('opens from the confirmation email, private, and follows the application through the pipeline', async () => {
    const a = await applied('Grace Hopper');
    const first = await open(a.path);
    assert.equal(first.statusCode, 200, first.body);
    assertPrivate(first);
    assert.equal(statusOf(first.body), 'Received');
    assert.match(first.body, /Grace Hopper, this is where you follow your application/);
    assert.match(first.body, /<dd>Backend Engineer<\/dd>/);
    assert.match(first.body, /name="intent" value="withdraw"/);
    assert.doesNotMatch(first.body, new RegExp(a.email), 'the address is not shown');

    const moved = await send(t.app, 'POST', `/api/v1/org/applications/${a.id}/move`, acme.headers, {
      stageId: await stageId('interview'),
      notify: true,
    });
    assert.equal(moved.statusCode, 200, moved.body);
    const page = await open(a.path);
    assert.equal(statusOf(page.body), 'Interviewing');
    assert.match(page.body, /You are in the interview stage/);
    // The stage-change email carries a fresh link to the same page.
    await eventually(() =>
      t.mailSink.messages.some((m) => m.to === a.email && m.kind === 'application-stage'),
    );
    const update = t.mailSink.messages.find((m) => m.to === a.email && m.kind === 'application-stage')!;
    const fresh = new URL(/https?:\/\/\S+\/application\?token=[\w.-]+/.exec(update.text)![0]);
    assert.equal(statusOf((await open(`${fresh.pathname}${fresh.search}`)).body), 'Interviewing');
    // The team's own stage names never reach the candidate.
    assert.doesNotMatch(page.body, /Screening|stage_id/);
  });

  it('withdraws once: 303 back to the page, then "can no longer be withdrawn"', async () => {
    const a = await applied();
    const res = await intent(a.token, 'withdraw');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/careers/${acme.slug}/application?token=${a.token}&done=withdraw`);
    const page = await open(String(res.headers.location));
    assert.equal(statusOf(page.body), 'Withdrawn');
    assert.match(page.body, /You have withdrawn your application\./);
    assert.doesNotMatch(page.body, /value="withdraw"/, 'no withdraw button any more');
    const detail = json(await send(t.app, 'GET', `/api/v1/org/applications/${a.id}`, acme.headers));
    assert.equal(detail.status, 'withdrawn');
    const timeline = json(
      await send(t.app, 'GET', `/api/v1/org/applications/${a.id}/timeline`, acme.headers),
    );
    assert.deepEqual(timeline.items.map((e: { kind: string; actor: string }) => [e.kind, e.actor]).at(-1), [
      'withdrawn',
      'candidate',
    ]);
    assert.deepEqual(
      (await audits(a.id)).filter((e) => e.action === 'application.withdrawn').map((e) => e.actor_type),
      ['candidate'],
    );

    const again = await intent(a.token, 'withdraw');
    assert.equal(again.statusCode, 303);
    assert.match(String(again.headers.location), /&done=too_late$/);
    const later = await open(String(again.headers.location));
    assert.match(later.body, /This application can no longer be withdrawn\./);
    assert.equal((await audits(a.id)).filter((e) => e.action === 'application.withdrawn').length, 1);
    // Nor can the team move it on.
    const move = await send(t.app, 'POST', `/api/v1/org/applications/${a.id}/move`, acme.headers, {
      stageId: await stageId('offer'),
    });
    assert.equal(move.statusCode, 409);
  });

  it('records export, erasure and renewal requests on the candidate, audited as the candidate', async () => {
    const a = await applied();
    const row = async () => {
      const [c] = await queryRows<{ export: string | null; erase: string | null; renewed: string | null }>(
        t.database.db,
        sql`select c.export_requested_at as export, c.erasure_requested_at as erase,
                   c.consent_renewed_at as renewed
            from candidates c join applications a on a.candidate_id = c.id where a.id = ${a.id}`,
      );
      return c!;
    };
    assert.deepEqual(await row(), { export: null, erase: null, renewed: null });
    for (const [what, shown] of [
      ['export', /You asked for a copy of your data/],
      ['erase', /You asked for your data to be erased/],
      ['renew', /your data is kept for another period/],
    ] as const) {
      const res = await intent(a.token, what);
      assert.equal(res.statusCode, 303, res.body);
      assert.match(String(res.headers.location), new RegExp(`&done=${what}$`));
      assert.match((await open(String(res.headers.location))).body, shown);
    }
    const c = await row();
    assert.ok(c.export && c.erase && c.renewed, JSON.stringify(c));
    const actions = (await audits(a.id)).filter((e) => e.action.startsWith('candidate.'));
    assert.deepEqual(
      actions.map((e) => [e.action, e.actor_type]),
      [
        ['candidate.export_requested', 'candidate'],
        ['candidate.erasure_requested', 'candidate'],
        ['candidate.consent_renewed', 'candidate'],
      ],
    );
    const bad = await intent(a.token, 'delete-everything');
    assert.equal(bad.statusCode, 400);
  });
});

describe('links that do not work', () => {
  it('a tampered, truncated, missing or re-purposed token is a 410 page, and changes nothing', async () => {
    const a = await applied();
    const other = await applied('Someone Else');
    const [v, subject, expires, mac] = a.token.split('.') as [string, string, string, string];
    const key = await signingKey(t.database.db, t.config.secretKey);
    const far = new Date(Date.now() + 86_400_000);
    for (const token of [
      `${v}.${subject}.${expires}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`,
      `${v}.${other.id}.${expires}.${mac}`,
      `${v}.${subject}.${Number(expires) + 86_400}.${mac}`,
      a.token.slice(0, -1),
      'v1.garbage',
      signLink(key, 'password-reset', a.id, far),
      signLink(Buffer.alloc(32, 7), STATUS_LINK, a.id, far),
    ]) {
      assertExpired(await open(`/careers/${acme.slug}/application?token=${encodeURIComponent(token)}`));
      assertExpired(await intent(token, 'withdraw'));
    }
    assertExpired(await open(`/careers/${acme.slug}/application`));
    assert.equal(statusOf((await open(a.path)).body), 'Received', 'still active');
  });

  it('an expired token is a 410 page, for reading and for withdrawing', async () => {
    const a = await applied();
    const key = await signingKey(t.database.db, t.config.secretKey);
    const expired = signLink(key, STATUS_LINK, a.id, new Date(Date.now() - 1000));
    assertExpired(await open(`/careers/${acme.slug}/application?token=${expired}`));
    assertExpired(await intent(expired, 'withdraw'));
    const valid = signLink(key, STATUS_LINK, a.id, new Date(Date.now() + 60_000));
    assert.equal((await open(`/careers/${acme.slug}/application?token=${valid}`)).statusCode, 200);
    const detail = json(await send(t.app, 'GET', `/api/v1/org/applications/${a.id}`, acme.headers));
    assert.equal(detail.status, 'active');
  });

  it('a token for one organization’s application is not found under another’s slug', async () => {
    const a = await applied();
    assertExpired(await open(`/careers/${globex.slug}/application?token=${a.token}`));
    assertExpired(await intent(a.token, 'withdraw', globex.slug));
    const missing = await open(`/careers/no-such-org/application?token=${a.token}`);
    assert.equal(missing.statusCode, 404);
    const detail = json(await send(t.app, 'GET', `/api/v1/org/applications/${a.id}`, acme.headers));
    assert.equal(detail.status, 'active');
  });
});
