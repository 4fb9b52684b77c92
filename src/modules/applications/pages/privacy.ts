// The default privacy notice for applicants, shown when an organization has not linked its own
// (organizations.privacy_url). Plain facts about what Rolecraft stores for the employer.
import { html, type SafeHtml } from '../../../http/html.ts';
import type { Employer } from '../../postings/types.ts';

export function privacyBody(employer: Employer, retentionMonths: number): SafeHtml {
  return html`<h1>Privacy notice for applicants</h1>
<p class="lede">${employer.name} uses this career site to receive and review job applications. This notice says what happens to the information you send.</p>
<h2>What we collect</h2>
<p>What you enter in the application form: your name, email address, phone number (optional), your resume and cover letter, and your answers to the questions. From your resume we read your contact details and skills, to compare them with the skills the job asks for. That comparison is a hint for the hiring team; it never decides on its own.</p>
<h2>Why, and on what basis</h2>
<p>To consider you for the job you applied for, with your consent, which you give when you apply and can withdraw at any time.</p>
<h2>Who sees it</h2>
<p>The people at ${employer.name} who take part in hiring for the job. Interviewers see only the applications they are assigned to.</p>
<h2>How long we keep it</h2>
<p>${retentionMonths} months after your last activity. Before that time ends we email you, and you can agree to let us keep your data for another period; otherwise it is anonymized.</p>
<h2>Your rights</h2>
<p>The confirmation email you receive after applying has a link to your application status page. There you can withdraw your application, ask for a copy of everything we hold about you, and ask for it to be erased. You may also contact ${employer.name}${employer.website ? html` through <a href="${employer.website}" rel="noopener">its website</a>` : ''}, and you have the right to complain to a data protection authority.</p>
<p><a href="/careers/${employer.slug}">See jobs at ${employer.name}</a></p>`;
}
