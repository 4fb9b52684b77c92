// Applying, for people and for programs: the form on the career site (no JavaScript needed;
// apply.js only enhances it) and POST /api/v1/boards/{org}/jobs/{id}/applications (multipart).
// Both run the same action (submit.ts) and the same after-commit effects (apply-target.ts).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import type { RateLimits } from '../../http/rate-limit.ts';
import { problemResponses } from '../../http/problem.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { applicationForm, employerBySlug, toEmployer, toPublic } from '../careers/board.ts';
import type { PublicCache } from '../careers/cache.ts';
import { pageCsp } from '../careers/http.ts';
import { jobUrl } from '../careers/job-posting-ld.ts';
import { careerPageKit, HTML } from '../careers/page-kit.ts';
import { careersFooter, careersHeader } from '../careers/render.ts';
import * as careersRepo from '../careers/repo.ts';
import type { FileStorage } from '../files/storage.ts';
import type { EmployerRow } from '../careers/repo.ts';
import type { PublicPosting } from '../postings/types.ts';
import { ctxOf } from '../../http/context.ts';
import { type AfterApplyDeps, afterApply, applyTarget } from './apply-target.ts';
import type { FieldError, Submission } from './form.ts';
import { readSubmission } from './multipart.ts';
import { applyFormBody, applyTitle, formFields, HONEYPOT, PRIVACY_CONSENT } from './pages/apply-form.ts';
import { type FieldSpec, formatMessage, requiredMessage } from './pages/fields.ts';
import { thanksBody } from './pages/status.ts';
import { type Applied, submitApplication } from './submit.ts';

export interface ApplyDeps extends AfterApplyDeps {
  cache: PublicCache;
  storage: FileStorage;
  limits: RateLimits;
}

const asset = (file: string) => {
  const body = readFileSync(new URL(`./pages/${file}`, import.meta.url));
  return { body, hash: createHash('sha256').update(body).digest('hex').slice(0, 12) };
};
const SCRIPT = asset('apply.js');
const STYLE = asset('apply.css');
export const APPLY_JS = `/assets/apply.js?v=${SCRIPT.hash}`;
export const APPLY_CSS = `/assets/apply.css?v=${STYLE.hash}`;

const Params = Type.Object({
  org: Type.String({ maxLength: 63, description: 'The organization’s slug' }),
  id: Type.String({ format: 'uuid', description: 'The posting’s id' }),
});
const PageParams = Type.Object({
  org: Type.String({ maxLength: 63 }),
  slug: Type.String({ maxLength: 110 }),
});
const Created = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    status: Type.Literal('received'),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'ApplicationReceipt' },
);

/** Field errors for the form: path → message; errors without a field go to the summary. */
function formErrors(error: AppError, posting: PublicPosting): Record<string, string> {
  const list = (error.extra.errors as FieldError[] | undefined) ?? [];
  if (list.length > 0) {
    // The same words apply.js shows for the same problems (pages/fields.ts), with or without JS.
    const specs = new Map(formFields(applicationForm(posting)).map((f) => [f.name, f]));
    const worded = (e: FieldError) => {
      const spec =
        specs.get(e.path) ?? (e.path === PRIVACY_CONSENT ? ({ name: e.path } as FieldSpec) : undefined);
      if (spec && e.code === 'required') return requiredMessage(spec);
      if (spec && e.code === 'invalid_email') return formatMessage(spec) ?? e.message;
      return e.message;
    };
    return Object.fromEntries(list.map((e) => [e.path, worded(e)]));
  }
  if (error.code === 'already_applied') return { email: error.message };
  return { _form: error.message };
}

/** What the form shows again after an error: the text values, never files. */
function refill(s: Submission): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(s.fields)) {
    if (name === 'idempotencyKey' || name === HONEYPOT) continue;
    out[name] = values.length > 1 ? values : (values[0] ?? '');
  }
  return out;
}

export const applyRoutes: FastifyPluginAsyncTypebox<ApplyDeps & { db: Db }> = async (app, deps) => {
  const { db, publicUrl, cache, storage, limits } = deps;
  const kit = careerPageKit({ db, publicUrl, cache });
  const hide = { hide: true };

  for (const [path, file, type] of [
    ['/assets/apply.js', SCRIPT, 'text/javascript; charset=utf-8'],
    ['/assets/apply.css', STYLE, 'text/css; charset=utf-8'],
  ] as const) {
    app.get(path, { schema: hide }, async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=31536000, immutable').type(type).send(file.body),
    );
  }

  async function apply(
    request: FastifyRequest,
    org: EmployerRow,
    posting: PublicPosting,
    source: 'api' | 'career_site',
    submission: Submission,
  ) {
    if ((submission.fields[HONEYPOT]?.[0] ?? '').trim() !== '') return { submission, applied: null };
    const header = request.headers['idempotency-key'];
    const idempotencyKey =
      (typeof header === 'string' ? header : submission.fields.idempotencyKey?.[0]) || undefined;
    const target = await applyTarget(db, publicUrl, org, posting);
    const applied = await submitApplication(ctxOf(request, db), storage, target, submission, {
      idempotencyKey,
      source,
    });
    if (!applied.replayed) {
      afterApply(deps, org, posting.content.title, applied).catch((error: Error) =>
        request.log.error(
          { err: error.message, application: applied.id },
          'confirmation or processing not queued',
        ),
      );
    }
    return { submission, applied };
  }

  app.post(
    '/api/v1/boards/:org/jobs/:id/applications',
    {
      config: { access: 'public' },
      preHandler: limits.apply,
      schema: {
        tags: ['Job boards'],
        summary: 'Apply for a job',
        description:
          'Anonymous, multipart/form-data. Fields: `name`, `email`, `phone` (optional), `resume` (file: PDF, DOCX or plain text, at most 10 MB, its type decided by its bytes and matching its extension), `coverLetter` (optional file), `privacyConsent=yes`, and the answers to the posting’s questions either as `answers.<questionId>` fields (repeat the field for multiple choice; `yes`/`no` for yes/no and consent; a file part for file questions) or as one JSON field `answers`. The form definition is in `GET /api/v1/boards/{org}/jobs/{id}` (`applicationForm`). Send an `Idempotency-Key` header to retry safely: the same key and body answer the same application (header `Idempotent-Replayed: true`). One application per email and posting (409 `already_applied`); a closed posting answers 410.',
        consumes: ['multipart/form-data'],
        params: Params,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 128 })) }),
        response: {
          201: Created,
          ...problemResponses(400, 404, 409, 410, 413, 415, 422, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const org = await employerBySlug(db, request.params.org, cache);
      const row = await careersRepo.findPublic(db, org.id, request.params.id);
      if (!row || row.id !== request.params.id) throw notFound('The job');
      if (!row.live)
        throw new AppError(410, 'posting_closed', 'This job is closed and no longer takes applications.');
      const { applied } = await apply(
        request,
        org,
        toPublic(row, org.slug),
        'api',
        await readSubmission(request),
      );
      if (!applied) throw new AppError(400, 'spam_rejected', 'The application was refused.');
      if (applied.replayed) reply.header('idempotent-replayed', 'true');
      reply.header('location', `/api/v1/org/applications/${applied.id}`);
      return reply
        .code(201)
        .send({ id: applied.id, status: 'received' as const, createdAt: applied.createdAt });
    },
  );

  async function renderForm(
    reply: FastifyReply,
    org: EmployerRow,
    posting: PublicPosting,
    state: { values: Record<string, string | string[]>; errors: Record<string, string>; key: string },
  ) {
    const target = await applyTarget(db, publicUrl, org, posting);
    const employer = toEmployer(org);
    const view = {
      employer,
      posting,
      form: applicationForm(posting),
      action: `/careers/${org.slug}/jobs/${posting.slug}/apply`,
      values: state.values,
      errors: state.errors,
      idempotencyKey: state.key,
      consentText: target.consentText,
      privacyUrl: target.privacyUrl,
      scriptHref: APPLY_JS,
    };
    reply
      .header('content-security-policy', `${pageCsp(org.logoUrl)}; script-src 'self'`)
      .header('cache-control', 'no-store');
    return reply.type(HTML).send(
      kit.page(
        {
          title: applyTitle(view),
          description: `Apply for ${posting.content.title} at ${org.name}.`,
          canonical: `${jobUrl(publicUrl, employer, posting)}/apply`,
          header: careersHeader(employer),
          footer: careersFooter(employer),
          stylesheets: [...kit.brandHref(org), APPLY_CSS],
        },
        applyFormBody(view),
      ),
    );
  }

  app.get(
    '/careers/:org/jobs/:slug/apply',
    { schema: { ...hide, params: PageParams } },
    async (request, reply) => {
      const found = await kit.publicPosting(request.params, reply);
      if (!found) return reply;
      return renderForm(reply, found.org, found.posting, { values: {}, errors: {}, key: randomUUID() });
    },
  );

  app.post(
    '/careers/:org/jobs/:slug/apply',
    { schema: { ...hide, params: PageParams }, preHandler: limits.apply },
    async (request, reply) => {
      const found = await kit.publicPosting(request.params, reply);
      if (!found) return reply;
      const { org, posting } = found;
      const thanks = `/careers/${org.slug}/jobs/${posting.slug}/apply/thanks`;
      let submission: Submission | undefined;
      try {
        // Read first: when the application is refused, the form shows the values sent back.
        submission = await readSubmission(request);
        await apply(request, org, posting, 'career_site', submission);
        // A filled honeypot looks like success to the bot; nothing was stored.
        return reply.redirect(thanks, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        const values = submission ? refill(submission) : {};
        const key = (submission?.fields.idempotencyKey?.[0] as string | undefined) ?? randomUUID();
        reply.code(error.status === 409 ? 409 : 422);
        return renderForm(reply, org, posting, { values, errors: formErrors(error, posting), key });
      }
    },
  );

  app.get(
    '/careers/:org/jobs/:slug/apply/thanks',
    { schema: { ...hide, params: PageParams } },
    async (request, reply) => {
      const org = await kit.employerOr404(request.params.org, reply);
      if (!org) return reply;
      const row = await careersRepo.findPublic(db, org.id, request.params.slug);
      if (!row) return reply.callNotFound();
      const employer = toEmployer(org);
      reply.header('content-security-policy', pageCsp(org.logoUrl)).header('cache-control', 'no-store');
      return reply.type(HTML).send(
        kit.page(
          {
            title: `Application sent · ${org.name}`,
            description: `Your application to ${org.name}.`,
            canonical: `${publicUrl}/careers/${org.slug}`,
            header: careersHeader(employer),
            footer: careersFooter(employer),
            stylesheets: [...kit.brandHref(org), APPLY_CSS],
          },
          thanksBody({ employer, jobTitle: row.content.title }),
        ),
      );
    },
  );
};

export type { Applied };
