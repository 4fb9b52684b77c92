// Thin HTTP layer over notes and scorecards: /api/v1/org/applications/:id/notes and …/scorecards.
// Reading needs applications.read; writing needs applications.collaborate (people only).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TOKEN_OR_SESSION } from '../../http/openapi.ts';
import { problemResponses as errors } from '../../http/problem.ts';
import { ctxOf } from '../../http/context.ts';
import { IdParams } from '../applications/schemas.ts';
import type { HiringDeps } from '../applications/deps.ts';
import { noteActions } from './notes.ts';
import { scorecardActions } from './scorecards.ts';
import {
  CriteriaList,
  Note,
  NoteBody,
  NoteList,
  Scorecard,
  ScorecardBody,
  ScorecardList,
} from './schemas.ts';

const BASE = '/api/v1/org/applications/:id';
const tags = ['Collaboration'];
const security = TOKEN_OR_SESSION;
const INVISIBLE =
  'An application the caller may not see (an interviewer’s unassigned one) answers 404, like a missing one.';

export const collaborationRoutes: FastifyPluginAsyncTypebox<HiringDeps> = async (app, deps) => {
  const { db } = deps;
  const notes = noteActions(deps);
  const cards = scorecardActions();
  // Notes and scorecards are candidate data that change with every submission: no cache keeps them.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-store');
    done(null, payload);
  });

  app.get(
    `${BASE}/notes`,
    {
      config: { access: 'applications.read' },
      schema: {
        tags,
        summary: 'List an application’s notes, oldest first (the latest 500)',
        description: `Everyone who can see the application reads its notes. ${INVISIBLE}`,
        security,
        params: IdParams,
        response: { 200: NoteList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => notes.list(ctxOf(request, db), request.params.id),
  );

  app.post(
    `${BASE}/notes`,
    {
      config: { access: 'applications.collaborate' },
      schema: {
        tags,
        summary: 'Add a note; mentioned members are emailed',
        description: `Mentions (\`@[Name](user:<uuid>)\` or \`@\` and an email address) resolve to members of the organization only; others stay plain text. Each mentioned member who can see the application gets one email with an excerpt and a link; an interviewer not assigned to it is not notified. People only: API tokens cannot write notes. ${INVISIBLE}`,
        security,
        params: IdParams,
        body: NoteBody,
        response: { 201: Note, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const note = await notes.add(ctxOf(request, db), request.params.id, request.body.body, request.log);
      return reply.code(201).send(note);
    },
  );

  app.get(
    `${BASE}/scorecards/criteria`,
    {
      config: { access: 'applications.read' },
      schema: {
        tags,
        summary: 'The criteria a scorecard rates: the posting’s qualifications',
        description:
          'Required qualifications, then preferred ones, at most 20, with ids `q1`, `q2`, … Each is rated 1 = strong no, 2 = no, 3 = yes, 4 = strong yes.',
        security,
        params: IdParams,
        response: { 200: CriteriaList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => cards.criteria(ctxOf(request, db), request.params.id),
  );

  app.get(
    `${BASE}/scorecards`,
    {
      config: { access: 'applications.read' },
      schema: {
        tags,
        summary: 'List an application’s scorecards with a summary',
        description: `Blind until you have judged: hiring managers and interviewers (by role, or because the posting’s hiring team lists them as hiring manager or interviewer) see other people’s scorecards only after submitting their own for this application. Until then the answer is \`hidden: true\`, no one else’s scorecards and \`summary: null\`. Owners, admins, recruiters (unless the hiring team lists them so), viewers and API tokens see all. ${INVISIBLE}`,
        security,
        params: IdParams,
        response: { 200: ScorecardList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => cards.list(ctxOf(request, db), request.params.id),
  );

  app.post(
    `${BASE}/scorecards`,
    {
      config: { access: 'applications.collaborate' },
      schema: {
        tags,
        summary: 'Submit your scorecard for one interview',
        description: `One scorecard per person and interview (409 \`scorecard_exists\`). Ratings name criteria from GET …/scorecards/criteria, each at most once (422 \`unknown_criterion\`, \`duplicate_criterion\`); 1 = strong no, 2 = no, 3 = yes, 4 = strong yes. People only. ${INVISIBLE}`,
        security,
        params: IdParams,
        body: ScorecardBody,
        response: { 201: Scorecard, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const card = await cards.submit(ctxOf(request, db), request.params.id, request.body);
      return reply.code(201).send(card);
    },
  );
};
