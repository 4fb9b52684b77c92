// Thin HTTP layer over the posting actions, in the acting organization: /api/v1/org/postings.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { ctxOf } from '../../http/context.ts';
import { checkIfMatch, hashEtag, notModified, sendJsonText } from '../../http/etag.ts';
import { TOKEN_OR_SESSION } from '../../http/openapi.ts';
import { setNextLink } from '../../http/pagination.ts';
import { problemResponses as errors } from '../../http/problem.ts';
import {
  IdParams,
  Posting,
  PostingCreate,
  PostingEventList,
  PostingListQuery,
  PostingPage,
  PostingPatch,
  PostingVersion,
  PostingVersionPage,
  PublishCheck,
  TransitionBody,
  VersionListQuery,
  VersionParams,
} from './schemas.ts';
import { type PostingActions, postingEtag, type Transition } from './service.ts';

export interface PostingRouteDeps {
  db: Db;
  actions: PostingActions;
}

const BASE = '/api/v1/org/postings';
const tags = ['Postings'];
const security = TOKEN_OR_SESSION;
const PRIVATE = 'private, no-cache';

const WithCheck = Type.Composite([Posting, Type.Object({ check: Type.Optional(PublishCheck) })]);

const TRANSITION_DOCS: Record<Transition, string> = {
  publish:
    'Publish a draft. Runs the publishing checks (required fields, pay transparency) and refuses with 422 and every reason when one fails; warnings come back in `check`.',
  close: 'Close a published posting: it leaves the career site and feeds, and its page answers 410.',
  reopen: 'Publish a closed or archived posting again (the checks run again).',
  archive: 'Archive a draft or a closed posting: read-only until reopened.',
};

export const postingRoutes: FastifyPluginAsyncTypebox<PostingRouteDeps> = async (app, { db, actions }) => {
  const send = (reply: FastifyReply, posting: Posting, extra: object = {}) =>
    reply
      .header('etag', postingEtag(posting))
      .header('cache-control', 'private, no-store')
      .send({ ...posting, ...extra });
  const ifMatch = (request: FastifyRequest) => (etags: string[]) => checkIfMatch(request, etags);
  const sendCached = (request: FastifyRequest, reply: FastifyReply, value: unknown) => {
    const body = JSON.stringify(value);
    reply.header('cache-control', PRIVATE);
    if (notModified(request, reply, hashEtag(body))) return reply;
    return sendJsonText(reply, body);
  };

  app.get(
    BASE,
    {
      config: { access: 'postings.read' },
      schema: {
        tags,
        summary: 'List the organization’s postings, most recently changed first',
        security,
        querystring: PostingListQuery,
        response: { 200: PostingPage, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const page = await actions.list(ctxOf(request, db), request.query);
      setNextLink(request, reply, page.nextCursor);
      return sendCached(request, reply, page);
    },
  );

  app.post(
    BASE,
    {
      config: { access: 'postings.write' },
      schema: {
        tags,
        summary: 'Create a draft posting, from a template or from scratch',
        security,
        body: PostingCreate,
        response: { 201: Posting, ...errors(400, 401, 403, 404, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const posting = await actions.create(ctxOf(request, db), request.body);
      return send(reply.code(201).header('location', `${BASE}/${posting.id}`), posting);
    },
  );

  app.get(
    `${BASE}/:id`,
    {
      config: { access: 'postings.read' },
      schema: {
        tags,
        summary: 'Get a posting',
        security,
        params: IdParams,
        response: {
          200: Posting,
          304: Type.Null({ description: 'Not modified' }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const posting = await actions.get(ctxOf(request, db), request.params.id);
      reply.header('cache-control', PRIVATE);
      if (notModified(request, reply, postingEtag(posting))) return reply;
      return sendJsonText(reply, JSON.stringify(posting));
    },
  );

  app.patch(
    `${BASE}/:id`,
    {
      config: { access: 'postings.write' },
      schema: {
        tags,
        summary: 'Edit a posting (saved as a new version)',
        description:
          'Only the fields sent change. A published posting must stay publishable: an edit that would fail the publishing checks is refused with 422. Send `If-Match` to refuse (412) when someone changed it since you read it.',
        security,
        params: IdParams,
        body: PostingPatch,
        response: { 200: WithCheck, ...errors(400, 401, 403, 404, 409, 412, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const { posting, check } = await actions.update(
        ctxOf(request, db),
        request.params.id,
        request.body,
        ifMatch(request),
      );
      return send(reply, posting, check ? { check } : {});
    },
  );

  app.delete(
    `${BASE}/:id`,
    {
      config: { access: 'postings.write' },
      schema: {
        tags,
        summary: 'Delete a draft that was never published',
        security,
        params: IdParams,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      await actions.remove(ctxOf(request, db), request.params.id, ifMatch(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${BASE}/:id/checks`,
    {
      config: { access: 'postings.read' },
      schema: {
        tags,
        summary: 'Run the publishing checks without publishing',
        description:
          'Required fields and the pay-transparency rules that apply to the posting’s locations and the organization’s size.',
        security,
        params: IdParams,
        response: { 200: PublishCheck, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply
        .header('cache-control', 'private, no-store')
        .send(await actions.check(ctxOf(request, db), request.params.id)),
  );

  for (const name of Object.keys(TRANSITION_DOCS) as Transition[]) {
    app.post(
      `${BASE}/:id/${name}`,
      {
        config: { access: 'postings.write' },
        // The body is optional: a bare POST (no body, no content type) is a transition without a reason.
        preValidation: (request, _reply, done) => {
          request.body ??= {};
          done();
        },
        schema: {
          tags,
          summary: `${name.charAt(0).toUpperCase()}${name.slice(1)} a posting`,
          description: `${TRANSITION_DOCS[name]} Send \`If-Match\` with the ETag you read to act only on that version (412 otherwise).`,
          security,
          params: IdParams,
          body: TransitionBody,
          response: { 200: WithCheck, ...errors(400, 401, 403, 404, 409, 412, 422) },
        },
      },
      async (request, reply) => {
        const { posting, check } = await actions.transition(
          ctxOf(request, db),
          request.params.id,
          name,
          request.body.reason,
          ifMatch(request),
        );
        return send(reply, posting, check ? { check } : {});
      },
    );
  }

  app.get(
    `${BASE}/:id/events`,
    {
      config: { access: 'postings.read' },
      schema: {
        tags,
        summary: 'The posting’s lifecycle: every transition, newest first',
        security,
        params: IdParams,
        response: { 200: PostingEventList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      sendCached(request, reply, await actions.events(ctxOf(request, db), request.params.id)),
  );

  app.get(
    `${BASE}/:id/versions`,
    {
      config: { access: 'postings.read' },
      schema: {
        tags,
        summary: 'The posting’s versions, newest first',
        security,
        params: IdParams,
        querystring: VersionListQuery,
        response: { 200: PostingVersionPage, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { limit, cursor } = request.query;
      const page = await actions.versions(ctxOf(request, db), request.params.id, limit, cursor);
      setNextLink(request, reply, page.nextCursor);
      return sendCached(request, reply, page);
    },
  );

  app.get(
    `${BASE}/:id/versions/:version`,
    {
      config: { access: 'postings.read' },
      schema: {
        tags,
        summary: 'One version of a posting',
        security,
        params: VersionParams,
        response: { 200: PostingVersion, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id, version } = request.params;
      return sendCached(request, reply, await actions.version(ctxOf(request, db), id, version));
    },
  );
};
