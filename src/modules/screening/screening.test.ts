import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { builtinTaxonomy, Taxonomy } from '../skills/taxonomy.ts';
import { matchScore } from './match.ts';
import { parseResume } from './parse-resume.ts';
import { extractSkills } from './skills.ts';

const taxonomy = builtinTaxonomy();
const sample = (name: string) => readFileSync(new URL(`./samples/${name}.txt`, import.meta.url), 'utf8');
const BACKEND = sample('backend-developer');
const NURSE = sample('nurse');
const DATA = sample('data-engineer');
const ids = (text: string, t: Taxonomy = taxonomy) => extractSkills(text, t).map((s) => s.id);
const idsOf = (skills: { id: string }[]) => skills.map((s) => s.id);

// The "## Skills" list of data/templates/jr-backend-developer.md, which a posting created from that
// template copies into requiredSkills (postings/content.ts).
const JR_BACKEND = [
  'Node.js',
  'Python',
  'Java',
  'Ruby',
  'MySQL',
  'PostgreSQL',
  'MongoDB',
  'HTML',
  'CSS',
  'JavaScript',
  'Git',
  'RESTful APIs',
  'Security best practices',
  'Agile methodologies',
];
const BACKEND_IDS = idsOf(extractSkills(BACKEND, taxonomy));
const NO_VERDICT = /\b(pass|passed|fail|failed|reject|rejected|disqualif|unqualified|accept)/i;

describe('extractSkills', () => {
  it('resolves aliases to canonical skills and counts mentions', () => {
    const skills = extractSkills(BACKEND, taxonomy);
    const postgres = skills.find((s) => s.id === 'postgresql');
    // "Postgres" three times and "psql" once.
    assert.deepEqual(postgres, { id: 'postgresql', name: 'PostgreSQL', mentions: 4 });
    assert.equal(skills.find((s) => s.id === 'javascript')?.mentions, 3); // JavaScript (ES6+), "JS modules"
    for (const id of [
      'nodejs',
      'typescript',
      'docker',
      'git',
      'rest-apis',
      'express',
      'redis',
      'jest',
      'mysql',
    ]) {
      assert.ok(idsOf(skills).includes(id), id);
    }
    // "happy to go to the whiteboard", GitHub profile links, JavaScript: none of them is a skill here.
    for (const id of ['go', 'java', 'github']) assert.ok(!idsOf(skills).includes(id), id);
    assert.deepEqual(ids('Postgres, psql and PostgreSQL; JS/TS'), ['postgresql', 'javascript', 'typescript']);
  });

  it('finds the data engineer stack through aliases (PySpark, Airflow, Python 3)', () => {
    const found = ids(DATA);
    for (const id of [
      'python',
      'apache-spark',
      'sql',
      'apache-airflow',
      'apache-kafka',
      'dbt',
      'snowflake',
      'etl',
    ]) {
      assert.ok(found.includes(id), id);
    }
  });

  it('finds no technical skills in the nurse sample', () => {
    const tech = new Set(['language', 'framework', 'library', 'database', 'cloud', 'devops', 'tool', 'data']);
    const found = extractSkills(NURSE, taxonomy);
    assert.deepEqual(
      found.filter((s) => tech.has(taxonomy.get(s.id)!.category)),
      [],
    );
    for (const id of ['bls', 'acls', 'iv-therapy', 'wound-care', 'epic', 'telemetry'])
      assert.ok(idsOf(found).includes(id), id);
  });

  it('respects word boundaries for C++, C#, .NET, Node.js and Java', () => {
    assert.deepEqual(ids('JavaScript'), ['javascript']);
    assert.deepEqual(ids('Node.js and ASP.NET, .NET Core').sort(), ['asp-dotnet', 'dotnet', 'nodejs']);
    assert.deepEqual(ids('C++ only'), ['cpp']);
    assert.deepEqual(ids('C/C++, C#').sort(), ['c', 'cpp', 'csharp']);
    assert.deepEqual(ids('Objective-C'), ['objective-c']);
  });

  it('matches short and common-word names only as spelled, and one letter only in a list', () => {
    assert.deepEqual(ids('I go to work and let it go'), []);
    assert.deepEqual(ids('Services in Go; GO and Golang'), ['go']);
    assert.deepEqual(ids('We react quickly, rust never sleeps'), []);
    assert.deepEqual(ids('React, Rust').sort(), ['react', 'rust']);
    assert.deepEqual(ids('Vitamin C, C-suite, USB-C, Jane R. Doe, R&D, A/C repair, plan B'), []);
    assert.deepEqual(ids('Python, SQL and R').sort(), ['python', 'r', 'sql']);
    assert.deepEqual(ids('Languages: C, Python/R').sort(), ['c', 'python', 'r']);
    assert.deepEqual(ids('k8s, S3'), ['amazon-s3', 'kubernetes']);
  });

  it('sorts by mentions, then name', () => {
    const skills = extractSkills('Redis. Docker, Docker. Ansible', taxonomy);
    assert.deepEqual(
      skills.map((s) => `${s.name}:${s.mentions}`),
      ['Docker:2', 'Ansible:1', 'Redis:1'],
    );
  });

  it('works with any taxonomy and builds its index per instance', () => {
    const custom = new Taxonomy([
      { id: 'knitting', name: 'Knitting', category: 'craft', aliases: ['Purl work', 'KN'] },
    ]);
    assert.deepEqual(extractSkills('Knitting, purl work; kn is not KN', custom), [
      { id: 'knitting', name: 'Knitting', mentions: 3 },
    ]);
    assert.deepEqual(ids('Knitting', taxonomy), []);
  });
});

describe('matchScore', () => {
  it('uses the real Jr. Backend Developer skills list', () => {
    const md = readFileSync(
      new URL('../../../data/templates/jr-backend-developer.md', import.meta.url),
      'utf8',
    );
    const section = md.split('## Skills')[1]!.split('\n## ')[0]!;
    const labels = section
      .split('\n')
      .filter((l) => l.startsWith('- '))
      .map((l) => l.slice(2).trim());
    assert.deepEqual(labels, JR_BACKEND);
  });

  it('scores the backend sample against the Jr. Backend Developer posting', () => {
    const m = matchScore(BACKEND_IDS, { requiredSkills: JR_BACKEND, preferredSkills: [] }, taxonomy);
    // 7 of 14 required skills, each weighing 3: round(100 × 21 / 42) = 50.
    assert.equal(m.score, 50);
    assert.deepEqual(idsOf(m.required.matched), [
      'nodejs',
      'mysql',
      'postgresql',
      'mongodb',
      'javascript',
      'git',
      'rest-apis',
    ]);
    assert.deepEqual(idsOf(m.required.missing), [
      'python',
      'java',
      'ruby',
      'html',
      'css',
      'application-security',
      'agile',
    ]);
    assert.deepEqual(m.unlinked, []);
    assert.equal(
      m.explanation,
      'Matches 7 of 14 required skills (missing: Python, Java, Ruby, HTML, CSS and 2 more).',
    );
    assert.ok(m.extra.length <= 20);
    assert.ok(idsOf(m.extra).includes('typescript'));
    assert.ok(!idsOf(m.extra).includes('postgresql'));
  });

  it('weighs preferred skills 1 and leaves unknown labels out of the score', () => {
    const posting = {
      requiredSkills: JR_BACKEND,
      preferredSkills: ['Docker', 'TypeScript', 'Kubernetes', 'Underwater basket weaving', 'Git'],
    };
    const m = matchScore(BACKEND_IDS, posting, taxonomy);
    // (7 × 3 + 2 × 1) / (14 × 3 + 3 × 1) = 23 / 45 = 51.1 → 51; Git counts once, as required.
    assert.equal(m.score, 51);
    assert.deepEqual(idsOf(m.preferred.matched), ['docker', 'typescript']);
    assert.deepEqual(idsOf(m.preferred.missing), ['kubernetes']);
    assert.deepEqual(m.unlinked, ['Underwater basket weaving']);
    assert.equal(
      m.explanation,
      'Matches 7 of 14 required skills (missing: Python, Java, Ruby, HTML, CSS and 2 more) and 2 of 3 preferred; ' +
        '1 posting skill the taxonomy does not know was not scored.',
    );
  });

  it('gives null, not 0, when there is nothing to compare', () => {
    for (const posting of [
      { requiredSkills: [], preferredSkills: [] },
      { requiredSkills: ['Underwater basket weaving'], preferredSkills: [' '] },
    ]) {
      const m = matchScore(BACKEND_IDS, posting, taxonomy);
      assert.equal(m.score, null);
      assert.match(m.explanation, /nothing to compare/);
    }
  });

  it('scores the nurse low but still scores and explains, without a verdict', () => {
    const nurseIds = idsOf(parseResume(NURSE, taxonomy).skills);
    const m = matchScore(nurseIds, { requiredSkills: JR_BACKEND, preferredSkills: ['Docker'] }, taxonomy);
    assert.equal(m.score, 0);
    assert.equal(m.required.missing.length, 14);
    assert.ok(m.extra.length > 0);
    assert.match(m.explanation, /^Matches 0 of 14 required skills .* and 0 of 1 preferred\.$/);
    assert.doesNotMatch(m.explanation, NO_VERDICT);
    // A nursing posting ranks the same resume high.
    const ward = matchScore(
      nurseIds,
      { requiredSkills: ['BLS', 'IV therapy', 'Wound care'], preferredSkills: [] },
      taxonomy,
    );
    assert.equal(ward.score, 100);
    assert.equal(ward.explanation, 'Matches 3 of 3 required skills.');
  });
});

describe('parseResume', () => {
  it('combines contacts, skills and a word count', () => {
    const r = parseResume(DATA, taxonomy);
    assert.equal(r.contacts.name, 'Aiko Tanaka-Whitfield');
    assert.ok(r.skills.length > 10);
    assert.ok(r.wordCount > 150 && r.wordCount < 400, String(r.wordCount));
    assert.equal(parseResume('one two - three', taxonomy).wordCount, 3);
  });

  it('is deterministic', () => {
    for (const text of [BACKEND, NURSE, DATA])
      assert.deepEqual(parseResume(text, taxonomy), parseResume(text, taxonomy));
    const posting = { requiredSkills: JR_BACKEND, preferredSkills: ['Docker'] };
    assert.deepEqual(matchScore(BACKEND_IDS, posting, taxonomy), matchScore(BACKEND_IDS, posting, taxonomy));
  });

  it('finishes on 200,000 characters of resume and of hostile input', () => {
    // Not timed: a quadratic regex or scan would hang here rather than fail an assertion.
    const big = BACKEND.repeat(Math.ceil(200_000 / BACKEND.length));
    const r = parseResume(big, taxonomy);
    assert.equal(r.contacts.emails.length, 1);
    assert.ok(r.skills.length > 10);
    for (const hostile of [
      'a'.repeat(200_000),
      '1 '.repeat(100_000),
      'a@'.repeat(100_000),
      'C.'.repeat(100_000),
    ]) {
      const h = parseResume(hostile, taxonomy);
      assert.ok(h.contacts.phones.length <= 10 && h.contacts.emails.length <= 10);
    }
  });
});
