import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../shared/errors.ts';
import { boardFilter, MAX_SEARCH_OFFSET, toEmployer, toPublic } from './board.ts';
import { type PublicCache, SITE } from './cache.ts';
import { plainSummary } from './description.ts';
import { indeedFeed } from './indeed-feed.ts';
import { careerPageUrl, jobUrl } from './job-posting-ld.ts';
import { brandCss, careersBody, careersFooter, careersHeader, jobBody, jobHead } from './render.ts';
import * as repo from './repo.ts';
import { jobsRss } from './rss.ts';
import { BoardFilters, BoardParams } from './schemas.ts';
import { robotsTxt, SITEMAP_LIMIT, sitemapIndex, urlset } from './sitemap.ts';
import type { BoardIndexes } from './board-index/registry.ts';
import { searchBoard } from './search.ts';
import { asCached, expiringCache, pageCsp, sendCached } from './http.ts';
import { careerPageKit, HTML } from './page-kit.ts';

export interface CareerDeps {
  db: Db;
  publicUrl: string;
  cache: PublicCache;
  /** In-memory search of large boards; without it every search runs in SQL. */
  indexes?: BoardIndexes | undefined;
}

const PAGE_SIZE = 20;
const MAX_PAGE = MAX_SEARCH_OFFSET / PAGE_SIZE;
/** Feeds are fetched whole: the newest postings up to this many, and this many characters. */
const FEED_MAX = 10_000;
const FEED_BUDGET = 32_000_000;

/** The rows a feed can carry within its budget, newest first. */
function withinBudget(rows: repo.BoardRow[]): repo.BoardRow[] {
  let left = FEED_BUDGET;
  const kept: repo.BoardRow[] = [];
  for (const row of rows) {
    left -= JSON.stringify(row.content).length;
    if (left < 0) break;
    kept.push(row);
  }
  return kept;
}

const CareersQuery = Type.Object(
  {
    ...BoardFilters,
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })),
  },
  { additionalProperties: false },
);
const JobPageParams = Type.Object({
  org: Type.String({ maxLength: 63 }),
  slug: Type.String({ maxLength: 110 }),
});
const SitemapParams = Type.Object({ n: Type.Integer({ minimum: 1, maximum: 1000 }) });

export const careerRoutes: FastifyPluginAsyncTypebox<CareerDeps> = async (
  app,
  { db, publicUrl, cache, indexes },
) => {
  const hide = { hide: true };

  const { page, employerOr404, brandHref, publicPosting } = careerPageKit({ db, publicUrl, cache });

  const orgCached = expiringCache(cache, db);

  app.get(
    '/careers/:org',
    { schema: { ...hide, params: BoardParams, querystring: CareersQuery } },
    async (request, reply) => {
      const org = await employerOr404(request.params.org, reply);
      if (!org) return reply;
      const { page: pageNumber = 1, ...filters } = request.query;
      const query = Object.fromEntries(
        Object.entries({ ...filters, ...(pageNumber > 1 ? { page: String(pageNumber) } : {}) }).filter(
          ([, v]) => v,
        ),
      ) as Record<string, string>;
      const key = `page:${new URLSearchParams(query)}`;
      const cached = await orgCached(org.id, key, async () => {
        const filter = boardFilter(filters);
        const offset = (pageNumber - 1) * PAGE_SIZE;
        const found = await searchBoard(db, org.id, filter, { limit: PAGE_SIZE, offset }, true, indexes);
        const employer = toEmployer(org);
        const view = {
          employer,
          intro: org.careersIntro,
          filter,
          query,
          postings: found.rows.slice(0, PAGE_SIZE).map((r) => toPublic(r, org.slug)),
          total: found.total,
          facets: found.facets!,
          page: pageNumber,
          hasNext: found.rows.length > PAGE_SIZE && pageNumber < MAX_PAGE,
        };
        return asCached(
          page(
            {
              title: `Jobs at ${org.name}`,
              description: `Open positions at ${org.name}.`,
              canonical: careerPageUrl(publicUrl, employer),
              header: careersHeader(employer),
              footer: careersFooter(employer),
              stylesheets: brandHref(org),
            },
            careersBody(view),
          ),
        );
      });
      reply.header('content-security-policy', pageCsp(org.logoUrl));
      return sendCached(request, reply, cached, HTML);
    },
  );

  app.get('/careers/:org/brand.css', { schema: { ...hide, params: BoardParams } }, async (request, reply) => {
    const org = await employerOr404(request.params.org, reply);
    if (!org) return reply;
    return sendCached(request, reply, asCached(brandCss(toEmployer(org))), 'text/css; charset=utf-8');
  });

  app.get(
    '/careers/:org/jobs/:slug',
    { schema: { ...hide, params: JobPageParams } },
    async (request, reply) => {
      const found = await publicPosting(request.params, reply);
      if (!found) return reply;
      const { org, employer, posting } = found;
      if (request.params.slug !== posting.slug) return reply.redirect(jobUrl('', employer, posting), 301);
      const cached = await orgCached(org.id, `job:${posting.id}`, async () => {
        const head = jobHead(employer, posting, publicUrl);
        return asCached(
          page(
            {
              title: `${posting.content.title} · ${org.name}`,
              description: plainSummary(posting.content, 160),
              canonical: jobUrl(publicUrl, employer, posting),
              header: careersHeader(employer),
              footer: careersFooter(employer),
              stylesheets: brandHref(org),
              ...(head ? { head } : {}),
            },
            jobBody(employer, posting),
          ),
        );
      });
      reply.header('content-security-policy', pageCsp(org.logoUrl));
      return sendCached(request, reply, cached, HTML);
    },
  );

  const feed = (
    name: string,
    type: string,
    build: (org: repo.EmployerRow, rows: repo.BoardRow[]) => string,
  ) =>
    app.get(`/careers/:org/${name}`, { schema: { ...hide, params: BoardParams } }, async (request, reply) => {
      const org = await employerOr404(request.params.org, reply);
      if (!org) return reply;
      const cached = await orgCached(org.id, name, async () =>
        asCached(build(org, withinBudget(await repo.allLive(db, org.id, FEED_MAX)))),
      );
      return sendCached(request, reply, cached, type);
    });
  feed('feed.xml', 'application/xml; charset=utf-8', (org, rows) =>
    indeedFeed(
      rows.map((r) => toPublic(r, org.slug)),
      toEmployer(org),
      publicUrl,
      new Date(),
    ),
  );
  feed('jobs.rss', 'application/rss+xml; charset=utf-8', (org, rows) =>
    jobsRss(
      rows.map((r) => toPublic(r, org.slug)),
      toEmployer(org),
      publicUrl,
      new Date(),
    ),
  );

  const XML = 'application/xml; charset=utf-8';

  app.get('/sitemap.xml', { schema: hide }, async (request, reply) => {
    const cached = await orgCached(SITE, 'sitemap', async () => {
      const jobs = Number(
        (await orgCached(SITE, 'sitemap-count', async () => asCached(String(await repo.countLive(db))))).body,
      );
      const now = new Date().toISOString();
      const parts = Math.max(1, Math.ceil(jobs / SITEMAP_LIMIT));
      return asCached(
        sitemapIndex([
          { loc: `${publicUrl}/sitemaps/pages.xml`, lastmod: now },
          ...Array.from({ length: parts }, (_, i) => ({
            loc: `${publicUrl}/sitemaps/jobs-${i + 1}.xml`,
            lastmod: now,
          })),
        ]),
      );
    });
    return sendCached(request, reply, cached, XML);
  });

  app.get('/sitemaps/pages.xml', { schema: hide }, async (request, reply) => {
    const cached = await orgCached(SITE, 'sitemap-pages', async () => {
      const [sites, templates] = await Promise.all([repo.careerSites(db), repo.globalTemplates(db)]);
      const newest = templates.reduce(
        (max, t) => (new Date(t.lastmod) > new Date(max) ? t.lastmod : max),
        templates[0]?.lastmod ?? new Date(0).toISOString(),
      );
      return asCached(
        urlset([
          { loc: `${publicUrl}/templates`, lastmod: new Date(newest).toISOString() },
          ...templates.map((t) => ({
            loc: `${publicUrl}/templates/${t.slug}`,
            lastmod: new Date(t.lastmod).toISOString(),
          })),
          ...sites.map((s) => ({
            loc: `${publicUrl}/careers/${s.orgSlug}`,
            lastmod: new Date(s.lastmod).toISOString(),
          })),
        ]),
      );
    });
    return sendCached(request, reply, cached, XML);
  });

  app.get('/sitemaps/jobs-:n.xml', { schema: { ...hide, params: SitemapParams } }, async (request, reply) => {
    const n = request.params.n;
    const counted = await orgCached(SITE, 'sitemap-count', async () =>
      asCached(String(await repo.countLive(db))),
    );
    if (n > Math.max(1, Math.ceil(Number(counted.body) / SITEMAP_LIMIT))) throw notFound('The sitemap');
    const cached = await orgCached(SITE, `sitemap-jobs-${n}`, async () => {
      const rows = await repo.sitemapRows(db, (n - 1) * SITEMAP_LIMIT, SITEMAP_LIMIT);
      return asCached(
        urlset(
          rows.map((r) => ({
            loc: `${publicUrl}/careers/${r.orgSlug}/jobs/${r.slug}`,
            lastmod: new Date(r.lastmod).toISOString(),
          })),
        ),
      );
    });
    return sendCached(request, reply, cached, XML);
  });

  app.get('/robots.txt', { schema: hide }, async (request, reply) =>
    sendCached(request, reply, asCached(robotsTxt(publicUrl)), 'text/plain; charset=utf-8'),
  );
};
