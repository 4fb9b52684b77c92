import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { builtinTaxonomy } from '../skills/taxonomy.ts';
import { inferCategory, inferSeniority, isCategory, isSeniority, slugify } from './infer.ts';
import { BUILTIN_DIR } from './library.ts';
import { toMarkdown } from './markdown.ts';
import { parseJd } from './parse.ts';
import { CATEGORIES, SENIORITIES } from './types.ts';

const files = readdirSync(BUILTIN_DIR).filter((f) => f.endsWith('.md'));
const library = files.map((file) => ({
  file,
  t: parseJd(readFileSync(path.join(BUILTIN_DIR, file), 'utf8')),
}));

describe('the built-in library', () => {
  it('holds the seed and at least 60 more templates', () => {
    assert.ok(files.includes('jr-backend-developer.md'));
    assert.ok(files.length >= 61, `only ${files.length} templates`);
  });

  it('covers the main categories and every seniority', () => {
    const categories = new Set(library.map(({ t }) => t.metadata.category));
    for (const c of [
      'engineering',
      'data',
      'design',
      'product',
      'marketing',
      'sales',
      'operations',
      'finance',
      'people',
      'healthcare',
      'education',
      'hospitality',
    ]) {
      assert.ok(categories.has(c), `no ${c} template`);
    }
    const seniorities = new Set(library.map(({ t }) => t.metadata.seniority));
    for (const s of SENIORITIES) assert.ok(seniorities.has(s), `no ${s} template`);
  });

  for (const { file, t } of library) {
    it(`${file} is complete and classified`, () => {
      assert.equal(t.metadata.slug, file.replace(/\.md$/, ''));
      assert.ok(isCategory(t.metadata.category), `category ${t.metadata.category}`);
      assert.ok(isSeniority(t.metadata.seniority), `seniority ${t.metadata.seniority}`);
      assert.ok(t.summary.length > 80, 'summary');
      assert.ok(t.responsibilities.length >= 5, 'responsibilities');
      assert.ok(t.qualifications.length >= 4, 'qualifications');
      assert.ok(t.skills.length >= 6, 'skills');
      assert.ok(t.faqs.length >= 3 && t.faqs.length <= 5, `${t.faqs.length} FAQ entries`);
    });

    it(`${file} survives the Markdown round trip`, () => {
      const once = toMarkdown(t);
      assert.deepEqual(parseJd(once), t);
      assert.equal(toMarkdown(parseJd(once)), once);
    });
  }

  it('links every skill label to the taxonomy', () => {
    const taxonomy = builtinTaxonomy();
    const unlinked = library.flatMap(({ file, t }) =>
      t.skills.filter((s) => !taxonomy.link(s)).map((s) => `${file}: ${s}`),
    );
    assert.deepEqual(unlinked, []);
  });
});

describe('inference', () => {
  it('guesses seniority from the role', () => {
    assert.equal(inferSeniority('Jr. Backend Developer'), 'junior');
    assert.equal(inferSeniority('Senior Data Engineer'), 'senior');
    assert.equal(inferSeniority('Software Engineering Intern'), 'intern');
    assert.equal(inferSeniority('Head of Data'), 'executive');
    assert.equal(inferSeniority('Nurse Manager'), 'manager');
    assert.equal(inferSeniority('Staff Engineer'), 'lead');
    assert.equal(inferSeniority('Accountant'), 'mid');
  });

  it('guesses category from the role, defaulting to other', () => {
    assert.equal(inferCategory('Backend Developer'), 'engineering');
    assert.equal(inferCategory('Registered Nurse'), 'healthcare');
    assert.equal(inferCategory('Data Analyst'), 'data');
    assert.equal(inferCategory('Sommelier'), 'other');
    assert.ok(CATEGORIES.includes(inferCategory('Barista')));
  });

  it('makes URL-safe slugs', () => {
    assert.equal(slugify('Jr. Backend Developer'), 'jr-backend-developer');
    assert.equal(slugify('C++ / C# Engineer'), 'cpp-csharp-engineer');
    assert.equal(slugify('Café Manager — Paris'), 'cafe-manager-paris');
    assert.equal(slugify('!!!'), '');
  });
});
