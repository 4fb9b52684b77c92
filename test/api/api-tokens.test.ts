import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { apiTokens } from '../../src/db/schema.ts';
import { newId } from '../../src/shared/ids.ts';
import { hashToken, randomToken } from '../../src/shared/secrets.ts';
import {
  buildTestApp,
  type Headers,
  json,
  type Method,
  send,
  type TestApp,
  templateBody,
} from '../helpers.ts';
import { assertProblem, withoutInstance } from '../problems.ts';
import { makeApiToken, makeOrg, makeUser, member, signIn, unique } from '../identity.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ seed: false });
});
after(() => t.close());

const call = (method: Method, url: string, headers: Headers, payload?: object) =>
  send(t.app, method, url, headers, payload);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const TOKENS = '/api/v1/org/api-tokens';

const comparable = withoutInstance;

async function orgAdmin() {
  const owner = await makeUser(t.database);
  const org = await makeOrg(t.database, owner.id);
  const admin = await member(t.database, t.config, org.id, 'admin');
  return { org, owner, admin };
}

const create = (headers: Headers, body: object) => call('POST', TOKENS, headers, body);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Token rows put straight into the table, to reach the limit quickly. */
async function insertTokens(
  orgId: string,
  count: number,
  state: { revokedAt?: Date; expiresAt?: Date } = {},
) {
  await t.database.db.insert(apiTokens).values(
    Array.from({ length: count }, () => ({
      id: newId(),
      orgId,
      name: unique('bulk'),
      tokenPrefix: 'rc_bulk___',
      tokenHash: hashToken(randomToken()),
      scopes: ['templates:read'],
      revokedAt: state.revokedAt ?? null,
      expiresAt: state.expiresAt ?? null,
    })),
  );
}
const revocations = (orgId: string) =>
  queryRows<{ target_id: string; data: Record<string, unknown> }>(
    t.database.db,
    sql`select target_id, data from audit_events where org_id = ${orgId} and action = 'token.revoked' order by id`,
  );

describe('creating API tokens', () => {
  it('shows the token once, stores only its hash, and audits without it', async () => {
    const { org, admin } = await orgAdmin();
    const res = await create(admin.headers, {
      name: 'ATS sync',
      scopes: ['templates:read'],
      expiresAt: inDays(30),
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    const created = json(res);
    assert.deepEqual(Object.keys(created).sort(), [
      'createdAt',
      'expiresAt',
      'id',
      'lastUsedAt',
      'name',
      'prefix',
      'scopes',
      'token',
    ]);
    assert.match(created.token, /^rc_[\w-]{43}$/);
    assert.equal(created.prefix, created.token.slice(0, 10));
    assert.deepEqual(created.scopes, ['templates:read']);
    assert.equal(created.lastUsedAt, null);

    const list = await call('GET', TOKENS, admin.headers);
    assert.equal(list.headers['cache-control'], 'private, no-store');
    assert.ok(!list.body.includes(created.token), 'the token is never listed');
    const [listed] = json(list).data;
    assert.deepEqual(Object.keys(listed).sort(), [
      'createdAt',
      'createdBy',
      'expiresAt',
      'id',
      'lastUsedAt',
      'name',
      'prefix',
      'revokedAt',
      'scopes',
    ]);
    assert.equal(listed.createdBy, admin.id);

    const rows = await queryRows<{ token_hash: string }>(
      t.database.db,
      sql`select token_hash from api_tokens where id = ${created.id}`,
    );
    assert.notEqual(rows[0]?.token_hash, created.token);
    const events = await queryRows<{ action: string; data: { name: string; scopes: string[] }; raw: string }>(
      t.database.db,
      sql`select action, data, data::text as raw from audit_events where org_id = ${org.id}`,
    );
    const event = events.find((e) => e.action === 'token.created');
    assert.deepEqual(event?.data, { name: 'ATS sync', scopes: ['templates:read'] });
    assert.ok(!events.some((e) => e.raw.includes(created.token)));
  });

  it('validates scopes (400) and expiry (422 invalid_expiry)', async () => {
    const { admin } = await orgAdmin();
    for (const body of [
      { name: 'x', scopes: [] },
      { name: 'x', scopes: ['templates:read', 'templates:read'] },
      { name: 'x', scopes: ['everything'] },
      { name: '', scopes: ['templates:read'] },
      { name: 'x'.repeat(101), scopes: ['templates:read'] },
      { name: 'x', scopes: ['templates:read'], expiresAt: 'tomorrow' },
    ]) {
      assertProblem(await create(admin.headers, body), 400, 'validation_failed');
    }
    for (const expiresAt of [inDays(-1), inDays(367)]) {
      assertProblem(
        await create(admin.headers, { name: 'x', scopes: ['org:admin'], expiresAt }),
        422,
        'invalid_expiry',
      );
    }
  });

  it('allows at most 100 active tokens per organization (409 too_many_tokens)', async () => {
    const { org, admin } = await orgAdmin();
    const past = new Date(Date.now() - 1000);
    // Revoked and expired tokens do not count.
    await insertTokens(org.id, 5, { revokedAt: past });
    await insertTokens(org.id, 5, { expiresAt: past });
    await insertTokens(org.id, 49);
    await insertTokens(org.id, 50, { expiresAt: new Date(Date.now() + 86_400_000) });
    const hundredth = await create(admin.headers, { name: 'hundredth', scopes: ['templates:read'] });
    assert.equal(hundredth.statusCode, 201, hundredth.body);
    assertProblem(
      await create(admin.headers, { name: 'too many', scopes: ['templates:read'] }),
      409,
      'too_many_tokens',
    );
    const [row] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from api_tokens where org_id = ${org.id} and name = 'too many'`,
    );
    assert.equal(row?.n, 0);
    // Revoking one makes room; other organizations are not affected.
    assert.equal((await call('DELETE', `${TOKENS}/${json(hundredth).id}`, admin.headers)).statusCode, 204);
    assert.equal(
      (await create(admin.headers, { name: 'again', scopes: ['templates:read'] })).statusCode,
      201,
    );
    const other = await orgAdmin();
    assert.equal(
      (await create(other.admin.headers, { name: 'x', scopes: ['templates:read'] })).statusCode,
      201,
    );
  });

  it('holds the limit against concurrent creations', async () => {
    const { org, admin } = await orgAdmin();
    await insertTokens(org.id, 98);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        create(admin.headers, { name: `race ${i}`, scopes: ['templates:read'] }),
      ),
    );
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 201, 409, 409, 409, 409]);
  });

  it('is for admins, signed in: not other roles, not API tokens', async () => {
    const { org } = await orgAdmin();
    const recruiter = await member(t.database, t.config, org.id, 'recruiter');
    assertProblem(
      await create(recruiter.headers, { name: 'x', scopes: ['templates:read'] }),
      403,
      'forbidden',
    );
    assertProblem(await call('GET', TOKENS, recruiter.headers), 403, 'forbidden');
    const token = await makeApiToken(t.database, org.id, ['org:admin']);
    assertProblem(
      await create(token.headers, { name: 'x', scopes: ['templates:read'] }),
      403,
      'insufficient_scope',
    );
    assertProblem(await call('GET', TOKENS, token.headers), 403, 'insufficient_scope');
    assertProblem(await call('GET', TOKENS, {}), 401, 'unauthenticated');
  });
});

describe('using API tokens', () => {
  it('works within its scopes, and records its last use', async () => {
    const { admin } = await orgAdmin();
    const created = json(await create(admin.headers, { name: 'reader', scopes: ['templates:read'] }));
    const read = await call('GET', '/api/v1/org/templates', bearer(created.token));
    assert.equal(read.statusCode, 200, read.body);
    const write = await call('POST', '/api/v1/org/templates', bearer(created.token), templateBody());
    assertProblem(write, 403, 'insufficient_scope');
    const [listed] = json(await call('GET', TOKENS, admin.headers)).data;
    assert.equal(listed.id, created.id);
    assert.ok(listed.lastUsedAt, 'last_used_at is set after use');
    assert.ok(Math.abs(Date.parse(listed.lastUsedAt) - Date.now()) < 60_000);
  });

  it('refuses an expired token with 401', async () => {
    const { admin } = await orgAdmin();
    const created = json(
      await create(admin.headers, { name: 'short', scopes: ['templates:read'], expiresAt: inDays(1) }),
    );
    assert.equal((await call('GET', '/api/v1/org/templates', bearer(created.token))).statusCode, 200);
    await t.database.db.execute(
      sql`update api_tokens set expires_at = now() - interval '1 second' where id = ${created.id}`,
    );
    assertProblem(await call('GET', '/api/v1/org/templates', bearer(created.token)), 401, 'unauthenticated');
  });
});

describe('listing and revoking', () => {
  it('lists newest first in pages, without revoked tokens unless asked', async () => {
    const { admin } = await orgAdmin();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(json(await create(admin.headers, { name: `t${i}`, scopes: ['postings:read'] })).id);
    }
    const first = await call('GET', `${TOKENS}?limit=2`, admin.headers);
    assert.match(
      String(first.headers.link),
      /^<\/api\/v1\/org\/api-tokens\?limit=2&cursor=[^>]+>; rel="next"$/,
    );
    const page = json(first);
    const next = json(await call('GET', `${TOKENS}?limit=2&cursor=${page.nextCursor}`, admin.headers));
    assert.deepEqual(
      [...page.data, ...next.data].map((d: { id: string }) => d.id),
      [...ids].reverse(),
    );

    assert.equal((await call('DELETE', `${TOKENS}/${ids[1]}`, admin.headers)).statusCode, 204);
    const active = json(await call('GET', TOKENS, admin.headers)).data.map((d: { id: string }) => d.id);
    assert.deepEqual(active, [ids[2], ids[0]]);
    const all = json(await call('GET', `${TOKENS}?includeRevoked=true`, admin.headers)).data;
    assert.equal(all.length, 3);
    assert.ok(all.find((d: { id: string }) => d.id === ids[1]).revokedAt);
    for (const cursor of ['nonsense', forged({ i: 'x' }), forged({ i: 1 }), forged({ e: ids[0] })]) {
      assertProblem(await call('GET', `${TOKENS}?cursor=${cursor}`, admin.headers), 400, 'invalid_cursor');
    }
  });

  it('revokes: the next request gets 401, audited, idempotent', async () => {
    const { org, admin } = await orgAdmin();
    const created = json(await create(admin.headers, { name: 'doomed', scopes: ['templates:read'] }));
    assert.equal((await call('GET', '/api/v1/org/templates', bearer(created.token))).statusCode, 200);
    const res = await call('DELETE', `${TOKENS}/${created.id}`, admin.headers);
    assert.equal(res.statusCode, 204);
    assertProblem(await call('GET', '/api/v1/org/templates', bearer(created.token)), 401, 'unauthenticated');
    assert.equal((await call('DELETE', `${TOKENS}/${created.id}`, admin.headers)).statusCode, 204);
    const events = await queryRows<{ target_id: string }>(
      t.database.db,
      sql`select target_id from audit_events where org_id = ${org.id} and action = 'token.revoked'`,
    );
    assert.deepEqual(
      events.map((e) => e.target_id),
      [created.id],
    );
  });

  it('answers 404 for another organization’s token exactly as for an unknown id, and leaves it working', async () => {
    const { admin } = await orgAdmin();
    const other = await orgAdmin();
    const theirs = json(
      await create(other.admin.headers, { name: unique('theirs'), scopes: ['templates:read'] }),
    );
    const foreign = await call('DELETE', `${TOKENS}/${theirs.id}`, admin.headers);
    const unknown = await call('DELETE', `${TOKENS}/${randomUUID()}`, admin.headers);
    assertProblem(foreign, 404, 'not_found');
    assert.deepEqual(comparable(foreign), comparable(unknown));
    assert.equal((await call('GET', '/api/v1/org/templates', bearer(theirs.token))).statusCode, 200);
    const mine = json(await call('GET', TOKENS, admin.headers)).data;
    assert.ok(!mine.some((d: { id: string }) => d.id === theirs.id), 'lists are per organization');
  });
});

describe('when their creator loses power', () => {
  it('revokes the tokens a removed member created, in the same change, audited', async () => {
    const { org, owner, admin } = await orgAdmin();
    const ownerSession = await signIn(t.database, t.config, owner.id, org.id);
    const mine = json(await create(admin.headers, { name: 'mine', scopes: ['org:admin'] }));
    const theirs = json(await create(ownerSession.headers, { name: 'owner’s', scopes: ['templates:read'] }));
    assert.equal((await call('GET', '/api/v1/org', bearer(mine.token))).statusCode, 200);

    const removed = await call('DELETE', `/api/v1/org/members/${admin.id}`, ownerSession.headers);
    assert.equal(removed.statusCode, 204, removed.body);
    assertProblem(await call('GET', '/api/v1/org', bearer(mine.token)), 401, 'unauthenticated');
    assert.equal(
      (await call('GET', '/api/v1/org/templates', bearer(theirs.token))).statusCode,
      200,
      'other people’s tokens keep working',
    );
    assert.deepEqual(await revocations(org.id), [
      { target_id: mine.id, data: { name: 'mine', reason: 'creator_removed' } },
    ]);
  });

  it('revokes them when the creator stops being an owner or admin, not on owner → admin', async () => {
    const { org, owner } = await orgAdmin();
    const ownerSession = await signIn(t.database, t.config, owner.id, org.id);
    const second = await member(t.database, t.config, org.id, 'owner');
    const kept = json(await create(second.headers, { name: 'kept', scopes: ['templates:read'] }));
    const url = `/api/v1/org/members/${second.id}`;
    assert.equal((await call('PATCH', url, ownerSession.headers, { role: 'admin' })).statusCode, 200);
    assert.equal((await call('GET', '/api/v1/org/templates', bearer(kept.token))).statusCode, 200);
    assert.deepEqual(await revocations(org.id), []);

    const demoted = await call('PATCH', url, ownerSession.headers, { role: 'recruiter' });
    assert.equal(demoted.statusCode, 200, demoted.body);
    assertProblem(await call('GET', '/api/v1/org/templates', bearer(kept.token)), 401, 'unauthenticated');
    assert.deepEqual(await revocations(org.id), [
      { target_id: kept.id, data: { name: 'kept', reason: 'creator_demoted' } },
    ]);
    // Promoted again, they do not get the old token back.
    assert.equal((await call('PATCH', url, ownerSession.headers, { role: 'admin' })).statusCode, 200);
    assertProblem(await call('GET', '/api/v1/org/templates', bearer(kept.token)), 401, 'unauthenticated');
  });
});
