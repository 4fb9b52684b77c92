import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { auth, buildTestApp, type TestApp, templateBody } from '../helpers.ts';
import { assertProblem } from '../problems.ts';

const SEED = readFileSync(new URL('../fixtures/jr-backend-developer.txt', import.meta.url), 'utf8');

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });
const slugs = (body: string) => (JSON.parse(body) as { data: { slug: string }[] }).data.map((d) => d.slug);

describe('reading the library', () => {
  it('lists templates in slug order with cursor pagination and a Link header', async () => {
    const first = await get('/api/v1/templates?limit=5');
    assert.equal(first.statusCode, 200);
    const page = JSON.parse(first.body);
    assert.equal(page.data.length, 5);
    const sorted = [...page.data.map((d: { slug: string }) => d.slug)].sort();
    assert.deepEqual(
      page.data.map((d: { slug: string }) => d.slug),
      sorted,
    );
    assert.ok(page.nextCursor);
    assert.match(String(first.headers.link), /^<\/api\/v1\/templates\?limit=5&cursor=[^>]+>; rel="next"$/);

    const second = JSON.parse((await get(`/api/v1/templates?limit=5&cursor=${page.nextCursor}`)).body);
    assert.equal(second.data.length, 5);
    assert.ok(second.data[0].slug > page.data[4].slug);
  });

  it('walks every page exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/api/v1/templates?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      const page = JSON.parse(res.body) as { data: { slug: string }[]; nextCursor: string | null };
      seen.push(...page.data.map((d) => d.slug));
      cursor = page.nextCursor;
    } while (cursor);
    assert.ok(seen.length >= 61);
    assert.equal(new Set(seen).size, seen.length);
  });

  it('filters by category and seniority', async () => {
    const res = await get('/api/v1/templates?category=engineering&seniority=junior&limit=100');
    const data = JSON.parse(res.body).data as { category: string; seniority: string; slug: string }[];
    assert.ok(data.some((d) => d.slug === 'jr-backend-developer'));
    for (const d of data) assert.deepEqual([d.category, d.seniority], ['engineering', 'junior']);
  });

  it('filters by skill through the taxonomy, whatever the spelling', async () => {
    const byId = slugs((await get('/api/v1/templates?skill=postgresql&limit=100')).body);
    assert.ok(byId.includes('jr-backend-developer'));
    assert.deepEqual(slugs((await get('/api/v1/templates?skill=Postgres&limit=100')).body), byId);
    assert.deepEqual(slugs((await get('/api/v1/templates?skill=nope-not-a-skill')).body), []);
  });

  it('returns a template as JSON with linked skills, and as Markdown on request', async () => {
    const res = await get('/api/v1/templates/jr-backend-developer');
    assert.equal(res.statusCode, 200);
    const template = JSON.parse(res.body);
    assert.equal(template.role, 'Jr. Backend Developer');
    assert.equal(template.category, 'engineering');
    assert.equal(template.seniority, 'junior');
    assert.equal(template.source, 'builtin');
    assert.deepEqual(template.skills[5], { label: 'PostgreSQL', skillId: 'postgresql' });
    assert.deepEqual(
      template.skills.find((s: { label: string }) => s.label === 'RESTful APIs'),
      { label: 'RESTful APIs', skillId: 'rest-apis' },
    );
    assert.equal(template.faqs.length, 5);

    const md = await get('/api/v1/templates/jr-backend-developer', { accept: 'text/markdown' });
    assert.equal(md.statusCode, 200);
    assert.match(String(md.headers['content-type']), /^text\/markdown/);
    assert.match(
      md.body,
      /^---\nslug: jr-backend-developer\ncategory: engineering\nseniority: junior\n---\n\n# Jr\. Backend/,
    );
    assert.notEqual(md.headers.etag, res.headers.etag);
    assert.equal(md.headers.vary, 'Accept');
  });

  it('answers 304 to If-None-Match on items and lists', async () => {
    const res = await get('/api/v1/templates/jr-backend-developer');
    const etag = String(res.headers.etag);
    const again = await get('/api/v1/templates/jr-backend-developer', { 'if-none-match': etag });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    const list = await get('/api/v1/templates?limit=3');
    const listAgain = await get('/api/v1/templates?limit=3', { 'if-none-match': String(list.headers.etag) });
    assert.equal(listAgain.statusCode, 304);
  });

  it('answers 404 problem+json for a missing template', async () => {
    assertProblem(await get('/api/v1/templates/no-such-template'), 404, 'not_found');
    assertProblem(await get('/api/v1/templates/no-such-template/versions'), 404, 'not_found');
  });

  it('rejects bad query parameters with 400 and field errors', async () => {
    const problem = assertProblem(await get('/api/v1/templates?limit=101'), 400, 'validation_failed');
    assert.ok(problem.errors.some((e: { path: string }) => e.path.includes('limit')));
    assertProblem(await get('/api/v1/templates?limit=0'), 400, 'validation_failed');
    assertProblem(await get('/api/v1/templates?category=astrology'), 400, 'validation_failed');
    assertProblem(await get('/api/v1/templates?unknown=1'), 400, 'validation_failed');
    assertProblem(await get('/api/v1/templates?cursor=not-a-cursor'), 400, 'invalid_cursor');
    // Well-formed cursors with values the database would choke on (a NUL, a non-UUID id).
    for (const forged of [{ s: '\u0000' }, { s: 'a', i: 'x' }]) {
      const cursor = Buffer.from(JSON.stringify(forged)).toString('base64url');
      assertProblem(await get(`/api/v1/templates?cursor=${cursor}`), 400, 'invalid_cursor');
    }
    assertProblem(await get(`/api/v1/templates?q=${'x'.repeat(201)}`), 400, 'validation_failed');
  });
});

describe('search', () => {
  it('ranks the matching role first for a plain query', async () => {
    const res = await get('/api/v1/templates?q=backend%20developer');
    assert.equal(slugs(res.body)[0], 'jr-backend-developer');
  });

  it('corrects typos: "backnd develper" finds the Jr. Backend Developer, and says what it searched', async () => {
    const page = JSON.parse((await get('/api/v1/templates?q=backnd%20develper')).body);
    assert.equal(page.correctedQuery, 'backend developer');
    assert.equal(page.data[0].slug, 'jr-backend-developer');
    const typoInSkill = JSON.parse((await get('/api/v1/templates?q=kuberntes')).body);
    assert.equal(typoInSkill.correctedQuery, 'kubernetes');
    assert.ok(typoInSkill.data.length > 0);
    const exact = JSON.parse((await get('/api/v1/templates?q=backend%20developer')).body);
    assert.equal(exact.correctedQuery, undefined, 'no correction when the query matches as typed');
  });

  it('keeps the correction across pages', async () => {
    const first = JSON.parse((await get('/api/v1/templates?q=enjineer&limit=2')).body);
    assert.equal(first.correctedQuery, 'engineer');
    const second = JSON.parse(
      (await get(`/api/v1/templates?q=enjineer&limit=2&cursor=${first.nextCursor}`)).body,
    );
    assert.equal(second.correctedQuery, 'engineer');
    assert.equal(second.data.length, 2);
    assert.notEqual(second.data[0].slug, first.data[0].slug);
  });

  it('learns the words of new templates for corrections', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: auth,
      payload: templateBody({ role: 'Zymurgist' }),
    });
    assert.equal(created.statusCode, 201);
    const page = JSON.parse((await get('/api/v1/templates?q=zymurgst')).body);
    assert.equal(page.correctedQuery, 'zymurgist');
    assert.equal(page.data[0].slug, 'zymurgist');
  });

  it('finds templates by skill aliases: "node.js postgres"', async () => {
    const found = slugs((await get('/api/v1/templates?q=node.js%20postgres')).body);
    assert.ok(found.includes('jr-backend-developer'), found.join());
  });

  it('matches "junior" to a role written "Jr."', async () => {
    assert.equal(slugs((await get('/api/v1/templates?q=junior%20backend')).body)[0], 'jr-backend-developer');
  });

  it('supports web-search syntax: phrases and exclusions', async () => {
    const phrase = slugs((await get('/api/v1/templates?q=%22data%20protection%20measures%22')).body);
    assert.deepEqual(phrase, ['jr-backend-developer']);
    const excluded = slugs((await get('/api/v1/templates?q=developer%20-backend&limit=100')).body);
    assert.ok(!excluded.includes('jr-backend-developer'));
  });

  it('combines search with filters and pages through ranked results', async () => {
    const nurses = slugs((await get('/api/v1/templates?q=patient&category=healthcare')).body);
    assert.ok(nurses.length >= 2);
    assert.ok(nurses.includes('registered-nurse'));
    const first = JSON.parse((await get('/api/v1/templates?q=manager&limit=2')).body);
    assert.equal(first.data.length, 2);
    const second = JSON.parse(
      (await get(`/api/v1/templates?q=manager&limit=2&cursor=${first.nextCursor}`)).body,
    );
    assert.equal(second.data.length, 2);
    assert.equal(new Set([...first.data, ...second.data].map((d: { slug: string }) => d.slug)).size, 4);
  });

  it('ranks role and title matches first, then skill matches, then text-only matches', async () => {
    const found = slugs((await get('/api/v1/templates?q=python&limit=100')).body);
    const roles = JSON.parse((await get('/api/v1/templates?q=python&limit=100')).body).data as {
      role: string;
      skills: { label: string }[];
    }[];
    const tier = (t: (typeof roles)[number]) =>
      /python/i.test(t.role) ? 0 : t.skills.some((s) => /python/i.test(s.label)) ? 1 : 2;
    const tiers = roles.map(tier);
    assert.deepEqual(tiers, [...tiers].sort(), `tiers out of order: ${tiers.join('')}`);
    assert.ok(tiers.includes(1) && tiers.includes(2), `expected skill and text matches: ${found.join()}`);
  });

  it('pages across the ranking tiers without losing or repeating a template', async () => {
    const all = slugs((await get('/api/v1/templates?q=python&limit=100')).body);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const url = `/api/v1/templates?q=python&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = JSON.parse((await get(url)).body) as {
        data: { slug: string }[];
        nextCursor: string | null;
      };
      paged.push(...page.data.map((d) => d.slug));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(paged, all);
  });

  it('returns an empty page, not an error, for nonsense and stop-word queries', async () => {
    assert.deepEqual(slugs((await get('/api/v1/templates?q=zzqxv')).body), []);
    assert.equal((await get('/api/v1/templates?q=the')).statusCode, 200);
    assert.equal((await get('/api/v1/templates?q=%22%20-%20or%20%22')).statusCode, 200);
  });
});

describe('writing', () => {
  it('refuses writes without the admin token (401) or with a wrong one', async () => {
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      payload: templateBody(),
    });
    assertProblem(anonymous, 401, 'unauthenticated');
    assert.match(String(anonymous.headers['www-authenticate']), /^Bearer/);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: { authorization: 'Bearer wrong-token' },
      payload: templateBody(),
    });
    assertProblem(wrong, 401, 'unauthenticated');
    // Authentication comes before validation: no schema details for callers without a token.
    const invalid = await t.app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      payload: { bogus: true },
    });
    assertProblem(invalid, 401, 'unauthenticated');
    for (const [method, url] of [
      ['PATCH', '/api/v1/templates/jr-backend-developer'],
      ['DELETE', '/api/v1/templates/jr-backend-developer'],
      ['POST', '/api/v1/templates/import'],
    ] as const) {
      const res = await t.app.inject({
        method,
        url,
        payload: method === 'PATCH' ? { summary: 'x' } : undefined,
      });
      assert.equal(res.statusCode, 401, `${method} ${url}`);
    }
  });

  it('creates a template: 201, Location, linked skills, inferred classification', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: auth,
      payload: templateBody(),
    });
    assert.equal(res.statusCode, 201, res.body);
    const created = JSON.parse(res.body);
    assert.equal(res.headers.location, `/api/v1/templates/${created.slug}`);
    assert.equal(created.slug, 'platform-engineer');
    assert.equal(created.title, 'Platform Engineer');
    assert.equal(created.category, 'engineering');
    assert.equal(created.version, 1);
    assert.equal(created.source, 'user');
    assert.deepEqual(created.skills[2], { label: 'Postgres', skillId: 'postgresql' });
    const fetched = JSON.parse((await get(created.slug && res.headers.location!)).body);
    assert.deepEqual(fetched, created);
    const bySkill = slugs((await get('/api/v1/templates?skill=postgresql&limit=100')).body);
    assert.ok(bySkill.includes('platform-engineer'));
  });

  it('gives a second template of the same role a unique slug, and 409s a taken explicit slug', async () => {
    const body = templateBody({ role: 'Growth Hacker' });
    const a = JSON.parse(
      (await t.app.inject({ method: 'POST', url: '/api/v1/templates', headers: auth, payload: body })).body,
    );
    const b = JSON.parse(
      (await t.app.inject({ method: 'POST', url: '/api/v1/templates', headers: auth, payload: body })).body,
    );
    assert.equal(a.slug, 'growth-hacker');
    assert.equal(b.slug, 'growth-hacker-2');
    const taken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: auth,
      payload: { ...body, slug: 'growth-hacker' },
    });
    assertProblem(taken, 409, 'slug_taken');
  });

  it('rejects unknown fields, missing fields, oversized lists and wrong media types', async () => {
    const post = (payload: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/templates',
        headers: { ...auth, ...headers },
        payload: payload as string,
      });
    assertProblem(await post(templateBody({ organizationId: 'x' })), 400, 'validation_failed');
    assertProblem(await post({ summary: 'no role' }), 400, 'validation_failed');
    assertProblem(await post(templateBody({ skills: Array(101).fill('Go') })), 400, 'validation_failed');
    assertProblem(await post(templateBody({ role: '   ' })), 422, 'invalid_template');
    assertProblem(await post('{"role": ', { 'content-type': 'application/json' }), 400, 'malformed_body');
    assertProblem(
      await post('role=x', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'unsupported_media_type',
    );
    const huge = JSON.stringify(templateBody({ summary: 'x'.repeat(1024 * 1024) }));
    assertProblem(await post(huge, { 'content-type': 'application/json' }), 413, 'payload_too_large');
  });

  it('updates with If-Match, keeps every version, and refuses a stale ETag with 412', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: auth,
      payload: templateBody({ role: 'Release Manager' }),
    });
    const etag = String(created.headers.etag);
    const url = '/api/v1/templates/release-manager';
    const patched = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { ...auth, 'if-match': etag },
      payload: { summary: 'Ship it, safely.', skills: ['Git', 'NodeJS'] },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    const v2 = JSON.parse(patched.body);
    assert.equal(v2.version, 2);
    assert.equal(v2.summary, 'Ship it, safely.');
    assert.deepEqual(v2.skills, [
      { label: 'Git', skillId: 'git' },
      { label: 'NodeJS', skillId: 'nodejs' },
    ]);
    assert.equal(v2.role, 'Release Manager', 'untouched fields are kept');
    assert.notEqual(patched.headers.etag, etag);

    // The cache must not serve the old version after a write.
    assert.equal(JSON.parse((await get(url)).body).version, 2);

    const stale = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { ...auth, 'if-match': etag },
      payload: { summary: 'Lost update' },
    });
    assertProblem(stale, 412, 'precondition_failed');

    const versions = JSON.parse((await get(`${url}/versions`)).body);
    assert.deepEqual(
      versions.data.map((v: { version: number }) => v.version),
      [2, 1],
    );
    assert.equal(versions.data[1].content.summary, templateBody().summary);
    const v1 = JSON.parse((await get(`${url}/versions/1`)).body);
    assert.equal(v1.content.role, 'Release Manager');
    assert.deepEqual(v1.content.skills, ['Kubernetes', 'Terraform', 'Postgres']);
    assertProblem(await get(`${url}/versions/9`), 404, 'not_found');
  });

  it('lets exactly one of two concurrent updates from the same version win', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: auth,
      payload: templateBody({ role: 'Race Marshal' }),
    });
    const etag = String(created.headers.etag);
    const patch = (summary: string) =>
      t.app.inject({
        method: 'PATCH',
        url: '/api/v1/templates/race-marshal',
        headers: { ...auth, 'if-match': etag },
        payload: { summary },
      });
    const results = await Promise.all([patch('First'), patch('Second')]);
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 412]);
    const versions = JSON.parse((await get('/api/v1/templates/race-marshal/versions')).body);
    assert.deepEqual(
      versions.data.map((v: { version: number }) => v.version),
      [2, 1],
    );
  });

  it('rejects an empty patch and a patch to a missing template', async () => {
    const empty = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/templates/jr-backend-developer',
      headers: auth,
      payload: {},
    });
    assertProblem(empty, 400, 'validation_failed');
    const missing = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/templates/nope',
      headers: auth,
      payload: { summary: 'x' },
    });
    assertProblem(missing, 404, 'not_found');
  });

  it('deletes a template (204), then it is gone', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: auth,
      payload: templateBody({ role: 'Temp Role' }),
    });
    const stale = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/templates/temp-role',
      headers: { ...auth, 'if-match': '"stale"' },
    });
    assertProblem(stale, 412, 'precondition_failed');
    const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/templates/temp-role', headers: auth });
    assert.equal(res.statusCode, 204);
    assertProblem(await get('/api/v1/templates/temp-role'), 404, 'not_found');
    assertProblem(
      await t.app.inject({ method: 'DELETE', url: '/api/v1/templates/temp-role', headers: auth }),
      404,
      'not_found',
    );
  });

  it("never answers 304 for a re-created template's version with the old one's ETag", async () => {
    const create = (summary: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/templates',
        headers: auth,
        payload: templateBody({ role: 'Phoenix Role', summary }),
      });
    await create('First life.');
    const v1 = await get('/api/v1/templates/phoenix-role/versions/1');
    const etag = String(v1.headers.etag);
    assert.equal(
      (await get('/api/v1/templates/phoenix-role/versions/1', { 'if-none-match': etag })).statusCode,
      304,
    );
    await t.app.inject({ method: 'DELETE', url: '/api/v1/templates/phoenix-role', headers: auth });
    await create('Second life.');
    const again = await get('/api/v1/templates/phoenix-role/versions/1', { 'if-none-match': etag });
    assert.equal(again.statusCode, 200);
    assert.equal(JSON.parse(again.body).content.summary, 'Second life.');
  });

  it('answers 409, not 500, when concurrent creates race for the same explicit slug', async () => {
    const create = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/templates',
        headers: auth,
        payload: templateBody({ role: 'Racer', slug: 'racer' }),
      });
    const statuses = (await Promise.all([create(), create(), create()])).map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [201, 409, 409]);
  });
});

describe('import', () => {
  const importText = (body: string, contentType: string, url = '/api/v1/templates/import', headers = auth) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...headers, 'content-type': contentType },
      payload: body,
    });

  it('parses without storing on dryRun, with no token needed', async () => {
    const res = await importText(
      SEED,
      'text/plain',
      '/api/v1/templates/import?dryRun=true',
      {} as typeof auth,
    );
    assert.equal(res.statusCode, 200, res.body);
    const parsed = JSON.parse(res.body);
    assert.equal(parsed.role, 'Jr. Backend Developer');
    assert.equal(parsed.faqs.length, 5);
    assert.equal(parsed.id, undefined);
  });

  it('imports plain text and Markdown as new templates', async () => {
    const text = SEED.replace(
      'Jr. Backend Developer Job Description Template',
      'Backend Intern Job Description',
    );
    const res = await importText(text, 'text/plain; charset=utf-8');
    assert.equal(res.statusCode, 201, res.body);
    const created = JSON.parse(res.body);
    assert.equal(created.role, 'Backend Intern');
    assert.equal(created.seniority, 'intern');
    assert.equal(res.headers.location, `/api/v1/templates/${created.slug}`);

    const md =
      '---\ncategory: hospitality\n---\n# Sommelier\n\n## Duties\n\n- Pair wines.\n\n## Skills\n\n- Wine knowledge\n';
    const fromMd = JSON.parse((await importText(md, 'text/markdown')).body);
    assert.equal(fromMd.slug, 'sommelier');
    assert.equal(fromMd.category, 'hospitality');
    assert.deepEqual(fromMd.metadata, {}, 'classification fields are not kept as metadata');
  });

  it('answers 422 for text that is not a JD and 415 for other media types', async () => {
    assertProblem(await importText('just some words', 'text/plain'), 422, 'not_a_job_description');
    assertProblem(await importText('   ', 'text/plain'), 422, 'empty_input');
    assertProblem(await importText('%PDF-1.4', 'application/pdf'), 415, 'unsupported_media_type');
  });

  it('holds imported documents to the same limits as JSON bodies (422, nothing stored)', async () => {
    const many = `Cook\nResponsibilities\n${Array.from({ length: 101 }, (_, i) => `- Task ${i}.`).join('\n')}\n`;
    const tooMany = assertProblem(await importText(many, 'text/plain'), 422, 'invalid_template');
    assert.ok(tooMany.errors.some((e: { path: string }) => e.path.startsWith('body/responsibilities')));
    const longSkill = `Cook\nSkills\n- ${'x'.repeat(201)}\n`;
    assertProblem(await importText(longSkill, 'text/plain'), 422, 'invalid_template');
    assertProblem(await get('/api/v1/templates/cook'), 404, 'not_found');
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const big = `Role\nResponsibilities\n${'- x\n'.repeat(300_000)}`;
    assertProblem(await importText(big, 'text/plain'), 413, 'payload_too_large');
  });
});

describe('skills API', () => {
  it('finds skills by alias and tolerates typos', async () => {
    const byAlias = JSON.parse((await get('/api/v1/skills?q=postgres')).body);
    assert.equal(byAlias.data[0].id, 'postgresql');
    const typo = JSON.parse((await get('/api/v1/skills?q=kuberntes')).body);
    assert.ok(typo.data.some((s: { id: string }) => s.id === 'kubernetes'));
    const exact = JSON.parse((await get('/api/v1/skills?q=c%23')).body);
    assert.equal(exact.data[0].id, 'csharp');
  });

  it('pages through the whole taxonomy alphabetically', async () => {
    const first = JSON.parse((await get('/api/v1/skills?limit=100')).body);
    assert.equal(first.data.length, 100);
    const second = JSON.parse((await get(`/api/v1/skills?limit=100&cursor=${first.nextCursor}`)).body);
    assert.ok(second.data[0].name.toLowerCase() >= first.data[99].name.toLowerCase());
    const filtered = JSON.parse((await get('/api/v1/skills?category=database&limit=100')).body);
    for (const s of filtered.data) assert.equal(s.category, 'database');
  });

  it('gets one skill, with 404 for an unknown id', async () => {
    const res = await get('/api/v1/skills/nodejs');
    assert.equal(JSON.parse(res.body).name, 'Node.js');
    assertProblem(await get('/api/v1/skills/nope'), 404, 'not_found');
  });
});

describe('cross-cutting HTTP behaviour', () => {
  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const given = await get('/healthz', { 'x-request-id': 'abc-123' });
    assert.equal(given.headers['x-request-id'], 'abc-123');
    const unsafe = await get('/healthz', { 'x-request-id': 'bad id\nwith newline' });
    assert.match(String(unsafe.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  it('answers unknown API routes with 404 problem+json', async () => {
    assertProblem(await get('/api/v1/nothing-here'), 404, 'not_found');
    assertProblem(await t.app.inject({ method: 'PUT', url: '/api/v1/templates' }), 404, 'not_found');
  });

  it('sets nosniff on every response', async () => {
    assert.equal((await get('/api/v1/templates?limit=1')).headers['x-content-type-options'], 'nosniff');
  });
});
