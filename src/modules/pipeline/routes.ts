// Thin HTTP layer over pipeline stages (the organization's default list and a posting's own) and
// the candidate email templates (template-routes.ts). Reads carry ETags; writes accept If-Match.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ctxOf } from '../../http/context.ts';
import { checkIfMatch, notModified, sendJsonText } from '../../http/etag.ts';
import { TOKEN_OR_SESSION } from '../../http/openapi.ts';
import { problemResponses as errors } from '../../http/problem.ts';
import type { HiringDeps } from '../applications/deps.ts';
import { PostingParams, PostingStageList, PostingStagesBody, StageList, StagesBody } from './schemas.ts';
import { etagOf, pipelineActions } from './service.ts';
import { emailTemplateRoutes } from './template-routes.ts';

const tags = ['Pipeline'];
const security = TOKEN_OR_SESSION;
const DEFAULT = '/api/v1/org/pipeline/stages';
const POSTING = '/api/v1/org/postings/:id/stages';
const RULES =
  'The whole list, in order: exactly one `applied` stage, first; at least one `hired`; exactly one `rejected`; names unique (case-insensitive). A stage given its `id` keeps it (rename, reorder, change of kind).';

export const pipelineRoutes: FastifyPluginAsyncTypebox<HiringDeps> = async (app, deps) => {
  const { db } = deps;
  const actions = pipelineActions();
  const ifMatch = (request: FastifyRequest) => (etags: string[]) => checkIfMatch(request, etags);
  const read = (request: FastifyRequest, reply: FastifyReply, value: Parameters<typeof etagOf>[0]) => {
    reply.header('cache-control', 'private, no-cache');
    if (notModified(request, reply, etagOf(value))) return reply;
    return sendJsonText(reply, JSON.stringify(value));
  };
  const written = (reply: FastifyReply, value: Parameters<typeof etagOf>[0]) =>
    sendJsonText(
      reply.header('etag', etagOf(value)).header('cache-control', 'private, no-store'),
      JSON.stringify(value),
    );

  app.get(
    DEFAULT,
    {
      config: { access: 'applications.read' },
      schema: {
        tags,
        summary: 'The organization’s default stages (used by every posting without its own)',
        security,
        response: { 200: StageList, 304: Type.Null(), ...errors(401, 403) },
      },
    },
    async (request, reply) => read(request, reply, await actions.defaults(ctxOf(request, db))),
  );

  app.put(
    DEFAULT,
    {
      config: { access: 'pipeline.manage' },
      schema: {
        tags,
        summary: 'Replace the organization’s default stages',
        description: `${RULES} A stage left out that still holds applications answers 409 \`stage_in_use\`; ids of other lists 422. Send \`If-Match\` to refuse (412) when the list changed since you read it.`,
        security,
        body: StagesBody,
        response: { 200: StageList, ...errors(400, 401, 403, 409, 412, 422) },
      },
    },
    async (request, reply) =>
      written(reply, await actions.replaceDefaults(ctxOf(request, db), request.body, ifMatch(request))),
  );

  app.get(
    POSTING,
    {
      config: { access: 'applications.read' },
      schema: {
        tags,
        summary: 'A posting’s stages: its own list, or the organization’s default',
        security,
        params: PostingParams,
        response: { 200: PostingStageList, 304: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      read(request, reply, await actions.forPosting(ctxOf(request, db), request.params.id)),
  );

  app.put(
    POSTING,
    {
      config: { access: 'pipeline.manage' },
      schema: {
        tags,
        summary: 'Give a posting its own stages, or replace them',
        description: `${RULES} Applications in a stage that goes away move as \`moves\` says (\`from\` a stage id, \`to\` an index in the new list). When the posting still uses the default list, the first PUT creates its own: a default stage's id given to a new stage, or else the only new stage of the same kind, takes over that stage's applications. Otherwise 409 \`stage_in_use\`. Moves never reject or un-reject (422).`,
        security,
        params: PostingParams,
        body: PostingStagesBody,
        response: { 200: PostingStageList, ...errors(400, 401, 403, 404, 409, 412, 422) },
      },
    },
    async (request, reply) =>
      written(
        reply,
        await actions.replaceForPosting(
          ctxOf(request, db),
          request.params.id,
          request.body,
          ifMatch(request),
        ),
      ),
  );

  app.delete(
    POSTING,
    {
      config: { access: 'pipeline.manage' },
      schema: {
        tags,
        summary: 'Return a posting to the organization’s default stages',
        description:
          'Applications move to the default stage of the same kind; when there is no single one, 409 `stage_in_use`.',
        security,
        params: PostingParams,
        response: { 200: PostingStageList, ...errors(400, 401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) =>
      written(reply, await actions.resetPosting(ctxOf(request, db), request.params.id, ifMatch(request))),
  );

  await app.register(emailTemplateRoutes, deps);
};
