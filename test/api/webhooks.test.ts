// Webhooks end to end through HTTP on a real database: registration and its URL checks, events
// written with the change that caused them (the outbox), Standard Webhooks signatures verified
// with the reference library, retries, the delivery log, redelivery, disabling after a day of
// failures with mail to the admins, and SSRF refusals at delivery time.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { queryRows } from '../../src/db/client.ts';
import { buildTestApp, json, send, type TestApp } from '../helpers.ts';
import { makeEmployer, type Employer, postingBody } from '../postings.ts';
import { applicantFields, apply } from '../applications.ts';
import { member } from '../identity.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local receiver whose answer each test sets. */
async function receiver() {
  const received: Received[] = [];
  let answer: { status: number; headers?: Record<string, string> } = { status: 204 };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(answer.status, answer.headers ?? {}).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    received,
    url: (path = '/hooks') => `http://127.0.0.1:${port}${path}`,
    port,
    answer: (next: typeof answer) => {
      answer = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
type Receiver = Awaited<ReturnType<typeof receiver>>;

const WEBHOOKS = '/api/v1/org/webhooks';

describe('webhook endpoints: registration and access', () => {
  let t: TestApp;
  let e: Employer;
  // A stand-in for DNS: names the tests control.
  const dns = new Map<string, string>([
    ['hooks.example.com', '93.184.216.34'],
    ['internal.example.com', '10.0.0.7'],
  ]);
  before(async () => {
    t = await buildTestApp({
      seed: false,
      webhooks: {
        lookup: async (host) => {
          const address = dns.get(host);
          return address ? [{ address, family: 4 as const }] : [];
        },
      },
    });
    e = await makeEmployer(t);
  });
  after(() => t.close());

  it('registers an endpoint and shows its signing secret once', async () => {
    const res = await send(t.app, 'POST', WEBHOOKS, e.headers, {
      url: 'https://hooks.example.com/rolecraft',
      events: ['application.created', 'application.hired'],
      description: 'HRIS',
    });
    assert.equal(res.statusCode, 201, res.body);
    const created = json(res);
    assert.match(created.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.deepEqual(created.events, ['application.created', 'application.hired']);
    const list = json(await send(t.app, 'GET', WEBHOOKS, e.headers));
    assert.equal(list.data.length, 1);
    assert.equal(list.data[0].secret, undefined, 'never listed');
    const one = json(await send(t.app, 'GET', `${WEBHOOKS}/${created.id}`, e.headers));
    assert.equal(one.secret, undefined);
    assert.equal(one.enabled, true);
    const rotated = json(await send(t.app, 'POST', `${WEBHOOKS}/${created.id}/rotate-secret`, e.headers));
    assert.match(rotated.secret, /^whsec_/);
    assert.notEqual(rotated.secret, created.secret);
    const audit = json(await send(t.app, 'GET', '/api/v1/audit-events?limit=100', e.headers));
    const actions = audit.data.map((a: { action: string }) => a.action);
    assert.ok(actions.includes('webhook.created') && actions.includes('webhook.secret_rotated'));
  });

  for (const [url, reason] of [
    ['http://127.0.0.1/hook', 'address'],
    ['http://2130706433/hook', 'address'],
    ['http://0x7f.1/hook', 'address'],
    ['http://[::1]/hook', 'address'],
    ['http://[::ffff:127.0.0.1]/hook', 'address'],
    ['http://169.254.169.254/latest/meta-data/', 'address'],
    ['http://10.1.2.3/hook', 'address'],
    ['http://localhost:8080/hook', 'address'],
    ['https://internal.example.com/hook', 'resolves_to_blocked'],
    ['ftp://hooks.example.com/hook', 'scheme'],
    ['https://user:pass@hooks.example.com/hook', 'credentials'],
  ] as const) {
    it(`refuses ${url} (${reason})`, async () => {
      const res = await send(t.app, 'POST', WEBHOOKS, e.headers, { url, events: ['posting.published'] });
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(json(res).code, 'webhook_url_not_allowed');
      if (reason !== 'address') assert.equal(json(res).reason, reason);
      else assert.ok(['address', 'invalid_url'].includes(json(res).reason), json(res).reason);
    });
  }

  it('checks a changed URL as strictly as a new one', async () => {
    const created = json(
      await send(t.app, 'POST', WEBHOOKS, e.headers, {
        url: 'https://hooks.example.com/moving',
        events: ['posting.published'],
      }),
    );
    const moved = await send(t.app, 'PATCH', `${WEBHOOKS}/${created.id}`, e.headers, {
      url: 'http://169.254.169.254/latest/meta-data/',
    });
    assert.equal(moved.statusCode, 422, moved.body);
    assert.equal(json(moved).code, 'webhook_url_not_allowed');
    const kept = json(await send(t.app, 'GET', `${WEBHOOKS}/${created.id}`, e.headers));
    assert.equal(kept.url, 'https://hooks.example.com/moving');
  });

  it('validates the event list', async () => {
    const unknown = await send(t.app, 'POST', WEBHOOKS, e.headers, {
      url: 'https://hooks.example.com/x',
      events: ['posting.exploded'],
    });
    assert.equal(unknown.statusCode, 400);
    const none = await send(t.app, 'POST', WEBHOOKS, e.headers, {
      url: 'https://hooks.example.com/x',
      events: [],
    });
    assert.equal(none.statusCode, 400);
  });

  it('is for owners and admins only, and never shows another organization’s endpoints', async () => {
    const created = json(
      await send(t.app, 'POST', WEBHOOKS, e.headers, {
        url: 'https://hooks.example.com/acl',
        events: ['posting.published'],
      }),
    );
    const recruiter = await member(t.database, t.config, e.orgId, 'recruiter');
    assert.equal((await send(t.app, 'GET', WEBHOOKS, recruiter.headers)).statusCode, 403);
    assert.equal((await send(t.app, 'GET', `${WEBHOOKS}/${created.id}`, recruiter.headers)).statusCode, 403);
    const admin = await member(t.database, t.config, e.orgId, 'admin');
    assert.equal((await send(t.app, 'GET', `${WEBHOOKS}/${created.id}`, admin.headers)).statusCode, 200);
    const other = await makeEmployer(t);
    assert.equal((await send(t.app, 'GET', `${WEBHOOKS}/${created.id}`, other.headers)).statusCode, 404);
    assert.equal(
      (await send(t.app, 'PATCH', `${WEBHOOKS}/${created.id}`, other.headers, { enabled: false })).statusCode,
      404,
    );
    assert.equal((await send(t.app, 'DELETE', `${WEBHOOKS}/${created.id}`, other.headers)).statusCode, 404);
    assert.equal(json(await send(t.app, 'GET', WEBHOOKS, other.headers)).data.length, 0);
  });

  it('refuses to deliver to a name that has come to resolve to a private address (DNS checked again)', async () => {
    const r = await receiver();
    try {
      dns.set('moving.example.com', '93.184.216.35');
      const created = json(
        await send(t.app, 'POST', WEBHOOKS, e.headers, {
          url: `http://moving.example.com:${r.port}/hook`,
          events: ['posting.published'],
        }),
      );
      dns.set('moving.example.com', '127.0.0.1');
      const posting = await e.create(postingBody());
      await e.publish(posting.id);
      await t.app.tasks.relayWebhooks();
      assert.equal(r.received.length, 0, 'nothing reached the loopback receiver');
      const log = json(await send(t.app, 'GET', `${WEBHOOKS}/${created.id}/deliveries`, e.headers));
      assert.equal(log.data.length, 1);
      const detail = json(
        await send(t.app, 'GET', `${WEBHOOKS}/${created.id}/deliveries/${log.data[0].id}`, e.headers),
      );
      assert.equal(detail.attemptLog.length, 1);
      assert.equal(detail.attemptLog[0].statusCode, null);
      assert.match(detail.attemptLog[0].error, /private|internal|blocked|not allowed/i);
    } finally {
      await r.close();
    }
  });
});

describe('webhook deliveries', () => {
  let t: TestApp;
  let e: Employer;
  let r: Receiver;
  let endpoint: { id: string; secret: string };
  let postingId: string;
  let ip = 0;

  const register = async (events: string[], path = '/hooks') => {
    const res = await send(t.app, 'POST', WEBHOOKS, e.headers, { url: r.url(path), events });
    assert.equal(res.statusCode, 201, res.body);
    return json(res) as { id: string; secret: string };
  };
  const deliveries = async (id = endpoint.id) =>
    json(await send(t.app, 'GET', `${WEBHOOKS}/${id}/deliveries`, e.headers)).data as {
      id: string;
      status: string;
      attempts: number;
      eventType: string;
      messageId: string;
    }[];
  const verify = (secret: string, got: Received) =>
    new Webhook(secret).verify(got.body, {
      'webhook-id': String(got.headers['webhook-id']),
      'webhook-timestamp': String(got.headers['webhook-timestamp']),
      'webhook-signature': String(got.headers['webhook-signature']),
    }) as { type: string; timestamp: string; data: Record<string, unknown> };

  before(async () => {
    t = await buildTestApp({
      seed: false,
      env: { WEBHOOKS_ALLOW_PRIVATE: 'true' },
      webhooks: { retrySchedule: [0, 0] },
    });
    e = await makeEmployer(t);
    r = await receiver();
    endpoint = await register([
      'posting.published',
      'application.created',
      'application.stage_changed',
      'application.hired',
    ]);
    const posting = await e.create(postingBody());
    postingId = posting.id;
  });
  after(async () => {
    await r.close();
    await t.close();
  });
  beforeEach(() => {
    r.received.length = 0;
    r.answer({ status: 204 });
  });

  it('records the event with the change and delivers it signed (Standard Webhooks)', async () => {
    await e.publish(postingId);
    // Committed with the posting, before anything was sent.
    const [pending] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from webhook_deliveries where status = 'pending'`,
    );
    assert.equal(pending?.n, 1);
    assert.equal(await t.app.tasks.relayWebhooks(), 1);
    assert.equal(r.received.length, 1);
    const got = r.received[0]!;
    assert.match(String(got.headers['webhook-id']), /^msg_[0-9a-f]{32}$/);
    assert.match(String(got.headers['webhook-signature']), /^v1,[A-Za-z0-9+/]+=*$/);
    assert.equal(got.headers['content-type'], 'application/json');
    const message = verify(endpoint.secret, got);
    assert.equal(message.type, 'posting.published');
    assert.deepEqual(message.data.posting, {
      id: postingId,
      number: (message.data.posting as { number: number }).number,
      title: 'Backend Engineer',
      status: 'published',
    });
    assert.throws(
      () => verify(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, got),
      'another secret fails',
    );
    const [d] = await deliveries();
    assert.equal(d?.status, 'succeeded');
    assert.equal(d?.attempts, 1);
    const detail = json(
      await send(t.app, 'GET', `${WEBHOOKS}/${endpoint.id}/deliveries/${d!.id}`, e.headers),
    );
    assert.equal(detail.attemptLog[0].statusCode, 204);
    assert.equal(detail.payload.type, 'posting.published');
    assert.equal(await t.app.tasks.relayWebhooks(), 0, 'delivered once');
  });

  it('writes nothing when the change is refused (the event shares its transaction)', async () => {
    const before = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from webhook_messages`,
    );
    const draft = await e.create(postingBody({ employmentType: undefined, locations: [] }));
    const refused = await send(t.app, 'POST', `/api/v1/org/postings/${draft.id}/publish`, e.headers);
    assert.equal(refused.statusCode, 422, refused.body);
    const after = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from webhook_messages`,
    );
    assert.equal(after[0]?.n, before[0]?.n);
  });

  it('sends application.created, then stage_changed and hired on a move to Hired', async () => {
    const res = await apply(t.app, e.slug, postingId, {
      fields: applicantFields({ name: 'Grace Hopper' }),
      remoteAddress: `10.77.0.${++ip}`,
    });
    assert.equal(res.statusCode, 201, res.body);
    const applicationId = json(res).id as string;
    await t.app.tasks.relayWebhooks();
    assert.deepEqual(
      r.received.map((g) => verify(endpoint.secret, g).type),
      ['application.created'],
    );
    const created = verify(endpoint.secret, r.received[0]!);
    assert.equal((created.data.application as { id: string }).id, applicationId);
    assert.equal(JSON.stringify(created).includes('Grace'), false, 'no personal data in payloads');

    const stages = json(await send(t.app, 'GET', '/api/v1/org/pipeline/stages', e.headers)).items as {
      id: string;
      kind: string;
    }[];
    const hired = stages.find((s) => s.kind === 'hired')!;
    r.received.length = 0;
    const moved = await send(t.app, 'POST', `/api/v1/org/applications/${applicationId}/move`, e.headers, {
      stageId: hired.id,
    });
    assert.equal(moved.statusCode, 200, moved.body);
    await t.app.tasks.relayWebhooks();
    const types = r.received.map((g) => verify(endpoint.secret, g).type).sort();
    assert.deepEqual(types, ['application.hired', 'application.stage_changed']);
    const change = verify(endpoint.secret, r.received[0]!);
    assert.equal((change.data.to as { kind: string }).kind, 'hired');
  });

  it('does not send events the endpoint did not subscribe to', async () => {
    const only = await register(['posting.closed'], '/closed-only');
    const res = await apply(t.app, e.slug, postingId, { remoteAddress: `10.77.0.${++ip}` });
    assert.equal(res.statusCode, 201);
    await t.app.tasks.relayWebhooks();
    // The event happened (the endpoint subscribed to it got it), and nothing went to the other one.
    assert.deepEqual(
      r.received.map((g) => verify(endpoint.secret, g).type),
      ['application.created'],
    );
    assert.equal((await deliveries(only.id)).length, 0);
    await send(t.app, 'DELETE', `${WEBHOOKS}/${only.id}`, e.headers);
  });

  it('retries a failing receiver, logs each attempt, and redelivers with the same webhook-id', async () => {
    r.answer({ status: 500 });
    const sent = await send(t.app, 'POST', `${WEBHOOKS}/${endpoint.id}/test`, e.headers);
    assert.equal(sent.statusCode, 202, sent.body);
    await t.app.tasks.relayWebhooks(); // attempt 1
    let [d] = await deliveries();
    assert.equal(d?.eventType, 'webhook.test');
    assert.equal(d?.status, 'pending');
    assert.equal(d?.attempts, 1);
    await t.app.tasks.relayWebhooks(); // attempt 2
    r.answer({ status: 302, headers: { location: 'http://169.254.169.254/' } });
    await t.app.tasks.relayWebhooks(); // attempt 3: the last of a [0, 0] schedule
    [d] = await deliveries();
    assert.equal(d?.status, 'failed');
    assert.equal(d?.attempts, 3);
    assert.equal(r.received.length, 3, 'the redirect was not followed');
    const ids = new Set(r.received.map((g) => g.headers['webhook-id']));
    assert.equal(ids.size, 1, 'one webhook-id across attempts');
    const detail = json(
      await send(t.app, 'GET', `${WEBHOOKS}/${endpoint.id}/deliveries/${d!.id}`, e.headers),
    );
    assert.deepEqual(
      detail.attemptLog.map((a: { statusCode: number }) => a.statusCode),
      [500, 500, 302],
    );
    assert.match(detail.attemptLog[2].error, /redirect to http:\/\/169\.254\.169\.254\/ not followed/);
    const endpointNow = json(await send(t.app, 'GET', `${WEBHOOKS}/${endpoint.id}`, e.headers));
    assert.equal(endpointNow.enabled, true, 'not disabled before a day of failures');
    assert.ok(endpointNow.failingSince);

    r.answer({ status: 200 });
    r.received.length = 0;
    const again = await send(
      t.app,
      'POST',
      `${WEBHOOKS}/${endpoint.id}/deliveries/${d!.id}/redeliver`,
      e.headers,
    );
    assert.equal(again.statusCode, 202, again.body);
    assert.equal(json(again).messageId, d?.messageId);
    await t.app.tasks.relayWebhooks();
    assert.equal(r.received.length, 1);
    assert.equal(r.received[0]?.headers['webhook-id'], d?.messageId);
    const healed = json(await send(t.app, 'GET', `${WEBHOOKS}/${endpoint.id}`, e.headers));
    assert.equal(healed.failingSince, null, 'a success clears the failure streak');
  });

  it('disables an endpoint that has failed for a day, cancels what is pending and mails the admins', async () => {
    const dying = await register(['posting.published', 'posting.closed'], '/dying');
    r.answer({ status: 503 });
    await send(t.app, 'POST', `${WEBHOOKS}/${dying.id}/test`, e.headers);
    for (let i = 0; i < 3; i++) await t.app.tasks.relayWebhooks();
    assert.equal(json(await send(t.app, 'GET', `${WEBHOOKS}/${dying.id}`, e.headers)).enabled, true);
    // A day later, the next delivery gives up too.
    await t.database.db.execute(
      sql`update webhook_endpoints set failing_since = now() - interval '25 hours' where id = ${dying.id}`,
    );
    t.mailSink.messages.length = 0;
    await send(t.app, 'POST', `${WEBHOOKS}/${dying.id}/test`, e.headers);
    for (let i = 0; i < 3; i++) await t.app.tasks.relayWebhooks();
    const now = json(await send(t.app, 'GET', `${WEBHOOKS}/${dying.id}`, e.headers));
    assert.equal(now.enabled, false);
    assert.match(now.disabledReason, /more than a day/);
    const mail = t.mailSink.messages.filter((m) => m.kind === 'webhook-disabled');
    assert.equal(mail.length, 1, 'the owner is told');
    assert.match(mail[0]!.text, /\/dying/);
    // Disabled: nothing more is recorded for it, and a test send is refused.
    const test = await send(t.app, 'POST', `${WEBHOOKS}/${dying.id}/test`, e.headers);
    assert.equal(test.statusCode, 409);
    assert.equal(json(test).code, 'webhook_disabled');
    // Re-enabled by a person, it receives again.
    const on = await send(t.app, 'PATCH', `${WEBHOOKS}/${dying.id}`, e.headers, { enabled: true });
    assert.equal(on.statusCode, 200, on.body);
    assert.equal(json(on).failingSince, null);
    r.answer({ status: 200 });
    assert.equal((await send(t.app, 'POST', `${WEBHOOKS}/${dying.id}/test`, e.headers)).statusCode, 202);
    await t.app.tasks.relayWebhooks();
    const [latest] = await deliveries(dying.id);
    assert.equal(latest?.status, 'succeeded');
  });
});
