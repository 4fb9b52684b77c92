import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Script } from 'node:vm';
import { escapeHtml } from '../../../http/html.ts';
import { applicationForm } from '../../careers/board.ts';
import { EMPLOYER, HOSTILE, posting } from '../../careers/fixtures.test-helpers.ts';
import type { ScreeningQuestion } from '../../postings/types.ts';
import { type ApplyFormView, applyFormBody, applyTitle } from './apply-form.ts';
import { assertNoInlineCode, byId, controls, tags, XSS } from './markup.test-helpers.ts';

function questions(text = ''): ScreeningQuestion[] {
  const many = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => `${d}${text}`);
  return [
    { id: 'why', type: 'short_text', label: `Why us?${text}`, required: true, helpText: `One line${text}` },
    { id: 'story', type: 'long_text', label: `Tell us more${text}`, required: false },
    { id: 'visa', type: 'yes_no', label: `Need a visa?${text}`, required: true, knockoutAnswer: true },
    {
      id: 'level',
      type: 'single_choice',
      label: `Level${text}`,
      required: true,
      options: ['Junior', `Senior${text}`],
    },
    { id: 'day', type: 'single_choice', label: `Start day${text}`, required: false, options: many },
    {
      id: 'langs',
      type: 'multiple_choice',
      label: `Languages${text}`,
      required: true,
      options: ['Go', `TS${text}`],
    },
    { id: 'years', type: 'number', label: `Years${text}`, required: true, min: 0, max: 50 },
    { id: 'sample', type: 'file', label: `Work sample${text}`, required: false },
    { id: 'share', type: 'consent', label: `Sharing${text}`, required: true, consentText: `I agree${text}` },
  ];
}

function view(overrides: Partial<ApplyFormView> = {}, text = ''): ApplyFormView {
  const p = posting({ title: `Engineer${text}`, questions: questions(text) });
  return {
    employer: EMPLOYER,
    posting: p,
    form: applicationForm(p),
    action: '/careers/acme/jobs/x/apply',
    values: {},
    errors: {},
    idempotencyKey: 'key-1',
    consentText: `I agree to the processing of my data.${text}`,
    privacyUrl: 'https://acme.example/privacy',
    ...overrides,
  };
}

const ERRORS = {
  name: 'Enter your full name',
  'answers.visa': 'Select an answer',
  'answers.langs': 'Select at least one',
  'answers.years': 'Enter a number between 0 and 50',
  privacyConsent: 'Agree to the privacy consent',
  _form: 'Something went wrong',
};

describe('applyFormBody', () => {
  it('posts every field under its contract name, each with a label', () => {
    const markup = applyFormBody(view()).value;
    const form = tags(markup).find((t) => t.name === 'form')!;
    assert.equal(form.attrs.method, 'post');
    assert.equal(form.attrs.enctype, 'multipart/form-data');
    assert.equal(form.attrs['accept-charset'], 'utf-8');
    assert.ok('novalidate' in form.attrs, 'the server’s error summary, not the browser’s bubbles');
    assert.equal(form.attrs.action, '/careers/acme/jobs/x/apply');
    const names = new Set(controls(markup).map((c) => c.attrs.name));
    assert.deepEqual(
      [...names],
      ['name', 'email', 'phone', 'resume', 'coverLetter']
        .concat(
          ['why', 'story', 'visa', 'level', 'day', 'langs', 'years', 'sample', 'share'].map(
            (q) => `answers.${q}`,
          ),
        )
        .concat(['privacyConsent', 'website']),
    );
    const labelled = new Set(tags(markup).flatMap((t) => (t.name === 'label' ? [t.attrs.for] : [])));
    for (const c of controls(markup)) assert.ok(labelled.has(c.attrs.id), c.attrs.id);
    assert.ok(markup.includes('<input type="hidden" name="idempotencyKey" value="key-1">'));
    const byName = (n: string) => controls(markup).filter((c) => c.attrs.name === n);
    assert.deepEqual(
      byName('answers.visa').map((c) => [c.attrs.type, c.attrs.value]),
      [
        ['radio', 'yes'],
        ['radio', 'no'],
      ],
    );
    assert.deepEqual(
      byName('answers.level').map((c) => c.attrs.type),
      ['radio', 'radio'],
    );
    assert.equal(byName('answers.day')[0]!.name, 'select');
    assert.deepEqual(
      byName('answers.langs').map((c) => c.attrs.type),
      ['checkbox', 'checkbox'],
    );
    assert.deepEqual(
      byName('answers.share').map((c) => [c.attrs.type, c.attrs.value]),
      [['checkbox', 'yes']],
    );
    assert.ok(markup.includes('I agree</label>'), 'consent text shown');
    const years = byName('answers.years')[0]!.attrs;
    assert.deepEqual([years.type, years.min, years.max], ['number', '0', '50']);
    for (const n of ['resume', 'coverLetter', 'answers.sample']) {
      assert.equal(byName(n)[0]!.attrs.type, 'file');
      assert.match(byName(n)[0]!.attrs.accept!, /\.pdf,.*application\/pdf/);
    }
    assert.ok(markup.includes('PDF, DOCX or TXT, up to 10 MB.'));
    const privacy = byName('privacyConsent')[0]!.attrs;
    assert.deepEqual([privacy.type, privacy.value, 'required' in privacy], ['checkbox', 'yes', true]);
    assert.ok(
      markup.includes(
        'href="https://acme.example/privacy" target="_blank" rel="noopener">Read the privacy notice',
      ),
    );
  });

  it('marks requirements, groups choices in fieldsets and sets autocomplete', () => {
    const markup = applyFormBody(view()).value;
    const c = (id: string) => byId(markup, id)!.attrs;
    for (const id of [
      'name',
      'email',
      'resume',
      'answers.why',
      'answers.visa',
      'answers.years',
      'answers.share',
    ])
      assert.ok('required' in c(`field-${id}`), id);
    for (const id of ['phone', 'coverLetter', 'answers.story', 'answers.sample', 'answers.langs'])
      assert.ok(!('required' in c(`field-${id}`)), id);
    assert.ok(markup.includes('Full name <span class="field-req">(required)</span>'));
    assert.ok(markup.includes('Phone <span class="field-req">(optional)</span>'));
    assert.deepEqual(
      ['name', 'email', 'phone'].map((n) => c(`field-${n}`).autocomplete),
      ['name', 'email', 'tel'],
    );
    assert.equal(c('field-email').type, 'email');
    assert.equal(c('field-phone').type, 'tel');
    const fieldsets = [...markup.matchAll(/<fieldset[^>]*>\n<legend[\s\S]*?<\/fieldset>/g)].map((m) => m[0]);
    assert.equal(fieldsets.length, 4, 'visa, level, langs, share');
    assert.equal(markup.split('<fieldset').length - 1, 4);
    const inGroups = fieldsets.join('');
    for (const t of controls(markup).filter((t) => t.attrs.type === 'radio' || t.attrs.type === 'checkbox'))
      if (t.attrs.name !== 'privacyConsent') assert.ok(inGroups.includes(`id="${t.attrs.id}"`), t.attrs.id);
    assert.equal(c('field-answers.why')['aria-describedby'], 'field-answers.why-hint');
    assert.ok(markup.includes('<p class="field-hint" id="field-answers.why-hint">One line</p>'));
  });

  it('shows no error markup without errors', () => {
    const v = view();
    const markup = applyFormBody(v).value;
    assert.ok(!markup.includes('error-summary'));
    assert.ok(!markup.includes('aria-invalid'));
    assert.ok(!markup.includes('-error"'));
    assert.ok(!markup.includes('field--error'));
    assert.equal(applyTitle(v), 'Apply: Engineer · Acme GmbH');
  });

  it('summarises errors in page order and ties each to its field', () => {
    const v = view({ errors: ERRORS });
    const markup = applyFormBody(v).value;
    assert.equal(applyTitle(v), 'Error: Apply: Engineer · Acme GmbH');
    const summary = markup.slice(markup.indexOf('<div class="error-summary"'), markup.indexOf('<form'));
    assert.ok(summary.includes('role="alert"'));
    assert.ok(summary.includes('>There is a problem</h2>'));
    assert.deepEqual(
      [...summary.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => m[1]),
      [
        '#field-name',
        '#field-answers.visa',
        '#field-answers.langs',
        '#field-answers.years',
        '#field-privacyConsent',
      ],
    );
    assert.ok(summary.includes('<li>Something went wrong</li>'));
    for (const [name, message] of Object.entries(ERRORS).filter(([n]) => n !== '_form')) {
      const id = `field-${name}`;
      assert.ok(
        markup.includes(
          `<p class="field-error" id="${id}-error"><span class="sr-only">Error:</span> ${message}</p>`,
        ),
      );
      assert.equal(byId(markup, id)!.attrs['aria-invalid'], 'true', name);
      const described = tags(markup).filter((t) =>
        (t.attrs['aria-describedby'] ?? '').split(' ').includes(`${id}-error`),
      );
      assert.equal(described.length, 1, name);
    }
    assert.equal(
      tags(markup).filter((t) => t.attrs['aria-invalid']).length,
      2 + 2 + 1 + 1 + 1,
      'name, visa×2, langs×2, …',
    );
    assert.ok(markup.includes('Files are not kept when there is a problem'));
  });

  it('refills values, never file inputs', () => {
    const values = {
      name: 'Ada',
      email: 'ada@example.com',
      'answers.story': 'Line one\nLine two',
      'answers.visa': 'no',
      'answers.level': 'Senior',
      'answers.day': 'Wed',
      'answers.langs': ['Go', 'TS'],
      'answers.years': '7',
      'answers.share': 'yes',
      privacyConsent: 'yes',
      resume: 'cv.pdf',
    };
    const markup = applyFormBody(view({ values })).value;
    const c = (id: string) => byId(markup, id)!.attrs;
    assert.equal(c('field-name').value, 'Ada');
    assert.equal(c('field-email').value, 'ada@example.com');
    assert.equal(c('field-answers.years').value, '7');
    assert.ok(markup.includes('>Line one\nLine two</textarea>'));
    assert.ok(!('checked' in c('field-answers.visa')) && 'checked' in c('field-answers.visa-2'));
    assert.ok('checked' in c('field-answers.level-2'));
    assert.ok('checked' in c('field-answers.langs') && 'checked' in c('field-answers.langs-2'));
    assert.ok('checked' in c('field-answers.share') && 'checked' in c('field-privacyConsent'));
    assert.ok(markup.includes('<option value="Wed" selected>Wed</option>'));
    assert.equal(markup.split(' selected').length - 1, 1);
    for (const f of controls(markup).filter((t) => t.attrs.type === 'file')) assert.ok(!('value' in f.attrs));
  });

  it('escapes every piece of user text', () => {
    const values = { name: XSS, 'answers.langs': [XSS], 'answers.why': HOSTILE };
    const v = view({ values, errors: { name: XSS }, idempotencyKey: XSS, action: '/x"y' }, ` ${XSS}`);
    const markup = applyFormBody({ ...v, employer: { ...EMPLOYER, name: `Acme ${XSS}` } }).value;
    assert.ok(!markup.includes(XSS));
    assert.ok(!markup.includes('<script>'));
    assert.ok(markup.includes(escapeHtml(XSS)));
    for (const text of [
      'Why us?',
      'One line',
      'Senior ',
      'I agree ',
      'Sharing ',
      'processing of my data.',
      'Engineer ',
    ])
      assert.ok(markup.includes(`${text}${text.endsWith(' ') ? '' : ' '}${escapeHtml(XSS)}`), text);
    assert.ok(markup.includes('action="/x&quot;y"'));
    assertNoInlineCode(markup);
  });

  it('has a honeypot humans never see, and no unsafe links', () => {
    const markup = applyFormBody(view({ privacyUrl: ' javascript:alert(1)' })).value;
    assert.match(
      markup,
      /<div class="apply-hp sr-only" aria-hidden="true"><label for="field-website">Leave this field empty<\/label><input type="text" id="field-website" name="website" value="" tabindex="-1" autocomplete="off"><\/div>/,
    );
    assert.ok(!markup.includes('javascript:'));
    assert.ok(!markup.includes('<script'), 'no script without scriptHref');
    const withScript = applyFormBody(view({ scriptHref: '/assets/apply.js' })).value;
    assert.ok(withScript.includes('<script src="/assets/apply.js" defer></script>'));
    assertNoInlineCode(withScript);
  });

  it('ships apply.js as plain ES2019 script', () => {
    const source = readFileSync(new URL('./apply.js', import.meta.url), 'utf8');
    assert.doesNotThrow(() => new Script(source));
    assert.ok(!/\?\.|\?\?|\bimport\b|\bexport\b/.test(source), 'no ES2020 syntax, no modules');
  });
});
