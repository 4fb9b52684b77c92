// Each organization's own template library: forks of global templates, edits with version
// history, search over its own library or both, and no leaks to other tenants or the public.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  buildTestApp,
  type Headers,
  type Method,
  send as request,
  type TestApp,
  templateBody,
} from '../helpers.ts';
import { makeOrg, makeUser, member, signIn } from '../identity.ts';
import { assertProblem } from '../problems.ts';

let t: TestApp;
let a: Record<string, string>;
let b: Record<string, string>;
before(async () => {
  t = await buildTestApp({ env: { RATE_LIMIT_API_PER_MINUTE: '0' } });
  const ownerA = await makeUser(t.database);
  const orgA = await makeOrg(t.database, ownerA.id, 'acme');
  a = (await signIn(t.database, t.config, ownerA.id, orgA.id)).headers;
  const ownerB = await makeUser(t.database);
  const orgB = await makeOrg(t.database, ownerB.id, 'globex');
  b = (await signIn(t.database, t.config, ownerB.id, orgB.id)).headers;
});
after(() => t.close());

const send = (method: Method, url: string, headers: Headers = {}, payload?: object) =>
  request(t.app, method, url, headers, payload);

describe('an organization’s template library', () => {
  it('forks a global template, remembering where it came from', async () => {
    const forked = await send('POST', '/api/v1/templates/jr-backend-developer/fork', a, {});
    assert.equal(forked.statusCode, 201, forked.body);
    assert.equal(forked.headers.location, '/api/v1/org/templates/jr-backend-developer');
    const body = forked.json();
    assert.equal(body.library, 'organization');
    assert.equal(body.forkedFrom, 'jr-backend-developer');
    assert.equal(body.version, 1);
    const global = (await send('GET', '/api/v1/templates/jr-backend-developer')).json();
    assert.equal(body.role, global.role);
    assert.deepEqual(body.responsibilities, global.responsibilities);
    assert.equal(global.library, 'global');

    assertProblem(
      await send('POST', '/api/v1/templates/jr-backend-developer/fork', a, {}),
      409,
      'slug_taken',
    );
    const renamed = await send('POST', '/api/v1/templates/jr-backend-developer/fork', a, {
      slug: 'acme-backend',
    });
    assert.equal(renamed.statusCode, 201);
    assertProblem(await send('POST', '/api/v1/templates/no-such-template/fork', a, {}), 404, 'not_found');
  });

  it('edits the fork with version history, leaving the global template as it was', async () => {
    const before = (await send('GET', '/api/v1/templates/jr-backend-developer')).json();
    const edited = await send('PATCH', '/api/v1/org/templates/jr-backend-developer', a, {
      summary: 'At Acme, you will build our order pipeline.',
    });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().version, 2);
    assert.equal(edited.headers['cache-control'], 'private, no-store');
    const versions = (await send('GET', '/api/v1/org/templates/jr-backend-developer/versions', a)).json();
    assert.deepEqual(
      versions.data.map((v: { version: number }) => v.version),
      [2, 1],
    );
    const v1 = (await send('GET', '/api/v1/org/templates/jr-backend-developer/versions/1', a)).json();
    assert.equal(v1.content.summary, before.summary);
    const after = (await send('GET', '/api/v1/templates/jr-backend-developer')).json();
    assert.deepEqual(after, before);
  });

  it('is invisible to other organizations and to the public', async () => {
    const role = 'Zyxwv Quantum Gardener';
    const created = await send(
      'POST',
      '/api/v1/org/templates',
      a,
      templateBody({ role, slug: 'quantum-gardener' }),
    );
    assert.equal(created.statusCode, 201, created.body);
    const read = await send('GET', '/api/v1/org/templates/quantum-gardener', a);
    assert.equal(read.statusCode, 200);
    assert.equal(read.headers['cache-control'], 'private, no-cache');

    assertProblem(await send('GET', '/api/v1/org/templates/quantum-gardener', b), 404, 'not_found');
    const listB = (await send('GET', '/api/v1/org/templates?q=gardener&library=all', b)).json();
    assert.equal(listB.data.length, 0);
    assertProblem(await send('GET', '/api/v1/templates/quantum-gardener'), 404, 'not_found');
    assert.equal((await send('GET', '/api/v1/templates?q=zyxwv')).json().data.length, 0);
    // Spelling corrections draw on the global library only, never on a tenant's words.
    const typo = (await send('GET', '/api/v1/templates?q=zyxwvv')).json();
    assert.equal(typo.correctedQuery, undefined);
    assert.equal((await send('GET', '/templates/quantum-gardener')).statusCode, 404);
  });

  it('searches its own library, or both with library=all', async () => {
    const own = (await send('GET', '/api/v1/org/templates?q=backend', a)).json();
    assert.ok(own.data.length >= 2);
    assert.ok(own.data.every((x: { library: string }) => x.library === 'organization'));
    const both = (await send('GET', '/api/v1/org/templates?q=backend&library=all&limit=100', a)).json();
    const libraries = new Set(both.data.map((x: { library: string }) => x.library));
    assert.deepEqual([...libraries].sort(), ['global', 'organization']);
    // The fork and its original are both there, told apart by library.
    const forks = both.data.filter((x: { slug: string }) => x.slug === 'jr-backend-developer');
    assert.deepEqual(forks.map((x: { library: string }) => x.library).sort(), ['global', 'organization']);

    // Listing (no q) pages through both libraries without losing or repeating a template.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `library=all&limit=25${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { data: { id: string }[]; nextCursor: string | null } = (
        await send('GET', `/api/v1/org/templates?${query}`, a)
      ).json();
      seen.push(...page.data.map((x: { id: string }) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(new Set(seen).size, seen.length);
    const globalCount = (await send('GET', '/api/v1/templates?limit=100')).json().data.length;
    const ownCount = (await send('GET', '/api/v1/org/templates?limit=100', a)).json().data.length;
    assert.equal(seen.length, globalCount + ownCount);
  });

  it('imports text into the organization’s library, for writers only', async () => {
    const text = 'Acme Route Planner\n\nResponsibilities\n- Plan delivery routes.\n\nSkills\n- Excel\n';
    const headers = { ...a, 'content-type': 'text/plain' };
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/org/templates/import',
      headers,
      payload: text,
    });
    assert.equal(imported.statusCode, 201, imported.body);
    assert.equal(imported.json().library, 'organization');
    const orgId = (await send('GET', '/api/v1/org', a)).json().id;
    const viewer = await member(t.database, t.config, orgId, 'viewer');
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/org/templates/import',
      headers: { ...viewer.headers, 'content-type': 'text/plain' },
      payload: text,
    });
    assertProblem(refused, 403, 'forbidden');
  });

  it('audits forks and edits in the organization’s log', async () => {
    const events = (await send('GET', '/api/v1/audit-events?action=template.', a)).json();
    const actions = new Set(events.data.map((e: { action: string }) => e.action));
    for (const action of ['template.forked', 'template.updated', 'template.created'])
      assert.ok(actions.has(action), action);
    assert.equal((await send('GET', '/api/v1/audit-events?action=template.', b)).json().data.length, 0);
  });
});
