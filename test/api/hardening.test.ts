// Edge cases found in security review: values the database cannot take, encoded paths around the
// rate limit, invitation mail limits, links that must not survive an email change, and the
// organization cap on accepting invitations.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { invitations, memberships, organizations } from '../../src/db/schema.ts';
import { newId } from '../../src/shared/ids.ts';
import { hashToken } from '../../src/shared/secrets.ts';
import { buildTestApp, type TestApp, templateBody } from '../helpers.ts';
import { makeOrg, makeUser, signIn, unique } from '../identity.ts';
import { assertProblem } from '../problems.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ env: { RATE_LIMIT_API_PER_MINUTE: '5' } });
});
after(() => t.close());

let ip = 0;
const from = () => `10.9.${(++ip >> 8) & 255}.${ip & 255}`;
const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers, remoteAddress: from() });
const cursor = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('values the database cannot take', () => {
  it('answers 4xx, not 500, for NUL characters and out-of-range numbers', async () => {
    assertProblem(await get('/api/v1/templates?q=a%00b'), 422, 'unprocessable_value');
    assertProblem(await get('/api/v1/templates?skill=a%00b'), 422, 'unprocessable_value');
    assertProblem(await get('/api/v1/skills?q=a%00b'), 422, 'unprocessable_value');
    assertProblem(
      await get(`/api/v1/templates?q=x&cursor=${cursor({ o: 20, c: 'a\u0000' })}`),
      400,
      'invalid_cursor',
    );
    assertProblem(
      await get(`/api/v1/templates?cursor=${cursor({ s: 'a', i: '-'.repeat(36) })}`),
      400,
      'invalid_cursor',
    );
    const versions = '/api/v1/templates/jr-backend-developer/versions';
    assertProblem(await get(`${versions}?cursor=${cursor({ v: 1e300 })}`), 400, 'invalid_cursor');
    assertProblem(await get(`${versions}/2147483648`), 400, 'validation_failed');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: { authorization: `Bearer ${t.config.adminToken}` },
      payload: templateBody({ role: 'Nul\u0000Role' }),
      remoteAddress: from(),
    });
    assertProblem(created, 422, 'unprocessable_value');
  });
});

describe('the /api rate limit', () => {
  it('counts a percent-encoded path like the path it decodes to', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await t.app.inject({ method: 'GET', url: '/%61pi/v1/skills', remoteAddress: '10.8.0.1' }))
          .statusCode,
      );
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
  });
});

describe('invitation mail', () => {
  it('reaches one address at most three times an hour, however often it is re-sent', async () => {
    const owner = await makeUser(t.database);
    const org = await makeOrg(t.database, owner.id);
    const signed = await signIn(t.database, t.config, owner.id, org.id);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/org/invitations',
        headers: signed.headers,
        payload: { email: 'target@example.test', role: 'viewer' },
        remoteAddress: from(),
      });
      statuses.push(res.statusCode);
    }
    assert.deepEqual(statuses, [201, 201, 201, 429]);
  });
});

describe('links after an email change', () => {
  it('a reset link sent to the old address stops working once the change is confirmed', async () => {
    const user = await makeUser(t.database);
    const signed = await signIn(t.database, t.config, user.id, null);
    const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url, payload, headers, remoteAddress: from() });
    assert.equal((await post('/api/v1/auth/password-reset', { email: user.email })).statusCode, 202);
    const reset = t.mailSink.lastToken('/reset-password', user.email);
    const moved = `${unique('moved')}@example.test`;
    const asked = await post(
      '/api/v1/me/email',
      { currentPassword: user.password, newEmail: moved },
      signed.headers,
    );
    assert.equal(asked.statusCode, 202);
    const change = t.mailSink.lastToken('/verify-email', moved);
    assert.equal((await post('/api/v1/auth/verify-email', { token: change })).statusCode, 204);
    assertProblem(
      await post('/api/v1/auth/password-reset/confirm', { token: reset, password: 'taken over now 1' }),
      400,
      'invalid_token',
    );
  });

  it('a second change request ends the first, whether or not its address is taken', async () => {
    const taken = await makeUser(t.database);
    for (const second of [taken.email, `${unique('free')}@example.test`]) {
      const user = await makeUser(t.database);
      const signed = await signIn(t.database, t.config, user.id, null);
      const ask = (newEmail: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/me/email',
          headers: signed.headers,
          payload: { currentPassword: user.password, newEmail },
          remoteAddress: from(),
        });
      const first = `${unique('first')}@example.test`;
      assert.equal((await ask(first)).statusCode, 202);
      const firstLink = t.mailSink.lastToken('/verify-email', first);
      assert.equal((await ask(second)).statusCode, 202);
      const verify = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/verify-email',
        payload: { token: firstLink },
        remoteAddress: from(),
      });
      assertProblem(verify, 400, 'invalid_token');
    }
  });
});

describe('the organization cap', () => {
  it('holds when accepting an invitation, too', async () => {
    const user = await makeUser(t.database);
    // Fifty memberships, made directly.
    for (let i = 0; i < 50; i++) {
      const id = newId();
      await t.database.db
        .insert(organizations)
        .values({ id, slug: unique('cap'), name: 'Cap', requireMfa: false });
      await t.database.db.insert(memberships).values({ orgId: id, userId: user.id, role: 'viewer' });
    }
    const owner = await makeUser(t.database);
    const org = await makeOrg(t.database, owner.id);
    const token = 'invitation-token-for-the-cap-test-0123456789';
    await t.database.db.insert(invitations).values({
      id: newId(),
      orgId: org.id,
      email: user.email,
      role: 'viewer',
      tokenHash: hashToken(token),
      invitedBy: owner.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const signed = await signIn(t.database, t.config, user.id, null);
    const accept = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      headers: signed.headers,
      payload: { token },
      remoteAddress: from(),
    });
    assertProblem(accept, 409, 'too_many_organizations');
    const [row] = (
      (await t.database.db.execute(
        sql`select count(*)::int as n from memberships where user_id = ${user.id}`,
      )) as unknown as {
        rows: { n: number }[];
      }
    ).rows;
    assert.equal(row?.n, 50);
  });
});

describe('a malformed URL', () => {
  it('gets problem+json with the security headers, without echoing the path', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/%E0%A4%A', remoteAddress: from() });
    const problem = assertProblem(res, 400, 'bad_url');
    assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.ok(!String(problem.detail).includes('%E0'));
  });
});
