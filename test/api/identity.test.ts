// Authentication and one's own account through the HTTP API: sign-up, verification, log-in and
// sessions, CSRF, password reset and change, email change, TOTP, timeouts, disabled accounts,
// switching organization and the audit trail of log-ins. Mail goes to the in-memory MailSink.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { queryRows } from '../../src/db/client.ts';
import { buildTestApp, type TestApp } from '../helpers.ts';
import { assertProblem } from '../problems.ts';
import { addMember, makeOrg, makeUser, signIn, unique } from '../identity.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ seed: false });
});
after(() => t.close());

const COOKIE = '__Host-rolecraft_session';

// Every request comes from its own address, so the per-IP auth limits never get in the way; the
// per-account log-in limit (10 per 15 minutes) is respected by giving each test its own accounts.
let ipCounter = 0;
const nextIp = () => {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
};

interface Res {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

async function call(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  options: { payload?: unknown; headers?: Record<string, string>; ip?: string } = {},
): Promise<Res> {
  return t.app.inject({
    method,
    url,
    headers: options.headers ?? {},
    remoteAddress: options.ip ?? nextIp(),
    ...(options.payload === undefined ? {} : { payload: options.payload as object }),
  }) as Promise<Res>;
}

const json = (res: Res) => JSON.parse(res.body);

const setCookies = (res: Res): string[] => {
  const header = res.headers['set-cookie'];
  return header === undefined ? [] : Array.isArray(header) ? header : [String(header)];
};
const sessionCookieOf = (res: Res) => setCookies(res).find((c) => c.startsWith(`${COOKIE}=`));

interface Session {
  token: string;
  csrf: string;
  ip: string;
  me: {
    id: string;
    email: string;
    emailVerified: boolean;
    mfaEnabled: boolean;
    csrfToken: string;
    organizations: { id: string; slug: string; role: string }[];
    activeOrganization: { id: string; slug: string; role: string } | null;
  };
  /** Cookie and CSRF header: enough for any request. */
  headers: Record<string, string>;
}

const loginRequest = (email: string, password: string, code?: string, ip = nextIp()) =>
  call('POST', '/api/v1/auth/login', {
    payload: { email, password, ...(code === undefined ? {} : { code }) },
    ip,
  });

async function login(email: string, password: string, code?: string): Promise<Session> {
  const ip = nextIp();
  const res = await loginRequest(email, password, code, ip);
  assert.equal(res.statusCode, 200, res.body);
  const cookie = sessionCookieOf(res);
  assert.ok(cookie, 'log-in sets the session cookie');
  const token = /^[^=]+=([^;]*)/.exec(cookie)![1]!;
  const me = json(res) as Session['me'];
  return {
    token,
    csrf: me.csrfToken,
    ip,
    me,
    headers: { cookie: `${COOKIE}=${token}`, 'x-csrf-token': me.csrfToken },
  };
}

const cookieOnly = (s: { token: string }) => ({ cookie: `${COOKIE}=${s.token}` });
const me = (s: { token: string }) => call('GET', '/api/v1/me', { headers: cookieOnly(s) });

async function assertSignedOut(s: { token: string }, message?: string) {
  const res = await me(s);
  assert.equal(res.statusCode, 401, message ?? res.body);
  assert.equal(json(res).code, 'unauthenticated');
}
async function assertSignedIn(s: { token: string }, message?: string) {
  const res = await me(s);
  assert.equal(res.statusCode, 200, message ?? res.body);
  return json(res) as Session['me'];
}

const signup = (email: string, password: string, name?: string) =>
  call('POST', '/api/v1/auth/signup', { payload: { email, password, ...(name ? { name } : {}) } });

const newEmail = (prefix = 'new') => `${unique(prefix)}@example.test`;
const verify = (token: string, password?: string) =>
  call('POST', '/api/v1/auth/verify-email', {
    payload: password === undefined ? { token } : { token, password },
  });
const mailsSince = (count: number) => t.mailSink.messages.slice(count);

async function run(query: ReturnType<typeof sql>) {
  await t.database.db.execute(query);
}

describe('sign-up and email verification', () => {
  it('answers 202 with the same body for a new and an existing address; the existing one gets a notice', async () => {
    const existing = await makeUser(t.database);
    const fresh = newEmail();
    const before = t.mailSink.messages.length;

    const forNew = await signup(fresh, 'correct horse battery staple 1');
    const forExisting = await signup(existing.email, 'another long passphrase 2');
    assert.equal(forNew.statusCode, 202, forNew.body);
    assert.equal(forExisting.statusCode, 202, forExisting.body);
    assert.equal(forNew.body, forExisting.body);
    assert.equal(json(forNew).status, 'accepted');

    const sent = mailsSince(before);
    const toNew = sent.filter((m) => m.to === fresh);
    const toExisting = sent.filter((m) => m.to === existing.email);
    assert.equal(toNew.length, 1);
    assert.equal(toNew[0]!.kind, 'verify-email');
    assert.match(toNew[0]!.text, /\/verify-email#token=[\w-]+/);
    assert.equal(toExisting.length, 1);
    assert.equal(toExisting[0]!.kind, 'signup-existing');
    assert.doesNotMatch(toExisting[0]!.text, /#token=/, 'no verification link for an existing account');

    // The attempt changed nothing about the existing account.
    assertProblem(
      await loginRequest(existing.email, 'another long passphrase 2'),
      401,
      'invalid_credentials',
    );
    await login(existing.email, existing.password);
  });

  it('sends a new link, bound to its own password, when an unconfirmed address signs up again', async () => {
    const email = newEmail();
    assert.equal((await signup(email, 'correct horse battery staple 3')).statusCode, 202);
    const first = t.mailSink.lastToken('/verify-email', email);
    assert.equal((await signup(email, 'correct horse battery staple 4')).statusCode, 202);
    const second = t.mailSink.lastToken('/verify-email', email);
    assert.notEqual(first, second);
    // Each link confirms only with the password of the sign-up that sent it.
    assertProblem(await verify(second, 'correct horse battery staple 3'), 403, 'wrong_password');
    assert.equal((await verify(second, 'correct horse battery staple 4')).statusCode, 204);
    assertProblem(await verify(first, 'correct horse battery staple 3'), 400, 'invalid_token'); // spent: confirmed
    await login(email, 'correct horse battery staple 4');
  });

  it('does not let whoever signed up first with someone else’s address keep the account', async () => {
    const victim = newEmail('victim');
    // The attacker signs up with the victim's address; the link goes to the victim's inbox.
    assert.equal((await signup(victim, 'attacker chosen passphrase')).statusCode, 202);
    const attackersLink = t.mailSink.lastToken('/verify-email', victim);
    // Later the victim signs up too, and confirms with their own link and password.
    assert.equal((await signup(victim, 'victims own passphrase 9')).statusCode, 202);
    const victimsLink = t.mailSink.lastToken('/verify-email', victim);
    // The attacker's link (in the victim's inbox) cannot confirm with the victim's password…
    assertProblem(await verify(attackersLink, 'victims own passphrase 9'), 403, 'wrong_password');
    assert.equal((await verify(victimsLink, 'victims own passphrase 9')).statusCode, 204);
    // …and the account ends up with the victim's password only.
    assertProblem(await loginRequest(victim, 'attacker chosen passphrase'), 401, 'invalid_credentials');
    await login(victim, 'victims own passphrase 9');
    assertProblem(await verify(attackersLink, 'attacker chosen passphrase'), 400, 'invalid_token');
  });

  it('needs the password to confirm a sign-up link, and keeps the link after a wrong one', async () => {
    const email = newEmail('needpw');
    assert.equal((await signup(email, 'a fine long passphrase')).statusCode, 202);
    const token = t.mailSink.lastToken('/verify-email', email);
    assertProblem(await verify(token), 422, 'password_required');
    assertProblem(await verify(token, 'not the passphrase'), 403, 'wrong_password');
    assert.equal((await verify(token, 'a fine long passphrase')).statusCode, 204);
  });

  it('refuses weak passwords with 422 weak_password and creates no account', async () => {
    const email = newEmail('weak');
    for (const password of ['seven77', 'password123', 'PASSWORD123', email]) {
      const res = await signup(email, password);
      assertProblem(res, 422, 'weak_password');
    }
    const rows = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from users where email = ${email}`,
    );
    assert.equal(rows[0]!.n, 0);
  });

  it('counts code points: 128 emoji are accepted (and log in), 129 are refused', async () => {
    const email = newEmail('emoji');
    assertProblem(await signup(email, '😀'.repeat(129)), 422, 'weak_password');
    const ok = await signup(email, '😀'.repeat(128));
    assert.equal(ok.statusCode, 202, ok.body);
    const token = t.mailSink.lastToken('/verify-email', email);
    assert.equal((await verify(token, '😀'.repeat(128))).statusCode, 204);
    const session = await login(email, '😀'.repeat(128));
    assert.equal(session.me.email, email);
    assertProblem(await loginRequest(email, '😀'.repeat(127)), 401, 'invalid_credentials');
  });

  it('refuses log-in before verification; the emailed token verifies once', async () => {
    const email = newEmail('verify');
    const password = 'a perfectly fine passphrase';
    assert.equal((await signup(email, password, 'Ada')).statusCode, 202);

    const early = await loginRequest(email, password);
    assertProblem(early, 403, 'email_not_verified');
    assert.equal(sessionCookieOf(early), undefined, 'no session before verification');

    const token = t.mailSink.lastToken('/verify-email', email);
    const verified = await verify(token, password);
    assert.equal(verified.statusCode, 204, verified.body);
    assertProblem(await verify(token, password), 400, 'invalid_token');

    const session = await login(email, password);
    assert.equal(session.me.email, email);
    assert.equal(session.me.emailVerified, true);
  });
});

describe('log-in, sessions and CSRF', () => {
  it('sets __Host-rolecraft_session as Secure, HttpOnly, SameSite=Lax, Path=/ without Domain', async () => {
    const user = await makeUser(t.database);
    const res = await loginRequest(user.email, user.password);
    assert.equal(res.statusCode, 200, res.body);
    const cookie = sessionCookieOf(res);
    assert.ok(cookie, `Set-Cookie: ${setCookies(res).join(' | ')}`);
    const attributes = cookie.split(';').map((a) => a.trim().toLowerCase());
    assert.match(cookie, /^__Host-rolecraft_session=[\w-]{40,};/);
    for (const wanted of ['secure', 'httponly', 'samesite=lax', 'path=/']) {
      assert.ok(attributes.includes(wanted), `${wanted} in ${cookie}`);
    }
    assert.ok(!attributes.some((a) => a.startsWith('domain=')), `no Domain in ${cookie}`);
    assert.equal(res.headers['cache-control'], 'no-store');
    const body = json(res);
    assert.equal(body.id, user.id);
    assert.equal(typeof body.csrfToken, 'string');
  });

  it('gives every log-in a new session token', async () => {
    const user = await makeUser(t.database);
    const first = await login(user.email, user.password);
    const second = await login(user.email, user.password);
    assert.notEqual(first.token, second.token);
    assert.notEqual(first.csrf, second.csrf);
    await assertSignedIn(first);
    await assertSignedIn(second);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const user = await makeUser(t.database);
    const wrong = await loginRequest(user.email, `${user.password}x`);
    const unknown = await loginRequest(newEmail('nobody'), user.password);
    assertProblem(wrong, 401, 'invalid_credentials');
    assertProblem(unknown, 401, 'invalid_credentials');
    assert.deepEqual(json(wrong), json(unknown));
    assert.equal(sessionCookieOf(wrong), undefined);
    assert.equal(sessionCookieOf(unknown), undefined);
  });

  it('GET /api/v1/me answers the signed-in account with its csrfToken', async () => {
    const user = await makeUser(t.database);
    const session = await login(user.email, user.password);
    const account = await assertSignedIn(session);
    assert.equal(account.id, user.id);
    assert.equal(account.email, user.email);
    assert.equal(account.csrfToken, session.csrf);
    assertProblem(await call('GET', '/api/v1/me'), 401, 'unauthenticated');
    assertProblem(
      await call('GET', '/api/v1/me', { headers: { cookie: `${COOKIE}=not-a-session-token` } }),
      401,
      'unauthenticated',
    );
  });

  it('PATCH /api/v1/me changes the name (trimmed), lists no permissions without an organization, and refuses a blank one', async () => {
    const user = await makeUser(t.database);
    const session = await login(user.email, user.password);
    const renamed = await call('PATCH', '/api/v1/me', {
      headers: session.headers,
      payload: { name: '  Ada King ' },
    });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(json(renamed).name, 'Ada King');
    assert.deepEqual(json(renamed).permissions, []);
    assert.equal(json(await me(session)).name, 'Ada King');
    for (const name of ['', '   ']) {
      const refused = await call('PATCH', '/api/v1/me', { headers: session.headers, payload: { name } });
      assertProblem(refused, 400, 'validation_failed');
    }
    assertProblem(await call('PATCH', '/api/v1/me', { payload: { name: 'Anon' } }), 401, 'unauthenticated');
  });

  it('refuses a cookie-authenticated POST without or with a wrong X-CSRF-Token', async () => {
    const user = await makeUser(t.database);
    const session = await login(user.email, user.password);
    const other = await login(user.email, user.password);
    for (const headers of [
      cookieOnly(session),
      { ...cookieOnly(session), 'x-csrf-token': 'wrong' },
      { ...cookieOnly(session), 'x-csrf-token': '' },
      { ...cookieOnly(session), 'x-csrf-token': other.csrf },
    ]) {
      assertProblem(await call('POST', '/api/v1/auth/logout', { headers }), 403, 'csrf_failed');
    }
    assertProblem(
      await call('PUT', '/api/v1/me/organization', {
        headers: cookieOnly(session),
        payload: { organization: 'whatever' },
      }),
      403,
      'csrf_failed',
    );
    await assertSignedIn(session, 'the refused log-out did not happen');
  });

  it('log-out answers 204, clears the cookie and ends the session', async () => {
    const user = await makeUser(t.database);
    const session = await login(user.email, user.password);
    const res = await call('POST', '/api/v1/auth/logout', { headers: session.headers });
    assert.equal(res.statusCode, 204, res.body);
    const cleared = sessionCookieOf(res);
    assert.ok(cleared, 'log-out clears the cookie');
    assert.match(cleared, /^__Host-rolecraft_session=;/);
    assert.match(cleared, /Expires=Thu, 01 Jan 1970|Max-Age=0/i);
    await assertSignedOut(session);
  });

  it('lists sessions marking the current one; ending another ends its cookie; another user’s is 404', async () => {
    const user = await makeUser(t.database);
    const a = await login(user.email, user.password);
    const b = await login(user.email, user.password);

    const listed = await call('GET', '/api/v1/me/sessions', { headers: cookieOnly(a) });
    assert.equal(listed.statusCode, 200, listed.body);
    const data = json(listed).data as { id: string; current: boolean; ip: string | null }[];
    assert.equal(data.length, 2);
    const current = data.filter((s) => s.current);
    assert.equal(current.length, 1);
    assert.equal(current[0]!.ip, a.ip);
    const otherSession = data.find((s) => !s.current)!;
    assert.equal(otherSession.ip, b.ip);

    // b sees the same two sessions with the other one marked current.
    const fromB = json(await call('GET', '/api/v1/me/sessions', { headers: cookieOnly(b) })).data as {
      id: string;
      current: boolean;
    }[];
    assert.equal(fromB.find((s) => s.current)?.id, otherSession.id);

    const ended = await call('DELETE', `/api/v1/me/sessions/${otherSession.id}`, { headers: a.headers });
    assert.equal(ended.statusCode, 204, ended.body);
    await assertSignedOut(b);
    await assertSignedIn(a);
    assert.equal(json(await call('GET', '/api/v1/me/sessions', { headers: cookieOnly(a) })).data.length, 1);

    const stranger = await makeUser(t.database);
    const strangerSession = await signIn(t.database, t.config, stranger.id, null);
    assertProblem(
      await call('DELETE', `/api/v1/me/sessions/${strangerSession.sessionId}`, { headers: a.headers }),
      404,
      'not_found',
    );
    await assertSignedIn(strangerSession, 'another user’s session survives');
  });
});

describe('password reset', () => {
  const requestReset = (email: string) => call('POST', '/api/v1/auth/password-reset', { payload: { email } });
  const confirm = (token: string, password: string) =>
    call('POST', '/api/v1/auth/password-reset/confirm', { payload: { token, password } });

  it('answers the same for an unknown address, and mails only the existing one', async () => {
    const user = await makeUser(t.database);
    const unknownEmail = newEmail('ghost');
    const before = t.mailSink.messages.length;
    const known = await requestReset(user.email);
    const unknown = await requestReset(unknownEmail);
    assert.equal(known.statusCode, 202, known.body);
    assert.equal(unknown.statusCode, 202, unknown.body);
    assert.equal(known.body, unknown.body);
    const sent = mailsSince(before);
    assert.deepEqual(
      sent.map((m) => [m.to, m.kind]),
      [[user.email, 'password-reset']],
    );
    assert.match(sent[0]!.text, /\/reset-password#token=[\w-]+/);
  });

  it('works once, refuses an expired link, ends every session and switches the password', async () => {
    const user = await makeUser(t.database);
    const s1 = await login(user.email, user.password);
    const s2 = await login(user.email, user.password);

    // An expired link is refused.
    assert.equal((await requestReset(user.email)).statusCode, 202);
    const expiring = t.mailSink.lastToken('/reset-password', user.email);
    await run(sql`update email_tokens set expires_at = now() - interval '1 minute'
                  where user_id = ${user.id} and purpose = 'reset_password' and used_at is null`);
    assertProblem(await confirm(expiring, 'a brand new passphrase'), 400, 'invalid_token');
    await assertSignedIn(s1, 'a refused reset ends no session');
    await login(user.email, user.password);

    // A fresh link works once.
    assert.equal((await requestReset(user.email)).statusCode, 202);
    const token = t.mailSink.lastToken('/reset-password', user.email);
    assert.notEqual(token, expiring);
    const newPassword = 'a brand new passphrase';
    const done = await confirm(token, newPassword);
    assert.equal(done.statusCode, 204, done.body);
    assertProblem(await confirm(token, 'yet another passphrase'), 400, 'invalid_token');

    await assertSignedOut(s1);
    await assertSignedOut(s2);
    assertProblem(await loginRequest(user.email, user.password), 401, 'invalid_credentials');
    await login(user.email, newPassword);
  });

  it('a new link replaces the previous one', async () => {
    const user = await makeUser(t.database);
    await requestReset(user.email);
    const first = t.mailSink.lastToken('/reset-password', user.email);
    await requestReset(user.email);
    const second = t.mailSink.lastToken('/reset-password', user.email);
    assertProblem(await confirm(first, 'first new passphrase'), 400, 'invalid_token');
    assert.equal((await confirm(second, 'second new passphrase')).statusCode, 204);
  });

  it('a weak new password is refused without spending the link', {}, async () => {
    const user = await makeUser(t.database);
    await requestReset(user.email);
    const token = t.mailSink.lastToken('/reset-password', user.email);
    assertProblem(await confirm(token, 'password123'), 422, 'weak_password');
    const retry = await confirm(token, 'a strong enough passphrase');
    assert.equal(retry.statusCode, 204, retry.body);
  });
});

describe('changing the password', () => {
  it('needs the current password, ends other sessions and keeps the current one', async () => {
    const user = await makeUser(t.database);
    const current = await login(user.email, user.password);
    const other = await login(user.email, user.password);
    const change = (currentPassword: string, newPassword: string) =>
      call('POST', '/api/v1/me/password', {
        headers: current.headers,
        payload: { currentPassword, newPassword },
      });

    assertProblem(await change(`${user.password}x`, 'a fresh passphrase 1'), 403, 'reauthentication_failed');
    await assertSignedIn(other, 'a refused change ends no session');
    assertProblem(await change(user.password, 'password123'), 422, 'weak_password');

    const before = t.mailSink.messages.length;
    const res = await change(user.password, 'a fresh passphrase 1');
    assert.equal(res.statusCode, 204, res.body);
    await assertSignedIn(current);
    await assertSignedOut(other);
    assert.ok(
      mailsSince(before).some((m) => m.to === user.email && m.kind === 'security-notice'),
      'a security notice is mailed',
    );
    assertProblem(await loginRequest(user.email, user.password), 401, 'invalid_credentials');
    await login(user.email, 'a fresh passphrase 1');
  });
});

describe('changing the email address', () => {
  it('needs the password, mails the new address, and changes only once the link is opened', async () => {
    const user = await makeUser(t.database);
    const session = await login(user.email, user.password);
    const target = newEmail('moved');
    const change = (currentPassword: string, address: string) =>
      call('POST', '/api/v1/me/email', {
        headers: session.headers,
        payload: { currentPassword, newEmail: address },
      });

    const before = t.mailSink.messages.length;
    assertProblem(await change('not the password', target), 403, 'reauthentication_failed');
    assert.equal(mailsSince(before).length, 0);

    const accepted = await change(user.password, target);
    assert.equal(accepted.statusCode, 202, accepted.body);
    const sent = mailsSince(before);
    const toNew = sent.filter((m) => m.to === target);
    assert.equal(toNew.length, 1);
    assert.equal(toNew[0]!.kind, 'change-email');
    assert.ok(
      !sent.some((m) => m.to === user.email && /#token=/.test(m.text)),
      'no link goes to the old address',
    );
    const token = t.mailSink.lastToken('/verify-email', target);

    // Nothing changed yet.
    assert.equal((await assertSignedIn(session)).email, user.email);
    assertProblem(await loginRequest(target, user.password), 401, 'invalid_credentials');
    await login(user.email, user.password);

    const verified = await call('POST', '/api/v1/auth/verify-email', { payload: { token } });
    assert.equal(verified.statusCode, 204, verified.body);
    assert.equal((await assertSignedIn(session)).email, target);
    assertProblem(await loginRequest(user.email, user.password), 401, 'invalid_credentials');
    const after = await login(target, user.password);
    assert.equal(after.me.id, user.id);
    assert.equal(after.me.emailVerified, true);
  });

  it('a password reset cancels a pending email change', {}, async () => {
    const user = await makeUser(t.database);
    const session = await login(user.email, user.password);
    const target = newEmail('hijack');
    const requested = await call('POST', '/api/v1/me/email', {
      headers: session.headers,
      payload: { currentPassword: user.password, newEmail: target },
    });
    assert.equal(requested.statusCode, 202, requested.body);
    const changeToken = t.mailSink.lastToken('/verify-email', target);
    await call('POST', '/api/v1/auth/password-reset', { payload: { email: user.email } });
    const resetToken = t.mailSink.lastToken('/reset-password', user.email);
    const reset = await call('POST', '/api/v1/auth/password-reset/confirm', {
      payload: { token: resetToken, password: 'the owner’s new passphrase' },
    });
    assert.equal(reset.statusCode, 204, reset.body);
    assertProblem(
      await call('POST', '/api/v1/auth/verify-email', { payload: { token: changeToken } }),
      400,
      'invalid_token',
    );
  });

  it('answers the same for an address that belongs to another account, and mails it nothing', async () => {
    const user = await makeUser(t.database);
    const taken = await makeUser(t.database);
    const session = await login(user.email, user.password);
    const free = await call('POST', '/api/v1/me/email', {
      headers: session.headers,
      payload: { currentPassword: user.password, newEmail: newEmail('free') },
    });
    const before = t.mailSink.messages.length;
    const res = await call('POST', '/api/v1/me/email', {
      headers: session.headers,
      payload: { currentPassword: user.password, newEmail: taken.email },
    });
    assert.equal(res.statusCode, 202, res.body);
    assert.equal(res.body, free.body);
    assert.ok(!mailsSince(before).some((m) => m.to === taken.email));
  });
});

const STEP_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A TOTP code for the earliest step after `after` that the server still accepts (it allows one
 * step either side of now), staying clear of step boundaries.
 */
async function totpCode(secret: string, after: number | null) {
  const into = Date.now() % STEP_MS;
  if (into > STEP_MS - 1500) await sleep(STEP_MS - into + 50);
  const now = Math.floor(Date.now() / STEP_MS);
  const step = Math.max(now - 1, after === null ? now - 1 : after + 1);
  assert.ok(step <= now + 1, 'an unused TOTP step is within the window');
  const code = OTPAuth.TOTP.generate({
    secret: OTPAuth.Secret.fromBase32(secret),
    timestamp: step * STEP_MS,
  });
  return { step, code };
}

/** A 6-digit code that no step in the window accepts. */
function wrongCode(secret: string) {
  const now = Math.floor(Date.now() / STEP_MS);
  const valid = new Set(
    [-2, -1, 0, 1, 2].map((d) =>
      OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(secret), timestamp: (now + d) * STEP_MS }),
    ),
  );
  let n = 123456;
  while (valid.has(String(n).padStart(6, '0'))) n = (n + 1) % 1_000_000;
  return String(n).padStart(6, '0');
}

describe('two-factor authentication (TOTP)', () => {
  let user: Awaited<ReturnType<typeof makeUser>>;
  let session: Session;
  let secret: string;
  let lastStep: number | null = null;
  let recovery: string[] = [];

  before(async () => {
    user = await makeUser(t.database);
    session = await login(user.email, user.password);
  });

  it('setup needs the password and returns a secret and otpauth URI', async () => {
    const setup = (password: string) =>
      call('POST', '/api/v1/me/mfa/totp/setup', { headers: session.headers, payload: { password } });
    assertProblem(await setup('not the password'), 403, 'reauthentication_failed');
    const res = await setup(user.password);
    assert.equal(res.statusCode, 200, res.body);
    const body = json(res) as { secret: string; otpauthUri: string };
    assert.match(body.secret, /^[A-Z2-7]{32}$/);
    assert.match(body.otpauthUri, /^otpauth:\/\/totp\//);
    assert.ok(body.otpauthUri.includes(`secret=${body.secret}`));
    secret = body.secret;
    assert.equal((await assertSignedIn(session)).mfaEnabled, false, 'not on before it is confirmed');
  });

  it('enable needs a right code, returns 10 recovery codes and ends other sessions', async () => {
    const other = await login(user.email, user.password);
    const enable = (code: string) =>
      call('POST', '/api/v1/me/mfa/totp/enable', { headers: session.headers, payload: { code } });
    assertProblem(await enable(wrongCode(secret)), 422, 'invalid_mfa_code');

    const { step, code } = await totpCode(secret, lastStep);
    const res = await enable(code);
    assert.equal(res.statusCode, 200, res.body);
    lastStep = step;
    recovery = json(res).recoveryCodes;
    assert.equal(recovery.length, 10);
    assert.equal(new Set(recovery).size, 10);
    for (const c of recovery) assert.match(c, /^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/);
    assert.equal((await assertSignedIn(session)).mfaEnabled, true);
    await assertSignedOut(other, 'sessions opened with the password alone end');
  });

  it('log-in without a code answers 401 mfa_required', async () => {
    const res = await loginRequest(user.email, user.password);
    const problem = assertProblem(res, 401, 'mfa_required');
    assert.deepEqual(problem.mfa, ['totp', 'recovery_code']);
    assert.equal(sessionCookieOf(res), undefined);
    // A wrong password still answers invalid_credentials, not mfa_required.
    assertProblem(await loginRequest(user.email, `${user.password}x`), 401, 'invalid_credentials');
  });

  it('log-in with a code works, and the same code cannot be replayed', async () => {
    const { step, code } = await totpCode(secret, lastStep);
    const signed = await login(user.email, user.password, code);
    lastStep = step;
    assert.equal(signed.me.mfaEnabled, true);
    const replay = await loginRequest(user.email, user.password, code);
    assertProblem(replay, 401, 'invalid_mfa_code');
    assert.equal(sessionCookieOf(replay), undefined);
  });

  it('a recovery code works once', async () => {
    await login(user.email, user.password, recovery[0]!);
    assertProblem(await loginRequest(user.email, user.password, recovery[0]!), 401, 'invalid_mfa_code');
    // Case and dashes do not matter.
    await login(user.email, user.password, recovery[1]!.replace(/-/g, '').toUpperCase());
  });

  it('disable needs the password and a code', async () => {
    const disable = (password: string, code: string) =>
      call('POST', '/api/v1/me/mfa/totp/disable', { headers: session.headers, payload: { password, code } });
    const good = await totpCode(secret, lastStep);
    assertProblem(await disable('not the password', good.code), 403, 'reauthentication_failed');
    assertProblem(await disable(user.password, wrongCode(secret)), 422, 'invalid_mfa_code');
    assert.equal((await assertSignedIn(session)).mfaEnabled, true);

    const res = await disable(user.password, good.code);
    assert.equal(res.statusCode, 204, res.body);
    lastStep = good.step;
    assert.equal((await assertSignedIn(session)).mfaEnabled, false);
    const plain = await login(user.email, user.password);
    assert.equal(plain.me.mfaEnabled, false);
  });
});

describe('session timeouts and disabled accounts', () => {
  it('ends a session idle for longer than SESSION_IDLE_HOURS (12)', async () => {
    const user = await makeUser(t.database);
    const session = await login(user.email, user.password);
    await run(sql`update sessions set last_seen_at = now() - interval '11 hours' where user_id = ${user.id}`);
    await assertSignedIn(session, '11 hours idle is still fine');
    await run(sql`update sessions set last_seen_at = now() - interval '13 hours' where user_id = ${user.id}`);
    await assertSignedOut(session);
  });

  it('ends a session past its absolute expiry', async () => {
    const user = await makeUser(t.database);
    const session = await login(user.email, user.password);
    await assertSignedIn(session);
    await run(sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${user.id}`);
    await assertSignedOut(session);
  });

  it('a disabled account loses its sessions and cannot log in', async () => {
    const user = await makeUser(t.database);
    const session = await login(user.email, user.password);
    await run(sql`update users set disabled_at = now() where id = ${user.id}`);
    await assertSignedOut(session);
    const res = await loginRequest(user.email, user.password);
    assertProblem(res, 403, 'account_disabled');
    assert.equal(sessionCookieOf(res), undefined);
    // Without the right password nothing tells that the account exists or is disabled.
    assertProblem(await loginRequest(user.email, `${user.password}x`), 401, 'invalid_credentials');
  });
});

describe('switching organization', () => {
  it('switches to an organization the user belongs to; any other slug is the same 404', async () => {
    const user = await makeUser(t.database);
    const owner = await makeUser(t.database);
    const home = await makeOrg(t.database, user.id);
    const joined = await makeOrg(t.database, owner.id);
    await addMember(t.database, joined.id, user.id, 'viewer');
    const foreign = await makeOrg(t.database, owner.id);

    const session = await login(user.email, user.password);
    assert.equal(session.me.activeOrganization?.slug, home.slug);
    assert.deepEqual(session.me.organizations.map((o) => o.slug).sort(), [home.slug, joined.slug].sort());

    const switchTo = (organization: string) =>
      call('PUT', '/api/v1/me/organization', { headers: session.headers, payload: { organization } });
    const res = await switchTo(joined.slug);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(json(res).activeOrganization, {
      id: joined.id,
      slug: joined.slug,
      name: `Org ${joined.slug}`,
      role: 'viewer',
    });
    assert.equal((await assertSignedIn(session)).activeOrganization?.slug, joined.slug);

    const missingSlug = unique('no-such-org');
    const notMember = await switchTo(foreign.slug);
    const missing = await switchTo(missingSlug);
    const normalized = (r: Res, slug: string) => {
      const { instance: _instance, ...rest } = assertProblem(r, 404, 'not_found');
      return { ...rest, detail: String(rest.detail).replace(slug, '<slug>') };
    };
    assert.deepEqual(normalized(notMember, foreign.slug), normalized(missing, missingSlug));
    assert.equal(notMember.headers['content-type'], missing.headers['content-type']);
    assert.equal((await assertSignedIn(session)).activeOrganization?.slug, joined.slug, 'still switched');
  });
});

describe('audit trail of log-ins', () => {
  interface AuditEvent {
    action: string;
    actor: { type: string; id: string | null };
    target: { type: string; id: string | null } | null;
  }

  let org: { id: string; slug: string };
  let admin: Awaited<ReturnType<typeof signIn>>;
  let memberUser: Awaited<ReturnType<typeof makeUser>>;
  let memberSession: Session;
  let outsider: Awaited<ReturnType<typeof makeUser>>;

  before(async () => {
    const owner = await makeUser(t.database);
    org = await makeOrg(t.database, owner.id);
    admin = await signIn(t.database, t.config, owner.id, org.id);
    memberUser = await makeUser(t.database);
    await addMember(t.database, org.id, memberUser.id, 'viewer');
    outsider = await makeUser(t.database);
    await makeOrg(t.database, outsider.id);
    memberSession = await login(memberUser.email, memberUser.password);
    await login(outsider.email, outsider.password);
    assertProblem(await loginRequest(memberUser.email, 'not the password'), 401, 'invalid_credentials');
  });

  const events = async (query: string, headers: Record<string, string>) => {
    const res = await call('GET', `/api/v1/audit-events${query}`, { headers });
    assert.equal(res.statusCode, 200, res.body);
    return json(res).data as AuditEvent[];
  };

  it('lists the log-ins of the organization’s members for its admins', async () => {
    assert.equal(memberSession.me.activeOrganization?.id, org.id);
    const all = await events('?limit=100', admin.headers);
    const logins = all.filter((e) => e.action === 'auth.login');
    assert.ok(
      logins.some(
        (e) => e.actor.type === 'user' && e.actor.id === memberUser.id && e.target?.type === 'session',
      ),
      JSON.stringify(all),
    );
    assert.ok(!all.some((e) => e.actor.id === outsider.id), 'nothing about people in other organizations');
  });

  it('filters by action prefix and exact action', async () => {
    const prefixed = await events('?action=auth.&limit=100', admin.headers);
    assert.ok(prefixed.length > 0);
    for (const e of prefixed) assert.match(e.action, /^auth\./);
    assert.ok(prefixed.some((e) => e.action === 'auth.login' && e.actor.id === memberUser.id));
    const exact = await events('?action=auth.login&limit=100', admin.headers);
    assert.ok(exact.length > 0);
    for (const e of exact) assert.equal(e.action, 'auth.login');
    assert.deepEqual(await events('?action=no.such.action.', admin.headers), []);
  });

  it('refuses viewers with 403', async () => {
    assertProblem(
      await call('GET', '/api/v1/audit-events', { headers: cookieOnly(memberSession) }),
      403,
      'forbidden',
    );
  });

  it('shows the admins failed log-ins of their members', async () => {
    const failed = await events('?action=auth.login_failed&limit=100', admin.headers);
    assert.ok(failed.some((e) => e.target?.id === memberUser.id && e.actor.type === 'anonymous'));
    const outsiderFailed = await loginRequest(outsider.email, 'not the password');
    assertProblem(outsiderFailed, 401, 'invalid_credentials');
    const after = await events('?action=auth.login_failed&limit=100', admin.headers);
    assert.ok(
      !after.some((e) => e.target?.id === outsider.id),
      'not attempts on other organizations’ people',
    );
  });
});

describe('links of a disabled account', () => {
  it('cannot complete an email change once the account is disabled', async () => {
    const user = await makeUser(t.database);
    const signed = await signIn(t.database, t.config, user.id, null);
    const newAddress = newEmail('moved');
    const asked = await call('POST', '/api/v1/me/email', {
      headers: signed.headers,
      payload: { currentPassword: user.password, newEmail: newAddress },
    });
    assert.equal(asked.statusCode, 202);
    const token = t.mailSink.lastToken('/verify-email', newAddress);
    await run(sql`update users set disabled_at = now() where id = ${user.id}`);
    assertProblem(
      await call('POST', '/api/v1/auth/verify-email', { payload: { token } }),
      400,
      'invalid_token',
    );
    const [row] = await queryRows<{ email: string }>(
      t.database.db,
      sql`select email from users where id = ${user.id}`,
    );
    assert.equal(row?.email, user.email);
  });
});

describe('abuse protections on account changes', () => {
  const auditActions = async (userId: string) =>
    (
      await queryRows<{ action: string }>(
        t.database.db,
        sql`select action from audit_events where target_id = ${userId} order by id`,
      )
    ).map((r) => r.action);

  it('sends the requester the same notice whether or not the new address is taken', async () => {
    const user = await makeUser(t.database);
    const taken = await makeUser(t.database);
    const signed = await signIn(t.database, t.config, user.id, null);
    const noticesAfter = async (newAddress: string) => {
      const before = t.mailSink.messages.length;
      const res = await call('POST', '/api/v1/me/email', {
        headers: signed.headers,
        payload: { currentPassword: user.password, newEmail: newAddress },
      });
      assert.equal(res.statusCode, 202);
      const sent = mailsSince(before);
      return {
        body: res.body,
        toRequester: sent.filter((m) => m.to === user.email).map((m) => m.kind),
        toNew: sent.filter((m) => m.to === newAddress).length,
      };
    };
    const free = await noticesAfter(newEmail('free'));
    const occupied = await noticesAfter(taken.email);
    assert.equal(free.body, occupied.body);
    assert.deepEqual(free.toRequester, ['security-notice']);
    assert.deepEqual(occupied.toRequester, ['security-notice']);
    assert.equal(free.toNew, 1);
    assert.equal(occupied.toNew, 0, 'the owner of a taken address hears nothing');
  });

  it('limits and audits wrong current passwords, per person, across addresses', async () => {
    const user = await makeUser(t.database);
    const signed = await signIn(t.database, t.config, user.id, null);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await call('POST', '/api/v1/me/password', {
        headers: signed.headers,
        payload: { currentPassword: `wrong guess ${i}`, newPassword: 'new passphrase here' },
      });
      statuses.push(res.statusCode);
    }
    assert.deepEqual(statuses, [...Array(10).fill(403), 429]);
    // The limit covers the other re-authenticating routes too.
    const setup = await call('POST', '/api/v1/me/mfa/totp/setup', {
      headers: signed.headers,
      payload: { password: user.password },
    });
    assertProblem(setup, 429, 'rate_limited');
    const actions = await auditActions(user.id);
    assert.equal(actions.filter((a) => a === 'user.reauth_failed').length, 10);
  });

  it('limits mail to one address: sign-ups and email-change links', async () => {
    const target = newEmail('flood');
    const signups = [];
    for (let i = 0; i < 6; i++) signups.push((await signup(target, `flooding passphrase ${i}`)).statusCode);
    assert.deepEqual(signups, [202, 202, 202, 202, 202, 429]);

    const other = newEmail('flood-change');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const user = await makeUser(t.database);
      const signed = await signIn(t.database, t.config, user.id, null);
      const res = await call('POST', '/api/v1/me/email', {
        headers: signed.headers,
        payload: { currentPassword: user.password, newEmail: other },
      });
      statuses.push(res.statusCode);
    }
    assert.deepEqual(statuses, [202, 202, 202, 202, 202, 429]);
  });

  it('keeps at most 50 sessions per person, ending the oldest', async () => {
    const user = await makeUser(t.database);
    const first = await signIn(t.database, t.config, user.id, null);
    for (let i = 0; i < 50; i++) await signIn(t.database, t.config, user.id, null);
    const [row] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from sessions where user_id = ${user.id}`,
    );
    assert.equal(row!.n, 50);
    await assertSignedOut(first, 'the oldest session ended');
  });

  it('audits a right password on an unconfirmed account as a failed log-in', async () => {
    const email = newEmail('unconfirmed');
    await signup(email, 'unconfirmed passphrase');
    assertProblem(await loginRequest(email, 'unconfirmed passphrase'), 403, 'email_not_verified');
    const [row] = await queryRows<{ data: { reason: string } }>(
      t.database.db,
      sql`select a.data from audit_events a join users u on u.id::text = a.target_id
          where u.email = ${email} and a.action = 'auth.login_failed'`,
    );
    assert.equal(row?.data.reason, 'email_not_verified');
  });
});
