import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { memberships, organizations } from '../../src/db/schema.ts';
import { newId } from '../../src/shared/ids.ts';
import {
  type Permission,
  PERMISSIONS,
  type Role,
  ROLES,
  roleAllows,
} from '../../src/modules/access/permissions.ts';
import { buildTestApp, type Headers, json, type Method, send, type TestApp } from '../helpers.ts';
import { assertProblem, withoutInstance } from '../problems.ts';
import { addMember, makeApiToken, makeOrg, makeUser, member, signIn, unique } from '../identity.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ seed: false });
});
after(() => t.close());

const call = (method: Method, url: string, headers: Headers, payload?: object) =>
  send(t.app, method, url, headers, payload);
/** A cursor as the server would encode one, with whatever content a forger chooses. */
const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A problem body without the parts that name the request. */
const comparable = withoutInstance;

const auditOf = (orgId: string, action: string) =>
  queryRows<{ actor_id: string | null; target_id: string | null; data: Record<string, unknown> }>(
    t.database.db,
    sql`select actor_id, target_id, data from audit_events where org_id = ${orgId} and action = ${action} order by id`,
  );

/** A new organization with its owner signed in there. */
async function orgWithOwner() {
  const owner = await makeUser(t.database);
  const org = await makeOrg(t.database, owner.id);
  const session = await signIn(t.database, t.config, owner.id, org.id);
  return { org, owner: { ...owner, ...session } };
}

describe('creating an organization', () => {
  it('makes the caller its owner and the active organization', async () => {
    const user = await makeUser(t.database);
    const { headers } = await signIn(t.database, t.config, user.id, null);
    const slug = unique('acme');
    const res = await call('POST', '/api/v1/orgs', headers, {
      slug,
      name: 'Acme Corp',
      website: 'https://acme.example',
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers.location, '/api/v1/org');
    assert.equal(res.headers['cache-control'], 'private, no-store');
    const org = json(res);
    assert.equal(org.slug, slug);
    assert.equal(org.website, 'https://acme.example');
    assert.equal(org.logoUrl, null);
    assert.equal(org.requireMfa, false);

    const me = json(await call('GET', '/api/v1/me', headers));
    assert.deepEqual(me.activeOrganization, { id: org.id, slug, name: 'Acme Corp', role: 'owner' });
    const current = await call('GET', '/api/v1/org', headers);
    assert.equal(current.statusCode, 200);
    assert.deepEqual(json(current), org);
    const [event] = await auditOf(org.id, 'org.created');
    assert.equal(event?.actor_id, user.id);
  });

  it('refuses a taken slug (409 slug_taken), bad slugs and non-http URLs (400)', async () => {
    const { org, owner } = await orgWithOwner();
    assertProblem(
      await call('POST', '/api/v1/orgs', owner.headers, { slug: org.slug, name: 'x' }),
      409,
      'slug_taken',
    );
    for (const body of [
      { slug: 'Bad_Slug', name: 'x' },
      { slug: 'a', name: 'x' },
      { slug: unique('ok'), name: '' },
      { slug: unique('ok'), name: 'x', website: 'javascript:alert(1)' },
      { slug: unique('ok'), name: 'x', logoUrl: `https://x.example/${'a'.repeat(500)}` },
    ]) {
      assertProblem(await call('POST', '/api/v1/orgs', owner.headers, body), 400, 'validation_failed');
    }
  });

  it('refuses a person who already belongs to 50 organizations (409 too_many_organizations)', async () => {
    const user = await makeUser(t.database);
    const { headers } = await signIn(t.database, t.config, user.id, null);
    const ids = Array.from({ length: 49 }, () => newId());
    await t.database.db
      .insert(organizations)
      .values(ids.map((id) => ({ id, slug: unique('many'), name: 'Many', requireMfa: false })));
    await t.database.db
      .insert(memberships)
      .values(ids.map((orgId) => ({ orgId, userId: user.id, role: 'viewer' })));
    const fiftieth = await call('POST', '/api/v1/orgs', headers, { slug: unique('fifty'), name: 'x' });
    assert.equal(fiftieth.statusCode, 201, fiftieth.body);
    const slug = unique('toomany');
    assertProblem(
      await call('POST', '/api/v1/orgs', headers, { slug, name: 'x' }),
      409,
      'too_many_organizations',
    );
    const [row] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from organizations where slug = ${slug}`,
    );
    assert.equal(row?.n, 0, 'nothing of the refused organization stays');
    // Leaving one makes room again.
    await t.database.db.execute(
      sql`delete from memberships where user_id = ${user.id} and org_id = ${ids[0]!}`,
    );
    assert.equal((await call('POST', '/api/v1/orgs', headers, { slug, name: 'x' })).statusCode, 201);
  });

  it('is for signed-in people only', async () => {
    const { org } = await orgWithOwner();
    const token = await makeApiToken(t.database, org.id, ['org:admin']);
    const body = { slug: unique('tok'), name: 'x' };
    assertProblem(await call('POST', '/api/v1/orgs', token.headers, body), 403, 'session_required');
    assertProblem(await call('POST', '/api/v1/orgs', {}, body), 401, 'unauthenticated');
  });
});

describe('the organization', () => {
  it('GET /me lists what each role may do, from the permission table', async () => {
    const { org } = await orgWithOwner();
    const permissionsOf = async (role: Role) => {
      const person = await member(t.database, t.config, org.id, role);
      return json(await call('GET', '/api/v1/me', person.headers)).permissions as string[];
    };
    for (const role of ROLES) {
      const expected = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleAllows(role, p));
      assert.deepEqual(await permissionsOf(role), expected, role);
    }
    const viewer = await permissionsOf('viewer');
    assert.ok(viewer.includes('applications.read'));
    assert.ok(!viewer.includes('applications.write') && !viewer.includes('applications.files'));
    assert.ok((await permissionsOf('owner')).includes('candidates.erase'));
  });

  it('is readable by every member and API tokens with org:admin', async () => {
    const { org } = await orgWithOwner();
    const viewer = await member(t.database, t.config, org.id, 'viewer');
    const res = await call('GET', '/api/v1/org', viewer.headers);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.deepEqual(Object.keys(json(res)).sort(), [
      'brandColor',
      'careersIntro',
      'careersUrl',
      'consentText',
      'createdAt',
      'employeeCount',
      'id',
      'logoUrl',
      'name',
      'privacyUrl',
      'requireMfa',
      'retentionMonths',
      'slug',
      'updatedAt',
      'website',
    ]);
    const admin = await makeApiToken(t.database, org.id, ['org:admin']);
    assert.equal(json(await call('GET', '/api/v1/org', admin.headers)).id, org.id);
    const reader = await makeApiToken(t.database, org.id, ['templates:read']);
    assertProblem(await call('GET', '/api/v1/org', reader.headers), 403, 'insufficient_scope');
  });

  it('is changed by admins only, and the change is audited with its field names', async () => {
    const { org } = await orgWithOwner();
    const viewer = await member(t.database, t.config, org.id, 'viewer');
    assertProblem(await call('PATCH', '/api/v1/org', viewer.headers, { name: 'Nope' }), 403, 'forbidden');
    const admin = await member(t.database, t.config, org.id, 'admin');
    const set = await call('PATCH', '/api/v1/org', admin.headers, {
      name: 'Renamed',
      website: 'https://renamed.example',
    });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal(json(set).name, 'Renamed');
    const cleared = json(
      await call('PATCH', '/api/v1/org', admin.headers, { website: null, name: 'Renamed' }),
    );
    assert.equal(cleared.website, null);
    assert.deepEqual(
      (await auditOf(org.id, 'org.updated')).map((e) => e.data.fields),
      [['name', 'website'], ['website']],
    );
  });

  it('can require two-factor authentication of its members', async () => {
    const { org, owner } = await orgWithOwner();
    const viewer = await member(t.database, t.config, org.id, 'viewer');
    // An owner without 2FA cannot turn the requirement on: it would lock them out at once.
    assertProblem(
      await call('PATCH', '/api/v1/org', owner.headers, { requireMfa: true }),
      409,
      'mfa_required_first',
    );
    await t.database.db.execute(sql`update users set totp_enabled_at = now() where id = ${owner.id}`);
    const on = await call('PATCH', '/api/v1/org', owner.headers, { requireMfa: true });
    assert.equal(on.statusCode, 200, on.body);
    assert.equal(json(on).requireMfa, true);
    assertProblem(await call('GET', '/api/v1/org', viewer.headers), 403, 'mfa_required');
    assert.equal((await call('GET', '/api/v1/org', owner.headers)).statusCode, 200);
    assert.equal(
      json(await call('PATCH', '/api/v1/org', owner.headers, { requireMfa: false })).requireMfa,
      false,
    );
    assert.equal((await call('GET', '/api/v1/org', viewer.headers)).statusCode, 200);
  });

  it('lets no API token change the two-factor requirement (403 forbidden)', async () => {
    const { org, owner } = await orgWithOwner();
    const token = await makeApiToken(t.database, org.id, ['org:admin']);
    const refused = await call('PATCH', '/api/v1/org', token.headers, { requireMfa: true, name: 'Both' });
    assertProblem(refused, 403, 'forbidden');
    assert.match(json(refused).detail, /two-factor/);
    await t.database.db.execute(sql`update users set totp_enabled_at = now() where id = ${owner.id}`);
    assert.equal((await call('PATCH', '/api/v1/org', owner.headers, { requireMfa: true })).statusCode, 200);
    // Nor turn it off: a leaked token must not strip the organization's protection.
    assertProblem(await call('PATCH', '/api/v1/org', token.headers, { requireMfa: false }), 403, 'forbidden');
    const now = json(await call('GET', '/api/v1/org', owner.headers));
    assert.equal(now.requireMfa, true);
    assert.equal(now.name, `Org ${org.slug}`, 'nothing of a refused change is applied');
    // Other fields, and restating the current value, stay open to the token.
    const renamed = await call('PATCH', '/api/v1/org', token.headers, { name: 'Renamed', requireMfa: true });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(json(renamed).name, 'Renamed');
    assert.deepEqual(
      (await auditOf(org.id, 'org.updated')).map((e) => e.data.fields),
      [['requireMfa'], ['name']],
    );
  });
});

describe('members', () => {
  it('lists members in pages with a Link header, and only this organization’s', async () => {
    const { org, owner } = await orgWithOwner();
    for (const role of ['admin', 'recruiter', 'viewer'] as const)
      await member(t.database, t.config, org.id, role);
    const other = await orgWithOwner();
    const first = await call('GET', '/api/v1/org/members?limit=3', owner.headers);
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['cache-control'], 'private, no-store');
    const page = json(first);
    assert.equal(page.data.length, 3);
    assert.match(String(first.headers.link), /^<\/api\/v1\/org\/members\?limit=3&cursor=[^>]+>; rel="next"$/);
    const second = json(
      await call('GET', `/api/v1/org/members?limit=3&cursor=${page.nextCursor}`, owner.headers),
    );
    assert.equal(second.data.length, 1);
    assert.equal(second.nextCursor, null);
    const all = [...page.data, ...second.data];
    assert.deepEqual(all.map((m) => m.role).sort(), ['admin', 'owner', 'recruiter', 'viewer']);
    assert.ok(!all.some((m) => m.userId === other.owner.id));
    const mine = all.find((m) => m.userId === owner.id);
    assert.deepEqual(Object.keys(mine).sort(), ['email', 'joinedAt', 'mfaEnabled', 'name', 'role', 'userId']);
    assert.equal(mine.mfaEnabled, false);
    for (const cursor of ['nonsense', forged({ e: 'a\u0000b' }), forged({ e: 7 }), forged({ i: 'x' })]) {
      assertProblem(
        await call('GET', `/api/v1/org/members?cursor=${cursor}`, owner.headers),
        400,
        'invalid_cursor',
      );
    }
  });

  it('role changes: admins manage non-owners, only owners touch owners, audited', async () => {
    const { org, owner } = await orgWithOwner();
    const admin = await member(t.database, t.config, org.id, 'admin');
    const recruiter = await member(t.database, t.config, org.id, 'recruiter');
    const url = (id: string) => `/api/v1/org/members/${id}`;

    const changed = await call('PATCH', url(recruiter.id), admin.headers, { role: 'viewer' });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(json(changed).role, 'viewer');
    const [event] = await auditOf(org.id, 'member.role_changed');
    assert.deepEqual(event?.data, { from: 'recruiter', to: 'viewer' });
    assert.equal(event?.target_id, recruiter.id);

    assertProblem(await call('PATCH', url(recruiter.id), admin.headers, { role: 'owner' }), 403, 'forbidden');
    assertProblem(await call('PATCH', url(owner.id), admin.headers, { role: 'viewer' }), 403, 'forbidden');
    assertProblem(
      await call('PATCH', url(recruiter.id), recruiter.headers, { role: 'admin' }),
      403,
      'forbidden',
    );
    // Managing people is for people: not even an org:admin token (a leaked one must not grant access).
    const token = await makeApiToken(t.database, org.id, ['org:admin']);
    assertProblem(
      await call('PATCH', url(recruiter.id), token.headers, { role: 'admin' }),
      403,
      'insufficient_scope',
    );
    assertProblem(await call('DELETE', url(recruiter.id), token.headers), 403, 'insufficient_scope');
    assertProblem(
      await call('PATCH', url(admin.id), owner.headers, { role: 'superuser' }),
      400,
      'validation_failed',
    );

    assert.equal((await call('PATCH', url(admin.id), owner.headers, { role: 'owner' })).statusCode, 200);
    // Now admin is an owner too, and may take the role away from the first one.
    assert.equal((await call('PATCH', url(owner.id), admin.headers, { role: 'admin' })).statusCode, 200);
  });

  it('never demotes the last owner (409 last_owner)', async () => {
    const { org, owner } = await orgWithOwner();
    const res = await call('PATCH', `/api/v1/org/members/${owner.id}`, owner.headers, { role: 'admin' });
    assertProblem(res, 409, 'last_owner');
    const [row] = await queryRows<{ role: string }>(
      t.database.db,
      sql`select role from memberships where org_id = ${org.id} and user_id = ${owner.id}`,
    );
    assert.equal(row?.role, 'owner');
  });

  it('lets exactly one of two owners demoting each other at the same time succeed', async () => {
    for (let round = 0; round < 3; round++) {
      const { org, owner: a } = await orgWithOwner();
      const b = await member(t.database, t.config, org.id, 'owner');
      const results = await Promise.all([
        call('PATCH', `/api/v1/org/members/${b.id}`, a.headers, { role: 'admin' }),
        call('PATCH', `/api/v1/org/members/${a.id}`, b.headers, { role: 'admin' }),
      ]);
      const statuses = results.map((r) => r.statusCode);
      assert.equal(statuses.filter((s) => s === 200).length, 1, `round ${round}: ${statuses}`);
      const loser = results.find((r) => r.statusCode !== 200)!;
      assert.ok(['last_owner', 'forbidden'].includes(json(loser).code), loser.body);
      const owners = await queryRows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from memberships where org_id = ${org.id} and role = 'owner'`,
      );
      assert.equal(owners[0]?.n, 1);
    }
  });

  it('answers 404 for another organization’s member exactly as for an unknown id', async () => {
    const { owner } = await orgWithOwner();
    const other = await orgWithOwner();
    for (const [method, payload] of [
      ['PATCH', { role: 'viewer' }],
      ['DELETE', undefined],
    ] as const) {
      const foreign = await call(method, `/api/v1/org/members/${other.owner.id}`, owner.headers, payload);
      const unknown = await call(method, `/api/v1/org/members/${randomUUID()}`, owner.headers, payload);
      assertProblem(foreign, 404, 'not_found');
      assert.deepEqual(comparable(foreign), comparable(unknown));
    }
  });

  it('removes members: admins not owners, never the last owner; the removed lose access', async () => {
    const { org, owner } = await orgWithOwner();
    const admin = await member(t.database, t.config, org.id, 'admin');
    const recruiter = await member(t.database, t.config, org.id, 'recruiter');
    const url = (id: string) => `/api/v1/org/members/${id}`;

    assertProblem(await call('DELETE', url(owner.id), admin.headers), 403, 'forbidden');
    assertProblem(await call('DELETE', url(admin.id), recruiter.headers), 403, 'forbidden');
    const removed = await call('DELETE', url(recruiter.id), admin.headers);
    assert.equal(removed.statusCode, 204, removed.body);
    assert.equal((await auditOf(org.id, 'member.removed'))[0]?.target_id, recruiter.id);
    assertProblem(await call('GET', '/api/v1/org', recruiter.headers), 403, 'no_organization');
    assertProblem(await call('DELETE', url(recruiter.id), admin.headers), 404, 'not_found');

    assertProblem(await call('DELETE', url(owner.id), owner.headers), 409, 'last_owner');
    await addMember(t.database, org.id, (await makeUser(t.database)).id, 'owner');
    assert.equal((await call('DELETE', url(owner.id), owner.headers)).statusCode, 204);
  });
});

describe('the audit log', () => {
  it('refuses forged cursors (400 invalid_cursor) and unknown parameters (400)', async () => {
    const { owner } = await orgWithOwner();
    for (const name of ['First', 'Second']) await call('PATCH', '/api/v1/org', owner.headers, { name });
    const ok = await call('GET', '/api/v1/audit-events?limit=1', owner.headers);
    assert.equal(ok.statusCode, 200, ok.body);
    const next = json(ok).nextCursor;
    assert.ok(next);
    assert.equal((await call('GET', `/api/v1/audit-events?cursor=${next}`, owner.headers)).statusCode, 200);
    for (const cursor of [
      'nonsense',
      forged({ i: 'x' }),
      forged({ i: 7 }),
      forged({ i: `${randomUUID()}x` }),
    ]) {
      assertProblem(
        await call('GET', `/api/v1/audit-events?cursor=${cursor}`, owner.headers),
        400,
        'invalid_cursor',
      );
    }
    assertProblem(await call('GET', '/api/v1/audit-events?bogus=1', owner.headers), 400, 'validation_failed');
  });
});
