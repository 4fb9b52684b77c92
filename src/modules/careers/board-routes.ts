// The public job-board API (read-only, anonymous, CORS-open, cached) and salary insights.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { notModified, sendJsonText } from '../../http/etag.ts';
import { problemResponses as errors } from '../../http/problem.ts';
import { AppError } from '../../shared/errors.ts';
import { boardFilter, boardPage, employerBySlug, jobDetail, toEmployer, toPublic } from './board.ts';
import { SITE } from './cache.ts';
import { asCached, expiringCache, PUBLIC_CACHE } from './http.ts';
import { salaryInsights } from './insights.ts';
import * as repo from './repo.ts';
import type { CareerDeps } from './routes.ts';
import {
  BoardJobDetail,
  BoardJobParams,
  BoardListQuery,
  BoardPage,
  BoardParams,
  SalaryInsights,
  SalaryQuery,
} from './schemas.ts';

export const boardRoutes: FastifyPluginAsyncTypebox<CareerDeps> = async (
  app,
  { db, publicUrl, cache, indexes },
) => {
  const orgCached = expiringCache(cache, db);
  // The public job-board API.
  const tags = ['Job boards'];
  app.get(
    '/api/v1/boards/:org/jobs',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'List an organization’s open jobs',
        description:
          'Anonymous, CORS-open and cacheable (ETag, max-age 60). Filters as on the career site; `content=true` adds each description as HTML, `facets=true` the counts by filter value. Newest first, or by relevance with `q`.',
        params: BoardParams,
        querystring: BoardListQuery,
        response: { 200: BoardPage, 304: Type.Null(), ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const org = await employerBySlug(db, request.params.org, cache);
      const { content, facets, limit, cursor, ...filters } = request.query;
      const key = `api:${JSON.stringify([content, facets, limit, cursor ?? '', filters])}`;
      const cached = await orgCached(org.id, key, async () => {
        const started = performance.now();
        const { body, answeredBy } = await boardPage(db, org, publicUrl, {
          filter: boardFilter(filters),
          limit,
          cursor,
          withContent: content,
          withFacets: facets,
          indexes,
        });
        // On the response that ran the search: how long it took and which search answered.
        const ms = (performance.now() - started).toFixed(1);
        reply.header('server-timing', `search;dur=${ms};desc="${answeredBy}"`);
        return { ...asCached(JSON.stringify(body)), nextCursor: body.nextCursor };
      });
      reply.header('cache-control', PUBLIC_CACHE);
      if (notModified(request, reply, cached.etag)) return reply;
      const next = cached.nextCursor;
      if (next) {
        const url = new URL(request.url, 'http://local');
        url.searchParams.set('cursor', next);
        reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
      }
      return sendJsonText(reply, cached.body);
    },
  );

  app.get(
    '/api/v1/boards/:org/jobs/:id',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Get one open job with its application form',
        description: 'A closed job answers 410 (code `posting_closed`); a draft or unknown one 404.',
        params: BoardJobParams,
        response: { 200: BoardJobDetail, 304: Type.Null(), ...errors(400, 404, 410) },
      },
    },
    async (request, reply) => {
      const org = await employerBySlug(db, request.params.org, cache);
      const row = await repo.findPublic(db, org.id, request.params.id);
      if (!row) throw new AppError(404, 'not_found', 'The job was not found.');
      if (!row.live)
        throw new AppError(410, 'posting_closed', 'This job is closed and no longer takes applications.');
      const cached = await orgCached(org.id, `api-job:${row.id}`, async () =>
        asCached(JSON.stringify(jobDetail(toPublic(row, org.slug), toEmployer(org), publicUrl))),
      );
      reply.header('cache-control', PUBLIC_CACHE);
      if (notModified(request, reply, cached.etag)) return reply;
      return sendJsonText(reply, cached.body);
    },
  );

  app.get(
    '/api/v1/insights/salaries',
    {
      config: { access: 'public' },
      schema: {
        tags: ['Insights'],
        summary: 'Salary percentiles for a role in a country',
        description:
          'From the bounded pay ranges (their middle, per year) of open postings across all organizations; given only when at least 5 postings from at least 3 organizations contribute, so no single employer’s pay can be read from it.',
        querystring: SalaryQuery,
        response: { 200: SalaryInsights, ...errors(400) },
      },
    },
    async (request, reply) => {
      const { role, country } = request.query;
      const key = `insights:${role.trim()}:${country}`;
      const cached = await orgCached(SITE, key, async () =>
        asCached(JSON.stringify(await salaryInsights(db, role, country))),
      );
      reply.header('cache-control', PUBLIC_CACHE);
      if (notModified(request, reply, cached.etag)) return reply;
      return sendJsonText(reply, cached.body);
    },
  );
};
