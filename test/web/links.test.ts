// Pure logic of the web app, run by node's test runner like the server's unit tests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiProblem, fieldName } from '../../web/src/api/client.ts';
import { safeNext } from '../../web/src/app/links.ts';
import { slugify } from '../../web/src/features/orgs/slug.ts';

describe('safeNext (where the log-in returns to)', () => {
  it('keeps paths inside the app', () => {
    assert.equal(safeNext('/settings/members?x=1#y'), '/settings/members?x=1#y');
    assert.equal(safeNext('/invitations/accept#token=abc'), '/invitations/accept#token=abc');
  });
  it('refuses other sites, protocol-relative and backslash tricks, and nothing', () => {
    for (const bad of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '',
      null,
    ]) {
      assert.equal(safeNext(bad), '/', String(bad));
    }
  });
});

describe('slugify (an organization name to its career-site address)', () => {
  it('lowercases, strips accents and joins words with hyphens', () => {
    assert.equal(slugify('Juniper Freight GmbH'), 'juniper-freight-gmbh');
    assert.equal(slugify('  Café Zoë & Sons!! '), 'cafe-zoe-sons');
  });
  it('stays within 63 characters', () => {
    assert.equal(slugify('a'.repeat(100)).length, 63);
  });
});

describe('field names of problem details', () => {
  it('names the same field whether schema validation or an action reported it', () => {
    assert.equal(fieldName('body/salary/min'), 'salary/min');
    assert.equal(fieldName('/salary/min'), 'salary/min');
    assert.equal(fieldName('salary/min'), 'salary/min');
    assert.equal(fieldName('querystring/limit'), 'limit');
    assert.equal(fieldName('body'), '');
    assert.equal(fieldName('bodyText'), 'bodyText');
  });
  it('finds the message of one field in an ApiProblem', () => {
    const problem = new ApiProblem(400, {
      code: 'validation_failed',
      detail: 'The request is not valid.',
      errors: [
        { path: 'body/website', message: 'must match format "uri"' },
        { path: '/salary/max', message: 'must be at least the minimum' },
      ],
    });
    assert.equal(problem.fieldError('website'), 'must match format "uri"');
    assert.equal(problem.fieldError('/salary/max'), 'must be at least the minimum');
    assert.equal(problem.fieldError('title'), undefined);
  });
});
