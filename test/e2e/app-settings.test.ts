/// <reference lib="dom" />
// Organization settings in a real browser: profile and branding (with the career site reflecting
// them), members and invitations (a second member joins through emailed links caught by a tiny SMTP
// server), API tokens (the secret works once shown, and not after revocation), the default pipeline
// stages, candidate email templates, data retention and the audit log of all of it.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { type AppHarness, checkScreen, signInThroughForm, startAppHarness } from './app.ts';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { hasChromium, signedInApi } from './browser.ts';

interface Mail {
  to: string;
  text: string;
}

/** Just enough SMTP to receive the server's mail (plain, no TLS, no auth), with bodies decoded. */
async function startMailCatcher(): Promise<{ server: Server; port: number; mails: Mail[] }> {
  const mails: Mail[] = [];
  const server = createServer((socket) => {
    let buffer = '';
    let inData = false;
    let to = '';
    socket.write('220 catcher ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end === -1) return;
          const raw = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
          // Quoted-printable: soft line breaks and =XX escapes (long links get both).
          const text = /quoted-printable/i.test(raw)
            ? body
                .replace(/=\r\n/g, '')
                .replace(/=([0-9A-F]{2})/g, (_m, hex) => String.fromCharCode(Number.parseInt(hex, 16)))
            : body;
          mails.push({ to, text });
          socket.write('250 OK\r\n');
          continue;
        }
        const line = buffer.indexOf('\r\n');
        if (line === -1) return;
        const command = buffer.slice(0, line);
        buffer = buffer.slice(line + 2);
        const verb = command.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 catcher\r\n');
        else if (verb === 'RCPT') {
          to = /<([^>]+)>/.exec(command)?.[1] ?? '';
          socket.write('250 OK\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') {
          socket.end('221 bye\r\n');
          return;
        } else socket.write('250 OK\r\n');
      }
    });
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, mails };
}

/** The token of the newest mail to `to` whose link contains `path`, waiting for the queue to send it. */
async function tokenFromMail(mails: Mail[], to: string, path: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const mail = mails.filter((m) => m.to === to && m.text.includes(path)).at(-1);
    const token = mail && new RegExp(`${path}#token=([A-Za-z0-9_-]+)`).exec(mail.text)?.[1];
    if (token) return token;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no ${path} mail to ${to}: ${JSON.stringify(mails.map((m) => m.to))}`);
}

const toast = (page: Page, text: string | RegExp) => page.locator('.toasts').getByText(text).waitFor();

describe('organization settings', { skip: hasChromium ? false : 'no chromium at /usr/bin/chromium' }, () => {
  let h: AppHarness;
  let catcher: Awaited<ReturnType<typeof startMailCatcher>>;
  const org = { slug: 'settings-co', name: 'Settings Company' };

  before(async () => {
    catcher = await startMailCatcher();
    h = await startAppHarness({
      name: 'app-settings',
      org,
      // The webhook test's receiver listens on 127.0.0.1.
      env: { SMTP_URL: `smtp://127.0.0.1:${catcher.port}`, WEBHOOKS_ALLOW_PRIVATE: 'true' },
    });
  });
  after(async () => {
    await h?.close();
    catcher?.server.close();
  });

  it('edits the profile and branding, warns about pale colours, and the career site follows', async () => {
    const page = await h.open('/settings');
    await page.getByRole('heading', { level: 1, name: 'Organization' }).waitFor();
    const tabs = page.getByRole('navigation', { name: 'Settings' });
    assert.deepEqual(await tabs.getByRole('link').allInnerTexts(), [
      'Organization',
      'Members',
      'API tokens',
      'Webhooks',
      'Pipeline',
      'Candidate emails',
      'Privacy',
      'Audit log',
    ]);
    assert.equal(await tabs.getByRole('link', { name: 'Organization' }).getAttribute('aria-current'), 'page');
    const name = page.getByLabel('Organization name');
    await name.waitFor();
    assert.equal(await name.inputValue(), org.name);
    await checkScreen(page, 'organization settings', 'settings-organization');

    // A pale colour: white text on it is unreadable, and the screen says so with the ratio.
    await page.getByLabel('Brand colour (hex)').fill('#f5f0c8');
    await page.getByText(/Low contrast: white text on #f5f0c8 has a contrast of 1\.\d\d:1/).waitFor();
    await page.getByLabel('Brand colour (hex)').fill('#0f766e');
    await page.getByText(/Contrast with white text: 5\.\d\d:1 \(meets 4\.5:1\)/).waitFor();
    assert.equal(await page.getByText(/Low contrast/).count(), 0);

    // The API's field error lands on its field.
    await page.getByLabel('Website').fill('ftp://juniper.example');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: 'Could not save the settings' }).waitFor();
    assert.equal(await page.getByLabel('Website').getAttribute('aria-invalid'), 'true');

    await name.fill('Juniper Logistics');
    await page.getByLabel('Website').fill('https://juniper.example');
    await page.getByLabel('Logo URL').fill('https://juniper.example/logo.png');
    // The preview's alternative text is the organization's name (offline here, so it says it failed).
    await page
      .getByRole('img', { name: 'Juniper Logistics' })
      .or(page.getByText(/could not be loaded/))
      .first()
      .waitFor();
    await page.getByLabel('Employee count').fill('120');
    assert.match((await page.getByText(/Pay-transparency laws/).textContent()) ?? '', /salary range/);
    await page.getByLabel('Careers introduction').fill('We move things that matter.');
    await page.getByLabel('Consent text').fill('I agree that Juniper Logistics keeps my application.');
    await page.getByRole('button', { name: 'Save' }).click();
    await toast(page, 'Organization settings saved');

    const saved = await h.api<Record<string, unknown>>('GET', '/api/v1/org');
    assert.equal(saved.json.name, 'Juniper Logistics');
    assert.equal(saved.json.brandColor, '#0f766e');
    assert.equal(saved.json.employeeCount, 120);
    assert.equal(saved.json.website, 'https://juniper.example');

    const link = page.getByRole('link', { name: `/careers/${org.slug}` });
    assert.equal(await link.getAttribute('href'), `/careers/${org.slug}`);
    const careers = await fetch(`${h.base}/careers/${org.slug}`);
    assert.equal(careers.status, 200);
    const html = await careers.text();
    assert.match(html, /Juniper Logistics/);
    assert.match(html, /We move things that matter\./);

    // /settings/organization is the same screen.
    await page.goto(`${h.base}/app/settings/organization`);
    await page.waitForURL(/\/app\/settings$/);
    await page.getByRole('heading', { level: 1, name: 'Organization' }).waitFor();
    await page.close();
  });

  it('invites and revokes, and changes the role of a member who joined by the emailed link', async () => {
    const page = await h.open('/settings/members');
    await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
    await page.getByText(h.owner.email).first().waitFor();

    await page.getByLabel('Email address').fill('new.person@example.test');
    await page.getByLabel('Role', { exact: true }).selectOption('recruiter');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await toast(page, 'Invitation sent to new.person@example.test');
    const pending = page.getByRole('list', { name: 'Pending invitations' });
    await pending.getByText('new.person@example.test').waitFor();
    await checkScreen(page, 'members settings', 'settings-members');
    await page.getByRole('button', { name: 'Revoke invitation to new.person@example.test' }).click();
    await toast(page, 'Invitation to new.person@example.test revoked');
    await page.getByText('No pending invitations.').waitFor();

    // A second person signs up, confirms the address and accepts an invitation sent from this screen.
    const second = 'second.member@example.test';
    const password = 'a long and unusual passphrase 42';
    const signup = await fetch(`${h.base}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: second, password, name: 'Sam Second' }),
    });
    assert.ok(signup.status < 300, `sign-up answered ${signup.status}`);
    const verifyToken = await tokenFromMail(catcher.mails, second, '/app/verify-email');
    const verified = await fetch(`${h.base}/api/v1/auth/verify-email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: verifyToken, password }),
    });
    assert.ok(verified.status < 300, `verification answered ${verified.status}`);
    await page.getByLabel('Email address').fill(second);
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await pending.getByText(second).waitFor();
    const inviteToken = await tokenFromMail(catcher.mails, second, '/app/invitations/accept');
    const secondApi = await signedInApi(h.base, second, password);
    const accepted = await secondApi('POST', '/api/v1/invitations/accept', { token: inviteToken });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.json));

    // The viewer sees only the tabs their role may use, and a clear refusal on a shared link.
    const viewerContext = await h.browser.newContext({ bypassCSP: true });
    const viewerPage = await viewerContext.newPage();
    await signInThroughForm(viewerPage, h.base, second, password);
    await viewerPage.goto(`${h.base}/app/settings`);
    const viewerTabs = viewerPage.getByRole('navigation', { name: 'Settings' });
    await viewerTabs.getByRole('link', { name: 'Members' }).waitFor();
    assert.deepEqual(await viewerTabs.getByRole('link').allInnerTexts(), [
      'Organization',
      'Members',
      'Pipeline',
      'Candidate emails',
      'Privacy',
    ]);
    await viewerPage.goto(`${h.base}/app/settings/tokens`);
    await viewerPage.getByText('Your role in this organization cannot use API tokens.').waitFor();
    await viewerContext.close();

    await page.reload();
    const role = page.getByLabel(`Role of ${second}`);
    await role.waitFor();
    assert.equal(await role.inputValue(), 'viewer');
    await role.selectOption('hiring_manager');
    await toast(page, `${second} is now hiring manager`);
    const members = await h.api<{ data: { email: string; role: string }[] }>(
      'GET',
      '/api/v1/org/members?limit=100',
    );
    assert.equal(members.json.data.find((m) => m.email === second)?.role, 'hiring_manager');

    // The last owner cannot step down: the API's reason shows, and the select goes back.
    const ownRole = page.getByLabel(`Role of ${h.owner.email}`);
    await ownRole.selectOption('admin');
    const refusal = page.getByRole('alert').filter({ hasText: 'Could not change the role' });
    await refusal.waitFor();
    assert.match((await refusal.textContent()) ?? '', /An organization must keep at least one owner\./);
    await assertEventually(async () => (await ownRole.inputValue()) === 'owner');

    // Removing asks first.
    await page.getByRole('button', { name: `Remove ${second}` }).click();
    const dialog = page.getByRole('dialog', { name: `Remove ${second}?` });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Remove member' }).click();
    await toast(page, `${second} was removed from the organization`);
    // The toast comes from the mutation; the list refetches after it.
    await page.getByLabel(`Role of ${second}`).waitFor({ state: 'detached' });
    await page.close();
  });

  it('creates an API token, shows its secret once, and revokes it', async () => {
    const page = await h.open('/settings/tokens');
    await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    await page.getByRole('heading', { name: 'No API tokens' }).waitFor();
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText('Choose at least one scope.').waitFor();
    await page.getByLabel('Token name').fill('HRIS sync');
    await page.getByLabel(/org:admin/).check();
    await page.getByLabel(/postings:read/).check();
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('heading', { name: 'Your new token “HRIS sync”' }).waitFor();
    await page.getByText('Copy it now: it will not be shown again.').waitFor();
    const secret = await page.getByLabel('API token').inputValue();
    assert.match(secret, /^rc_/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText(/Copied to the clipboard|Could not copy automatically/).waitFor();

    const bearer = { authorization: `Bearer ${secret}` };
    assert.equal((await fetch(`${h.base}/api/v1/org`, { headers: bearer })).status, 200);

    await page.getByRole('button', { name: 'I have stored it' }).click();
    assert.equal(await page.getByLabel('API token').count(), 0);
    assert.equal((await page.content()).includes(secret), false);
    const row = page.getByRole('row', { name: /HRIS sync/ });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /org:admin/);
    await checkScreen(page, 'API tokens', 'settings-tokens');

    await page.getByRole('button', { name: 'Revoke HRIS sync' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke “HRIS sync”?' });
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await toast(page, 'Token “HRIS sync” revoked');
    await page.getByRole('heading', { name: 'No API tokens' }).waitFor();
    assert.equal((await fetch(`${h.base}/api/v1/org`, { headers: bearer })).status, 401);
    await page.close();
  });

  it('adds a webhook endpoint, shows its signing secret once, and shows deliveries with redelivery', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const receiver = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end();
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const arrived = async (n: number) => {
      const deadline = Date.now() + 20_000;
      while (received.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.equal(received.length, n, `${n} request(s) at the receiver`);
    };
    try {
      const page = await h.open('/settings/webhooks');
      await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
      await page.getByRole('heading', { name: 'No webhook endpoints' }).waitFor();
      await page.getByLabel('Endpoint URL').fill(url);
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      await page.getByText('Choose at least one event.').waitFor();
      await page.getByLabel(/posting\.published/).check();
      await page.getByLabel(/application\.hired/).check();
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      await page.getByRole('heading', { name: `Your new signing secret “${url}”` }).waitFor();
      const secret = await page.getByLabel('Signing secret', { exact: true }).inputValue();
      assert.match(secret, /^whsec_/);
      await page.getByRole('button', { name: 'I have stored it' }).click();
      assert.equal((await page.content()).includes(secret), false);
      const row = page.getByRole('row', { name: new RegExp(url) });
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', /Active/);
      await checkScreen(page, 'Webhooks', 'settings-webhooks');

      await page.getByRole('button', { name: `Send a test event to ${url}` }).click();
      await toast(page, `Test event queued for ${url}`);
      await arrived(1);
      const first = received[0]!;
      const verified = new Webhook(secret).verify(first.body, {
        'webhook-id': String(first.headers['webhook-id']),
        'webhook-timestamp': String(first.headers['webhook-timestamp']),
        'webhook-signature': String(first.headers['webhook-signature']),
      }) as { type: string };
      assert.equal(verified.type, 'webhook.test');

      await page.getByRole('link', { name: url }).click();
      await page.getByRole('heading', { level: 1, name: 'Webhook endpoint' }).waitFor();
      // The log is read when the page opens; the delivery may still be in flight then.
      for (let i = 0; i < 20 && (await page.getByText('succeeded', { exact: true }).count()) === 0; i++) {
        await page.waitForTimeout(300);
        await page.reload();
        await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
      }
      await page.getByText('succeeded', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Details' }).click();
      const attempts = page.getByRole('table', { name: 'Attempts' });
      await attempts.waitFor();
      assert.match((await attempts.textContent()) ?? '', /200/);
      await page.getByText(`webhook-id: ${first.headers['webhook-id']}`).waitFor();
      await checkScreen(page, 'Webhook endpoint', 'settings-webhook-deliveries');

      await page.getByRole('button', { name: /^Redeliver webhook\.test/ }).click();
      await toast(page, 'Redelivery of webhook.test queued');
      await arrived(2);
      assert.equal(received[1]?.headers['webhook-id'], first.headers['webhook-id'], 'same webhook-id');

      await page.getByRole('button', { name: 'Disable' }).click();
      await toast(page, 'Endpoint disabled');
      await page.getByText('Disabled', { exact: true }).waitFor();
      await page.close();
    } finally {
      receiver.close();
    }
  });

  it('edits the default pipeline stages, with the API’s validation errors', async () => {
    const page = await h.open('/settings/pipeline');
    await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
    const second = page.getByLabel('Name of stage 2');
    await second.waitFor();
    assert.equal(await second.inputValue(), 'Screening');
    await checkScreen(page, 'pipeline settings', 'settings-pipeline');

    // A duplicate name: the API refuses with its reason.
    await second.fill('Interview');
    await page.getByRole('button', { name: 'Save stages' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Could not save the stages' });
    await refusal.waitFor();
    assert.match((await refusal.textContent()) ?? '', /Two stages are named/);

    await second.fill('Phone screen');
    await page.getByLabel('New stage name').fill('Take-home task');
    await page.getByLabel('New stage kind').selectOption('custom');
    await page.getByRole('button', { name: 'Add stage' }).click();
    // Added before the closing stages: 1 Applied, 2 Phone screen, 3 Interview, 4 Offer, 5 Take-home task.
    assert.equal(await page.getByLabel('Name of stage 5').inputValue(), 'Take-home task');
    await page.getByRole('button', { name: 'Move Take-home task up' }).click();
    await page.getByRole('button', { name: 'Move Take-home task up' }).click();
    assert.equal(await page.getByLabel('Name of stage 3').inputValue(), 'Take-home task');
    await page.getByText('Take-home task moved to position 3 of 7.').waitFor();
    await page.getByRole('button', { name: 'Remove Offer' }).click();
    await page.getByText('You have unsaved changes.').waitFor();
    await page.getByRole('button', { name: 'Save stages' }).click();
    await toast(page, 'Pipeline stages saved');

    const stages = await h.api<{ items: { name: string; kind: string }[] }>(
      'GET',
      '/api/v1/org/pipeline/stages',
    );
    assert.deepEqual(
      stages.json.items.map((s) => s.name),
      ['Applied', 'Phone screen', 'Take-home task', 'Interview', 'Hired', 'Rejected'],
    );
    await page.close();
  });

  it('edits, previews and resets a candidate email', async () => {
    const page = await h.open('/settings/emails');
    await page.getByRole('heading', { level: 1, name: 'Candidate emails' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Candidate emails' })
      .getByRole('link', { name: /Rejection/ })
      .click();
    await page.waitForURL(/\/app\/settings\/emails\/rejection$/);
    await page.getByRole('heading', { level: 2, name: 'Rejection' }).waitFor();
    await page.getByText('Placeholders you can use').click();
    await page.getByText('{{candidate.first_name}}', { exact: true }).waitFor();

    const subject = page.getByLabel('Subject');
    await subject.fill('An update on {{job.titel}}');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Could not save the email' });
    await refusal.waitFor();
    assert.match((await refusal.textContent()) ?? '', /Unknown variable: \{\{job\.titel\}\}/);

    await subject.fill('An update on {{job.title}} at {{org.name}}');
    await page
      .getByLabel('Body')
      .fill('Dear {{candidate.first_name}},\n\nThank you for your time.\n\n{{org.name}}');
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.waitFor();
    const previewText = (await preview.textContent()) ?? '';
    assert.match(previewText, /An update on Senior Product Designer at Juniper Logistics/);
    assert.match(previewText, /Dear Alex,/);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await toast(page, '“Rejection” email saved');
    await page.getByText('Your text', { exact: true }).first().waitFor();
    await checkScreen(page, 'candidate emails', 'settings-emails');

    const stored = await h.api<{ items: { kind: string; subject: string; custom: boolean }[] }>(
      'GET',
      '/api/v1/org/email-templates',
    );
    assert.equal(
      stored.json.items.find((t) => t.kind === 'rejection')?.subject,
      'An update on {{job.title}} at {{org.name}}',
    );

    await page.getByRole('button', { name: 'Reset to built-in' }).click();
    await page
      .getByRole('dialog', { name: 'Reset to the built-in text?' })
      .getByRole('button', { name: 'Reset email' })
      .click();
    await toast(page, '“Rejection” email reset to the built-in text');
    await page.getByText('Built-in text', { exact: true }).waitFor();
    assert.notEqual(
      await page.getByLabel('Subject').inputValue(),
      'An update on {{job.title}} at {{org.name}}',
    );
    await page.close();
  });

  it('sets the retention period and explains it', async () => {
    const page = await h.open('/settings/privacy');
    await page.getByRole('heading', { level: 1, name: 'Privacy' }).waitFor();
    await page.getByText(/30 days before it ends/).waitFor();
    const months = page.getByLabel('Keep candidate data for (months)');
    assert.equal(await months.inputValue(), '24');
    await months.fill('36');
    await page.getByRole('button', { name: 'Save retention period' }).click();
    await toast(page, 'Retention period saved');
    assert.equal((await h.api<{ retentionMonths: number }>('GET', '/api/v1/org')).json.retentionMonths, 36);
    await checkScreen(page, 'privacy settings', 'settings-privacy');
    await page.close();
  });

  it('lists these actions in the audit log, filtered from the URL', async () => {
    const page = await h.open('/settings/audit');
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const table = page.getByRole('table', { name: 'Audit events, newest first' });
    await table.waitFor();
    const text = (await table.textContent()) ?? '';
    for (const action of [
      'org.updated',
      'invitation.created',
      'invitation.revoked',
      'invitation.accepted',
      'member.role_changed',
      'member.removed',
      'token.created',
      'token.revoked',
      'pipeline.stages_changed',
      'email_template.changed',
    ]) {
      assert.ok(text.includes(action), `${action} is listed`);
    }
    assert.match(text, new RegExp(h.owner.email.replace('.', '\\.')));
    await checkScreen(page, 'audit log', 'settings-audit');

    await page.getByLabel('Action').fill('token.');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/\/app\/settings\/audit\?action=token\.$/);
    await page.getByRole('status').filter({ hasText: '2 events shown (filtered).' }).waitFor();
    const actions = await table.locator('tbody td:nth-child(3)').allInnerTexts();
    assert.deepEqual(actions, ['token.revoked', 'token.created']);

    // The filtered view is a link of its own.
    const shared = await h.open('/settings/audit?action=invitation.revoked');
    await shared.getByRole('status').filter({ hasText: '1 event shown (filtered).' }).waitFor();
    assert.equal(await shared.getByLabel('Action').inputValue(), 'invitation.revoked');
    await shared.getByRole('button', { name: 'Clear filters' }).click();
    await shared.waitForURL(/\/app\/settings\/audit$/);
    await shared.close();
    await page.close();
  });
});

async function assertEventually(check: () => Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail('the condition did not hold in time');
}
