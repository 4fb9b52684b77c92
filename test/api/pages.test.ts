import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auth, buildTestApp, type TestApp, templateBody } from '../helpers.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

function jsonLdBlocks(html: string): unknown[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) =>
    JSON.parse(m[1]!),
  );
}

describe('library page /templates', () => {
  it('lists templates with a search box and category filters', async () => {
    const res = await get('/templates');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(res.body, /<html lang="en">/);
    assert.match(res.body, /<form class="search" role="search" method="get" action="\/templates">/);
    assert.match(res.body, /<label class="sr-only" for="q">Search templates<\/label>/);
    assert.match(res.body, /href="\/templates\?category=healthcare"/);
    assert.match(res.body, /<a href="\/templates\/account-executive">Account Executive<\/a>/);
    assert.match(res.body, /rel="next"/);
  });

  it('searches and filters like the API', async () => {
    const res = await get('/templates?q=backnd+develper');
    assert.match(res.body, /href="\/templates\/jr-backend-developer"/);
    assert.match(res.body, /results for <strong>backend developer<\/strong>/);
    const health = await get('/templates?category=healthcare');
    assert.match(health.body, /Registered Nurse/);
    assert.doesNotMatch(health.body, /Account Executive/);
    assert.match(health.body, /href="\/templates\?category=healthcare" aria-current="true"/);
    const none = await get('/templates?q=zzqxv');
    assert.match(none.body, /No templates match/);
  });

  it('sets a strict CSP, caching and ETags', async () => {
    const res = await get('/templates');
    assert.match(String(res.headers['content-security-policy']), /default-src 'none'; style-src 'self'/);
    assert.equal((await get('/templates', { 'if-none-match': String(res.headers.etag) })).statusCode, 304);
    const css = await get(res.body.match(/href="(\/assets\/site\.css\?v=\w+)"/)![1]!);
    assert.equal(css.statusCode, 200);
    assert.match(String(css.headers['content-type']), /^text\/css/);
    assert.match(String(css.headers['cache-control']), /immutable/);
  });

  it('answers a bad filter with 400, not a crash', async () => {
    assert.equal((await get('/templates?category=astrology')).statusCode, 400);
  });
});

describe('template page /templates/{slug}', () => {
  it('renders the JD with its sections, skills and FAQ, plus FAQPage JSON-LD', async () => {
    const res = await get('/templates/jr-backend-developer');
    assert.equal(res.statusCode, 200);
    const html = res.body;
    assert.match(html, /<h1>Jr\. Backend Developer Job Description Template<\/h1>/);
    for (const heading of ['Responsibilities', 'Qualifications', 'Skills', 'Frequently asked questions']) {
      assert.match(html, new RegExp(`<h2>${heading}</h2>`));
    }
    assert.match(html, /<li>Write reusable, testable, and efficient code\.<\/li>/);
    assert.match(html, /<a class="chip" href="\/templates\?skill=postgresql">PostgreSQL<\/a>/);
    assert.match(html, /<summary>What does a Jr\. Backend Developer do\?<\/summary>/);
    assert.match(
      html,
      /<link rel="canonical" href="http:\/\/127\.0\.0\.1:3000\/templates\/jr-backend-developer">/,
    );
    const [ld] = jsonLdBlocks(html) as {
      '@type': string;
      mainEntity: { name: string; acceptedAnswer: { text: string } }[];
    }[];
    assert.equal(ld!['@type'], 'FAQPage');
    assert.equal(ld!.mainEntity.length, 5);
    assert.equal(ld!.mainEntity[0]!.name, 'What does a Jr. Backend Developer do?');
    assert.match(ld!.mainEntity[0]!.acceptedAnswer.text, /^A Jr\. Backend Developer is responsible/);
  });

  it('offers the Markdown as a download', async () => {
    const res = await get('/templates/jr-backend-developer.md');
    assert.equal(res.statusCode, 200);
    assert.match(
      String(res.headers['content-disposition']),
      /attachment; filename="jr-backend-developer\.md"/,
    );
    assert.match(res.body, /^---\nslug: jr-backend-developer/);
  });

  it('answers a missing template with an HTML 404 page', async () => {
    const res = await get('/templates/no-such-role');
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /Page not found/);
    assert.equal((await get('/no/such/page')).statusCode, 404);
  });

  it('escapes everything a template says: <script> renders as text, JSON-LD cannot break out', async () => {
    const evil = '<script>alert("x")</script>';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: auth,
      payload: templateBody({
        role: `Hacker ${evil}`,
        summary: `Summary ${evil} & "quotes" 'single'`,
        responsibilities: [`Item ${evil}`],
        skills: [`Skill ${evil}`],
        faqs: [{ question: `Why ${evil}?`, answer: `Because </script><script>alert(1)</script>` }],
        extraSections: [{ heading: `Perks ${evil}`, items: [`Perk ${evil}`] }],
      }),
    });
    assert.equal(res.statusCode, 201, res.body);
    const { slug } = JSON.parse(res.body);
    const page = (await get(`/templates/${slug}`)).body;
    const library = (await get(`/templates?q=hacker`)).body;
    for (const html of [page, library]) {
      assert.doesNotMatch(html, /<script>alert/);
      assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
    }
    const scripts = page.match(/<script\b/g) ?? [];
    assert.equal(scripts.length, 1, 'only the JSON-LD block is a script element');
    const [ld] = jsonLdBlocks(page) as { mainEntity: { acceptedAnswer: { text: string } }[] }[];
    assert.equal(ld!.mainEntity[0]!.acceptedAnswer.text, 'Because </script><script>alert(1)</script>');
  });
});

describe('home', () => {
  it('redirects / to the library', async () => {
    const res = await get('/');
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, '/templates');
  });
});
