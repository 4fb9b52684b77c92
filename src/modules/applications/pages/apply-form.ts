// The application form on a career site: server-rendered, working without JavaScript (apply.js
// enhances it), accessible (GOV.UK error pattern) and escaped throughout.
import { html, type SafeHtml } from '../../../http/html.ts';
import type { BoardJobDetail } from '../../careers/schemas.ts';
import type { Employer, PublicPosting } from '../../postings/types.ts';
import { type FieldContext, type FieldSpec, fieldId, renderField, requiredMessage } from './fields.ts';
import { safeHref } from './safe-url.ts';

export interface ApplyFormView {
  employer: Employer;
  posting: PublicPosting;
  form: BoardJobDetail['applicationForm'];
  /** The form's POST URL. */
  action: string;
  /** Previously entered values (never file contents). */
  values: Record<string, string | string[]>;
  /** Field name → message. */
  errors: Record<string, string>;
  idempotencyKey: string;
  /** The organization's privacy consent sentence. */
  consentText: string;
  privacyUrl: string;
  /** apply.js, the progressive enhancement; no script tag without it. */
  scriptHref?: string;
}

export const PRIVACY_CONSENT = 'privacyConsent';
export const HONEYPOT = 'website';

/** Every field in page order: the standard fields, then the screening questions (`answers.<id>`). */
export function formFields(form: BoardJobDetail['applicationForm']): FieldSpec[] {
  return [
    ...form.fields.map((f) => ({ ...f, name: f.id })),
    ...form.questions.map((q) => ({ ...q, name: `answers.${q.id}` })),
  ];
}

const hasErrors = (view: ApplyFormView) => Object.keys(view.errors).length > 0;

/** The <title> text: prefixed "Error: " when the form has errors. */
export function applyTitle(view: ApplyFormView): string {
  return `${hasErrors(view) ? 'Error: ' : ''}Apply: ${view.posting.content.title} · ${view.employer.name}`;
}

const fragment = (name: string) => `#${fieldId(encodeURIComponent(name))}`;

/** The error summary (apply.js builds the same markup): links to each field in page order. */
export function errorSummary(view: ApplyFormView): SafeHtml | '' {
  if (!hasErrors(view)) return '';
  const names = [...formFields(view.form).map((f) => f.name), PRIVACY_CONSENT];
  const linked = names.filter((n) => view.errors[n]);
  const other = Object.keys(view.errors).filter((n) => !names.includes(n));
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title" data-error-summary>
<h2 class="error-summary-title" id="error-summary-title">There is a problem</h2>
<ul class="error-summary-list">
${linked.map((n) => html`<li><a href="${fragment(n)}">${view.errors[n]}</a></li>\n`)}${other.map(
  (n) => html`<li>${view.errors[n]}</li>\n`,
)}</ul>
</div>`;
}

function privacyConsent(view: ApplyFormView): SafeHtml {
  const id = fieldId(PRIVACY_CONSENT);
  const error = view.errors[PRIVACY_CONSENT];
  const spec = { id: PRIVACY_CONSENT, name: PRIVACY_CONSENT, type: 'consent', label: '', required: true };
  return html`<div class="field field--consent${error ? ' field--error' : ''}" data-field="${PRIVACY_CONSENT}" data-required-message="${requiredMessage(spec)}">
${error ? html`<p class="field-error" id="${id}-error"><span class="sr-only">Error:</span> ${error}</p>` : ''}<div class="choice"><input type="checkbox" id="${id}" name="${PRIVACY_CONSENT}" value="yes" required${
    view.values[PRIVACY_CONSENT] === 'yes' ? html` checked` : ''
  }${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}><label for="${id}">${view.consentText} <a href="${safeHref(
    view.privacyUrl,
  )}" target="_blank" rel="noopener">Read the privacy notice (opens in a new tab)</a> <span class="field-req">(required)</span></label></div>
</div>`;
}

/** Humans never see or reach it; a bot that fills every input gives itself away. */
function honeypot(): SafeHtml {
  const id = fieldId(HONEYPOT);
  return html`<div class="apply-hp sr-only" aria-hidden="true"><label for="${id}">Leave this field empty</label><input type="text" id="${id}" name="${HONEYPOT}" value="" tabindex="-1" autocomplete="off"></div>`;
}

/**
 * The form is `novalidate`: without JavaScript the browser's own validation bubbles would stop the
 * post (they are not reliably announced, cannot be zoomed or styled, and show one problem at a
 * time), so the server checks and answers with the error summary; `required` stays on the
 * controls for assistive technology.
 */
export function applyFormBody(view: ApplyFormView): SafeHtml {
  const { employer, posting } = view;
  const ctx: FieldContext = { values: view.values, errors: view.errors };
  const withErrors = hasErrors(view);
  const fields = formFields(view.form);
  const standard = fields.slice(0, view.form.fields.length);
  const questions = fields.slice(view.form.fields.length);
  const jobHref = `/careers/${employer.slug}/jobs/${posting.slug}`;
  return html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/careers/${employer.slug}">Jobs at ${employer.name}</a> › <a href="${jobHref}">${posting.content.title}</a></nav>
<h1>Apply: ${posting.content.title}</h1>
<p class="lede">Your application goes to the hiring team at ${employer.name}. We email you a confirmation with a link to follow it.</p>
${errorSummary(view)}
<form class="apply-form" method="post" action="${safeHref(view.action)}" enctype="multipart/form-data" accept-charset="utf-8" novalidate data-apply-form>
<input type="hidden" name="idempotencyKey" value="${view.idempotencyKey}">
<h2>About you</h2>
${standard.map((f) => html`${renderField(f, ctx, withErrors)}\n`)}${
  questions.length > 0
    ? html`<h2>Questions from ${employer.name}</h2>
${questions.map((f) => html`${renderField(f, ctx, withErrors)}\n`)}`
    : ''
}<h2>Your privacy</h2>
${privacyConsent(view)}
${honeypot()}
<div class="form-actions"><button class="button" type="submit" data-submit>Send application</button></div>
</form>
${view.scriptHref ? html`<script src="${view.scriptHref}" defer></script>` : ''}`;
}
