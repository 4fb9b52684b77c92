// Pure logic of the web app, run by node's test runner like the server's unit tests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
