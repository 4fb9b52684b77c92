import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { invitations } from '../../src/db/schema.ts';
import { newId } from '../../src/shared/ids.ts';
import { hashToken, randomToken } from '../../src/shared/secrets.ts';
import { buildTestApp, type Headers, json, type Method, send, type TestApp } from '../helpers.ts';
import { assertProblem, withoutInstance } from '../problems.ts';
import { addMember, makeApiToken, makeOrg, makeUser, member, signIn, unique } from '../identity.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ seed: false });
});
after(() => t.close());

const call = (method: Method, url: string, headers: Headers, payload?: object) =>
  send(t.app, method, url, headers, payload);
const ACCEPT_PATH = '/app/invitations/accept';

const comparable = withoutInstance;

async function orgWithAdmins() {
  const owner = await makeUser(t.database);
  const org = await makeOrg(t.database, owner.id);
  const ownerSession = await signIn(t.database, t.config, owner.id, org.id);
  const admin = await member(t.database, t.config, org.id, 'admin');
  return { org, owner: { ...owner, ...ownerSession }, admin };
}

const invite = (headers: Headers, email: string, role = 'recruiter') =>
  call('POST', '/api/v1/org/invitations', headers, { email, role });

/** A user with that address, signed in without an organization. */
async function invitee(email: string) {
  const user = await makeUser(t.database, { email });
  return { ...user, ...(await signIn(t.database, t.config, user.id, null)) };
}
const accept = (headers: Headers, token: string) =>
  call('POST', '/api/v1/invitations/accept', headers, { token });
const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Invitation rows put straight into the table (to reach the limit quickly); returns their tokens. */
async function insertInvitations(
  orgId: string,
  count: number,
  state: {
    invitedBy?: string | null;
    acceptedAt?: Date;
    revokedAt?: Date;
    expiresAt?: Date;
    role?: string;
  } = {},
) {
  const tokens = Array.from({ length: count }, () => randomToken());
  await t.database.db.insert(invitations).values(
    tokens.map((token) => ({
      id: newId(),
      orgId,
      email: `${unique('bulk')}@example.test`,
      role: state.role ?? 'viewer',
      tokenHash: hashToken(token),
      invitedBy: state.invitedBy ?? null,
      acceptedAt: state.acceptedAt ?? null,
      revokedAt: state.revokedAt ?? null,
      expiresAt: state.expiresAt ?? new Date(Date.now() + 86_400_000),
    })),
  );
  return tokens;
}
const revocations = (orgId: string) =>
  queryRows<{ target_id: string; data: Record<string, unknown> }>(
    t.database.db,
    sql`select target_id, data from audit_events where org_id = ${orgId} and action = 'invitation.revoked' order by id`,
  );

describe('inviting', () => {
  it('creates an invitation, mails a link with the token, and audits without the token', async () => {
    const { org, admin } = await orgWithAdmins();
    const email = `${unique('new')}@example.test`;
    const res = await invite(admin.headers, email.toUpperCase());
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    const invitation = json(res);
    assert.deepEqual(Object.keys(invitation).sort(), [
      'createdAt',
      'email',
      'expiresAt',
      'id',
      'invitedBy',
      'role',
    ]);
    assert.equal(invitation.email, email);
    assert.equal(invitation.invitedBy, admin.id);
    const days = (Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt)) / 86_400_000;
    assert.ok(Math.abs(days - 7) < 0.01, `${days} days`);

    const mail = t.mailSink.messages.findLast((m) => m.to === email)!;
    assert.equal(mail.kind, 'invitation');
    assert.ok(mail.text.includes(`${t.config.publicUrl}${ACCEPT_PATH}#token=`), mail.text);
    assert.ok(mail.text.includes(`Org ${org.slug}`));
    assert.ok(mail.text.includes(admin.email));
    const token = t.mailSink.lastToken(ACCEPT_PATH, email);

    const stored = await queryRows<{ token_hash: string }>(
      t.database.db,
      sql`select token_hash from invitations where id = ${invitation.id}`,
    );
    assert.notEqual(stored[0]?.token_hash, token);
    const events = await queryRows<{ action: string; data: string }>(
      t.database.db,
      sql`select action, data::text as data from audit_events where org_id = ${org.id}`,
    );
    assert.ok(events.some((e) => e.action === 'invitation.created'));
    assert.ok(!events.some((e) => e.data.includes(token)), 'the token never reaches the audit log');
  });

  it('lets only owners invite owners', async () => {
    const { owner, admin } = await orgWithAdmins();
    const email = `${unique('boss')}@example.test`;
    assertProblem(await invite(admin.headers, email, 'owner'), 403, 'forbidden');
    assert.equal((await invite(owner.headers, email, 'owner')).statusCode, 201);
  });

  it('refuses members (409 already_member), viewers, and every API token', async () => {
    const { org, admin } = await orgWithAdmins();
    const viewer = await member(t.database, t.config, org.id, 'viewer');
    assertProblem(await invite(admin.headers, viewer.email.toUpperCase()), 409, 'already_member');
    assertProblem(await invite(viewer.headers, `${unique('x')}@example.test`), 403, 'forbidden');
    const reader = await makeApiToken(t.database, org.id, ['templates:read']);
    assertProblem(await invite(reader.headers, `${unique('x')}@example.test`), 403, 'insufficient_scope');
    // Not even org:admin: a leaked token must not be able to bring in an admin of its choosing.
    const tokenAdmin = await makeApiToken(t.database, org.id, ['org:admin']);
    const { id } = json(await invite(admin.headers, `${unique('x')}@example.test`));
    assertProblem(
      await invite(tokenAdmin.headers, `${unique('x')}@example.test`, 'admin'),
      403,
      'insufficient_scope',
    );
    assertProblem(
      await call('GET', '/api/v1/org/invitations', tokenAdmin.headers),
      403,
      'insufficient_scope',
    );
    assertProblem(
      await call('DELETE', `/api/v1/org/invitations/${id}`, tokenAdmin.headers),
      403,
      'insufficient_scope',
    );
    assertProblem(await invite(admin.headers, 'not-an-email'), 400, 'validation_failed');
  });

  it('allows at most 200 pending invitations per organization (409 too_many_invitations)', async () => {
    const { org, admin } = await orgWithAdmins();
    const past = new Date(Date.now() - 1000);
    // Used, revoked and expired invitations do not count.
    await insertInvitations(org.id, 3, { acceptedAt: past });
    await insertInvitations(org.id, 3, { revokedAt: past });
    await insertInvitations(org.id, 3, { expiresAt: past });
    await insertInvitations(org.id, 198);
    const email = `${unique('last')}@example.test`;
    assert.equal((await invite(admin.headers, `${unique('199')}@example.test`)).statusCode, 201);
    const last = await invite(admin.headers, email);
    assert.equal(last.statusCode, 201, last.body);
    const refused = `${unique('over')}@example.test`;
    assertProblem(await invite(admin.headers, refused), 409, 'too_many_invitations');
    assert.ok(!t.mailSink.messages.some((m) => m.to === refused), 'no mail for a refused invitation');
    // Inviting a pending address again replaces its invitation, so it still works at the limit.
    assert.equal((await invite(admin.headers, email, 'viewer')).statusCode, 201);
    assert.equal(
      (await call('DELETE', `/api/v1/org/invitations/${json(last).id}`, admin.headers)).statusCode,
      404,
      'the replaced one is no longer pending',
    );
    const other = await orgWithAdmins();
    assert.equal((await invite(other.admin.headers, refused)).statusCode, 201, 'per organization');
  });

  it('replaces a pending invitation for the same address', async () => {
    const { admin } = await orgWithAdmins();
    const email = `${unique('again')}@example.test`;
    const first = json(await invite(admin.headers, email));
    const oldToken = t.mailSink.lastToken(ACCEPT_PATH, email);
    const second = json(await invite(admin.headers, email, 'viewer'));
    const list = json(await call('GET', '/api/v1/org/invitations', admin.headers));
    assert.deepEqual(
      list.data.map((i: { id: string }) => i.id),
      [second.id],
    );
    assert.notEqual(first.id, second.id);
    const user = await invitee(email);
    assertProblem(await accept(user.headers, oldToken), 400, 'invalid_token');
  });

  it('lists pending invitations newest first, in pages, for admins only', async () => {
    const { org, admin } = await orgWithAdmins();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(json(await invite(admin.headers, `${unique('p')}@example.test`)).id);
    const first = await call('GET', '/api/v1/org/invitations?limit=2', admin.headers);
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['cache-control'], 'private, no-store');
    assert.match(String(first.headers.link), /rel="next"/);
    const page = json(first);
    const next = json(
      await call('GET', `/api/v1/org/invitations?limit=2&cursor=${page.nextCursor}`, admin.headers),
    );
    assert.deepEqual(
      [...page.data, ...next.data].map((i: { id: string }) => i.id),
      ids.reverse(),
    );
    assert.equal(next.nextCursor, null);
    const recruiter = await member(t.database, t.config, org.id, 'recruiter');
    assertProblem(await call('GET', '/api/v1/org/invitations', recruiter.headers), 403, 'forbidden');
    for (const cursor of ['nonsense', forged({ i: 'x' }), forged({ i: 42 }), forged({ e: ids[0] })]) {
      assertProblem(
        await call('GET', `/api/v1/org/invitations?cursor=${cursor}`, admin.headers),
        400,
        'invalid_cursor',
      );
    }
  });

  it('revokes: 204, audited, the link stops working; other organizations’ ids answer 404', async () => {
    const { org, admin } = await orgWithAdmins();
    const email = `${unique('rev')}@example.test`;
    const { id } = json(await invite(admin.headers, email));
    const token = t.mailSink.lastToken(ACCEPT_PATH, email);
    const other = await orgWithAdmins();
    const foreign = await call('DELETE', `/api/v1/org/invitations/${id}`, other.admin.headers);
    const unknown = await call('DELETE', `/api/v1/org/invitations/${randomUUID()}`, other.admin.headers);
    assertProblem(foreign, 404, 'not_found');
    assert.deepEqual(comparable(foreign), comparable(unknown));

    assert.equal((await call('DELETE', `/api/v1/org/invitations/${id}`, admin.headers)).statusCode, 204);
    const events = await queryRows<{ target_id: string }>(
      t.database.db,
      sql`select target_id from audit_events where org_id = ${org.id} and action = 'invitation.revoked'`,
    );
    assert.deepEqual(
      events.map((e) => e.target_id),
      [id],
    );
    assertProblem(await call('DELETE', `/api/v1/org/invitations/${id}`, admin.headers), 404, 'not_found');
    assertProblem(await accept((await invitee(email)).headers, token), 400, 'invalid_token');
  });
});

describe('accepting', () => {
  it('joins the organization, makes it active, and works once', async () => {
    const { org, admin } = await orgWithAdmins();
    const email = `${unique('join')}@example.test`;
    await invite(admin.headers, email.replace('join', 'JOIN'), 'recruiter');
    const token = t.mailSink.lastToken(ACCEPT_PATH, email);
    const user = await invitee(email);
    const res = await accept(user.headers, token);
    assert.equal(res.statusCode, 200, res.body);
    const expected = { id: org.id, slug: org.slug, name: `Org ${org.slug}`, role: 'recruiter' };
    assert.deepEqual(json(res), { organization: expected });

    const me = json(await call('GET', '/api/v1/me', user.headers));
    assert.deepEqual(me.organizations, [expected]);
    assert.deepEqual(me.activeOrganization, expected);
    assert.equal((await call('GET', '/api/v1/org', user.headers)).statusCode, 200);
    const events = await queryRows<{ actor_id: string }>(
      t.database.db,
      sql`select actor_id from audit_events where org_id = ${org.id} and action = 'invitation.accepted'`,
    );
    assert.deepEqual(
      events.map((e) => e.actor_id),
      [user.id],
    );

    const again = assertProblem(await accept(user.headers, token), 400, 'invalid_token');
    const unknown = assertProblem(await accept(user.headers, 'x'.repeat(43)), 400, 'invalid_token');
    assert.equal(again.detail, unknown.detail);
  });

  it('refuses another address (403 invitation_email_mismatch), and an unverified one', async () => {
    const { admin } = await orgWithAdmins();
    const email = `${unique('right')}@example.test`;
    await invite(admin.headers, email);
    const token = t.mailSink.lastToken(ACCEPT_PATH, email);
    const stranger = await invitee(`${unique('wrong')}@example.test`);
    assertProblem(await accept(stranger.headers, token), 403, 'invitation_email_mismatch');

    const user = await invitee(email);
    await t.database.db.execute(sql`update users set email_verified_at = null where id = ${user.id}`);
    assertProblem(await accept(user.headers, token), 403, 'invitation_email_mismatch');
    await t.database.db.execute(sql`update users set email_verified_at = now() where id = ${user.id}`);
    assert.equal(
      (await accept(user.headers, token)).statusCode,
      200,
      'refusals do not use the invitation up',
    );
  });

  it('refuses an expired invitation with the same answer as an unknown one', async () => {
    const { admin } = await orgWithAdmins();
    const email = `${unique('late')}@example.test`;
    const { id } = json(await invite(admin.headers, email));
    const token = t.mailSink.lastToken(ACCEPT_PATH, email);
    await t.database.db.execute(
      sql`update invitations set expires_at = now() - interval '1 second' where id = ${id}`,
    );
    const user = await invitee(email);
    const expired = assertProblem(await accept(user.headers, token), 400, 'invalid_token');
    const unknown = assertProblem(await accept(user.headers, 'y'.repeat(43)), 400, 'invalid_token');
    assert.deepEqual(expired, unknown);
  });

  it('answers 409 already_member when the user joined some other way', async () => {
    const { org, admin } = await orgWithAdmins();
    const email = `${unique('dup')}@example.test`;
    await invite(admin.headers, email);
    const token = t.mailSink.lastToken(ACCEPT_PATH, email);
    const user = await invitee(email);
    await addMember(t.database, org.id, user.id, 'viewer');
    assertProblem(await accept(user.headers, token), 409, 'already_member');
  });

  it('is for signed-in people, with the CSRF token', async () => {
    const { org } = await orgWithAdmins();
    const token = await makeApiToken(t.database, org.id, ['org:admin']);
    assertProblem(await accept(token.headers, 'z'.repeat(43)), 403, 'session_required');
    assertProblem(await accept({}, 'z'.repeat(43)), 401, 'unauthenticated');
    const user = await invitee(`${unique('csrf')}@example.test`);
    assertProblem(await accept({ cookie: user.headers.cookie! }, 'z'.repeat(43)), 403, 'csrf_failed');
  });
});

describe('when the inviter loses power', () => {
  it('revokes an owner’s invitations when another owner removes them; accepting then fails', async () => {
    const { org, owner } = await orgWithAdmins();
    const x = await member(t.database, t.config, org.id, 'owner');
    const email = `${unique('heir')}@example.test`;
    const { id } = json(await invite(x.headers, email, 'owner'));
    const token = t.mailSink.lastToken(ACCEPT_PATH, email);
    const kept = `${unique('kept')}@example.test`;
    await invite(owner.headers, kept, 'viewer');

    const removed = await call('DELETE', `/api/v1/org/members/${x.id}`, owner.headers);
    assert.equal(removed.statusCode, 204, removed.body);
    const user = await invitee(email);
    const refused = assertProblem(await accept(user.headers, token), 400, 'invalid_token');
    const unknown = assertProblem(await accept(user.headers, 'q'.repeat(43)), 400, 'invalid_token');
    assert.equal(refused.detail, unknown.detail);
    assert.deepEqual(await revocations(org.id), [
      { target_id: id, data: { email, reason: 'creator_removed' } },
    ]);
    const pending = json(await call('GET', '/api/v1/org/invitations', owner.headers)).data;
    assert.deepEqual(
      pending.map((i: { email: string }) => i.email),
      [kept],
      'other people’s invitations stay',
    );
  });

  it('revokes an admin’s pending invitations when they are demoted to viewer', async () => {
    const { org, owner, admin } = await orgWithAdmins();
    const email = `${unique('demo')}@example.test`;
    const { id } = json(await invite(admin.headers, email, 'recruiter'));
    const token = t.mailSink.lastToken(ACCEPT_PATH, email);
    const res = await call('PATCH', `/api/v1/org/members/${admin.id}`, owner.headers, { role: 'viewer' });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(json(await call('GET', '/api/v1/org/invitations', owner.headers)).data, []);
    assertProblem(await accept((await invitee(email)).headers, token), 400, 'invalid_token');
    assert.deepEqual(await revocations(org.id), [
      { target_id: id, data: { email, reason: 'creator_demoted' } },
    ]);
  });

  it('revokes only the owner invitations of an owner who becomes an admin', async () => {
    const { org, owner } = await orgWithAdmins();
    const x = await member(t.database, t.config, org.id, 'owner');
    const [ownerEmail, adminEmail] = [`${unique('o')}@example.test`, `${unique('a')}@example.test`];
    const asOwner = json(await invite(x.headers, ownerEmail, 'owner'));
    await invite(x.headers, adminEmail, 'admin');
    const adminToken = t.mailSink.lastToken(ACCEPT_PATH, adminEmail);
    const res = await call('PATCH', `/api/v1/org/members/${x.id}`, owner.headers, { role: 'admin' });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(await revocations(org.id), [
      { target_id: asOwner.id, data: { email: ownerEmail, reason: 'creator_demoted' } },
    ]);
    assert.equal((await accept((await invitee(adminEmail)).headers, adminToken)).statusCode, 200);
  });

  it('checks the inviter again on acceptance: still a member who may grant the role', async () => {
    const { org } = await orgWithAdmins();
    const x = await member(t.database, t.config, org.id, 'owner');
    const email = `${unique('check')}@example.test`;
    await invite(x.headers, email, 'owner');
    const token = t.mailSink.lastToken(ACCEPT_PATH, email);
    const user = await invitee(email);
    // Changed behind the API's back (as by a change that raced the acceptance): no revocation ran.
    const setRole = (role: string) =>
      t.database.db.execute(
        sql`update memberships set role = ${role} where org_id = ${org.id} and user_id = ${x.id}`,
      );
    await setRole('admin');
    assertProblem(await accept(user.headers, token), 400, 'invalid_token');
    await setRole('recruiter');
    assertProblem(await accept(user.headers, token), 400, 'invalid_token');
    await t.database.db.execute(sql`delete from memberships where org_id = ${org.id} and user_id = ${x.id}`);
    assertProblem(await accept(user.headers, token), 400, 'invalid_token');
    await t.database.db.execute(
      sql`insert into memberships (org_id, user_id, role) values (${org.id}, ${x.id}, 'owner')`,
    );
    const res = await accept(user.headers, token);
    assert.equal(res.statusCode, 200, 'refusals do not use the invitation up');
    assert.equal(json(res).organization.role, 'owner');
  });

  it('refuses invitations that no person sent (made by API tokens before they lost the right)', async () => {
    const { org } = await orgWithAdmins();
    const [token] = await insertInvitations(org.id, 1, { role: 'admin' });
    const email = (
      await queryRows<{ email: string }>(
        t.database.db,
        sql`select email from invitations where token_hash = ${hashToken(token!)}`,
      )
    )[0]!.email;
    assertProblem(await accept((await invitee(email)).headers, token!), 400, 'invalid_token');
  });
});
