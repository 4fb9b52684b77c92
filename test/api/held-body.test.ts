// A write is authorized again once its body has arrived: an admin who sends the headers, holds the
// body back and is removed meanwhile must not complete the write (say, minting an API token).
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../helpers.ts';
import { makeOrg, makeUser, member } from '../identity.ts';

/** Sends the head of a request, waits for `meanwhile`, then the body; resolves with the status. */
function heldRequest(
  port: number,
  path: string,
  headers: Record<string, string>,
  body: string,
  meanwhile: () => Promise<void>,
) {
  return new Promise<number>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => {
      answer += d;
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      if (status) {
        resolve(Number(status));
        socket.destroy();
      }
    });
    socket.on('error', reject);
    const head = Object.entries({
      ...headers,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n');
    socket.write(`POST ${path} HTTP/1.1\r\nhost: localhost\r\n${head}\r\n\r\n`, () => {
      meanwhile().then(() => socket.write(body), reject);
    });
  });
}

describe('a write whose body is held back', () => {
  let t: TestApp;
  let port: number;
  before(async () => {
    t = await buildTestApp({ seed: false });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as { port: number }).port;
  });
  after(() => t.close());

  it('is refused when the sender lost the right before the body arrived', async () => {
    const owner = await makeUser(t.database);
    const org = await makeOrg(t.database, owner.id);
    const admin = await member(t.database, t.config, org.id, 'admin');
    const status = await heldRequest(
      port,
      '/api/v1/org/api-tokens',
      admin.headers,
      JSON.stringify({ name: 'keep', scopes: ['org:admin'] }),
      async () => {
        // Let the server run the onRequest check on the headers first.
        await new Promise((r) => setTimeout(r, 200));
        await t.database.db.execute(sql`delete from memberships where user_id = ${admin.id}`);
      },
    );
    assert.equal(status, 403);
    const tokens = await t.database.db.execute(
      sql`select count(*)::int as n from api_tokens where org_id = ${org.id}`,
    );
    assert.equal((tokens as unknown as { rows: { n: number }[] }).rows[0]?.n, 0, 'no token was minted');
  });

  it('still completes for a sender who keeps the right', async () => {
    const owner = await makeUser(t.database);
    const org = await makeOrg(t.database, owner.id);
    const admin = await member(t.database, t.config, org.id, 'admin');
    const status = await heldRequest(
      port,
      '/api/v1/org/api-tokens',
      admin.headers,
      JSON.stringify({ name: 'fine', scopes: ['templates:read'] }),
      () => new Promise((r) => setTimeout(r, 100)),
    );
    assert.equal(status, 201);
  });
});
