import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOSTILE, xmllint, xpath } from './fixtures.test-helpers.ts';
import { cdata, cdataElement, element, escapeXml, rfc2822, xmlText } from './xml.ts';

describe('xmlText', () => {
  it('removes characters XML 1.0 does not allow and keeps the rest', () => {
    assert.equal(xmlText('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg'), 'abcdefg');
    assert.equal(xmlText('tab\tlf\ncr\r'), 'tab\tlf\ncr\r');
    assert.equal(xmlText('x\uFFFEy\uFFFFz'), 'xyz');
    assert.equal(xmlText('lone \uD800 high, lone \uDC00 low'), 'lone  high, lone  low');
    assert.equal(xmlText('emoji 🚀 and Zürich € \u00A0'), 'emoji 🚀 and Zürich € \u00A0');
  });
});

describe('escapeXml and cdata', () => {
  it('escapes the five predefined entities', () => {
    assert.equal(
      escapeXml(`<a href="x">Tom & 'J'</a>`),
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;J&apos;&lt;/a&gt;',
    );
  });

  it('splits a CDATA terminator across two sections', () => {
    assert.equal(cdata('a]]>b'), '<![CDATA[a]]]]><![CDATA[>b]]>');
    assert.equal(cdata(']]>]]>'), '<![CDATA[]]]]><![CDATA[>]]]]><![CDATA[>]]>');
  });

  it('round-trips hostile text through a parser', () => {
    const doc = `<?xml version="1.0" encoding="utf-8"?><r a="${escapeXml(HOSTILE)}">${cdataElement('c', HOSTILE)}${element('e', HOSTILE)}</r>`;
    assert.equal(xmllint(doc).status, 0, xmllint(doc).stderr);
    const clean = xmlText(HOSTILE);
    assert.equal(xpath(doc, 'string(/r/c)'), clean);
    assert.equal(xpath(doc, 'string(/r/e)'), clean);
    assert.equal(xpath(doc, 'string(/r/@a)'), clean);
  });

  it('leaves out blank elements', () => {
    assert.equal(element('x', null), '');
    assert.equal(element('x', ' '), '');
    assert.equal(cdataElement('x', undefined), '');
    assert.equal(cdataElement('x', 'y'), '<x><![CDATA[y]]></x>');
  });
});

describe('rfc2822', () => {
  it('formats in UTC with a numeric zone', () => {
    assert.equal(rfc2822('2024-03-05T09:00:00Z'), 'Tue, 05 Mar 2024 09:00:00 +0000');
    assert.equal(rfc2822(new Date('2023-12-31T23:59:59-01:00')), 'Mon, 01 Jan 2024 00:59:59 +0000');
    assert.throws(() => rfc2822('not a date'), RangeError);
  });
});
