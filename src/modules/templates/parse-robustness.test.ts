// Bad input never crashes the parser: random and mutated documents either parse or are refused
// with a ParseError. Pathological shapes must finish (the timeout guards against catastrophic
// regex backtracking; it is not a performance target).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { toMarkdown } from './markdown.ts';
import { ParseError, parseJd } from './parse.ts';

const SEED = readFileSync(
  new URL('../../../test/fixtures/jr-backend-developer.txt', import.meta.url),
  'utf8',
);

/** Small deterministic PRNG (mulberry32), so a failure can be reproduced from its seed. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '#',
  '## ',
  '- ',
  '* ',
  '1. ',
  '•',
  ':',
  '?',
  '\n',
  '\r\n',
  '\t',
  '  ',
  'Skills',
  'FAQ',
  'Responsibilities',
  'Requirements:',
  '---',
  '===',
  '**',
  'Q:',
  'A:',
  'Location: Remote',
  '\u00a0',
  '’',
  'é',
  '😀',
  ',',
  ';',
  'As a Chef,',
];

/** Parses or refuses with a ParseError; whatever parses, its canonical Markdown parses or is refused too. */
function parseOrRefuse(text: string, label: string) {
  const fail = (error: unknown, input: string) =>
    assert.fail(`${label}: ${(error as Error).stack}\ninput: ${JSON.stringify(input.slice(0, 300))}`);
  let parsed: ReturnType<typeof parseJd>;
  try {
    parsed = parseJd(text);
  } catch (error) {
    if (!(error instanceof ParseError)) fail(error, text);
    return;
  }
  const markdown = toMarkdown(parsed);
  try {
    parseJd(markdown);
  } catch (error) {
    if (!(error instanceof ParseError)) fail(error, markdown);
  }
}

describe('parser robustness', () => {
  it('never crashes on 2,000 random documents built from JD-like pieces', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const random = rng(seed);
      const parts = Array.from(
        { length: 1 + Math.floor(random() * 60) },
        () => PIECES[Math.floor(random() * PIECES.length)],
      );
      parseOrRefuse(parts.join(random() < 0.5 ? '' : ' '), `seed ${seed}`);
    }
  });

  it('never crashes on 500 mutations of the seed page', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const random = rng(seed);
      const lines = SEED.split('\n');
      for (let i = 0; i < 8; i++) {
        const at = Math.floor(random() * lines.length);
        const op = Math.floor(random() * 4);
        if (op === 0) lines.splice(at, 1);
        else if (op === 1) lines.splice(at, 0, PIECES[Math.floor(random() * PIECES.length)]!);
        else if (op === 2) lines[at] = (lines[at] ?? '').slice(0, Math.floor(random() * 40));
        else lines[at] = `${PIECES[Math.floor(random() * PIECES.length)]}${lines[at] ?? ''}`;
      }
      parseOrRefuse(lines.join('\n'), `mutation ${seed}`);
    }
  });

  it('finishes on pathological shapes near the 1 MiB limit', { timeout: 20_000 }, () => {
    const mib = 1024 * 1024 - 1024;
    const shapes: Record<string, string> = {
      'one huge line': `Chef\nSkills\n- ${'a'.repeat(mib)}`,
      'spaces then a hash': `# Chef${' '.repeat(mib / 2)}x\nSkills\n- Cooking`,
      'a heading of spaces': `#${' '.repeat(mib / 2)}\nSkills\n- Cooking`,
      'many bullets': `Chef\nResponsibilities\n${'- Cook.\n'.repeat(mib / 8)}`,
      'many headings': `Chef\n${'## Perks\n'.repeat(mib / 10)}Skills\n- Cooking`,
      'colons everywhere': `Chef\n${'Key: value: more: '.repeat(mib / 20)}\nSkills\n- Cooking`,
      'a long comma list': `Chef\nSkills: ${'Go, '.repeat(mib / 5)}`,
      'nested indentation': `Chef\nResponsibilities\n${' '.repeat(mib / 2)}- deep`,
      'question marks': `Chef\nSkills\n- Cooking\nFAQ\n${'Why? '.repeat(mib / 6)}`,
    };
    for (const [name, text] of Object.entries(shapes)) parseOrRefuse(text, name);
  });
});
