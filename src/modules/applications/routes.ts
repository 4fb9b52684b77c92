// Thin HTTP layer over the application actions: /api/v1/org/applications and a posting's list.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { ctxOf } from '../../http/context.ts';
import { hashEtag, notModified, sendJsonText } from '../../http/etag.ts';
import { TOKEN_OR_SESSION } from '../../http/openapi.ts';
import { setNextLink } from '../../http/pagination.ts';
import { problemResponses as errors } from '../../http/problem.ts';
import { downloadHeaders } from '../files/storage.ts';
import type { ApplicationActions } from './service.ts';
import {
  ApplicationDetail,
  ApplicationListQuery,
  ApplicationPage,
  ApplicationSummary,
  AssignBody,
  BulkMoveBody,
  BulkMoveResult,
  FileParams,
  IdParams,
  Match,
  MoveBody,
  Stage,
  Timeline,
} from './schemas.ts';

export interface ApplicationRouteDeps {
  db: Db;
  actions: ApplicationActions;
}

const BASE = '/api/v1/org/applications';
const tags = ['Applications'];
const security = TOKEN_OR_SESSION;

export const applicationRoutes: FastifyPluginAsyncTypebox<ApplicationRouteDeps> = async (
  app,
  { db, actions },
) => {
  for (const schema of [Stage, Match, ApplicationSummary, ApplicationDetail]) app.addSchema(schema);
  const sendCached = (request: FastifyRequest, reply: FastifyReply, value: unknown) => {
    const body = JSON.stringify(value);
    reply.header('cache-control', 'private, no-cache');
    if (notModified(request, reply, hashEtag(body))) return reply;
    return sendJsonText(reply, body);
  };
  const ListQuery = Type.Omit(ApplicationListQuery, ['postingId']);

  app.get(
    BASE,
    {
      config: { access: 'applications.read' },
      schema: {
        tags,
        summary: 'List the organization’s applications',
        description:
          'Filters combine with AND. Interviewers see only the applications they are assigned to. `sort=score` orders by the advisory match score (unscored last).',
        security,
        querystring: ApplicationListQuery,
        response: { 200: ApplicationPage, 304: Type.Null(), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const page = await actions.list(ctxOf(request, db), request.query);
      setNextLink(request, reply, page.nextCursor);
      return sendCached(request, reply, page);
    },
  );

  app.get(
    '/api/v1/org/postings/:id/applications',
    {
      config: { access: 'applications.read' },
      schema: {
        tags,
        summary: 'List a posting’s applications',
        security,
        params: IdParams,
        querystring: ListQuery,
        response: { 200: ApplicationPage, 304: Type.Null(), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const page = await actions.list(ctxOf(request, db), { ...request.query, postingId: request.params.id });
      setNextLink(request, reply, page.nextCursor);
      return sendCached(request, reply, page);
    },
  );

  app.get(
    `${BASE}/:id`,
    {
      config: { access: 'applications.read' },
      schema: {
        tags,
        summary: 'Get an application: answers, files, parsed skills, match score, stage history',
        description: 'Viewers get no files, no file answers and no contact details read from the resume.',
        security,
        params: IdParams,
        response: { 200: Type.Ref(ApplicationDetail), 304: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await actions.get(ctxOf(request, db), request.params.id)),
  );

  app.get(
    `${BASE}/:id/timeline`,
    {
      config: { access: 'applications.read' },
      schema: {
        tags,
        summary: 'Everything that happened to an application, oldest first',
        security,
        params: IdParams,
        response: { 200: Timeline, 304: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await actions.timeline(ctxOf(request, db), request.params.id)),
  );

  app.post(
    `${BASE}/:id/move`,
    {
      config: { access: 'applications.write' },
      schema: {
        tags,
        summary: 'Move an application to a stage of its posting’s pipeline',
        description:
          'Moving to a rejected stage needs a `reason`; with `notify: true` the candidate gets the rejection email (at most once per application) or the stage-change email.',
        security,
        params: IdParams,
        body: MoveBody,
        response: { 200: Type.Ref(ApplicationDetail), ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const detail = await actions.move(ctxOf(request, db), request.params.id, request.body);
      return reply.header('cache-control', 'private, no-store').send(detail);
    },
  );

  app.post(
    `${BASE}/bulk-move`,
    {
      config: { access: 'applications.write' },
      schema: {
        tags,
        summary: 'Move up to 100 applications to one stage (all or none)',
        security,
        body: BulkMoveBody,
        response: { 200: BulkMoveResult, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => actions.bulkMove(ctxOf(request, db), request.body),
  );

  app.put(
    `${BASE}/:id/assignments`,
    {
      config: { access: 'applications.write' },
      schema: {
        tags,
        summary: 'Set who interviews this application (interviewers see only their assignments)',
        security,
        params: IdParams,
        body: AssignBody,
        response: { 200: AssignBody, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => actions.assign(ctxOf(request, db), request.params.id, request.body.userIds),
  );

  app.get(
    `${BASE}/:id/files/:fileId`,
    {
      config: { access: 'applications.files' },
      schema: {
        tags,
        summary: 'Download a resume, cover letter or file answer (audited)',
        description:
          'Always an attachment, with `X-Content-Type-Options: nosniff` and a sandboxing Content-Security-Policy. Viewers may not download files.',
        security,
        params: FileParams,
        response: {
          200: {
            description: 'The file, as an attachment',
            content: { 'application/octet-stream': { schema: {} } },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const file = await actions.file(ctxOf(request, db), request.params.id, request.params.fileId);
      reply.headers(downloadHeaders(file.mediaType, file.filename));
      return reply.send(file.bytes);
    },
  );
};
