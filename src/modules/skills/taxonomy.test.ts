import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinTaxonomy, normalizeLabel } from './taxonomy.ts';

const taxonomy = builtinTaxonomy();

describe('skills taxonomy', () => {
  it('has at least 400 skills with unique, URL-safe ids', () => {
    assert.ok(taxonomy.skills.length >= 400);
    const ids = taxonomy.skills.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9][a-z0-9-]*$/);
  });

  it('never gives one name or alias to two skills', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const skill of taxonomy.skills) {
      for (const label of new Set([skill.name, ...skill.aliases].map(normalizeLabel))) {
        const other = owner.get(label);
        if (other && other !== skill.id) clashes.push(`${label}: ${other} / ${skill.id}`);
        owner.set(label, skill.id);
      }
    }
    assert.deepEqual(clashes, []);
  });

  it('covers software and other professions', () => {
    const categories = new Set(taxonomy.skills.map((s) => s.category));
    for (const c of [
      'language',
      'framework',
      'database',
      'cloud',
      'tool',
      'practice',
      'healthcare',
      'finance',
    ]) {
      assert.ok(categories.has(c), c);
    }
  });

  const cases: [string, string][] = [
    ['Postgres', 'postgresql'],
    ['psql', 'postgresql'],
    ['PostgreSQL', 'postgresql'],
    ['NodeJS', 'nodejs'],
    ['Node', 'nodejs'],
    ['node.js', 'nodejs'],
    ['REST', 'rest-apis'],
    ['RESTful APIs', 'rest-apis'],
    ['C++', 'cpp'],
    ['C#', 'csharp'],
    ['.NET', 'dotnet'],
    ['Agile methodologies', 'agile'],
    ['Security best practices', 'application-security'],
    ['  k8s ', 'kubernetes'],
    ['Strong problem-solving skills', 'problem-solving'],
  ];
  for (const [label, id] of cases) {
    it(`links "${label}" to ${id}`, () => assert.equal(taxonomy.link(label)?.id, id));
  }

  it('keeps C, C++ and C# apart', () => {
    const ids = ['C', 'C++', 'C#'].map((l) => taxonomy.link(l)?.id);
    assert.equal(new Set(ids).size, 3);
  });

  it('links nothing for an unknown label', () => {
    assert.equal(taxonomy.link('Underwater basket weaving'), undefined);
  });

  it('offers every alias as a search term', () => {
    assert.ok(taxonomy.searchTerms('postgresql').includes('Postgres'));
    assert.deepEqual(taxonomy.searchTerms('no-such-skill'), []);
  });
});
