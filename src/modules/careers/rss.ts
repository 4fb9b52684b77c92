// An RSS 2.0 feed of an employer's open jobs (https://www.rssboard.org/rss-specification), with the
// atom:link rel="self" the RSS Advisory Board recommends. Text is escaped (no CDATA) through xml.ts.
import type { Employer, PublicPosting } from '../postings/types.ts';
import { plainSummary } from './description.ts';
import { careerPageUrl, jobUrl } from './job-posting-ld.ts';
import { element, escapeXml, rfc2822 } from './xml.ts';

/** Where the RSS feed is served: `${baseUrl}/careers/{employer}/jobs.rss` (the route must match). */
export function rssUrl(baseUrl: string, employer: Pick<Employer, 'slug'>): string {
  return `${careerPageUrl(baseUrl, employer)}/jobs.rss`;
}

function item(posting: PublicPosting, employer: Employer, baseUrl: string): string {
  const url = jobUrl(baseUrl, employer, posting);
  return [
    '<item>',
    element('title', posting.content.title),
    element('link', url),
    `<guid isPermaLink="true">${escapeXml(url)}</guid>`,
    element('pubDate', rfc2822(posting.datePosted)),
    element('description', plainSummary(posting.content)),
    element('category', posting.content.department),
    '</item>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** The RSS 2.0 document; lastBuildDate is `now`, items keep the given order. */
export function jobsRss(postings: PublicPosting[], employer: Employer, baseUrl: string, now: Date): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    element('title', `Jobs at ${employer.name}`),
    element('link', careerPageUrl(baseUrl, employer)),
    element('description', `Open positions at ${employer.name}`),
    `<atom:link href="${escapeXml(rssUrl(baseUrl, employer))}" rel="self" type="application/rss+xml"/>`,
    element('lastBuildDate', rfc2822(now)),
    ...postings.map((p) => item(p, employer, baseUrl)),
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}
