// Webhooks in a real server process: the event's NOTIFY at commit wakes the relay, the job queue
// (pg-boss) runs the attempt, and the receiver gets one signed message per event — the path
// main.ts wires, on PGlite or on PostgreSQL.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { createUser } from './e2e/app.ts';
import { signedInApi } from './e2e/browser.ts';
import { type ProcessDatabase, processDatabase } from './helpers.ts';
import { postingBody } from './postings.ts';
import { type Served, startServer } from './process.ts';

describe('webhooks through the job queue of a running server', () => {
  let db: ProcessDatabase;
  let server: Served;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end();
    });
  });

  before(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    db = await processDatabase('hooks');
  });
  after(async () => {
    server?.child.kill('SIGTERM');
    if (server) await server.exited;
    await db.drop();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('delivers each committed event once, signed, within seconds', async () => {
    const email = 'hooks-owner@example.test';
    const password = await createUser(db.env, email);
    server = await startServer(
      { ...db.env, LOG_LEVEL: 'warn', SHUTDOWN_GRACE_MS: '0', WEBHOOKS_ALLOW_PRIVATE: 'true' },
      120_000,
    );
    const api = await signedInApi(server.base, email, password);
    assert.equal((await api('POST', '/api/v1/orgs', { slug: 'hooks-co', name: 'Hooks Co' })).status, 201);
    const port = (receiver.address() as AddressInfo).port;
    const endpoint = await api('POST', '/api/v1/org/webhooks', {
      url: `http://127.0.0.1:${port}/in`,
      events: ['posting.published', 'posting.closed'],
    });
    assert.equal(endpoint.status, 201, JSON.stringify(endpoint.json));
    const { id: endpointId, secret } = endpoint.json as { id: string; secret: string };

    const posting = await api('POST', '/api/v1/org/postings', postingBody());
    assert.equal(posting.status, 201, JSON.stringify(posting.json));
    const postingId = (posting.json as { id: string }).id;
    assert.equal((await api('POST', `/api/v1/org/postings/${postingId}/publish`)).status, 200);
    assert.equal((await api('POST', `/api/v1/org/postings/${postingId}/close`)).status, 200);

    const deadline = Date.now() + 20_000;
    while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const types = received.map(
      (r) =>
        (
          new Webhook(secret).verify(r.body, {
            'webhook-id': String(r.headers['webhook-id']),
            'webhook-timestamp': String(r.headers['webhook-timestamp']),
            'webhook-signature': String(r.headers['webhook-signature']),
          }) as { type: string }
        ).type,
    );
    assert.deepEqual(types.sort(), ['posting.closed', 'posting.published']);

    // Nothing more arrives: one delivery per event, however many relays ran.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(received.length, 2);
    const log = await api('GET', `/api/v1/org/webhooks/${endpointId}/deliveries`);
    const rows = (log.json as { data: { status: string; attempts: number }[] }).data;
    assert.deepEqual(
      rows.map((d) => [d.status, d.attempts]),
      [
        ['succeeded', 1],
        ['succeeded', 1],
      ],
    );
  });
});
