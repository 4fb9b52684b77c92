// Public pages, rendered on the server: fast without JavaScript, accessible, escaped by default.
import { html, jsonLd, type SafeHtml } from '../../http/html.ts';
import type { CountryInsight } from '../careers/insights.ts';
import type { Template, TemplateSummary } from '../templates/schemas.ts';
import { CATEGORIES, SENIORITIES } from '../templates/types.ts';

export interface PageMeta {
  title: string;
  description: string;
  canonical: string;
  cssHref: string;
  head?: SafeHtml;
  current?: 'templates' | 'docs';
  /** Replaces Rolecraft's header (career sites carry the employer's brand). */
  header?: SafeHtml;
  footer?: SafeHtml;
  /** Further stylesheets after the site's (a career site's brand colours). */
  stylesheets?: string[];
}

export const label = (value: string) => (value.charAt(0).toUpperCase() + value.slice(1)).replace(/-/g, ' ');

function siteHeader(meta: PageMeta): SafeHtml {
  return html`<header class="site"><div class="bar">
<a class="brand" href="/templates">Role<span>craft</span></a>
<nav aria-label="Main">
<a href="/templates"${meta.current === 'templates' ? html` aria-current="page"` : ''}>Templates</a>
<a href="/docs">API</a>
</nav>
</div></header>`;
}

export function layout(meta: PageMeta, body: SafeHtml): string {
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${meta.title}</title>
<meta name="description" content="${meta.description}">
<link rel="canonical" href="${meta.canonical}">
<link rel="stylesheet" href="${meta.cssHref}">
${(meta.stylesheets ?? []).map((href) => html`<link rel="stylesheet" href="${href}">`)}
${meta.head}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
${meta.header ?? siteHeader(meta)}
<main id="main">${body}</main>
${meta.footer ?? html`<footer class="site"><div>Rolecraft, the open-source hiring platform built around job descriptions.</div></footer>`}
</body>
</html>`}`;
}

export interface LibraryView {
  items: TemplateSummary[];
  q: string;
  category: string | undefined;
  seniority: string | undefined;
  skill: string | undefined;
  corrected: string | undefined;
  nextHref: string | undefined;
}

function filterHref(view: LibraryView, category: string | undefined): string {
  const params = new URLSearchParams();
  if (view.q) params.set('q', view.q);
  if (category) params.set('category', category);
  if (view.seniority) params.set('seniority', view.seniority);
  if (view.skill) params.set('skill', view.skill);
  const query = params.toString();
  return query ? `/templates?${query}` : '/templates';
}

function excerpt(text: string, max = 170): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max).replace(/\s+\S*$/, '')}…`;
}

function card(t: TemplateSummary): SafeHtml {
  return html`<li><article class="card">
<h2><a href="/templates/${t.slug}">${t.role}</a></h2>
<div><span class="tag">${label(t.category)}</span><span class="tag">${label(t.seniority)}</span></div>
<p>${excerpt(t.summary)}</p>
<p class="meta">${t.skills
    .slice(0, 5)
    .map((s) => s.label)
    .join(' · ')}</p>
</article></li>`;
}

export function libraryBody(view: LibraryView): SafeHtml {
  const heading = view.q ? `Templates matching “${view.q}”` : 'Job description templates';
  return html`<h1>${heading}</h1>
${view.corrected ? html`<p class="notice" role="status">No exact matches, so these are results for <strong>${view.corrected}</strong>.</p>` : ''}
<p class="lede">Structured, searchable job description templates: responsibilities, qualifications, skills and FAQs, ready to turn into a posting.</p>
<form class="search" role="search" method="get" action="/templates">
<label class="sr-only" for="q">Search templates</label>
<input type="search" id="q" name="q" value="${view.q}" placeholder="Search by role, skill or keyword, e.g. backend postgres" maxlength="200">
${view.category ? html`<input type="hidden" name="category" value="${view.category}">` : ''}
<label class="sr-only" for="seniority">Seniority</label>
<select id="seniority" name="seniority">
<option value="">Any seniority</option>
${SENIORITIES.map((s) => html`<option value="${s}"${view.seniority === s ? html` selected` : ''}>${label(s)}</option>`)}
</select>
<button class="button" type="submit">Search</button>
</form>
<nav aria-label="Categories"><ul class="chips">
<li><a class="chip" href="${filterHref(view, undefined)}"${view.category ? '' : html` aria-current="true"`}>All</a></li>
${CATEGORIES.filter((c) => c !== 'other').map(
  (c) =>
    html`<li><a class="chip" href="${filterHref(view, c)}"${view.category === c ? html` aria-current="true"` : ''}>${label(c)}</a></li>`,
)}
</ul></nav>
${
  view.items.length === 0
    ? html`<div class="empty"><p>No templates match. Try fewer words or another category.</p></div>`
    : html`<ul class="results">${view.items.map(card)}</ul>`
}
${view.nextHref ? html`<nav class="pager" aria-label="Pages"><a class="button secondary" href="${view.nextHref}" rel="next">Next page</a></nav>` : ''}`;
}

function list(heading: string, items: string[] | undefined): SafeHtml | '' {
  if (!items || items.length === 0) return '';
  return html`<section><h2>${heading}</h2><ul>${items.map((i) => html`<li>${i}</li>`)}</ul></section>`;
}

function paragraphs(text: string): SafeHtml[] {
  return text
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .map((p) => html`<p>${p}</p>`);
}

export function faqJsonLd(t: Template): SafeHtml | undefined {
  if (t.faqs.length === 0) return undefined;
  return jsonLd({
    '@context': 'https://schema.org',
    '@type': 'FAQPage',
    mainEntity: t.faqs.map((f) => ({
      '@type': 'Question',
      name: f.question,
      acceptedAnswer: { '@type': 'Answer', text: f.answer },
    })),
  });
}

/** Pay for the template's role in one country: percentiles of yearly pay in open postings. */
export type SalaryInsight = CountryInsight;

const MONEY = new Intl.NumberFormat('en-US');

function insightsSection(insights: SalaryInsight[]): SafeHtml | '' {
  if (insights.length === 0) return '';
  return html`<section class="insights" aria-labelledby="pay-h"><h2 id="pay-h">Salary insights</h2>
<p class="meta">Yearly pay in open postings on Rolecraft (middle of each advertised range).</p>
<dl>${insights.map(
    (i) =>
      html`<dt>${i.country}</dt><dd>${i.currency} ${MONEY.format(i.p25)}–${MONEY.format(i.p75)} (median ${MONEY.format(i.p50)}; ${i.sampleSize} postings, ${i.organizations} employers)</dd>`,
  )}</dl></section>`;
}

export function templateBody(t: Template, insights: SalaryInsight[] = []): SafeHtml {
  return html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/templates">Templates</a> › <a href="/templates?category=${t.category}">${label(t.category)}</a></nav>
<div class="layout">
<article class="jd">
<h1>${t.title}</h1>
<div><span class="tag">${label(t.category)}</span><span class="tag">${label(t.seniority)}</span></div>
${paragraphs(t.summary)}
${list('Responsibilities', t.responsibilities)}
${list('Qualifications', t.qualifications)}
${
  t.skills.length > 0
    ? html`<section><h2>Skills</h2><ul class="chips">${t.skills.map((s) =>
        s.skillId
          ? html`<li><a class="chip" href="/templates?skill=${s.skillId}">${s.label}</a></li>`
          : html`<li><span class="chip">${s.label}</span></li>`,
      )}</ul></section>`
    : ''
}
${t.extraSections.map((s) => (s.items ? list(s.heading, s.items) : html`<section><h2>${s.heading}</h2>${paragraphs(s.text ?? '')}</section>`))}
${
  t.faqs.length > 0
    ? html`<section><h2>Frequently asked questions</h2>${t.faqs.map(
        (f) => html`<details><summary>${f.question}</summary>${paragraphs(f.answer)}</details>`,
      )}</section>`
    : ''
}
</article>
<aside class="side" aria-label="Use this template">
<h2>Use this template</h2>
<a class="button" href="/templates/${t.slug}.md" download>Download Markdown</a>
<a class="button secondary" href="/api/v1/templates/${t.slug}">View as JSON</a>
<p class="meta">Version ${t.version} · updated ${t.updatedAt.slice(0, 10)}</p>
${insightsSection(insights)}
</aside>
</div>`;
}

export function notFoundBody(): SafeHtml {
  return html`<h1>Page not found</h1><p class="lede">There is nothing at this address. <a href="/templates">Browse the template library</a>.</p>`;
}
