// Disabling an account (rolecraft admin disable-user) ends its sessions and revokes the API
// tokens and pending invitations it created.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { setUserDisabled } from '../../src/modules/identity/bootstrap.ts';
import { buildTestApp, type TestApp } from '../helpers.ts';
import { makeApiToken, makeOrg, makeUser, signIn } from '../identity.ts';

describe('disabling an account', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ seed: false });
  });
  after(() => t.close());

  it('ends its sessions and revokes its tokens and invitations; enabling does not bring them back', async () => {
    const owner = await makeUser(t.database);
    const org = await makeOrg(t.database, owner.id);
    const signed = await signIn(t.database, t.config, owner.id, org.id);
    const token = await makeApiToken(t.database, org.id, ['templates:read']);
    await t.database.db.execute(sql`update api_tokens set created_by = ${owner.id} where id = ${token.id}`);
    const invited = await t.app.inject({
      method: 'POST',
      url: '/api/v1/org/invitations',
      headers: signed.headers,
      payload: { email: 'later@example.test', role: 'viewer' },
    });
    assert.equal(invited.statusCode, 201);
    const read = (headers: Record<string, string>) =>
      t.app.inject({ method: 'GET', url: '/api/v1/org/templates', headers });
    assert.equal((await read(token.headers)).statusCode, 200);
    assert.equal((await read(signed.headers)).statusCode, 200);

    await setUserDisabled(t.database.db, owner.email, true);
    assert.equal((await read(token.headers)).statusCode, 401);
    assert.equal((await read(signed.headers)).statusCode, 401);
    const accept = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: owner.email, password: owner.password },
    });
    assert.equal(accept.statusCode, 403);
    const [pending] = (
      (await t.database.db.execute(
        sql`select count(*)::int as n from invitations where invited_by = ${owner.id} and revoked_at is null`,
      )) as unknown as { rows: { n: number }[] }
    ).rows;
    assert.equal(pending?.n, 0);
    const events = (
      (await t.database.db.execute(
        sql`select action, data->>'reason' as reason from audit_events
            where org_id = ${org.id} and action in ('token.revoked', 'invitation.revoked') order by action`,
      )) as unknown as { rows: { action: string; reason: string }[] }
    ).rows;
    assert.deepEqual(events, [
      { action: 'invitation.revoked', reason: 'creator_disabled' },
      { action: 'token.revoked', reason: 'creator_disabled' },
    ]);

    await setUserDisabled(t.database.db, owner.email, false);
    assert.equal((await read(token.headers)).statusCode, 401, 'a revoked token stays revoked');
  });
});
