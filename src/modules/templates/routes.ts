// Thin HTTP layer over the template actions, registered twice: for the global library
// (/api/v1/templates: public reads, platform-admin writes) and for the acting organization's
// library (/api/v1/org/templates: the templates.read and templates.write permissions).
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import type { Auth } from '../../http/auth.ts';
import { ctxOf } from '../../http/context.ts';
import { checkIfMatch, hashEtag, notModified, sendJsonText } from '../../http/etag.ts';
import { preferredType } from '../../http/negotiate.ts';
import { setNextLink } from '../../http/pagination.ts';
import { TOKEN_OR_SESSION } from '../../http/openapi.ts';
import { problemResponses } from '../../http/problem.ts';
import { orgIdOf } from '../../shared/context.ts';
import type { Access } from '../access/permissions.ts';
import { MAX_INPUT_BYTES } from './parse.ts';
import {
  ForkBody,
  ImportQuery,
  OrgTemplateListQuery,
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
import type { Library } from './repo.ts';
import type { TemplateActions } from './service.ts';

export interface TemplateRouteDeps {
  db: Db;
  actions: TemplateActions;
  auth: Auth;
  library: 'global' | 'organization';
}

const errors = problemResponses;

const ifMatch = (request: FastifyRequest) => (etags: string[]) => checkIfMatch(request, etags);

export const templateRoutes: FastifyPluginAsyncTypebox<TemplateRouteDeps> = async (
  app,
  { db, actions, auth, library },
) => {
  const global = library === 'global';
  const base = global ? '/api/v1/templates' : '/api/v1/org/templates';
  const tags = [global ? 'Templates' : 'Organization templates'];
  const read: Access = global ? 'public' : 'templates.read';
  const write: Access = global ? 'platform' : 'templates.write';
  const readSecurity = global ? undefined : TOKEN_OR_SESSION;
  const authErrors = global ? ([] as const) : ([401, 403] as const);
  // The route's access check has made sure an organization is there.
  const libOf = (request: FastifyRequest): Library => (global ? null : orgIdOf(request.actor));
  // Organization data must not sit in shared caches.
  const cacheControl = global ? 'no-cache' : 'private, no-cache';
  // Write responses carry the template, which for an organization is private: never stored.
  const sendCreated = (reply: FastifyReply, template: Template) =>
    reply
      .code(201)
      .header('cache-control', 'private, no-store')
      .header('location', `${base}/${template.slug}`)
      .header('etag', templateEtag(template))
      .send(template);

  app.get(
    base,
    {
      config: { access: read },
      schema: {
        tags,
        summary: global ? 'List and search the global library' : 'List and search the organization’s library',
        description:
          'Without `q`, templates in slug order. With `q`, ranked full-text search (web-search syntax) over role, title, skills (with their aliases), summary and text; when nothing matches, typo-tolerant matching on the role.',
        security: readSecurity,
        querystring: global ? TemplateListQuery : OrgTemplateListQuery,
        response: { 200: TemplatePage, ...errors(400, ...authErrors) },
      },
    },
    async (request, reply) => {
      const query = request.query as OrgTemplateListQuery;
      const scope = { orgId: libOf(request), includeGlobal: query.library === 'all' };
      const page = await actions.list(ctxOf(request, db), scope, query);
      const body = JSON.stringify(page);
      setNextLink(request, reply, page.nextCursor);
      reply.header('cache-control', cacheControl);
      if (notModified(request, reply, hashEtag(body))) return reply;
      return sendJsonText(reply, body);
    },
  );

  app.get(
    `${base}/:slug`,
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'Get a template',
        description: 'JSON by default; `Accept: text/markdown` gives the canonical Markdown form.',
        security: readSecurity,
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
          ...errors(404, ...authErrors),
        },
      },
    },
    async (request, reply) => {
      const entry = await actions.get(ctxOf(request, db), libOf(request), request.params.slug);
      const type = preferredType(request.headers.accept, ['application/json', 'text/markdown']);
      reply.header('vary', 'Accept').header('cache-control', cacheControl);
      if (type === 'text/markdown') {
        if (notModified(request, reply, entry.markdownEtag)) return reply;
        return reply.type('text/markdown; charset=utf-8').send(entry.markdown);
      }
      if (notModified(request, reply, entry.etag)) return reply;
      return sendJsonText(reply, entry.json);
    },
  );

  app.post(
    base,
    {
      config: { access: write },
      schema: {
        tags,
        summary: 'Create a template',
        security: TOKEN_OR_SESSION,
        body: TemplateCreate,
        response: { 201: Template, ...errors(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) =>
      sendCreated(reply, await actions.create(ctxOf(request, db), libOf(request), request.body)),
  );

  app.post(
    `${base}/import`,
    {
      // Parsing alone stores nothing, so only a real import is checked. The check runs before the
      // query is validated (callers without access learn nothing of the schema).
      config: { access: 'public' },
      onRequest: async (request) => {
        const dryRun = (request.query as Record<string, unknown>).dryRun === 'true';
        await auth.authorize(request, dryRun && global ? 'public' : write);
      },
      bodyLimit: MAX_INPUT_BYTES,
      schema: {
        tags,
        summary: 'Import a template from plain text or Markdown',
        description: `The body is a job description as \`text/plain\` or \`text/markdown\` (at most 1 MiB). With \`dryRun=true\` the parse is returned and nothing is stored${global ? ' (no credentials needed)' : ''}.`,
        security: TOKEN_OR_SESSION,
        consumes: ['text/plain', 'text/markdown'],
        querystring: ImportQuery,
        body: Type.String({ description: 'The job description text' }),
        response: { 200: ParsedTemplate, 201: Template, ...errors(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const { dryRun } = request.query;
      const result = await actions.importText(ctxOf(request, db), libOf(request), request.body, dryRun);
      if (dryRun || !('slug' in result)) return reply.header('cache-control', 'no-store').send(result);
      return sendCreated(reply, result);
    },
  );

  app.patch(
    `${base}/:slug`,
    {
      config: { access: write },
      schema: {
        tags,
        summary: 'Update a template (keeps the previous version)',
        description:
          'Send `If-Match` with the ETag you read to refuse the update (412) if someone changed it since.',
        security: TOKEN_OR_SESSION,
        params: SlugParams,
        body: TemplatePatch,
        response: { 200: Template, ...errors(400, 401, 403, 404, 412, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request, db);
      const template = await actions.update(
        ctx,
        libOf(request),
        request.params.slug,
        request.body,
        ifMatch(request),
      );
      return reply
        .header('etag', templateEtag(template))
        .header('cache-control', 'private, no-store')
        .send(template);
    },
  );

  app.delete(
    `${base}/:slug`,
    {
      config: { access: write },
      schema: {
        tags,
        summary: 'Delete a template and its history',
        security: TOKEN_OR_SESSION,
        params: SlugParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      await actions.remove(ctxOf(request, db), libOf(request), request.params.slug, ifMatch(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${base}/:slug/versions`,
    {
      config: { access: read },
      schema: {
        tags,
        summary: "List a template's versions, newest first",
        security: readSecurity,
        params: SlugParams,
        querystring: VersionListQuery,
        response: { 200: VersionPage, ...errors(400, 404, ...authErrors) },
      },
    },
    async (request, reply) => {
      const { limit, cursor } = request.query;
      const ctx = ctxOf(request, db);
      const page = await actions.versions(ctx, libOf(request), request.params.slug, limit, cursor);
      setNextLink(request, reply, page.nextCursor);
      const body = JSON.stringify(page);
      reply.header('cache-control', cacheControl);
      if (notModified(request, reply, hashEtag(body))) return reply;
      return sendJsonText(reply, body);
    },
  );

  app.get(
    `${base}/:slug/versions/:version`,
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'Get one version of a template',
        security: readSecurity,
        params: VersionParams,
        response: { 200: TemplateVersion, ...errors(400, 404, ...authErrors) },
      },
    },
    async (request, reply) => {
      const { slug, version } = request.params;
      const found = await actions.version(ctxOf(request, db), libOf(request), slug, version);
      // Hashed, not "slug.vN": a deleted and re-created template reuses the slug with other content.
      const body = JSON.stringify(found);
      reply.header('cache-control', cacheControl);
      if (notModified(request, reply, hashEtag(body))) return reply;
      return sendJsonText(reply, body);
    },
  );

  if (global) {
    app.post(
      `${base}/:slug/fork`,
      {
        config: { access: 'templates.write' },
        schema: {
          tags: ['Organization templates'],
          summary: 'Fork a global template into the organization’s library',
          description:
            'Copies the template as version 1 of a new template in the acting organization’s library (`/api/v1/org/templates/{slug}`), which remembers where it came from.',
          security: TOKEN_OR_SESSION,
          params: SlugParams,
          body: Type.Optional(ForkBody),
          response: { 201: Template, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const ctx = ctxOf(request, db);
        const orgId = orgIdOf(request.actor)!;
        const template = await actions.fork(ctx, orgId, request.params.slug, request.body?.slug);
        return reply
          .code(201)
          .header('cache-control', 'private, no-store')
          .header('location', `/api/v1/org/templates/${template.slug}`)
          .header('etag', templateEtag(template))
          .send(template);
      },
    );
  }
};
