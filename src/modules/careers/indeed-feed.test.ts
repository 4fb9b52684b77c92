import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { descriptionHtml } from './description.ts';
import {
  BASE_URL,
  EMPLOYER,
  HOSTILE,
  hostileContent,
  posting,
  xmllint,
  xpath,
} from './fixtures.test-helpers.ts';
import { indeedFeed } from './indeed-feed.ts';
import { xmlText } from './xml.ts';

const NOW = new Date('2024-03-10T12:00:00Z');

describe('indeedFeed', () => {
  it('is well-formed and lists every posting once, with its reference number', () => {
    const postings = [
      posting(),
      posting({ workplaceType: 'hybrid', employmentType: 'PART_TIME' }),
      posting({ workplaceType: 'remote', locations: [], applicantLocationRequirements: ['AT'] }),
    ];
    const xml = indeedFeed(postings, EMPLOYER, BASE_URL, NOW);
    const lint = xmllint(xml);
    assert.equal(lint.status, 0, lint.stderr);
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<source>\n'));
    assert.equal(xpath(xml, 'string(/source/publisher)'), 'Acme GmbH');
    assert.equal(xpath(xml, 'string(/source/publisherurl)'), 'https://jobs.example.com/careers/acme');
    assert.equal(xpath(xml, 'string(/source/lastBuildDate)'), 'Sun, 10 Mar 2024 12:00:00 +0000');
    assert.equal(xpath(xml, 'count(/source/job)'), '3');
    assert.equal(xml.match(/<job>/g)?.length, 3);
    postings.forEach((p, i) => {
      assert.ok(
        xml.includes(`<referencenumber><![CDATA[${p.referenceNumber}]]></referencenumber>`),
        p.referenceNumber,
      );
      assert.equal(xpath(xml, `string(/source/job[${i + 1}]/referencenumber)`), p.referenceNumber);
      assert.equal(xpath(xml, `string(/source/job[${i + 1}]/requisitionid)`), p.referenceNumber);
      assert.equal(
        xpath(xml, `string(/source/job[${i + 1}]/url)`),
        `https://jobs.example.com/careers/acme/jobs/${p.slug}`,
      );
    });
    // every field of a job is a CDATA section
    const jobs = [...xml.matchAll(/<job>\n([\s\S]*?)\n<\/job>/g)].map((m) => m[1]!);
    assert.equal(jobs.length, 3);
    for (const job of jobs) {
      const field = /<([a-z]+)><!\[CDATA\[[\s\S]*?\]\]><\/\1>/g;
      assert.ok((job.match(field)?.length ?? 0) >= 15, job);
      assert.equal(job.replace(field, '').trim(), '', job);
    }
  });

  it('maps every field of an on-site posting', () => {
    const p = posting();
    const xml = indeedFeed([p], EMPLOYER, BASE_URL, NOW);
    const field = (name: string) => xpath(xml, `string(/source/job[1]/${name})`);
    assert.equal(field('title'), 'Senior Backend Engineer');
    assert.equal(field('date'), 'Tue, 05 Mar 2024 09:00:00 +0000');
    assert.equal(field('company'), 'Acme GmbH');
    assert.equal(field('sourcename'), 'Acme GmbH');
    assert.equal(field('city'), 'Berlin');
    assert.equal(field('state'), 'BE');
    assert.equal(field('country'), 'DE');
    assert.equal(field('postalcode'), '10115');
    assert.equal(field('description'), descriptionHtml(p.content).value);
    assert.equal(field('salary'), 'EUR 90,000–120,000 per year');
    assert.equal(field('education'), "Bachelor's degree");
    assert.equal(field('jobtype'), 'fulltime');
    assert.equal(field('category'), 'Engineering');
    assert.equal(field('experience'), '5+ years');
    assert.equal(field('expirationdate'), 'Sun, 30 Jun 2024 23:59:59 +0000');
    assert.equal(xpath(xml, 'count(/source/job[1]/remotetype)'), '0');
    assert.equal(xpath(xml, 'count(/source/job[1]/email)'), '0');
  });

  it('marks remote and hybrid jobs and leaves out blank fields', () => {
    const remote = posting({
      workplaceType: 'remote',
      locations: [],
      applicantLocationRequirements: ['NL', 'BE'],
      salary: null,
      department: null,
      employmentType: 'OTHER',
      educationLevel: null,
      experienceMonths: null,
      validThrough: null,
    });
    const hybrid = posting({ workplaceType: 'hybrid', employmentType: 'PER_DIEM' });
    const xml = indeedFeed([remote, hybrid], EMPLOYER, BASE_URL, NOW);
    assert.equal(xmllint(xml).status, 0);
    assert.equal(xpath(xml, 'string(/source/job[1]/remotetype)'), 'Fully remote');
    assert.equal(xpath(xml, 'string(/source/job[1]/country)'), 'NL');
    for (const name of [
      'city',
      'state',
      'postalcode',
      'salary',
      'category',
      'jobtype',
      'education',
      'experience',
      'expirationdate',
    ]) {
      assert.equal(xpath(xml, `count(/source/job[1]/${name})`), '0', name);
    }
    assert.equal(xpath(xml, 'string(/source/job[2]/remotetype)'), 'Hybrid remote');
    assert.equal(xpath(xml, 'string(/source/job[2]/jobtype)'), 'per diem');
    assert.equal(xpath(xml, 'string(/source/job[2]/city)'), 'Berlin');
  });

  it('stays well-formed with hostile text, which arrives intact minus what XML forbids', () => {
    const p = posting(hostileContent(), { referenceNumber: `REF ${HOSTILE}` });
    const employer = { ...EMPLOYER, name: `Acme ${HOSTILE}` };
    const xml = indeedFeed([p, posting()], employer, BASE_URL, NOW);
    const lint = xmllint(xml);
    assert.equal(lint.status, 0, lint.stderr);
    assert.equal(xpath(xml, 'count(/source/job)'), '2');
    assert.ok(xml.includes(']]]]><![CDATA[>'));
    for (const c of ['\u0001', '\u0008', '\uFFFE', '\uFFFF', '\uD800'])
      assert.ok(!xml.includes(c), `U+${c.charCodeAt(0).toString(16)}`);
    assert.ok(xml.includes('🚀'));
    const clean = xmlText(HOSTILE);
    assert.equal(xpath(xml, 'string(/source/job[1]/title)'), `Engineer ${clean}`);
    assert.equal(xpath(xml, 'string(/source/job[1]/referencenumber)'), `REF ${clean}`);
    assert.equal(xpath(xml, 'string(/source/job[1]/company)'), `Acme ${clean}`);
    assert.equal(xpath(xml, 'string(/source/job[1]/city)'), `City ${clean}`);
    assert.equal(xpath(xml, 'string(/source/publisher)'), `Acme ${clean}`);
    // the description is HTML: user text in it stays HTML-escaped, so no script tag reaches Indeed
    const description = xpath(xml, 'string(/source/job[1]/description)');
    assert.ok(!description.includes('<script'), description);
    assert.ok(description.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  });

  it('is an empty source for no postings', () => {
    const xml = indeedFeed([], EMPLOYER, BASE_URL, NOW);
    assert.equal(xmllint(xml).status, 0);
    assert.equal(xpath(xml, 'count(/source/job)'), '0');
  });
});
