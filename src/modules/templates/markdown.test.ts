import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { toMarkdown } from './markdown.ts';
import { parseJd } from './parse.ts';

const SEED = readFileSync(
  new URL('../../../test/fixtures/jr-backend-developer.txt', import.meta.url),
  'utf8',
);

const VARIANTS: Record<string, string> = {
  seed: SEED,
  'plain text with metadata, extras and explicit FAQ': [
    'Start Free Trial',
    'Data Analyst Job Description',
    'Location: Remote',
    'Type: Full-time',
    '',
    'As a Data Analyst, you will turn data into decisions.',
    '',
    'Key Responsibilities:',
    '• Build dashboards.',
    '• Explain trends to leaders.',
    'Requirements',
    '1) SQL experience.',
    'Skills: SQL, Python, Tableau',
    'Perks',
    '- Remote budget',
    'FAQ',
    'Is it remote?',
    'Yes, fully.',
    '',
    'With quarterly meetups.',
  ].join('\r\n'),
  'Markdown with text extras':
    '# Chef\n\nCook well.\n\n## Duties\n\n- Cook.\n\n## About us\n\nA bistro.\n\nOpen daily.\n',
};

describe('canonical Markdown', () => {
  for (const [name, text] of Object.entries(VARIANTS)) {
    it(`round-trips: ${name}`, () => {
      const parsed = parseJd(text);
      const markdown = toMarkdown(parsed);
      assert.deepEqual(parseJd(markdown), parsed);
      assert.equal(toMarkdown(parseJd(markdown)), markdown);
    });
  }

  it('writes front matter, the title, sections in a fixed order and FAQ questions as ### headings', () => {
    const md = toMarkdown(parseJd(VARIANTS['plain text with metadata, extras and explicit FAQ']!));
    assert.match(md, /^---\nLocation: Remote\nType: Full-time\n---\n\n# Data Analyst Job Description\n/);
    const order = [
      '## Responsibilities',
      '## Qualifications',
      '## Skills',
      '## Perks',
      '## Frequently Asked Questions',
    ];
    const positions = order.map((h) => md.indexOf(h));
    assert.deepEqual(
      [...positions].sort((a, b) => a - b),
      positions,
    );
    assert.ok(!positions.includes(-1));
    assert.match(md, /### Is it remote\?\n\nYes, fully\.\n\nWith quarterly meetups\.\n$/);
  });
});
