// Thin HTTP layer over the organization's candidate email templates: /api/v1/org/email-templates.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ctxOf } from '../../http/context.ts';
import { hashEtag, notModified, sendJsonText } from '../../http/etag.ts';
import { TOKEN_OR_SESSION } from '../../http/openapi.ts';
import { problemResponses as errors } from '../../http/problem.ts';
import type { HiringDeps } from '../applications/deps.ts';
import { emailTemplateActions } from './email-templates.ts';
import {
  EmailTemplateBody,
  EmailTemplateItem,
  EmailTemplateList,
  KindParams,
  Preview,
  PreviewBody,
} from './schemas.ts';

const BASE = '/api/v1/org/email-templates';
const tags = ['Pipeline'];
const security = TOKEN_OR_SESSION;

export const emailTemplateRoutes: FastifyPluginAsyncTypebox<HiringDeps> = async (app, { db, publicUrl }) => {
  const actions = emailTemplateActions(publicUrl);

  app.get(
    BASE,
    {
      config: { access: 'applications.read' },
      schema: {
        tags,
        summary: 'The candidate emails: the organization’s text, or the built-in one',
        security,
        response: { 200: EmailTemplateList, 304: Type.Null(), ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      const body = JSON.stringify(await actions.list(ctxOf(request, db)));
      reply.header('cache-control', 'private, no-cache');
      if (notModified(request, reply, hashEtag(body))) return reply;
      return sendJsonText(reply, body);
    },
  );

  app.put(
    `${BASE}/:kind`,
    {
      config: { access: 'pipeline.manage' },
      schema: {
        tags,
        summary: 'Save the organization’s text of one candidate email',
        description:
          'Variables are written `{{name}}` (see `variables`); an unknown one answers 422 `unknown_variable`, naming it.',
        security,
        params: KindParams,
        body: EmailTemplateBody,
        response: { 200: EmailTemplateItem, ...errors(400, 401, 403, 422) },
      },
    },
    async (request) => actions.save(ctxOf(request, db), request.params.kind, request.body),
  );

  app.delete(
    `${BASE}/:kind`,
    {
      config: { access: 'pipeline.manage' },
      schema: {
        tags,
        summary: 'Go back to the built-in text of one candidate email',
        security,
        params: KindParams,
        response: { 200: EmailTemplateItem, ...errors(400, 401, 403) },
      },
    },
    async (request) => actions.reset(ctxOf(request, db), request.params.kind),
  );

  app.post(
    `${BASE}/:kind/preview`,
    {
      config: { access: 'applications.read' },
      schema: {
        tags,
        summary: 'Render one candidate email, with sample values or an application’s',
        description:
          'Unsaved `subject` and `body` replace the stored text. With `applicationId`, that application’s candidate, job and stage fill the variables (404 when you cannot see it). The status link is always a placeholder.',
        security,
        params: KindParams,
        body: PreviewBody,
        response: { 200: Preview, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const rendered = await actions.preview(ctxOf(request, db), request.params.kind, request.body);
      return reply.header('cache-control', 'private, no-store').send(rendered);
    },
  );
};
