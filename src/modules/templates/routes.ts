// Thin HTTP layer over the template actions: validate, build the context, call, map.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { ctxOf } from '../../http/context.ts';
import { checkIfMatch, hashEtag, notModified, sendJsonText } from '../../http/etag.ts';
import { preferredType } from '../../http/negotiate.ts';
import { setNextLink } from '../../http/pagination.ts';
import { problemResponses } from '../../http/problem.ts';
import { MAX_INPUT_BYTES } from './parse.ts';
import {
  ImportQuery,
  ParsedTemplate,
  SlugParams,
  Template,
  TemplateCreate,
  TemplateListQuery,
  TemplatePage,
  TemplatePatch,
  TemplateVersion,
  VersionListQuery,
  VersionPage,
  VersionParams,
} from './schemas.ts';
import { templateEtag } from './cache.ts';
import type { TemplateActions } from './service.ts';

export interface TemplateRouteDeps {
  db: Db;
  actions: TemplateActions;
  requireAdmin: (request: FastifyRequest) => Promise<void>;
}

const errors = problemResponses;
const tags = ['Templates'];
const adminSecurity = [{ adminToken: [] }];

const ifMatch = (request: FastifyRequest) => (etags: string[]) => checkIfMatch(request, etags);

export const templateRoutes: FastifyPluginAsyncTypebox<TemplateRouteDeps> = async (
  app,
  { db, actions, requireAdmin },
) => {
  app.get(
    '/api/v1/templates',
    {
      schema: {
        tags,
        summary: 'List and search templates',
        description:
          'Without `q`, templates in slug order. With `q`, ranked full-text search (web-search syntax) over role, title, skills (with their aliases), summary and text; when nothing matches, typo-tolerant matching on the role.',
        querystring: TemplateListQuery,
        response: { 200: TemplatePage, ...errors(400) },
      },
    },
    async (request, reply) => {
      const page = await actions.list(ctxOf(request, db), request.query);
      const body = JSON.stringify(page);
      setNextLink(request, reply, page.nextCursor);
      reply.header('cache-control', 'no-cache');
      if (notModified(request, reply, hashEtag(body))) return reply;
      return sendJsonText(reply, body);
    },
  );

  app.get(
    '/api/v1/templates/:slug',
    {
      schema: {
        tags,
        summary: 'Get a template',
        description: 'JSON by default; `Accept: text/markdown` gives the canonical Markdown form.',
        params: SlugParams,
        response: {
          200: {
            ...Template,
            content: {
              'application/json': { schema: Template },
              'text/markdown': { schema: Type.String() },
            },
          },
          304: Type.Null({ description: 'Not modified' }),
          ...errors(404),
        },
      },
    },
    async (request, reply) => {
      const entry = await actions.get(ctxOf(request, db), request.params.slug);
      const type = preferredType(request.headers.accept, ['application/json', 'text/markdown']);
      reply.header('vary', 'Accept').header('cache-control', 'no-cache');
      if (type === 'text/markdown') {
        if (notModified(request, reply, entry.markdownEtag)) return reply;
        return reply.type('text/markdown; charset=utf-8').send(entry.markdown);
      }
      if (notModified(request, reply, entry.etag)) return reply;
      return sendJsonText(reply, entry.json);
    },
  );

  app.post(
    '/api/v1/templates',
    {
      onRequest: requireAdmin,
      schema: {
        tags,
        summary: 'Create a template',
        security: adminSecurity,
        body: TemplateCreate,
        response: { 201: Template, ...errors(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const template = await actions.create(ctxOf(request, db), request.body);
      return reply
        .code(201)
        .header('location', `/api/v1/templates/${template.slug}`)
        .header('etag', templateEtag(template))
        .send(template);
    },
  );

  app.post(
    '/api/v1/templates/import',
    {
      // Parsing alone stores nothing, so only a real import needs the token. This runs before the
      // query is validated (auth comes first, so callers without a token learn nothing of the schema).
      onRequest: async (request) => {
        if ((request.query as Record<string, unknown>).dryRun !== 'true') await requireAdmin(request);
      },
      bodyLimit: MAX_INPUT_BYTES,
      schema: {
        tags,
        summary: 'Import a template from plain text or Markdown',
        description:
          'The body is a job description as `text/plain` or `text/markdown` (at most 1 MiB). With `dryRun=true` the parse is returned and nothing is stored (no token needed).',
        security: adminSecurity,
        consumes: ['text/plain', 'text/markdown'],
        querystring: ImportQuery,
        body: Type.String({ description: 'The job description text' }),
        response: { 200: ParsedTemplate, 201: Template, ...errors(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const result = await actions.importText(ctxOf(request, db), request.body, request.query.dryRun);
      if (request.query.dryRun || !('slug' in result)) return reply.send(result);
      return reply
        .code(201)
        .header('location', `/api/v1/templates/${result.slug}`)
        .header('etag', templateEtag(result))
        .send(result);
    },
  );

  app.patch(
    '/api/v1/templates/:slug',
    {
      onRequest: requireAdmin,
      schema: {
        tags,
        summary: 'Update a template (keeps the previous version)',
        description:
          'Send `If-Match` with the ETag you read to refuse the update (412) if someone changed it since.',
        security: adminSecurity,
        params: SlugParams,
        body: TemplatePatch,
        response: { 200: Template, ...errors(400, 401, 403, 404, 412, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const template = await actions.update(
        ctxOf(request, db),
        request.params.slug,
        request.body,
        ifMatch(request),
      );
      return reply.header('etag', templateEtag(template)).send(template);
    },
  );

  app.delete(
    '/api/v1/templates/:slug',
    {
      onRequest: requireAdmin,
      schema: {
        tags,
        summary: 'Delete a template and its history',
        security: adminSecurity,
        params: SlugParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      await actions.remove(ctxOf(request, db), request.params.slug, ifMatch(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/templates/:slug/versions',
    {
      schema: {
        tags,
        summary: "List a template's versions, newest first",
        params: SlugParams,
        querystring: VersionListQuery,
        response: { 200: VersionPage, ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const { limit, cursor } = request.query;
      const page = await actions.versions(ctxOf(request, db), request.params.slug, limit, cursor);
      setNextLink(request, reply, page.nextCursor);
      const body = JSON.stringify(page);
      if (notModified(request, reply, hashEtag(body))) return reply;
      return sendJsonText(reply, body);
    },
  );

  app.get(
    '/api/v1/templates/:slug/versions/:version',
    {
      schema: {
        tags,
        summary: 'Get one version of a template',
        params: VersionParams,
        response: { 200: TemplateVersion, ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const version = await actions.version(ctxOf(request, db), request.params.slug, request.params.version);
      // Hashed, not "slug.vN": a deleted and re-created template reuses the slug with other content.
      const body = JSON.stringify(version);
      if (notModified(request, reply, hashEtag(body))) return reply;
      return sendJsonText(reply, body);
    },
  );
};
