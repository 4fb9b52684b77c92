// Career-site pages: the employer's job list (search, facets, pages) and each job, server-rendered,
// without JavaScript, branded with the employer's name, logo and colour. Every value is escaped.
import { html, jsonLd, type SafeHtml } from '../../http/html.ts';
import type { Employer, PublicPosting } from '../postings/types.ts';
import {
  descriptionHtml,
  educationLabel,
  employmentTypeLabel,
  experienceLabel,
  locationLabel,
  plainSummary,
  salaryLabel,
} from './description.ts';
import { hasJobPostingMarkup, jobPostingLd } from './job-posting-ld.ts';
import type { BoardFilter } from './repo.ts';
import type { Facets } from './schemas.ts';

export interface CareersView {
  employer: Employer;
  intro: string;
  filter: BoardFilter;
  query: Record<string, string>;
  postings: PublicPosting[];
  total: number;
  facets: Facets;
  page: number;
  hasNext: boolean;
}

const WORKPLACE_LABELS: Record<string, string> = { on_site: 'On-site', hybrid: 'Hybrid', remote: 'Remote' };
const NUMBER = new Intl.NumberFormat('en-US');

export function careersHeader(employer: Employer): SafeHtml {
  return html`<header class="site brand-header"><div class="bar">
<a class="brand employer" href="/careers/${employer.slug}">${
    employer.logoUrl ? html`<img src="${employer.logoUrl}" alt="" width="32" height="32">` : ''
  }<span>${employer.name}</span> <span class="meta">Careers</span></a>
${employer.website ? html`<nav aria-label="Employer"><a href="${employer.website}" rel="noopener">Company website</a></nav>` : ''}
</div></header>`;
}

export function careersFooter(employer: Employer): SafeHtml {
  return html`<footer class="site"><div>${employer.name} · <a href="/careers/${employer.slug}/jobs.rss">RSS</a> · <a href="/careers/${employer.slug}/feed.xml">Job feed</a> · Powered by <a href="/templates">Rolecraft</a></div></footer>`;
}

function hrefWith(view: CareersView, changes: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...view.query, ...changes })) if (v) params.set(k, v);
  params.delete('page');
  if (changes.page) params.set('page', changes.page);
  const query = params.toString();
  return `/careers/${view.employer.slug}${query ? `?${query}` : ''}`;
}

function facetLabel(facet: string, value: string): string {
  if (facet === 'employmentType') return employmentTypeLabel(value as never) ?? value;
  if (facet === 'workplaceType') return WORKPLACE_LABELS[value] ?? value;
  if (facet === 'pay') {
    const [currency, amount] = value.split(' ');
    return `${currency} ${NUMBER.format(Number(amount))}+ a year`;
  }
  return value;
}

const FACETS = [
  ['location', 'Location'],
  ['department', 'Department'],
  ['employmentType', 'Employment type'],
  ['workplaceType', 'Workplace'],
  ['pay', 'Salary'],
] as const;

function facetSelects(view: CareersView): SafeHtml {
  return html`${FACETS.map(([key, title]) => {
    const values = view.facets[key];
    const selected = view.query[key];
    if (values.length === 0 && !selected) return '';
    return html`<div class="facet"><label for="f-${key}">${title}</label>
<select id="f-${key}" name="${key}"><option value="">Any</option>
${selected && !values.some((v) => v.value === selected) ? html`<option value="${selected}" selected>${facetLabel(key, selected)}</option>` : ''}
${values.map((v) => html`<option value="${v.value}"${v.value === selected ? html` selected` : ''}>${facetLabel(key, v.value)} (${v.count})</option>`)}
</select></div>`;
  })}`;
}

function jobCard(view: CareersView, p: PublicPosting): SafeHtml {
  const c = p.content;
  const pay = c.salary ? salaryLabel(c.salary) : null;
  const where = [...c.locations.map(locationLabel), ...(c.workplaceType === 'remote' ? ['Remote'] : [])].join(
    ' · ',
  );
  return html`<li><article class="card">
<h2><a href="/careers/${view.employer.slug}/jobs/${p.slug}">${c.title}</a></h2>
<p class="meta">${[
    c.department,
    where,
    c.employmentType ? employmentTypeLabel(c.employmentType) : null,
    // A remote job already says so in its locations.
    c.workplaceType === 'remote' ? null : WORKPLACE_LABELS[c.workplaceType],
  ]
    .filter(Boolean)
    .join(' · ')}</p>
${pay ? html`<p class="pay">${pay}</p>` : ''}
<p>${plainSummary(c, 180)}</p>
</article></li>`;
}

export function careersBody(view: CareersView): SafeHtml {
  const { employer, total } = view;
  const q = view.query.q ?? '';
  return html`<h1>Jobs at ${employer.name}</h1>
${view.intro ? html`<p class="lede">${view.intro}</p>` : ''}
<form class="search careers-search" role="search" method="get" action="/careers/${employer.slug}">
<div class="search-row"><label class="sr-only" for="q">Search jobs</label>
<input type="search" id="q" name="q" value="${q}" placeholder="Search jobs by title, skill or keyword" maxlength="200">
<button class="button" type="submit">Search</button></div>
<fieldset class="facets"><legend class="sr-only">Filters</legend>${facetSelects(view)}</fieldset>
</form>
<p role="status" class="meta">${total === 1 ? '1 job' : `${NUMBER.format(total)} jobs`}${q ? html` matching “${q}”` : ''}${
    Object.keys(view.query).some((k) => k !== 'q' && k !== 'page')
      ? html` · <a href="/careers/${employer.slug}">Clear filters</a>`
      : ''
  }</p>
${
  view.postings.length === 0
    ? html`<div class="empty"><p>No open jobs match. Try fewer words or clear the filters.</p></div>`
    : html`<ul class="results jobs">${view.postings.map((p) => jobCard(view, p))}</ul>`
}
<nav class="pager" aria-label="Pages">${
    view.page > 1
      ? html`<a class="button secondary" rel="prev" href="${hrefWith(view, { page: view.page > 2 ? String(view.page - 1) : undefined })}">Previous page</a>`
      : ''
  }${view.hasNext ? html`<a class="button secondary" rel="next" href="${hrefWith(view, { page: String(view.page + 1) })}">Next page</a>` : ''}</nav>`;
}

function fact(term: string, value: string | null | undefined): SafeHtml | '' {
  return value ? html`<dt>${term}</dt><dd>${value}</dd>` : '';
}

const dateOnly = (iso: string) => iso.slice(0, 10);

/** The job page; a published posting carries its JobPosting markup (see jobHead). */
export function jobBody(employer: Employer, p: PublicPosting): SafeHtml {
  const c = p.content;
  const where = [...c.locations.map(locationLabel), ...(c.workplaceType === 'remote' ? ['Remote'] : [])];
  return html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/careers/${employer.slug}">Jobs at ${employer.name}</a></nav>
<div class="layout">
<article class="jd">
<h1>${c.title}</h1>
<p class="meta">${employer.name}${c.department ? html` · ${c.department}` : ''}</p>
${descriptionHtml(c)}
</article>
<aside class="side" aria-label="About this job">
<h2>About this job</h2>
<dl class="facts">
${fact('Location', where.join('; '))}
${fact('Workplace', WORKPLACE_LABELS[c.workplaceType])}
${c.workplaceType === 'remote' && c.applicantLocationRequirements.length > 0 ? fact('Open to applicants in', c.applicantLocationRequirements.join(', ')) : ''}
${fact('Employment type', c.employmentType ? employmentTypeLabel(c.employmentType) : null)}
${fact('Salary', c.salary ? salaryLabel(c.salary) : null)}
${fact('Experience', c.experienceMonths ? experienceLabel(c.experienceMonths) : null)}
${fact('Education', c.educationLevel ? educationLabel(c.educationLevel) : null)}
${fact('Posted', dateOnly(p.datePosted))}
${fact('Apply by', c.validThrough ? dateOnly(c.validThrough) : null)}
${fact('Reference', p.referenceNumber)}
</dl>
<a class="button" id="apply" href="/careers/${employer.slug}/jobs/${p.slug}/apply">Apply for this job</a>
</aside>
</div>`;
}

export function jobHead(employer: Employer, p: PublicPosting, baseUrl: string): SafeHtml | undefined {
  return hasJobPostingMarkup(p) ? jsonLd(jobPostingLd(p, employer, baseUrl)) : undefined;
}

export function goneBody(employer: Employer, title: string): SafeHtml {
  return html`<h1>This job is no longer open</h1>
<p class="lede">${employer.name} has closed “${title}”. It no longer takes applications.</p>
<p><a class="button" href="/careers/${employer.slug}">See open jobs at ${employer.name}</a></p>`;
}

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const v = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/**
 * The brand colour, darkened until white text on it (and it as text on white) reaches the WCAG AA
 * contrast of 4.5:1, so a pale brand colour cannot make buttons or links unreadable.
 */
export function accessibleAccent(hex: string): string {
  let [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  const toHex = () => `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  for (let i = 0; i < 100 && 1.05 / (luminance(toHex()) + 0.05) < 4.5; i++) {
    [r, g, b] = [r, g, b].map((v) => Math.floor(v * 0.93)) as [number, number, number];
  }
  return toHex();
}

export function brandCss(employer: Employer): string {
  if (!employer.brandColor) return '';
  const accent = accessibleAccent(employer.brandColor);
  return `:root{--accent:${accent};--brand:${employer.brandColor}}\n.brand-header{border-top:4px solid var(--brand)}\n`;
}
