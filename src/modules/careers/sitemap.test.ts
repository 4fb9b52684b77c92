import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { xmllint, xpath } from './fixtures.test-helpers.ts';
import { robotsTxt, SITEMAP_LIMIT, sitemapIndex, urlset, w3cDatetime } from './sitemap.ts';

// xmllint's XPath needs the sitemap namespace bound; local-name() avoids that.
const el = (name: string) => `*[local-name()="${name}"]`;

describe('urlset', () => {
  it('is well-formed, with an escaped loc and a lastmod per URL', () => {
    const xml = urlset([
      { loc: 'https://jobs.example.com/careers/acme', lastmod: '2024-03-06T10:30:00.000Z' },
      { loc: 'https://jobs.example.com/careers/acme/jobs/a?x=1&y=<2>', lastmod: '2024-03-05T11:00:00+02:00' },
      { loc: 'https://jobs.example.com/templates', lastmod: '2024-03-01' },
    ]);
    const lint = xmllint(xml);
    assert.equal(lint.status, 0, lint.stderr);
    assert.ok(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
      ),
    );
    assert.ok(xml.includes('<loc>https://jobs.example.com/careers/acme/jobs/a?x=1&amp;y=&lt;2&gt;</loc>'));
    assert.equal(xpath(xml, `count(/${el('urlset')}/${el('url')})`), '3');
    assert.equal(xpath(xml, `count(/${el('urlset')}/${el('url')}/${el('lastmod')})`), '3');
    assert.equal(
      xpath(xml, `string(/${el('urlset')}/${el('url')}[2]/${el('loc')})`),
      'https://jobs.example.com/careers/acme/jobs/a?x=1&y=<2>',
    );
    assert.equal(
      xpath(xml, `string(/${el('urlset')}/${el('url')}[1]/${el('lastmod')})`),
      '2024-03-06T10:30:00Z',
    );
    assert.equal(
      xpath(xml, `string(/${el('urlset')}/${el('url')}[2]/${el('lastmod')})`),
      '2024-03-05T09:00:00Z',
    );
    assert.equal(xpath(xml, `string(/${el('urlset')}/${el('url')}[3]/${el('lastmod')})`), '2024-03-01');
  });

  it('is well-formed when empty', () => {
    assert.equal(xmllint(urlset([])).status, 0);
  });

  it('refuses more than the limit and bad dates', () => {
    const many = Array.from({ length: SITEMAP_LIMIT + 1 }, (_, i) => ({
      loc: `https://x.test/${i}`,
      lastmod: '2024-01-01',
    }));
    assert.throws(() => urlset(many), RangeError);
    assert.doesNotThrow(() => urlset(many.slice(0, SITEMAP_LIMIT)));
    assert.throws(() => urlset([{ loc: 'https://x.test/', lastmod: 'yesterday' }]), RangeError);
  });
});

describe('sitemapIndex', () => {
  it('is well-formed, with lastmod only when given', () => {
    const xml = sitemapIndex([
      { loc: 'https://jobs.example.com/sitemap-jobs.xml?page=1&size=2', lastmod: '2024-03-06T10:30:00Z' },
      { loc: 'https://jobs.example.com/sitemap-templates.xml' },
    ]);
    const lint = xmllint(xml);
    assert.equal(lint.status, 0, lint.stderr);
    assert.ok(xml.includes('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'));
    assert.ok(
      xml.includes(
        '<loc>https://jobs.example.com/sitemap-jobs.xml?page=1&amp;size=2</loc><lastmod>2024-03-06T10:30:00Z</lastmod>',
      ),
    );
    assert.equal(xpath(xml, `count(/${el('sitemapindex')}/${el('sitemap')})`), '2');
    assert.equal(xpath(xml, `count(/${el('sitemapindex')}/${el('sitemap')}[2]/${el('lastmod')})`), '0');
  });
});

describe('w3cDatetime', () => {
  it('normalises to UTC seconds and keeps bare dates', () => {
    assert.equal(w3cDatetime('2024-03-05T09:00:00.123Z'), '2024-03-05T09:00:00Z');
    assert.equal(w3cDatetime('2024-03-05'), '2024-03-05');
    assert.throws(() => w3cDatetime(''), RangeError);
  });
});

describe('robotsTxt', () => {
  it('allows the public site, keeps crawlers out of the API, app and docs, and names the sitemap', () => {
    const txt = robotsTxt('https://jobs.example.com');
    const lines = txt.split('\n');
    assert.equal(lines[0], 'User-agent: *');
    for (const path of ['/api/', '/app/', '/docs']) assert.ok(lines.includes(`Disallow: ${path}`), path);
    assert.ok(lines.includes('Allow: /'));
    assert.ok(!lines.some((l) => l === 'Disallow: /' || l.startsWith('Disallow: /careers')));
    assert.ok(lines.includes('Sitemap: https://jobs.example.com/sitemap.xml'));
    assert.ok(txt.endsWith('\n'));
  });
});
