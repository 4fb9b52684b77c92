// With ROLECRAFT_SECRET_KEY set, TOTP secrets are sealed in the database and 2FA still works.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { queryRows } from '../../src/db/client.ts';
import { buildTestApp, type TestApp } from '../helpers.ts';
import { makeUser, signIn } from '../identity.ts';
import { assertProblem } from '../problems.ts';

describe('sealed two-factor secrets', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ seed: false, env: { ROLECRAFT_SECRET_KEY: randomBytes(32).toString('hex') } });
  });
  after(() => t.close());

  it('stores the secret sealed, and enrolment and log-in with codes work', async () => {
    const user = await makeUser(t.database);
    const { headers } = await signIn(t.database, t.config, user.id, null);
    const post = (url: string, payload: object, extra: Record<string, string> = headers) =>
      t.app.inject({ method: 'POST', url, headers: extra, payload });

    const setup = await post('/api/v1/me/mfa/totp/setup', { password: user.password });
    assert.equal(setup.statusCode, 200);
    const secret = setup.json().secret as string;
    const [row] = await queryRows<{ totp_secret: string }>(
      t.database.db,
      sql`select totp_secret from users where id = ${user.id}`,
    );
    assert.match(row!.totp_secret, /^v1:/);
    assert.ok(!row!.totp_secret.includes(secret), 'the database does not hold the secret in clear');

    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
    const step = Math.floor(Date.now() / 30_000);
    assert.equal((await post('/api/v1/me/mfa/totp/enable', { code: totp.generate() })).statusCode, 200);
    // Log in with the code of the next time step (the current one was spent enabling).
    const next = totp.generate({ timestamp: (step + 1) * 30_000 });
    const login = await post(
      '/api/v1/auth/login',
      { email: user.email, password: user.password, code: next },
      {},
    );
    assert.equal(login.statusCode, 200, login.body);
    assertProblem(
      await post('/api/v1/auth/login', { email: user.email, password: user.password, code: next }, {}),
      401,
      'invalid_mfa_code',
    );
  });
});
