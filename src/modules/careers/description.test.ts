import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  descriptionHtml,
  educationLabel,
  employmentTypeLabel,
  experienceLabel,
  locationLabel,
  plainSummary,
  salaryLabel,
  truncateWords,
} from './description.ts';
import { content } from './fixtures.test-helpers.ts';

const XSS = '<script>alert(1)</script>';
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';

describe('descriptionHtml', () => {
  it('renders the sections in order with their headings', () => {
    const out = descriptionHtml(content()).value;
    const order = [
      '<p>We build the billing platform.</p>',
      '<p>You will own services end to end.</p>',
      '<h2>Responsibilities</h2><ul><li>Design APIs</li><li>Run services in production</li></ul>',
      '<h2>Requirements</h2><ul><li>5 years of backend work</li><li>PostgreSQL</li></ul>',
      '<h2>Nice to have</h2><ul><li>Kubernetes</li></ul>',
      '<h2>Benefits</h2><ul><li>30 days of vacation</li><li>Learning budget</li></ul>',
      '<h2>How we work</h2><p>Small teams.</p><p>Few meetings.</p>',
      '<h2>Skills</h2><ul><li class="skill-required">TypeScript</li><li class="skill-required">PostgreSQL</li><li class="skill-preferred">Go <span class="meta">(preferred)</span></li></ul>',
      '<h2>Frequently asked questions</h2><h3>Is there a take-home test?</h3><p>No, a paid pairing session.</p>',
    ];
    let at = -1;
    for (const fragment of order) {
      const next = out.indexOf(fragment);
      assert.ok(next > at, `missing or out of order: ${fragment}\n${out}`);
      at = next;
    }
  });

  it('leaves out empty sections and blank items', () => {
    const out = descriptionHtml(
      content({
        summary: '  \n\n ',
        responsibilities: [],
        qualifications: ['  '],
        preferredQualifications: [],
        extraSections: [
          { heading: 'Empty', items: [] },
          { heading: 'Blank', text: ' \n ' },
        ],
        faqs: [{ question: 'No answer?', answer: '' }],
        requiredSkills: [],
        preferredSkills: [],
      }),
    ).value;
    assert.equal(out, '');
  });

  it('escapes user text in every field', () => {
    const fields = [
      'summary',
      'resp',
      'qual',
      'pref',
      'heading',
      'item',
      'text',
      'skill',
      'nice',
      'question',
      'answer',
    ] as const;
    const t = Object.fromEntries(fields.map((f) => [f, `${f}:${XSS}`])) as Record<
      (typeof fields)[number],
      string
    >;
    const out = descriptionHtml(
      content({
        summary: t.summary,
        responsibilities: [t.resp],
        qualifications: [t.qual],
        preferredQualifications: [t.pref],
        extraSections: [{ heading: t.heading, items: [t.item], text: t.text }],
        faqs: [{ question: t.question, answer: t.answer }],
        requiredSkills: [t.skill],
        preferredSkills: [t.nice],
      }),
    ).value;
    assert.ok(!out.includes('<script'), out);
    assert.ok(!out.includes('</script'), out);
    for (const f of fields) assert.ok(out.includes(`${f}:${ESCAPED}`), `${f} not escaped: ${out}`);
  });

  it('escapes quotes and ampersands', () => {
    const out = descriptionHtml(content({ summary: `Tom & "Jerry's"` })).value;
    assert.ok(out.startsWith('<p>Tom &amp; &quot;Jerry&#39;s&quot;</p>'), out);
  });
});

describe('plainSummary', () => {
  it('collapses whitespace and keeps short text whole', () => {
    assert.equal(
      plainSummary(content({ summary: '  We build\n\n the   billing\tplatform. ' })),
      'We build the billing platform.',
    );
  });

  it('cuts on a word boundary with an ellipsis, within max', () => {
    const summary = 'alpha beta gamma delta epsilon';
    const out = plainSummary(content({ summary }), 14);
    assert.equal(out, 'alpha beta…');
    assert.ok(out.length <= 14);
    assert.equal(plainSummary(content({ summary }), 300), summary);
    const long = 'word '.repeat(100);
    const cut = plainSummary(content({ summary: long }));
    assert.ok(cut.length <= 300 && cut.endsWith('word…'), cut);
  });

  it('keeps a word that ends exactly at the cut', () => {
    assert.equal(truncateWords('alpha beta gamma', 11), 'alpha beta…');
    assert.equal(truncateWords('alpha, beta gamma', 8), 'alpha…');
  });

  it('hard-cuts a single long word and never leaves half an emoji', () => {
    assert.equal(truncateWords('abcdefghij', 5), 'abcd…');
    const out = truncateWords('🚀🚀🚀🚀', 4);
    assert.equal(out, '🚀…');
    assert.ok(!/[\uD800-\uDFFF]/.test(out.replace('🚀', '')), 'no lone surrogate');
  });

  it('falls back to the first responsibility when the summary is empty', () => {
    assert.equal(plainSummary(content({ summary: ' ' })), 'Design APIs');
    assert.equal(
      plainSummary(content({ summary: '', responsibilities: [], qualifications: [], extraSections: [] })),
      '',
    );
  });
});

describe('labels', () => {
  it('locationLabel skips missing parts', () => {
    assert.equal(locationLabel({ city: 'Berlin', region: 'BE', countryCode: 'DE' }), 'Berlin, BE, DE');
    assert.equal(locationLabel({ city: 'Paris', countryCode: 'FR' }), 'Paris, FR');
    assert.equal(locationLabel({ region: 'CA', countryCode: 'US', city: ' ' }), 'CA, US');
    assert.equal(locationLabel({ countryCode: 'NL' }), 'NL');
  });

  it('salaryLabel formats ranges, single values and one-sided pay', () => {
    assert.equal(
      salaryLabel({ min: 90000, max: 120000, currency: 'USD', period: 'YEAR' }),
      'USD 90,000–120,000 per year',
    );
    assert.equal(
      salaryLabel({ min: 40000, max: null, currency: 'USD', period: 'YEAR' }),
      'from USD 40,000 per year',
    );
    assert.equal(
      salaryLabel({ min: null, max: 25.5, currency: 'EUR', period: 'HOUR' }),
      'up to EUR 25.5 per hour',
    );
    assert.equal(
      salaryLabel({ min: 5000, max: 5000, currency: 'GBP', period: 'MONTH' }),
      'GBP 5,000 per month',
    );
    assert.equal(salaryLabel({ min: null, max: null, currency: 'USD', period: 'WEEK' }), null);
  });

  it('employment, education and experience labels', () => {
    assert.equal(employmentTypeLabel('FULL_TIME'), 'Full-time');
    assert.equal(educationLabel('bachelor degree'), "Bachelor's degree");
    assert.equal(experienceLabel(36), '3+ years');
    assert.equal(experienceLabel(12), '1+ year');
    assert.equal(experienceLabel(18), '18+ months');
    assert.equal(experienceLabel(1), '1+ month');
  });
});
