// The candidate's side after applying: the thank-you page, the status page behind the signed link
// in the confirmation email (withdraw, data export, erasure) and the page for an expired link.
import { html, type SafeHtml } from '../../../http/html.ts';
import type { Employer } from '../../postings/types.ts';
import { safeHref } from './safe-url.ts';

export type CandidateStatus =
  | 'received'
  | 'in_review'
  | 'interviewing'
  | 'offer'
  | 'hired'
  | 'not_selected'
  | 'withdrawn';

export interface StatusView {
  employer: Employer;
  jobTitle: string;
  candidateName: string;
  /** ISO 8601. */
  appliedAt: string;
  status: CandidateStatus;
  /** POST URL of the withdraw, export and erase forms (field `intent`). */
  action: string;
  /** Hidden field `token` in every form. */
  token: string;
  /** A one-line confirmation, e.g. after withdrawing. */
  notice?: string;
  erasureRequested: boolean;
  exportRequested: boolean;
  /** The retention period is ending: offer to keep the data (intent=renew). */
  renewalDue?: boolean;
}

/** The status page is personal: the route sends this as X-Robots-Tag. */
export const STATUS_ROBOTS = 'noindex, nofollow';

/** Each status in plain words: a short name and what it means for the candidate. */
export const STATUS_TEXT: Record<CandidateStatus, { label: string; meaning: string }> = {
  received: {
    label: 'Received',
    meaning: 'We have your application. The hiring team has not looked at it yet.',
  },
  in_review: {
    label: 'In review',
    meaning: 'The hiring team is reading your application. They contact you if they want to talk.',
  },
  interviewing: {
    label: 'Interviewing',
    meaning: 'You are in the interview stage. The hiring team contacts you directly to arrange interviews.',
  },
  offer: {
    label: 'Offer',
    meaning: 'The hiring team wants to make you an offer. Look out for their email or call.',
  },
  hired: { label: 'Hired', meaning: 'You accepted an offer for this job. Congratulations!' },
  not_selected: {
    label: 'Not selected',
    meaning:
      'The hiring team decided not to go ahead with your application this time. Thank you for applying.',
  },
  withdrawn: {
    label: 'Withdrawn',
    meaning: 'You withdrew your application. The hiring team no longer considers it.',
  },
};

/** Statuses from which a candidate can still withdraw. */
export const WITHDRAWABLE: readonly CandidateStatus[] = ['received', 'in_review', 'interviewing', 'offer'];

const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

function dateText(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE.format(date);
}

function intentForm(view: StatusView, intent: string, label: string, secondary = true): SafeHtml {
  return html`<form class="intent-form" method="post" action="${safeHref(view.action)}">
<input type="hidden" name="token" value="${view.token}"><input type="hidden" name="intent" value="${intent}">
<button class="button${secondary ? ' secondary' : ''}" type="submit">${label}</button>
</form>`;
}

export function statusBody(view: StatusView): SafeHtml {
  const { employer, status } = view;
  const text = STATUS_TEXT[status];
  return html`<h1>Your application</h1>
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
<p class="lede">${view.candidateName}, this is where you follow your application to ${employer.name}.</p>
<dl class="facts status-summary">
<dt>Job</dt><dd>${view.jobTitle}</dd>
<dt>Employer</dt><dd>${employer.name}</dd>
<dt>Applied on</dt><dd><time datetime="${view.appliedAt}">${dateText(view.appliedAt)}</time></dd>
<dt>Status</dt><dd><strong class="status-badge status-${status}">${text.label}</strong></dd>
</dl>
<p class="status-meaning">${text.meaning}</p>
${
  WITHDRAWABLE.includes(status)
    ? html`<section class="status-action" aria-labelledby="withdraw-title">
<h2 id="withdraw-title">Withdraw your application</h2>
<p>If you no longer want this job, withdraw your application. The hiring team stops considering it. You cannot undo this.</p>
${intentForm(view, 'withdraw', 'Withdraw my application', false)}
</section>`
    : ''
}
<section class="status-action" aria-labelledby="data-title">
<h2 id="data-title">Your data</h2>
${
  view.renewalDue
    ? html`<h3>Keep your data on file</h3>
<p>${employer.name} keeps candidate data for a limited time. It will soon be anonymized unless you agree to let ${employer.name} keep it for another period.</p>
${intentForm(view, 'renew', 'Keep my data', false)}`
    : ''
}
<h3>Get a copy of your data</h3>
${
  view.exportRequested
    ? html`<p>You asked for a copy of your data. ${employer.name} sends it to you, at the latest within one month of your request.</p>`
    : html`<p>Ask ${employer.name} for a copy of everything it holds about you: your details, answers, files, the status of your applications and the hiring team’s notes. It is sent to you within one month at the latest.</p>
${intentForm(view, 'export', 'Request a copy of my data')}`
}
<h3>Erase your data</h3>
${
  view.erasureRequested
    ? html`<p>You asked for your data to be erased. An administrator at ${employer.name} confirms the request, then your data is deleted.</p>`
    : html`<p>An administrator at ${employer.name} confirms the request first. Then your application is deleted: your name, contact details, answers, resume and any other files you sent. Erasing your data also withdraws your application, and this page stops working.</p>
${intentForm(view, 'erase', 'Request erasure of my data')}`
}
</section>`;
}

/**
 * After applying. The status link is only ever sent by email: whoever typed an address into the
 * form has not proved it is theirs, so the page neither shows the address nor links the status.
 */
export function thanksBody(v: { employer: Employer; jobTitle: string }): SafeHtml {
  return html`<div class="panel" role="status">
<h1>Application sent</h1>
<p>Thank you for applying for ${v.jobTitle} at ${v.employer.name}.</p>
</div>
<p>We sent a confirmation to the email address you gave. It has a link to your application status page, where you can follow your application, withdraw it, or ask for a copy or the erasure of your data.</p>
<p>If the email does not arrive within a few minutes, check your spam folder.</p>
<p><a href="/careers/${v.employer.slug}">See other jobs at ${v.employer.name}</a></p>`;
}

/** An invalid or expired status link. */
export function linkExpiredBody(employer: Employer | null): SafeHtml {
  return html`<h1>This link has expired or is not valid</h1>
<p class="lede">Links to an application status page stop working after a while, to keep your data safe.</p>
<p>Use the link in the most recent email about your application${employer ? html` from ${employer.name}` : ''}. If it has expired too, contact the employer you applied to.</p>
${employer ? html`<p><a href="/careers/${employer.slug}">See jobs at ${employer.name}</a></p>` : ''}`;
}
