import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plainSummary } from './description.ts';
import {
  BASE_URL,
  EMPLOYER,
  HOSTILE,
  hostileContent,
  posting,
  xmllint,
  xpath,
} from './fixtures.test-helpers.ts';
import { jobsRss, rssUrl } from './rss.ts';
import { xmlText } from './xml.ts';

const NOW = new Date('2024-03-10T12:00:00Z');

describe('jobsRss', () => {
  it('is a well-formed RSS 2.0 channel with one item per posting', () => {
    const postings = [posting(), posting({ department: null }), posting({ summary: 'word '.repeat(200) })];
    const xml = jobsRss(postings, EMPLOYER, BASE_URL, NOW);
    const lint = xmllint(xml);
    assert.equal(lint.status, 0, lint.stderr);
    assert.equal(xpath(xml, 'string(/rss/@version)'), '2.0');
    assert.equal(xpath(xml, 'string(/rss/channel/title)'), 'Jobs at Acme GmbH');
    assert.equal(xpath(xml, 'string(/rss/channel/link)'), 'https://jobs.example.com/careers/acme');
    assert.equal(xpath(xml, 'string(/rss/channel/description)'), 'Open positions at Acme GmbH');
    assert.equal(xpath(xml, 'string(/rss/channel/lastBuildDate)'), 'Sun, 10 Mar 2024 12:00:00 +0000');
    assert.equal(rssUrl(BASE_URL, EMPLOYER), 'https://jobs.example.com/careers/acme/jobs.rss');
    assert.ok(
      xml.includes(
        '<atom:link href="https://jobs.example.com/careers/acme/jobs.rss" rel="self" type="application/rss+xml"/>',
      ),
    );
    assert.ok(xml.includes('xmlns:atom="http://www.w3.org/2005/Atom"'));
    assert.equal(xpath(xml, 'count(/rss/channel/item)'), '3');
    postings.forEach((p, i) => {
      const item = (name: string) => xpath(xml, `string(/rss/channel/item[${i + 1}]/${name})`);
      const url = `https://jobs.example.com/careers/acme/jobs/${p.slug}`;
      assert.equal(item('title'), 'Senior Backend Engineer');
      assert.equal(item('link'), url);
      assert.equal(item('guid'), url);
      assert.equal(item('guid/@isPermaLink'), 'true');
      assert.equal(item('pubDate'), 'Tue, 05 Mar 2024 09:00:00 +0000');
      assert.equal(item('description'), plainSummary(p.content));
    });
    assert.equal(xpath(xml, 'string(/rss/channel/item[1]/category)'), 'Engineering');
    assert.equal(xpath(xml, 'count(/rss/channel/item[2]/category)'), '0');
    assert.ok(xpath(xml, 'string(/rss/channel/item[3]/description)').length <= 300);
    assert.ok(!xml.includes('CDATA'), 'escaped text, no CDATA');
  });

  it('stays well-formed with hostile text', () => {
    const employer = { ...EMPLOYER, name: `Acme ${HOSTILE}` };
    const xml = jobsRss([posting(hostileContent()), posting()], employer, BASE_URL, NOW);
    const lint = xmllint(xml);
    assert.equal(lint.status, 0, lint.stderr);
    assert.equal(xpath(xml, 'count(/rss/channel/item)'), '2');
    for (const c of ['\u0001', '\u0008', '\uFFFE', '\uFFFF', '\uD800'])
      assert.ok(!xml.includes(c), `U+${c.charCodeAt(0).toString(16)}`);
    assert.ok(!xml.includes('<script'));
    const clean = xmlText(HOSTILE);
    assert.equal(xpath(xml, 'string(/rss/channel/title)'), `Jobs at Acme ${clean}`);
    assert.equal(xpath(xml, 'string(/rss/channel/item[1]/title)'), `Engineer ${clean}`);
    assert.equal(xpath(xml, 'string(/rss/channel/item[1]/category)'), `Dept ${clean}`);
    assert.ok(xpath(xml, 'string(/rss/channel/item[1]/description)').includes('🚀'));
  });

  it('is an empty channel for no postings', () => {
    const xml = jobsRss([], EMPLOYER, BASE_URL, NOW);
    assert.equal(xmllint(xml).status, 0);
    assert.equal(xpath(xml, 'count(/rss/channel/item)'), '0');
  });
});
