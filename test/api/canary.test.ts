// No password, token or session id may ever reach a log line or the audit log. This test drives
// every flow that handles one with recognisable canary values, logging at debug level, then
// searches the captured log and the whole audit table for them.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { queryRows } from '../../src/db/client.ts';
import { SESSION_COOKIE } from '../../src/modules/identity/sessions.ts';
import { buildTestApp, type TestApp } from '../helpers.ts';
import { makeOrg } from '../identity.ts';

const canary = (label: string) => `Canary${label}${randomBytes(6).toString('hex')}`;

describe('secrets never reach the logs or the audit log', () => {
  let t: TestApp;
  const log: string[] = [];
  const secrets: string[] = [];
  const remember = <T extends string>(value: T): T => {
    secrets.push(value);
    return value;
  };

  before(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => log.push(chunk.toString('utf8')));
    t = await buildTestApp({ seed: false, logStream: stream, env: { RATE_LIMIT_API_PER_MINUTE: '0' } });
  });
  after(() => t.close());

  it('drives sign-up, log-in, 2FA, tokens, resets and invitations with canary secrets', async () => {
    const { app, mailSink } = t;
    const email = `${canary('mail').toLowerCase()}@example.test`;
    const password = remember(canary('Password'));
    const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url, payload, headers });

    assert.equal((await post('/api/v1/auth/signup', { email, password, name: 'Canary' })).statusCode, 202);
    const verifyToken = remember(mailSink.lastToken('/verify-email', email));
    // A wrong password on the link is refused and audited, and not recorded either.
    const wrongVerify = remember(canary('WrongVerify'));
    assert.equal(
      (await post('/api/v1/auth/verify-email', { token: verifyToken, password: wrongVerify })).statusCode,
      403,
    );
    assert.equal((await post('/api/v1/auth/verify-email', { token: verifyToken, password })).statusCode, 204);
    // A failed log-in with a wrong (canary) password is logged and audited, the password is not.
    const wrong = remember(canary('WrongPassword'));
    assert.equal((await post('/api/v1/auth/login', { email, password: wrong })).statusCode, 401);

    const login = await post('/api/v1/auth/login', { email, password });
    assert.equal(login.statusCode, 200);
    const session = remember(login.cookies.find((c) => c.name === SESSION_COOKIE)!.value);
    const csrf = remember(login.json().csrfToken as string);
    const headers = { cookie: `${SESSION_COOKIE}=${session}`, 'x-csrf-token': csrf };

    const org = await makeOrg(t.database, login.json().id);
    assert.equal(
      (
        await app.inject({
          method: 'PUT',
          url: '/api/v1/me/organization',
          headers,
          payload: { organization: org.slug },
        })
      ).statusCode,
      200,
    );

    const setup = await post('/api/v1/me/mfa/totp/setup', { password }, headers);
    assert.equal(setup.statusCode, 200);
    const secret = remember(setup.json().secret as string);
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate();
    const enabled = await post('/api/v1/me/mfa/totp/enable', { code }, headers);
    assert.equal(enabled.statusCode, 200);
    for (const c of enabled.json().recoveryCodes as string[]) remember(c);

    const wrongCurrent = remember(canary('WrongCurrent'));
    const refused = await post(
      '/api/v1/me/password',
      { currentPassword: wrongCurrent, newPassword: wrongCurrent },
      headers,
    );
    assert.equal(refused.statusCode, 403);
    const created = await post(
      '/api/v1/org/api-tokens',
      { name: 'canary', scopes: ['templates:read'] },
      headers,
    );
    assert.equal(created.statusCode, 201);
    const token = remember(created.json().token as string);
    const used = await app.inject({
      method: 'GET',
      url: '/api/v1/org/templates',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(used.statusCode, 200);
    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/v1/org/api-tokens/${created.json().id}`,
      headers,
    });
    assert.equal(revoked.statusCode, 204);
    // A request with a revoked token fails, and its token is not logged either.
    assert.equal(
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/org/templates',
          headers: { authorization: `Bearer ${token}` },
        })
      ).statusCode,
      401,
    );

    const invite = await post(
      '/api/v1/org/invitations',
      { email: 'someone@example.test', role: 'viewer' },
      headers,
    );
    assert.equal(invite.statusCode, 201);
    remember(mailSink.lastToken('/invitations/accept', 'someone@example.test'));

    assert.equal((await post('/api/v1/auth/password-reset', { email })).statusCode, 202);
    const resetToken = remember(mailSink.lastToken('/reset-password', email));
    const newPassword = remember(canary('NewPassword'));
    assert.equal(
      (await post('/api/v1/auth/password-reset/confirm', { token: resetToken, password: newPassword }))
        .statusCode,
      204,
    );

    // A body that fails validation still must not echo the password into the log.
    const bad = await post('/api/v1/auth/login', { email, password: remember(canary('Invalid')), extra: 1 });
    assert.equal(bad.statusCode, 400);

    assert.ok(log.length > 10, 'the app logged the requests');
    const audit = await queryRows<{ row: string }>(
      t.database.db,
      sql`select row_to_json(a)::text as row from audit_events a`,
    );
    assert.ok(audit.length >= 8, `audit events were recorded (${audit.length})`);
    const auditText = audit.map((r) => r.row).join('\n');
    const logText = log.join('');
    for (const value of secrets) {
      assert.ok(!logText.includes(value), `a secret (${value.slice(0, 14)}…) appears in the log`);
      assert.ok(!auditText.includes(value), `a secret (${value.slice(0, 14)}…) appears in the audit log`);
    }
    // Session ids (the rows' keys) are fine to log; session tokens are not. Make sure tokens were checked.
    assert.ok(secrets.length >= 15);
  });
});
