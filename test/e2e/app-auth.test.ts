/// <reference lib="dom" />
// The signed-out flows in a real browser, with the links read from real mail (SMTP to a local
// capture): signing up and confirming the address, resetting a forgotten password, and accepting
// an invitation after signing in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { linkIn, type SmtpCapture, startSmtpCapture } from '../mail.ts';
import { type AppHarness, checkScreen, signInThroughForm, startAppHarness } from './app.ts';
import { hasChromium } from './browser.ts';

describe('signing up, confirming, resetting and accepting invitations', {
  skip: hasChromium ? false : 'no chromium at /usr/bin/chromium',
}, () => {
  let h: AppHarness;
  let smtp: SmtpCapture;
  const email = 'new-recruiter@example.test';
  const password = 'a fresh long passphrase';
  const newPassword = 'another fresh passphrase';

  before(async () => {
    smtp = await startSmtpCapture();
    h = await startAppHarness({
      name: 'app-auth',
      org: { slug: 'auth-co', name: 'Juniper Freight' },
      env: { SMTP_URL: smtp.url },
    });
  });
  after(async () => {
    await h?.close();
    await smtp?.close();
  });

  /** The app address (with its #token) of the link to `path` in the first mail to `to` matching `subject`. */
  async function mailedLink(to: string, subject: RegExp, path: string): Promise<string> {
    const mail = await smtp.waitFor((m) => m.to.includes(to) && subject.test(m.subject), 20_000);
    const link = new URL(linkIn(mail, path));
    assert.equal(link.search, '', 'the token rides in the fragment, never the query');
    return `${h.base}${link.pathname}${link.hash}`;
  }

  async function freshPage(): Promise<Page> {
    const context = await h.browser.newContext({ bypassCSP: true });
    return context.newPage();
  }

  const heading = (page: Page, name: string) => page.getByRole('heading', { name, level: 1 });

  it('signs up, confirms the address with the mailed link and the password, then signs in', async () => {
    const page = await freshPage();
    await page.goto(`${h.base}/app/signup`);
    await heading(page, 'Create your account').waitFor();
    await page.getByLabel('Your name').fill('Nova Recruiter');
    await page.getByLabel('Work email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await heading(page, 'Check your email').waitFor();
    assert.match((await page.getByRole('status').textContent()) ?? '', new RegExp(email));

    await page.goto(await mailedLink(email, /confirm your email/i, '/app/verify-email'));
    await heading(page, 'Confirm your email').waitFor();
    await checkScreen(page, 'verify email', 'auth-verify');
    // The link alone is not enough: it needs the password chosen at sign-up.
    await page.getByLabel('Password').fill('somebody else entirely');
    await page.getByRole('button', { name: 'Confirm email' }).click();
    const refused = page.getByRole('alert');
    await refused.waitFor();
    assert.match((await refused.textContent()) ?? '', /Could not confirm the address/);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Confirm email' }).click();
    await heading(page, 'Email confirmed').waitFor();
    await checkScreen(page, 'email confirmed');

    await page.getByRole('link', { name: 'Sign in' }).click();
    await heading(page, 'Sign in').waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Without an organization yet, the app offers to create one.
    await heading(page, 'Create an organization').waitFor();
    await page.context().close();
  });

  it('resets a forgotten password with the mailed link', async () => {
    const page = await freshPage();
    await page.goto(`${h.base}/app/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await heading(page, 'Reset your password').waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await heading(page, 'Check your email').waitFor();

    // The mail client opens the link in a new tab (this one shows /reset-password already, and a
    // change of the fragment alone would not reload the page).
    const link = await mailedLink(email, /reset your rolecraft password/i, '/app/reset-password');
    await page.context().close();
    const reset = await freshPage();
    await reset.goto(link);
    await heading(reset, 'Choose a new password').waitFor();
    await checkScreen(reset, 'choose a new password', 'auth-reset');
    // A common password is refused, and the link stays usable.
    await reset.getByLabel('New password').fill('password123');
    await reset.getByRole('button', { name: 'Set password' }).click();
    const refused = reset.getByRole('alert');
    await refused.waitFor();
    assert.match((await refused.textContent()) ?? '', /Could not change the password/);
    await reset.getByLabel('New password').fill(newPassword);
    await reset.getByRole('button', { name: 'Set password' }).click();
    await heading(reset, 'Password changed').waitFor();
    await checkScreen(reset, 'password changed');

    await reset.getByRole('link', { name: 'Sign in' }).click();
    await heading(reset, 'Sign in').waitFor();
    await signInThroughForm(reset, h.base, email, newPassword);
    await reset.context().close();
  });

  it('accepts an invitation from the mailed link after signing in', async () => {
    assert.equal((await h.api('PUT', '/api/v1/me/organization', { organization: h.org.slug })).status, 200);
    const invited = await h.api('POST', '/api/v1/org/invitations', { email, role: 'recruiter' });
    assert.equal(invited.status, 201, JSON.stringify(invited.json));
    const link = await mailedLink(email, /invited you to Juniper Freight/, '/app/invitations/accept');

    // Signed out, the link leads to the log-in and back to the invitation, token and all.
    const page = await freshPage();
    await page.goto(link);
    await heading(page, 'Sign in').waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Accept invitation').waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', new RegExp(`signed in as ${email}`));
    await checkScreen(page, 'accept invitation');
    await page.getByRole('button', { name: 'Join the organization' }).click();
    await page.waitForURL(/\/app\/postings$/);
    const switcher = page.getByLabel('Organization', { exact: true });
    await switcher.waitFor();
    assert.equal(await switcher.inputValue(), h.org.slug);
    const members = await h.api<{ data: { email: string; role: string }[] }>('GET', '/api/v1/org/members');
    assert.ok(members.json.data.some((m) => m.email === email && m.role === 'recruiter'));
    await page.context().close();
  });
});
