import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { decodeText, deriveRole, ParseError, parseJd } from './parse.ts';

const SEED = readFileSync(
  new URL('../../../test/fixtures/jr-backend-developer.txt', import.meta.url),
  'utf8',
);

function parseError(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ParseError, `expected ParseError, got ${error}`);
    return error;
  }
  assert.fail('expected a ParseError');
}

describe('parseJd on the seed page', () => {
  const t = parseJd(SEED);

  it('derives the role from the title', () => {
    assert.equal(t.title, 'Jr. Backend Developer Job Description Template');
    assert.equal(t.role, 'Jr. Backend Developer');
  });

  it('reads the summary and every list', () => {
    assert.match(t.summary, /^As a Jr\. Backend Developer, you will be tasked/);
    assert.equal(t.responsibilities.length, 7);
    assert.equal(t.qualifications.length, 7);
    assert.equal(t.skills.length, 14);
    assert.equal(t.responsibilities[0], 'Develop and maintain server-side application logic.');
    assert.equal(
      t.qualifications[0],
      'Bachelor’s degree in Computer Science, Information Technology, or a related field.',
    );
    assert.deepEqual(t.skills.slice(0, 3), ['Node.js', 'Python', 'Java']);
    assert.equal(t.skills.at(-1), 'Agile methodologies');
  });

  it('infers a fitting question for each answer-only FAQ paragraph', () => {
    assert.deepEqual(
      t.faqs.map((f) => f.question),
      [
        'What does a Jr. Backend Developer do?',
        'How do you become a Jr. Backend Developer?',
        'What is the average salary for a Jr. Backend Developer?',
        'What qualifications does a Jr. Backend Developer need?',
        'What skills does a Jr. Backend Developer need?',
      ],
    );
    assert.match(t.faqs[2]!.answer, /^The average salary/);
    assert.deepEqual(t.extraSections, []);
    assert.deepEqual(t.metadata, {});
  });
});

describe('headings', () => {
  const body = (heading: string) => `Data Engineer\n\n${heading}\n- Build pipelines.\n\nSkills\n- SQL\n`;

  for (const heading of [
    'Responsibilities',
    'Responsibilities:',
    'RESPONSIBILITIES',
    'key responsibilities:',
    'Duties and Responsibilities',
    "What you'll do",
    'What you’ll do:',
    '**Your role**',
    '## Responsibilities',
    '### Key Responsibilities:',
  ]) {
    it(`recognises "${heading}" as responsibilities`, () => {
      assert.deepEqual(parseJd(body(heading)).responsibilities, ['Build pipelines.']);
    });
  }

  for (const heading of [
    'Requirements',
    "What we're looking for",
    'Who you are:',
    '# Qualifications',
    'Must-haves',
  ]) {
    it(`recognises "${heading}" as qualifications`, () => {
      assert.deepEqual(parseJd(body(heading)).qualifications, ['Build pipelines.']);
    });
  }

  for (const heading of ['Required Skills', 'Tech stack:', 'Technologies', '## Key skills']) {
    it(`recognises "${heading}" as skills`, () => {
      const t = parseJd(`Data Engineer\n\n${heading}\n- Go\n\nResponsibilities\n- Build.\n`);
      assert.deepEqual(t.skills, ['Go']);
    });
  }

  for (const heading of ['FAQ', 'FAQs', 'Frequently Asked Questions:', '## frequently asked questions']) {
    it(`recognises "${heading}" as the FAQ`, () => {
      const t = parseJd(`Data Engineer\n\nSkills\n- SQL\n\n${heading}\nWhat is it?\nA job.\n`);
      assert.deepEqual(t.faqs, [{ question: 'What is it?', answer: 'A job.' }]);
    });
  }

  it('reads "About the role" into the summary and keeps unknown sections as extras', () => {
    const t = parseJd(
      [
        '# Data Engineer',
        '## About the role',
        'You will build our data platform.',
        '## Responsibilities',
        '- Build pipelines.',
        '## Perks',
        '- Four-day week',
        '- Learning budget',
        '## About us',
        'We are a small team.',
        '',
        'We ship weekly.',
      ].join('\n'),
    );
    assert.equal(t.summary, 'You will build our data platform.');
    assert.deepEqual(t.extraSections, [
      { heading: 'Perks', items: ['Four-day week', 'Learning budget'] },
      { heading: 'About us', text: 'We are a small team.\n\nWe ship weekly.' },
    ]);
  });

  it('treats a plain-text heading ending in a colon as a section of its own', () => {
    const t = parseJd('Data Engineer\n\nResponsibilities\n- Build.\n\nWhat we offer:\n- Equity\n');
    assert.deepEqual(t.extraSections, [{ heading: 'What we offer', items: ['Equity'] }]);
  });

  it('reads setext headings', () => {
    const t = parseJd('Data Engineer\n=============\n\nResponsibilities\n----------------\n- Build.\n');
    assert.equal(t.title, 'Data Engineer');
    assert.deepEqual(t.responsibilities, ['Build.']);
  });

  it('keeps sub-headings inside a list section in that section', () => {
    const t = parseJd('# Data Engineer\n## Requirements\n### Must have\n- SQL\n### Nice to have\n- Rust\n');
    assert.deepEqual(t.qualifications, ['SQL', 'Rust']);
    assert.deepEqual(t.extraSections, []);
  });
});

describe('bullets and items', () => {
  it('accepts every common bullet marker, indented with spaces or tabs', () => {
    const t = parseJd(
      [
        'QA Engineer',
        'Responsibilities',
        '- dash',
        '* star',
        '• dot',
        '– en dash',
        '1. numbered',
        '2) paren',
        '    - four spaces',
        '\t- tab',
        '+ plus',
      ].join('\n'),
    );
    assert.deepEqual(t.responsibilities, [
      'dash',
      'star',
      'dot',
      'en dash',
      'numbered',
      'paren',
      'four spaces',
      'tab',
      'plus',
    ]);
  });

  it('keeps bullet text exactly as written, trimmed and without its marker', () => {
    const t = parseJd('QA Engineer\nResponsibilities\n-   Test “everything”, twice  —  carefully!   \n');
    assert.deepEqual(t.responsibilities, ['Test “everything”, twice  —  carefully!']);
  });

  it('joins an indented continuation line to its bullet', () => {
    const t = parseJd(
      'QA Engineer\nResponsibilities\n- Write end-to-end tests\n  for the checkout flow.\n- Triage bugs.\n',
    );
    assert.deepEqual(t.responsibilities, ['Write end-to-end tests for the checkout flow.', 'Triage bugs.']);
  });

  it('reads one item per line when a section has no bullets', () => {
    const t = parseJd('QA Engineer\nResponsibilities\nWrite tests.\n\nTriage bugs.\n');
    assert.deepEqual(t.responsibilities, ['Write tests.', 'Triage bugs.']);
  });

  it('splits a comma-separated skills line, inline or under a heading', () => {
    assert.deepEqual(parseJd('Go Developer\n\nSkills: Go, Rust, SQL\n').skills, ['Go', 'Rust', 'SQL']);
    assert.deepEqual(parseJd('Go Developer\n\nTech stack\nGo; Kafka; and PostgreSQL\n').skills, [
      'Go',
      'Kafka',
      'PostgreSQL',
    ]);
  });

  it('does not split a skill sentence with long parts', () => {
    const t = parseJd(
      'Go Developer\nSkills\n- Experience designing distributed systems, at scale, under real load\n',
    );
    assert.equal(t.skills.length, 1);
  });

  it('drops duplicate skills, keeping the first spelling', () => {
    assert.deepEqual(parseJd('Go Developer\nSkills\n- Go\n- go\n- SQL\n').skills, ['Go', 'SQL']);
  });
});

describe('FAQ', () => {
  it('reads explicit questions from lines ending in "?" with multi-paragraph answers', () => {
    const t = parseJd(
      'Nurse\nResponsibilities\n- Care.\nFAQ\nWhat shifts are there?\nDays and nights.\n\nWeekends rotate.\nIs there parking?\nYes.\n',
    );
    assert.deepEqual(t.faqs, [
      { question: 'What shifts are there?', answer: 'Days and nights.\n\nWeekends rotate.' },
      { question: 'Is there parking?', answer: 'Yes.' },
    ]);
  });

  it('reads Markdown heading questions and Q:/A: pairs', () => {
    const md = parseJd('# Nurse\n## Responsibilities\n- Care.\n## FAQ\n### Pay range\nCompetitive.\n');
    assert.deepEqual(md.faqs, [{ question: 'Pay range', answer: 'Competitive.' }]);
    const qa = parseJd('Nurse\nResponsibilities\n- Care.\nFAQs\nQ: Is it remote\nA: No, on site.\n');
    assert.deepEqual(qa.faqs, [{ question: 'Is it remote', answer: 'No, on site.' }]);
  });

  it('uses "an" before a vowel sound when inferring questions', () => {
    const t = parseJd(
      'Account Executive\nSkills\n- Sales\nFAQ\nAn Account Executive is responsible for closing deals.\n',
    );
    assert.equal(t.faqs[0]!.question, 'What does an Account Executive do?');
  });

  it('never repeats an inferred question', () => {
    const t = parseJd(
      'Chef\nSkills\n- Cooking\nFAQ\nThe salary depends on the city.\n\nPay also depends on experience.\n',
    );
    const questions = t.faqs.map((f) => f.question);
    assert.equal(new Set(questions).size, questions.length);
  });
});

describe('real-world text', () => {
  it('handles CRLF line endings, non-breaking spaces and a BOM', () => {
    const t = parseJd(
      '\uFEFFData\u00a0Analyst\r\n\r\nResponsibilities:\r\n-\u00a0Build\u00a0dashboards.\r\n',
    );
    assert.equal(t.role, 'Data Analyst');
    assert.deepEqual(t.responsibilities, ['Build dashboards.']);
  });

  it('skips page noise such as "Start Free Trial"', () => {
    const t = parseJd(
      'Start Free Trial\nData Analyst Job Description\nShare\nResponsibilities\n- Build.\nDownload\n',
    );
    assert.equal(t.role, 'Data Analyst');
    assert.deepEqual(t.responsibilities, ['Build.']);
  });

  it('reads metadata lines and front matter', () => {
    const t = parseJd('Data Analyst\nLocation: Remote\nType: Full-time\n\nResponsibilities\n- Build.\n');
    assert.deepEqual(t.metadata, { Location: 'Remote', Type: 'Full-time' });
    const fm = parseJd('---\nslug: analyst\ncategory: data\n---\n# Data Analyst\n## Skills\n- SQL\n');
    assert.deepEqual(fm.metadata, { slug: 'analyst', category: 'data' });
  });

  it('takes the role from "As a …," when there is no title line', () => {
    const t = parseJd(
      'As a Data Analyst, you will turn data into decisions.\n\nResponsibilities\n- Build.\n',
    );
    assert.equal(t.role, 'Data Analyst');
  });
});

describe('deriveRole', () => {
  const cases: [string, string][] = [
    ['Jr. Backend Developer Job Description Template', 'Jr. Backend Developer'],
    ['Registered Nurse Job Description', 'Registered Nurse'],
    ['Job Description: Sales Manager', 'Sales Manager'],
    ['Product Designer - Job Description', 'Product Designer'],
    ['Chef (JD)', 'Chef'],
    ['Barista', 'Barista'],
  ];
  for (const [title, role] of cases) {
    it(`"${title}" → "${role}"`, () => assert.equal(deriveRole(title), role));
  }
});

describe('bad input', () => {
  it('refuses an empty document', () => {
    assert.equal(parseError(() => parseJd('  \n\n ')).code, 'empty_input');
  });

  it('refuses text with no recognisable JD', () => {
    assert.equal(
      parseError(() => parseJd('Hello world\nThis is my shopping list.')).code,
      'not_a_job_description',
    );
  });

  it('refuses a JD with sections but no title', () => {
    assert.equal(parseError(() => parseJd('Responsibilities\n- Build.\n')).code, 'no_title');
  });

  it('refuses binary bytes and invalid UTF-8', () => {
    assert.equal(
      parseError(() => decodeText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 1]))).code,
      'binary_input',
    );
    assert.equal(parseError(() => decodeText(new Uint8Array([0xc3, 0x28, 0x41]))).code, 'binary_input');
  });

  it('refuses more than 1 MiB', () => {
    const error = parseError(() => decodeText(new Uint8Array(1024 * 1024 + 1).fill(0x61)));
    assert.equal(error.code, 'too_large');
    assert.equal(error.status, 413);
    assert.equal(parseError(() => parseJd('a'.repeat(1024 * 1024 + 1))).code, 'too_large');
  });

  it('accepts ordinary UTF-8 text', () => {
    assert.equal(decodeText(new TextEncoder().encode('Café ☕ naïve')), 'Café ☕ naïve');
  });
});
