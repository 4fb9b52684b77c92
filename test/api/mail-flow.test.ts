// The real mail pipeline end to end: the app enqueues account mail in the durable job queue
// (pg-boss in the app's own database), the worker delivers it over SMTP to a real SMTP server on a
// local port, and the test reads the verification and reset links from the messages it received.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createJobQueue, type JobQueue } from '../../src/jobs/queue.ts';
import { createMailer, type EmailMessage, type Mailer } from '../../src/modules/notifications/mailer.ts';
import { buildTestApp, type TestApp } from '../helpers.ts';
import { makeUser, unique } from '../identity.ts';
import { type CapturedMail, linkIn, type SmtpCapture, startSmtpCapture } from '../mail.ts';

const PUBLIC_URL = 'https://hire.example.test';
const COOKIE = '__Host-rolecraft_session';
const noop = () => {};

describe('account mail through the job queue and SMTP', () => {
  let capture: SmtpCapture;
  let t: TestApp;
  let mailer: Mailer;
  let queue: JobQueue | undefined;

  before(async () => {
    capture = await startSmtpCapture();
    // buildTestApp creates the database, and the queue lives in it: the app gets a sender that
    // forwards to the queue, which is made (and started) as soon as the database exists.
    const forward = {
      sendEmail: (message: EmailMessage) => {
        if (!queue) throw new Error('the job queue is not there yet');
        return queue.sendEmail(message);
      },
    };
    t = await buildTestApp({
      seed: false,
      env: { SMTP_URL: capture.url, PUBLIC_URL, MAIL_FROM: 'Rolecraft <no-reply@hire.example.test>' },
      mail: forward,
    });
    assert.equal(t.config.smtpUrl, capture.url);
    mailer = createMailer(t.config, t.database);
    queue = createJobQueue(
      { database: t.database, mailer, logger: { info: noop, warn: noop, error: noop } },
      { retryDelaySeconds: 0 },
    );
    await queue.start();
  });

  after(async () => {
    await queue?.stop();
    await mailer?.close();
    await t?.close();
    await capture?.close();
  });

  let ip = 0;
  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, payload, headers, remoteAddress: `10.9.0.${++ip}` });

  /** The token in a link of the mail: it rides in the URL fragment (`#token=…`). */
  function tokenFrom(mail: CapturedMail, path: string): string {
    const link = new URL(linkIn(mail, path));
    assert.equal(link.origin, PUBLIC_URL);
    assert.equal(link.pathname, path);
    assert.equal(link.search, '', 'no token in the query string (it would reach server logs)');
    const token = new URLSearchParams(link.hash.slice(1)).get('token');
    assert.ok(token, `a token in ${link.href}`);
    return token;
  }

  it('signs up, verifies, logs in, resets the password and logs in again, all from real mail', async () => {
    const email = `${unique('smtp')}@example.test`;
    const password = 'first passphrase over smtp';
    const newPassword = 'second passphrase over smtp';
    const isFor = (subject: RegExp) => (m: CapturedMail) => m.to.includes(email) && subject.test(m.subject);

    // Sign up: the verification link arrives over SMTP.
    const signup = await post('/api/v1/auth/signup', { email, password });
    assert.equal(signup.statusCode, 202, signup.body);
    const verifyMail = await capture.waitFor(isFor(/confirm your email/i), 15_000);
    assert.deepEqual(verifyMail.to, [email]);
    assert.equal(verifyMail.from, '"Rolecraft" <no-reply@hire.example.test>');
    const verifyToken = tokenFrom(verifyMail, '/app/verify-email');

    assert.equal((await post('/api/v1/auth/login', { email, password })).statusCode, 403);
    const verified = await post('/api/v1/auth/verify-email', { token: verifyToken, password });
    assert.equal(verified.statusCode, 204, verified.body);

    const login = await post('/api/v1/auth/login', { email, password });
    assert.equal(login.statusCode, 200, login.body);
    const session = /__Host-rolecraft_session=([^;]+)/.exec(String(login.headers['set-cookie']))?.[1];
    assert.ok(session);

    // Reset: the reset link arrives over SMTP too.
    const reset = await post('/api/v1/auth/password-reset', { email });
    assert.equal(reset.statusCode, 202, reset.body);
    const resetMail = await capture.waitFor(isFor(/reset your/i), 15_000);
    const resetToken = tokenFrom(resetMail, '/app/reset-password');
    assert.notEqual(resetToken, verifyToken);

    const confirmed = await post('/api/v1/auth/password-reset/confirm', {
      token: resetToken,
      password: newPassword,
    });
    assert.equal(confirmed.statusCode, 204, confirmed.body);
    const notice = await capture.waitFor(isFor(/password was reset/i), 15_000);
    assert.doesNotMatch(notice.text, /#token=/);

    // The old session is gone, the old password is refused, the new one works.
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `${COOKIE}=${session}` },
    });
    assert.equal(me.statusCode, 401);
    assert.equal((await post('/api/v1/auth/login', { email, password })).statusCode, 401);
    const again = await post('/api/v1/auth/login', { email, password: newPassword });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(JSON.parse(again.body).email, email);

    // Only these three messages went to the address, each once.
    assert.deepEqual(
      capture.messages.filter((m) => m.to.includes(email)).map((m) => m.subject),
      [verifyMail.subject, resetMail.subject, notice.subject],
    );
  });

  it('an existing address gets the “account exists” notice over SMTP, with no token', async () => {
    // A confirmed account (an unconfirmed one would get a fresh verification link instead).
    const { email } = await makeUser(t.database, { email: `${unique('smtp-dup')}@example.test` });
    const again = await post('/api/v1/auth/signup', { email, password: 'other passphrase 456' });
    assert.equal(again.statusCode, 202, again.body);
    const notice = await capture.waitFor(
      (m) => m.to.includes(email) && /already have/i.test(m.subject),
      15_000,
    );
    assert.doesNotMatch(notice.text, /#token=/);
    assert.equal(new URL(linkIn(notice, '/app/login')).origin, PUBLIC_URL);
  });
});
