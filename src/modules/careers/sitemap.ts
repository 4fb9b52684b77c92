// Sitemaps (https://www.sitemaps.org/protocol.html, schema 0.9) and robots.txt. Pure: the caller collects
// the URLs and splits them into files of at most SITEMAP_LIMIT entries under a sitemap index.
import { escapeXml } from './xml.ts';

/** At most this many URLs in one sitemap, and this many sitemaps in one index (the protocol's limit). */
export const SITEMAP_LIMIT = 50_000;

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/**
 * A W3C Datetime for lastmod: a bare date ("2024-03-05") stays as it is; a date-time becomes UTC to the
 * second ("2024-03-05T09:00:00Z"). Throws a RangeError for anything unparseable.
 */
export function w3cDatetime(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))) return value;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date: ${value}`);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function checkCount(n: number, what: string): void {
  if (n > SITEMAP_LIMIT)
    throw new RangeError(`${n} ${what} is more than the ${SITEMAP_LIMIT} one file may hold`);
}

/** A <urlset> sitemap. Throws a RangeError for more than SITEMAP_LIMIT entries or a bad lastmod. */
export function urlset(entries: { loc: string; lastmod: string /* ISO */ }[]): string {
  checkCount(entries.length, 'URLs');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<urlset xmlns="${SITEMAP_NS}">`,
    ...entries.map(
      (e) =>
        `<url><loc>${escapeXml(e.loc)}</loc><lastmod>${escapeXml(w3cDatetime(e.lastmod))}</lastmod></url>`,
    ),
    '</urlset>',
    '',
  ].join('\n');
}

/** A <sitemapindex>. Throws a RangeError for more than SITEMAP_LIMIT sitemaps or a bad lastmod. */
export function sitemapIndex(entries: { loc: string; lastmod?: string }[]): string {
  checkCount(entries.length, 'sitemaps');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<sitemapindex xmlns="${SITEMAP_NS}">`,
    ...entries.map(
      (e) =>
        `<sitemap><loc>${escapeXml(e.loc)}</loc>${e.lastmod ? `<lastmod>${escapeXml(w3cDatetime(e.lastmod))}</lastmod>` : ''}</sitemap>`,
    ),
    '</sitemapindex>',
    '',
  ].join('\n');
}

/**
 * robots.txt: crawlers may fetch everything public (career pages, job pages, feeds, the template
 * library) but not
 * - /api/: the JSON API, which duplicates the pages and is not for search results;
 * - /app/: the signed-in application, nothing there is public;
 * - /docs: the API reference (Swagger UI), a tool rather than content.
 * Job pages must stay crawlable: Google reads JobPosting markup only from pages robots.txt allows.
 */
export function robotsTxt(baseUrl: string): string {
  return [
    'User-agent: *',
    'Disallow: /api/',
    'Disallow: /app/',
    'Disallow: /docs',
    'Allow: /',
    '',
    `Sitemap: ${baseUrl}/sitemap.xml`,
    '',
  ].join('\n');
}
