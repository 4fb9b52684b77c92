// The JD quality analysis over HTTP: any text or document (POST /api/v1/analyze), and every
// template and posting (GET …/analysis). Deterministic, so responses carry an ETag.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { ctxOf } from '../../http/context.ts';
import { hashEtag, notModified, sendJsonText } from '../../http/etag.ts';
import { TOKEN_OR_SESSION } from '../../http/openapi.ts';
import { problemResponses as errors } from '../../http/problem.ts';
import { invalid } from '../../shared/errors.ts';
import { orgIdOf } from '../../shared/context.ts';
import { analyzePosting, postingFacts } from '../postings/analysis.ts';
import { IdParams } from '../postings/schemas.ts';
import type { PostingActions } from '../postings/service.ts';
import { SlugParams } from '../templates/schemas.ts';
import type { TemplateActions } from '../templates/service.ts';
import { MAX_INPUT_BYTES } from '../templates/parse.ts';
import { analyzeDocument, analyzeText, fromParsedTemplate, RULES, RULES_VERSION } from './analyze.ts';
import { Analysis, AnalyzeBody, RuleList } from './schemas.ts';
import type { Template } from '../templates/schemas.ts';

export interface QualityDeps {
  db: Db;
  actions: TemplateActions;
  postings: PostingActions;
}

const tags = ['Quality analysis'];

/** A template as the analysis reads it (its role is the title, as for parsed text). */
export const templateDocument = (t: Template) =>
  fromParsedTemplate({ ...t, skills: t.skills.map((s) => s.label) });

export const qualityRoutes: FastifyPluginAsyncTypebox<QualityDeps> = async (
  app,
  { db, actions, postings },
) => {
  const sendAnalysis = (request: FastifyRequest, reply: FastifyReply, analysis: unknown, cache: string) => {
    const body = JSON.stringify(analysis);
    reply.header('cache-control', cache);
    if (notModified(request, reply, hashEtag(body))) return reply;
    return sendJsonText(reply, body);
  };

  app.post(
    '/api/v1/analyze',
    {
      config: { access: 'public' },
      bodyLimit: MAX_INPUT_BYTES + 64 * 1024,
      schema: {
        tags,
        summary: 'Analyze a job description',
        description:
          'A 0–100 score and findings (gendered wording, exclusionary phrases, unnecessary degree requirements, readability, length, bullets, missing sections, contradictions; with `posting`, pay transparency, location and employment type). Each finding has the rule, severity, text span, explanation, suggestion and source. Deterministic; the rules are in docs/quality.md and at GET /api/v1/analyze/rules.',
        body: AnalyzeBody,
        response: { 200: Analysis, ...errors(400, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const { text, document, posting } = request.body;
      if ((text === undefined) === (document === undefined)) {
        throw invalid('invalid_analysis_request', 'Send either `text` or `document`.');
      }
      const facts = posting
        ? postingFacts(
            {
              locations: posting.locations,
              workplaceType: posting.workplaceType ?? 'on_site',
              applicantLocationRequirements: posting.applicantLocationRequirements,
              salary: posting.salary ?? null,
              employmentType: posting.employmentType ?? null,
            },
            posting.employeeCount ?? null,
            new Date(),
          )
        : undefined;
      const analysis = text !== undefined ? analyzeText(text, facts) : analyzeDocument(document!, facts);
      return reply.header('cache-control', 'no-store').send(analysis);
    },
  );

  app.get(
    '/api/v1/analyze/rules',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The analysis rules: id, severity, description, source and weight',
        response: { 200: RuleList },
      },
    },
    async (request, reply) =>
      sendAnalysis(request, reply, { rulesVersion: RULES_VERSION, rules: RULES }, 'public, max-age=3600'),
  );

  app.get(
    '/api/v1/templates/:slug/analysis',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Analyze a template of the global library',
        params: SlugParams,
        response: { 200: Analysis, ...errors(404) },
      },
    },
    async (request, reply) => {
      const entry = await actions.get(ctxOf(request, db), null, request.params.slug);
      const analysis = entry.derive('analysis', (t) => analyzeDocument(templateDocument(t)));
      return sendAnalysis(request, reply, analysis, 'no-cache');
    },
  );

  app.get(
    '/api/v1/org/templates/:slug/analysis',
    {
      config: { access: 'templates.read' },
      schema: {
        tags,
        summary: 'Analyze a template of the organization’s library',
        security: TOKEN_OR_SESSION,
        params: SlugParams,
        response: { 200: Analysis, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const entry = await actions.get(ctxOf(request, db), orgIdOf(request.actor), request.params.slug);
      return sendAnalysis(
        request,
        reply,
        analyzeDocument(templateDocument(entry.template)),
        'private, no-cache',
      );
    },
  );

  app.get(
    '/api/v1/org/postings/:id/analysis',
    {
      config: { access: 'postings.read' },
      schema: {
        tags,
        summary: 'Analyze a posting',
        description:
          'Includes the posting rules: pay transparency where its locations and the organization’s size require a range, location and employment type.',
        security: TOKEN_OR_SESSION,
        params: IdParams,
        response: { 200: Analysis, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request, db);
      const { posting, employeeCount } = await postings.withOrgFacts(ctx, request.params.id);
      return sendAnalysis(
        request,
        reply,
        analyzePosting(posting.content, employeeCount, new Date()),
        'private, no-cache',
      );
    },
  );
};
