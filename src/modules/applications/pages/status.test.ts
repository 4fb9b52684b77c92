import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPLOYER } from '../../careers/fixtures.test-helpers.ts';
import { assertNoInlineCode, tags, XSS } from './markup.test-helpers.ts';
import { type CandidateStatus, linkExpiredBody, STATUS_ROBOTS, statusBody, thanksBody } from './status.ts';

describe('candidate status pages', () => {
  const status = (s: CandidateStatus, extra: object = {}) =>
    statusBody({
      employer: EMPLOYER,
      jobTitle: 'Engineer',
      candidateName: 'Ada',
      appliedAt: '2024-03-05T09:00:00Z',
      status: s,
      action: '/applications/status',
      token: 'tok.en',
      erasureRequested: false,
      exportRequested: false,
      ...extra,
    }).value;
  const intents = (markup: string) =>
    tags(markup)
      .filter((t) => t.attrs.name === 'intent')
      .map((t) => t.attrs.value);

  it('offers withdrawal only while the application is open', () => {
    for (const s of ['received', 'in_review', 'interviewing', 'offer'] as const) {
      const markup = status(s);
      assert.deepEqual(intents(markup), ['withdraw', 'export', 'erase'], s);
      assert.ok(markup.includes('>Withdraw my application</button>'));
    }
    for (const s of ['hired', 'not_selected', 'withdrawn'] as const)
      assert.deepEqual(intents(status(s)), ['export', 'erase'], s);
    const markup = status('in_review');
    assert.equal(markup.split('<form ').length - 1, 3);
    assert.equal(markup.split('<input type="hidden" name="token" value="tok.en">').length - 1, 3);
    assert.equal(
      tags(markup).filter(
        (t) => t.name === 'form' && t.attrs.method === 'post' && t.attrs.action === '/applications/status',
      ).length,
      3,
    );
    assert.ok(markup.includes('>In review</strong>'));
    assert.ok(markup.includes('<time datetime="2024-03-05T09:00:00Z">5 March 2024</time>'));
    assert.ok(markup.includes('An administrator at Acme GmbH confirms the request'));
    assert.equal(STATUS_ROBOTS, 'noindex, nofollow');
  });

  it('shows requests already made instead of their buttons, and the notice', () => {
    const markup = status('withdrawn', {
      exportRequested: true,
      erasureRequested: true,
      notice: 'You withdrew.',
    });
    assert.deepEqual(intents(markup), []);
    assert.ok(markup.includes('<p class="notice" role="status">You withdrew.</p>'));
    assert.ok(markup.includes('You asked for a copy of your data'));
    assert.ok(markup.includes('You asked for your data to be erased'));
  });

  it('escapes user text and uses no inline code', () => {
    const employer = { ...EMPLOYER, name: XSS };
    const pages = [
      statusBody({
        employer,
        jobTitle: XSS,
        candidateName: XSS,
        appliedAt: XSS,
        status: 'received',
        action: '/s',
        token: XSS,
        notice: XSS,
        erasureRequested: false,
        exportRequested: false,
      }).value,
      thanksBody({ employer, jobTitle: XSS }).value,
      linkExpiredBody(employer).value,
      linkExpiredBody(null).value,
    ];
    for (const markup of pages) {
      assert.ok(!markup.includes('<script'));
      assert.ok(!markup.includes('javascript:'));
      assertNoInlineCode(markup);
    }
    // The address typed into the form is not shown back, nor is the status link (email only).
    assert.ok(pages[1]!.includes('We sent a confirmation to the email address you gave.'));
    assert.ok(!pages[1]!.includes('application?token'));
  });
});
