/// <reference lib="dom" />
// The account area in a real browser: the profile and an email change confirmed from real mail,
// a password change, two-factor authentication from set-up to sign-in to turning it off, sessions
// ended from another browser, and switching organizations.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TOTP } from 'otpauth';
import { encode } from 'uqr';
import type { BrowserContext, Page } from 'playwright-core';
import { linkIn, type SmtpCapture, startSmtpCapture } from '../mail.ts';
import { type AppHarness, checkScreen, signInThroughForm, startAppHarness } from './app.ts';
import { hasChromium } from './browser.ts';

const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';

describe('the account area', { skip: hasChromium ? false : 'no chromium at /usr/bin/chromium' }, () => {
  let h: AppHarness;
  let smtp: SmtpCapture;
  const contexts: BrowserContext[] = [];

  before(async () => {
    smtp = await startSmtpCapture();
    h = await startAppHarness({
      name: 'app-account',
      org: { slug: 'account-co', name: 'Juniper Freight' },
      env: { SMTP_URL: smtp.url },
    });
  });
  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await h?.close();
    await smtp?.close();
  });

  /** The app path (with its #token) of the first link to `path` in the newest mail to `to`. */
  async function mailedLink(to: string, subject: RegExp, path: string): Promise<string> {
    const mail = await smtp.waitFor((m) => m.to.includes(to) && subject.test(m.subject), 20_000);
    const link = new URL(linkIn(mail, path));
    return `${h.base}${link.pathname}${link.hash}`;
  }

  /** A verified account of its own (signed up and confirmed over HTTP), so the owner's session survives. */
  async function newAccount(email: string, password: string, name: string) {
    const signup = await fetch(`${h.base}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, name }),
    });
    assert.equal(signup.status, 202);
    const link = new URL(await mailedLink(email, /confirm your email/i, '/app/verify-email'));
    const token = new URLSearchParams(link.hash.slice(1)).get('token');
    const verify = await fetch(`${h.base}/api/v1/auth/verify-email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, password }),
    });
    assert.equal(verify.status, 204);
  }

  /** A fresh browser (no cookies), signed in through the log-in page. */
  async function signedInBrowser(email: string, password: string, userAgent?: string) {
    const context = await h.browser.newContext({ bypassCSP: true, ...(userAgent ? { userAgent } : {}) });
    contexts.push(context);
    const page = await context.newPage();
    await signInThroughForm(page, h.base, email, password);
    return { context, page };
  }

  const heading = (page: Page, name: string, level = 1) => page.getByRole('heading', { name, level });

  it('shows the profile, changes the name, and changes the email through the link mailed to the new address', async () => {
    const page = await h.open('/account');
    await heading(page, 'Profile').waitFor();
    const tabs = page.getByRole('navigation', { name: 'Account' });
    assert.equal(await tabs.getByRole('link', { name: 'Profile' }).getAttribute('aria-current'), 'page');
    assert.equal(await tabs.getByRole('link', { name: 'Sessions' }).getAttribute('aria-current'), null);
    const details = page.getByRole('region', { name: 'Your details' });
    assert.match((await details.textContent()) ?? '', new RegExp(h.owner.email));
    assert.match((await details.textContent()) ?? '', /Confirmed/);
    assert.equal(await page.title(), 'Profile · Your account · Rolecraft');
    await checkScreen(page, 'account profile', 'account-profile');

    // The name colleagues see: saved, and shown at once in the details and the navigation.
    await page.getByLabel('Name', { exact: true }).fill('Olive Owner');
    await page.getByRole('button', { name: 'Save name' }).click();
    await details.getByText('Olive Owner').waitFor();
    await page.getByRole('link', { name: 'Olive Owner' }).waitFor();

    // A wrong password is reported next to its field, and nothing is sent.
    const newEmail = 'owner-renamed@example.test';
    await page.getByLabel('New email').fill(newEmail);
    await page.getByLabel('Current password').fill('not my password at all');
    await page.getByRole('button', { name: 'Send confirmation link' }).click();
    const passwordField = page.getByLabel('Current password');
    await page.getByText('The current password is not right.').waitFor();
    assert.equal(await passwordField.getAttribute('aria-invalid'), 'true');

    await passwordField.fill(h.owner.password);
    await page.getByRole('button', { name: 'Send confirmation link' }).click();
    const sent = page.getByRole('status').filter({ hasText: 'Check the inbox of' });
    await sent.waitFor();
    assert.match((await sent.textContent()) ?? '', new RegExp(newEmail));
    assert.equal(await page.getByLabel('New email').inputValue(), '');

    // The link in the new inbox confirms the change (no password needed for an email change).
    await page.goto(await mailedLink(newEmail, /new email address/i, '/app/verify-email'));
    await heading(page, 'Confirm your email').waitFor();
    await page.getByRole('button', { name: 'Confirm email' }).click();
    await heading(page, 'Email confirmed').waitFor();
    await page.goto(`${h.base}/app/account`);
    await heading(page, 'Profile').waitFor();
    await page.getByRole('region', { name: 'Your details' }).getByText(newEmail).waitFor();
    await page.close();
  });

  it('changes the password, and the new one signs in', async () => {
    const email = 'password-person@example.test';
    await newAccount(email, 'first long passphrase 1', 'Pat Password');
    const { context, page } = await signedInBrowser(email, 'first long passphrase 1');
    await page.goto(`${h.base}/app/account/password`);
    await heading(page, 'Password').waitFor();
    await checkScreen(page, 'password page');

    await page.getByLabel('Current password').fill('first long passphrase 1');
    await page.getByLabel('New password').fill('password');
    await page.getByRole('button', { name: 'Change password' }).click();
    const newField = page.getByLabel('New password');
    await page.waitForFunction(
      () =>
        document.querySelector('input[autocomplete="new-password"]')?.getAttribute('aria-invalid') === 'true',
    );
    assert.equal(await newField.getAttribute('aria-invalid'), 'true');

    await newField.fill('second long passphrase 2');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await heading(page, 'Sign in').waitFor();
    await signInThroughForm(page, h.base, email, 'second long passphrase 2');
    await context.close();
  });

  it('sets up two-factor authentication, signs in with a code, replaces the recovery codes and turns it off', async () => {
    const email = 'totp-person@example.test';
    const password = 'totp long passphrase 3';
    await newAccount(email, password, 'Toni Totp');
    const { context, page } = await signedInBrowser(email, password);
    await page.goto(`${h.base}/app/account/security`);
    await heading(page, 'Two-factor authentication').waitFor();
    await heading(page, 'Two-factor authentication is off', 2).waitFor();
    await checkScreen(page, 'two-factor off');

    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Continue' }).click();
    await heading(page, 'Step 2 of 2: add Rolecraft to your authenticator app', 2).waitFor();
    const grouped = (await page.locator('code.totp-secret').textContent()) ?? '';
    assert.match(grouped, /^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/, 'the key in groups of four');
    await page.getByRole('button', { name: 'Copy key' }).waitFor();
    await page.getByText('Use a setup link instead').click();
    const uri = (await page.locator('code.otpauth-uri').textContent()) ?? '';
    assert.match(uri, /^otpauth:\/\/totp\//);
    // The QR code holds that very link: as many dark modules as the link's own QR matrix has.
    const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
    const modules = ((await qr.locator('path').getAttribute('d')) ?? '').split('M').length - 1;
    const expected = encode(uri, { ecc: 'M', border: 0 }).data.flat().filter(Boolean).length;
    assert.equal(modules, expected);
    await checkScreen(page, 'two-factor set-up');
    const totp = new TOTP({ secret: grouped.replace(/\s/g, ''), digits: 6, period: 30 });

    // A wrong code is refused next to the field.
    await page.getByLabel('Authentication code').fill('000000');
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await page.getByText('That code is not right, or was used already.').waitFor();

    await page.getByLabel('Authentication code').fill(totp.generate());
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await heading(page, 'Save your recovery codes', 2).waitFor();
    const codes = await page
      .getByRole('list', { name: 'Recovery codes' })
      .getByRole('listitem')
      .allInnerTexts();
    assert.equal(codes.length, 10);
    await page.getByRole('status').filter({ hasText: 'Two-factor authentication is on.' }).waitFor();
    await checkScreen(page, 'recovery codes', 'account-security');
    // The codes stay until their keeper says they are saved.
    await page.getByRole('button', { name: 'Done' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Confirm that you have saved the codes first' })
      .waitFor();
    await page.getByLabel('I have saved these codes').check();
    await page.getByRole('button', { name: 'Done' }).click();
    await heading(page, 'Two-factor authentication is on', 2).waitFor();
    // The button used is gone: focus moves to the panel that replaced it.
    assert.equal(
      await page.evaluate(() => document.activeElement?.textContent),
      'Two-factor authentication is on',
    );

    // Signing in now takes a code: the next time step's (the one just used cannot be replayed).
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await heading(page, 'Sign in').waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Two-factor authentication').waitFor();
    await page.getByLabel('Authentication code').fill(totp.generate({ timestamp: Date.now() + 30_000 }));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();

    await page.goto(`${h.base}/app/account/security`);
    await heading(page, 'Two-factor authentication is on', 2).waitFor();
    await checkScreen(page, 'two-factor on');
    await page.getByRole('button', { name: 'Replace recovery codes' }).click();
    const replaceDialog = page.getByRole('dialog', { name: 'Replace recovery codes' });
    await replaceDialog.getByLabel('Password').fill(password);
    await replaceDialog.getByRole('button', { name: 'Replace codes' }).click();
    await heading(page, 'Save your recovery codes', 2).waitFor();
    const fresh = await page
      .getByRole('list', { name: 'Recovery codes' })
      .getByRole('listitem')
      .allInnerTexts();
    assert.equal(fresh.length, 10);
    assert.equal(fresh.filter((c) => codes.includes(c)).length, 0, 'the new codes replace the old ones');
    await page.getByLabel('I have saved these codes').check();
    await page.getByRole('button', { name: 'Done' }).click();

    // Turning it off takes the password and a second factor: here one of the new recovery codes.
    await page.getByRole('button', { name: 'Turn off two-factor authentication' }).click();
    const offDialog = page.getByRole('dialog', { name: 'Turn off two-factor authentication' });
    await offDialog.getByLabel('Password').fill(password);
    await offDialog.getByLabel('Authentication code').fill(fresh[0] ?? '');
    await offDialog.getByRole('button', { name: 'Turn off' }).click();
    await heading(page, 'Two-factor authentication is off', 2).waitFor();
    await page.getByRole('status').filter({ hasText: 'Two-factor authentication is off.' }).waitFor();
    await context.close();
  });

  it('lists the sessions and signs another browser out, which returns to the log-in', async () => {
    const email = 'session-person@example.test';
    const password = 'sessions long passphrase 4';
    await newAccount(email, password, 'Sam Sessions');
    const here = await signedInBrowser(email, password);
    const there = await signedInBrowser(email, password, FIREFOX_ON_WINDOWS);
    await there.page.goto(`${h.base}/app/account`);
    await heading(there.page, 'Profile').waitFor();

    const page = here.page;
    await page.goto(`${h.base}/app/account/sessions`);
    await heading(page, '2 active sessions', 2).waitFor();
    const items = page.getByRole('list').filter({ hasText: 'This device' }).getByRole('listitem');
    assert.equal(await items.count(), 2);
    const first = items.nth(0);
    assert.match((await first.textContent()) ?? '', /This device/);
    await first.getByRole('heading', { name: 'Chrome on Linux' }).waitFor();
    assert.equal(await first.getByRole('button', { name: /^Sign out/ }).count(), 0, 'not this session');
    await items.nth(1).getByRole('heading', { name: 'Firefox on Windows' }).waitFor();
    for (const label of ['IP address', 'Signed in', 'Last active', 'Expires']) {
      await first.getByText(label, { exact: true }).waitFor();
    }
    await checkScreen(page, 'sessions', 'account-sessions');
    await page.getByRole('button', { name: 'Sign out all other sessions' }).waitFor();

    await page.getByRole('button', { name: /^Sign out Firefox on Windows/ }).click();
    await heading(page, '1 active session', 2).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Sign out all other sessions' }).count(), 0);
    await page.getByRole('status').filter({ hasText: 'Signed out Firefox on Windows.' }).waitFor();

    // The other browser's next request answers 401: the app goes back to the log-in.
    await there.page
      .getByRole('navigation', { name: 'Account' })
      .getByRole('link', { name: 'Sessions' })
      .click();
    await heading(there.page, 'Sign in').waitFor();
    assert.match(there.page.url(), /\/app\/login\?next=%2Faccount%2Fsessions/);

    // This person has no organization yet.
    await page.goto(`${h.base}/app/account/organizations`);
    await heading(page, 'You are not in any organization yet', 2).waitFor();
    await page.getByRole('link', { name: 'Create an organization' }).waitFor();
    await checkScreen(page, 'organizations, none');
    await here.context.close();
    await there.context.close();
  });

  it('lists the organizations with roles and switches the active one', async () => {
    const second = await h.api('POST', '/api/v1/orgs', { slug: 'account-two', name: 'Second Harbour' });
    assert.equal(second.status, 201, JSON.stringify(second.json));
    const page = await h.open('/account/organizations');
    await heading(page, 'Organizations').waitFor();
    const rows = page.getByRole('listitem');
    const first = rows.filter({ hasText: 'Juniper Freight' });
    const other = rows.filter({ hasText: 'Second Harbour' });
    assert.match((await first.textContent()) ?? '', /Owner.*Current/);
    assert.match((await other.textContent()) ?? '', /Owner/);
    await checkScreen(page, 'organizations');

    await page.getByRole('button', { name: 'Switch to Second Harbour' }).click();
    await page.getByRole('status').filter({ hasText: 'You are now working in Second Harbour.' }).waitFor();
    await other.getByText('Current').waitFor();
    await first.getByRole('button', { name: 'Switch to Juniper Freight' }).waitFor();
    assert.equal(await page.getByLabel('Organization').inputValue(), 'account-two');
    const me = await page.evaluate(
      async () => (await (await fetch('/api/v1/me')).json()).activeOrganization?.slug,
    );
    assert.equal(me, 'account-two');
    assert.equal(
      await page.getByRole('link', { name: 'Create an organization' }).getAttribute('href'),
      '/app/orgs/new',
    );
    await page.close();
  });
});
