// API tokens of the acting organization (/api/v1/org/api-tokens). People only: a token that
// could mint tokens would outlive its own revocation (see access/permissions.ts).
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Db } from '../../db/client.ts';
import { ctxOf } from '../../http/context.ts';
import { SESSION_ONLY } from '../../http/openapi.ts';
import { setNextLink } from '../../http/pagination.ts';
import { problemResponses as errors } from '../../http/problem.ts';
import {
  ApiToken,
  ApiTokenPage,
  CreatedToken,
  CreateTokenBody,
  TokenListQuery,
  TokenParams,
} from './schemas.ts';
import { createToken, listTokens, revokeToken } from './service.ts';

const tags = ['API tokens'];
// The create response holds a secret; none of these may be cached anywhere.
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'private, no-store');

export const tokenRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.addSchema(ApiToken);

  app.post(
    '/api/v1/org/api-tokens',
    {
      config: { access: 'tokens.manage' },
      schema: {
        tags,
        summary: 'Create an API token (the secret is shown only in this response)',
        description:
          'Scopes limit what the token may do; `expiresAt` must be in the future and at most one year ahead (422 `invalid_expiry`). An organization holds at most 100 active tokens (409 `too_many_tokens`). Tokens are revoked when the person who created them leaves the organization or stops being an owner or admin.',
        security: SESSION_ONLY,
        body: CreateTokenBody,
        response: { 201: CreatedToken, ...errors(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) =>
      noStore(reply)
        .code(201)
        .send(await createToken(ctxOf(request, db), request.body)),
  );

  app.get(
    '/api/v1/org/api-tokens',
    {
      config: { access: 'tokens.manage' },
      schema: {
        tags,
        summary: 'The organization’s API tokens, newest first (without their secrets)',
        security: SESSION_ONLY,
        querystring: TokenListQuery,
        response: { 200: ApiTokenPage, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const page = await listTokens(ctxOf(request, db), request.query);
      setNextLink(request, reply, page.nextCursor);
      return noStore(reply).send(page);
    },
  );

  app.delete(
    '/api/v1/org/api-tokens/:id',
    {
      config: { access: 'tokens.manage' },
      schema: {
        tags,
        summary: 'Revoke an API token (it stops working on the next request)',
        security: SESSION_ONLY,
        params: TokenParams,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await revokeToken(ctxOf(request, db), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
