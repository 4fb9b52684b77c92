// The bounds on what anonymous callers (and one tenant) can make the server do: cache keys only
// from validated parameters, strict cursors, sitemap pages that exist, a size for a whole posting,
// a bounded analysis, a logo that fits the CSP, and If-Match on lifecycle transitions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auth, buildTestApp, send, type TestApp } from '../helpers.ts';
import { type Employer, makeEmployer, postingBody } from '../postings.ts';
import { assertProblem } from '../problems.ts';

let t: TestApp;
let e: Employer;
let jobId = '';
const cursorOf = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

before(async () => {
  t = await buildTestApp({ seed: false, env: { RATE_LIMIT_API_PER_MINUTE: '0' } });
  e = await makeEmployer(t);
  for (const title of ['Welder', 'Baker', 'Driver']) {
    const p = await e.create(postingBody({ title }));
    await e.publish(p.id);
    jobId = p.id;
  }
});
after(() => t.close());

describe('public bounds', () => {
  it('refuses unknown query parameters on the career site, so they cannot mint cache entries', async () => {
    assert.equal((await get(`/careers/${e.slug}?q=welder`)).statusCode, 200);
    assertProblem(await get(`/careers/${e.slug}?x=1`), 400, 'validation_failed');
  });

  it('refuses cursors with extra or malformed fields (400, never a database error)', async () => {
    const board = `/api/v1/boards/${e.slug}/jobs?limit=1`;
    const first = (await get(board)).json();
    assert.ok(first.nextCursor, 'a second page exists');
    const decoded = JSON.parse(Buffer.from(first.nextCursor, 'base64url').toString());
    assert.equal((await get(`${board}&cursor=${first.nextCursor}`)).statusCode, 200);
    for (const bad of [
      { ...decoded, extra: 'x' },
      { p: '1', id: decoded.id },
      { p: decoded.p, id: '------------------------------------' },
      { o: 0, r: 'x' },
      { o: 1e9 },
    ]) {
      assertProblem(await get(`${board}&cursor=${cursorOf(bad)}`), 400, 'invalid_cursor');
    }
    const list = `/api/v1/org/postings?cursor=${cursorOf({ u: '1', id: jobId })}`;
    assertProblem(await get(list, e.headers), 400, 'invalid_cursor');
    const versions = `/api/v1/org/postings/${jobId}/versions?cursor=${cursorOf({ v: 1e300 })}`;
    assertProblem(await get(versions, e.headers), 400, 'invalid_cursor');
  });

  it('serves only the sitemap pages there are', async () => {
    assert.equal((await get('/sitemaps/jobs-1.xml')).statusCode, 200);
    assertProblem(await get('/sitemaps/jobs-2.xml'), 404, 'not_found');
  });

  it('refuses a posting too large in all, though each field is within its limit', async () => {
    const section = (i: number) => ({ heading: `Part ${i}`, text: 'x'.repeat(19_000) });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/org/postings',
      headers: e.headers,
      payload: postingBody({ extraSections: Array.from({ length: 6 }, (_, i) => section(i)) }),
    });
    assertProblem(res, 422, 'posting_too_large');
  });

  it('lists at most 25 findings of one rule, and says how many it left out', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/analyze',
      payload: { text: `Lead Engineer\n\nResponsibilities\n${'- Be a rockstar.\n'.repeat(60)}` },
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    const rockstars = body.findings.filter((f: { rule: string }) => f.rule === 'inclusive.exclusionary');
    assert.equal(rockstars.length, 25);
    assert.ok(body.omittedFindings >= 35, `omitted ${body.omittedFindings}`);
    const tooLong = { text: 'x'.repeat(200_001) };
    assertProblem(
      await t.app.inject({ method: 'POST', url: '/api/v1/analyze', payload: tooLong }),
      400,
      'validation_failed',
    );
  });

  it('accepts only logo URLs whose origin can go in a CSP', async () => {
    const patch = (logoUrl: string) =>
      t.app.inject({ method: 'PATCH', url: '/api/v1/org', headers: e.headers, payload: { logoUrl } });
    assertProblem(await patch('https://*/logo.png'), 422, 'invalid_logo_url');
    assert.equal((await patch('https://cdn.example.com/logo.png')).statusCode, 200);
    const page = await get(`/careers/${e.slug}`);
    assert.match(
      page.headers['content-security-policy'] as string,
      /img-src 'self' data: https:\/\/cdn\.example\.com;/,
    );
  });
});

describe('If-Match on transitions', () => {
  it('publishes only the version the caller read', async () => {
    const p = await e.create(postingBody({ title: 'Gardener' }));
    const read = await get(`/api/v1/org/postings/${p.id}`, e.headers);
    const etag = read.headers.etag as string;
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/org/postings/${p.id}`,
      headers: e.headers,
      payload: { summary: 'Changed after the review.' },
    });
    assert.equal(edit.statusCode, 200);
    const stale = await t.app.inject({
      method: 'POST',
      url: `/api/v1/org/postings/${p.id}/publish`,
      headers: { ...e.headers, 'if-match': etag },
    });
    assertProblem(stale, 412, 'precondition_failed');
    const fresh = await t.app.inject({
      method: 'POST',
      url: `/api/v1/org/postings/${p.id}/publish`,
      headers: { ...e.headers, 'if-match': edit.headers.etag as string },
    });
    assert.equal(fresh.statusCode, 200, fresh.body);
    assert.equal(fresh.json().status, 'published');
  });
});

describe('salary insights on template pages', () => {
  it('shows pay for the template’s role once 5 postings from 3 employers contribute', async () => {
    const created = await send(t.app, 'POST', '/api/v1/templates', auth, {
      role: 'Junior Data Engineer',
      summary: 'Build data pipelines.',
      responsibilities: ['Build pipelines.'],
      qualifications: ['SQL.'],
    });
    assert.equal(created.statusCode, 201, created.body);
    const page = `/templates/${created.json().slug}`;
    const employers = [e, await makeEmployer(t), await makeEmployer(t)];
    const publishOne = async (employer: Employer, min: number) => {
      const p = await employer.create(
        postingBody({
          title: 'Data Engineer',
          salary: { min, max: min + 20_000, currency: 'EUR', period: 'YEAR' },
        }),
      );
      await employer.publish(p.id);
    };
    for (const [i, employer] of employers.entries()) await publishOne(employer, 50_000 + i * 10_000);
    await publishOne(employers[0]!, 80_000);
    // Four postings: not enough, nothing shown.
    assert.equal((await get(page)).body.includes('Salary insights'), false);
    await publishOne(employers[1]!, 90_000);
    const shown = (await get(page)).body;
    assert.match(shown, /Salary insights/);
    // Midpoints 60k, 70k, 80k, 90k, 100k: the median is 80,000, from 5 postings and 3 employers.
    assert.match(shown, /<dt>DE<\/dt><dd>EUR 70,000–90,000 \(median 80,000; 5 postings, 3 employers\)<\/dd>/);
  });
});

describe('reopening an archived draft', () => {
  it('restores the draft, without publishing it', async () => {
    const p = await e.create(postingBody({ title: 'Plumber' }));
    const move = (name: string) => send(t.app, 'POST', `/api/v1/org/postings/${p.id}/${name}`, e.headers);
    assert.equal((await move('archive')).json().status, 'archived');
    const reopened = await move('reopen');
    assert.equal(reopened.statusCode, 200, reopened.body);
    assert.equal(reopened.json().status, 'draft');
    assert.equal(reopened.json().publishedAt, null);
    const events = (await send(t.app, 'GET', `/api/v1/org/postings/${p.id}/events`, e.headers)).json().items;
    assert.deepEqual(
      events.map((ev: { from: string; to: string }) => `${ev.from}→${ev.to}`),
      ['archived→draft', 'draft→archived'],
    );
    assert.equal((await get(`/careers/${e.slug}/jobs/${p.slug}`)).statusCode, 404);
  });
});
