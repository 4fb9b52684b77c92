// Thin HTTP layer over the candidate actions: /api/v1/org/candidates (list, profile, export, erasure).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ctxOf } from '../../http/context.ts';
import { SESSION_ONLY, TOKEN_OR_SESSION } from '../../http/openapi.ts';
import { setNextLink } from '../../http/pagination.ts';
import { problemResponses as errors } from '../../http/problem.ts';
import type { HiringDeps } from '../applications/deps.ts';
import { candidateActions } from './service.ts';
import {
  CandidateListQuery,
  CandidatePage,
  CandidateProfile,
  CandidateSummary,
  EraseBody,
  EraseResult,
  IdParams,
} from './schemas.ts';

const BASE = '/api/v1/org/candidates';
const tags = ['Candidates'];
// Personal data: never in a shared or browser cache.
const NO_STORE = 'private, no-store';

export const candidateRoutes: FastifyPluginAsyncTypebox<HiringDeps> = async (app, deps) => {
  const { db } = deps;
  const actions = candidateActions(deps);
  for (const schema of [CandidateSummary, CandidateProfile]) app.addSchema(schema);

  app.get(
    BASE,
    {
      config: { access: 'applications.read' },
      schema: {
        tags,
        summary: 'List candidates, most recently active first',
        description:
          'Anonymized candidates are left out. `erasureRequested=true` lists the candidates waiting for an administrator to confirm their erasure. Interviewers see only the candidates of the applications they are assigned to.',
        security: TOKEN_OR_SESSION,
        querystring: CandidateListQuery,
        response: { 200: CandidatePage, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const page = await actions.list(ctxOf(request, db), request.query);
      setNextLink(request, reply, page.nextCursor);
      return reply.header('cache-control', NO_STORE).send(page);
    },
  );

  app.get(
    `${BASE}/:id`,
    {
      config: { access: 'applications.read' },
      schema: {
        tags,
        summary: 'A candidate’s profile: applications, skills, retention, requests and timeline',
        description:
          'The timeline holds the newest 500 events of all the candidate’s applications. Interviewers see only the applications they are assigned to (none: 404).',
        security: TOKEN_OR_SESSION,
        params: IdParams,
        response: { 200: Type.Ref(CandidateProfile), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply
        .header('cache-control', NO_STORE)
        .send(await actions.profile(ctxOf(request, db), request.params.id)),
  );

  app.get(
    `${BASE}/:id/export`,
    {
      config: { access: 'candidates.export' },
      schema: {
        tags,
        summary: 'Everything held about a candidate, as a zip (audited)',
        description:
          '`candidate.json` holds the profile and every application in full (answers, consent, resume text and parsed facts, match, notes, scorecards, events); `files/` holds every uploaded file. Answers the candidate’s export request.',
        security: TOKEN_OR_SESSION,
        params: IdParams,
        response: {
          200: { description: 'A zip attachment', content: { 'application/zip': { schema: {} } } },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const zip = await actions.export(ctxOf(request, db), request.params.id);
      return reply
        .headers({
          'content-type': 'application/zip',
          'content-disposition': `attachment; filename="${zip.filename}"`,
          'x-content-type-options': 'nosniff',
          'cache-control': NO_STORE,
        })
        .send(zip.bytes);
    },
  );

  app.post(
    `${BASE}/:id/erase`,
    {
      config: { access: 'candidates.erase' },
      schema: {
        tags,
        summary: 'Erase a candidate: applications, files and search entries (cannot be undone)',
        description:
          'Signed-in owners and administrators only. `confirm` must be the candidate’s id (422 `confirmation_required`). Audit entries about the candidate keep only a pseudonymous id.',
        security: SESSION_ONLY,
        params: IdParams,
        body: EraseBody,
        response: { 200: EraseResult, ...errors(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request, reply) =>
      reply
        .header('cache-control', NO_STORE)
        .send(await actions.erase(ctxOf(request, db), request.params.id, request.body.confirm)),
  );
};
