// The candidate's status page: GET with the signed token from the email, POST for what they ask
// (withdraw, export, erasure, consent renewal). Personal, so never cached, indexed or referred.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { Db } from '../../db/client.ts';
import { ctxOf } from '../../http/context.ts';
import { verifyLink } from '../../shared/signed-links.ts';
import { toEmployer } from '../careers/board.ts';
import type { PublicCache } from '../careers/cache.ts';
import { pageCsp } from '../careers/http.ts';
import { careerPageKit, HTML } from '../careers/page-kit.ts';
import { careersFooter, careersHeader } from '../careers/render.ts';
import type { EmployerRow } from '../careers/repo.ts';
import { STATUS_LINK } from './apply-target.ts';
import { APPLY_CSS } from './apply-routes.ts';
import { candidateIntent, candidateStatus, type Intent, ownApplication } from './candidate-side.ts';
import { linkExpiredBody, STATUS_ROBOTS, statusBody } from './pages/status.ts';
import { privacyBody } from './pages/privacy.ts';
import { organizations } from '../../db/schema.ts';
import { eq } from 'drizzle-orm';

export interface StatusDeps {
  db: Db;
  publicUrl: string;
  cache: PublicCache;
  linkKey: () => Promise<Buffer>;
}

const Params = Type.Object({ org: Type.String({ maxLength: 63 }) });
const Query = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 300 })),
  done: Type.Optional(Type.String({ maxLength: 20 })),
});
const Body = Type.Object({
  token: Type.String({ maxLength: 300 }),
  intent: Type.Union([
    Type.Literal('withdraw'),
    Type.Literal('export'),
    Type.Literal('erase'),
    Type.Literal('renew'),
  ]),
});
/** How long before anonymization the page offers renewal (the renewal email goes out then too). */
const RENEWAL_NOTICE_DAYS = 30;

export const statusRoutes: FastifyPluginAsyncTypebox<StatusDeps> = async (
  app,
  { db, publicUrl, cache, linkKey },
) => {
  const kit = careerPageKit({ db, publicUrl, cache });
  const hide = { hide: true };
  // The status page's forms post urlencoded (no JavaScript, no files).
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  function send(
    reply: FastifyReply,
    org: EmployerRow | null,
    title: string,
    body: ReturnType<typeof statusBody>,
  ) {
    const employer = org ? toEmployer(org) : null;
    reply
      .header('content-security-policy', pageCsp(org?.logoUrl ?? null))
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('x-robots-tag', STATUS_ROBOTS);
    return reply.type(HTML).send(
      kit.page(
        {
          title,
          description: 'Your application',
          canonical: `${publicUrl}/careers/${org?.slug ?? ''}`,
          ...(employer ? { header: careersHeader(employer), footer: careersFooter(employer) } : {}),
          stylesheets: [...(org ? kit.brandHref(org) : []), APPLY_CSS],
        },
        body,
      ),
    );
  }

  async function resolve(org: EmployerRow, token: string | undefined) {
    if (!token) return undefined;
    const check = verifyLink(await linkKey(), STATUS_LINK, token);
    if (!check.ok) return undefined;
    return ownApplication(db, org.id, check.subject);
  }

  const expired = (reply: FastifyReply, org: EmployerRow) =>
    send(reply.code(410), org, `Link expired · ${org.name}`, linkExpiredBody(toEmployer(org)));

  const NOTICES: Record<string, string> = {
    withdraw: 'You have withdrawn your application.',
    export: 'We have your request for a copy of your data.',
    erase: 'We have your request to erase your data. An administrator confirms it.',
    renew: 'Thank you: your data is kept for another period.',
    too_late: 'This application can no longer be withdrawn.',
  };

  app.get('/careers/:org/privacy', { schema: { ...hide, params: Params } }, async (request, reply) => {
    const org = await kit.employerOr404(request.params.org, reply);
    if (!org) return reply;
    const [settings] = await db
      .select({ months: organizations.retentionMonths })
      .from(organizations)
      .where(eq(organizations.id, org.id));
    reply
      .header('content-security-policy', pageCsp(org.logoUrl))
      .header('cache-control', 'public, max-age=300');
    const employer = toEmployer(org);
    return reply.type(HTML).send(
      kit.page(
        {
          title: `Privacy notice for applicants · ${org.name}`,
          description: `How ${org.name} handles job applications.`,
          canonical: `${publicUrl}/careers/${org.slug}/privacy`,
          header: careersHeader(employer),
          footer: careersFooter(employer),
          stylesheets: kit.brandHref(org),
        },
        privacyBody(employer, settings?.months ?? 24),
      ),
    );
  });

  app.get(
    '/careers/:org/application',
    { schema: { ...hide, params: Params, querystring: Query } },
    async (request, reply) => {
      const org = await kit.employerOr404(request.params.org, reply);
      if (!org) return reply;
      const token = request.query.token;
      const own = await resolve(org, token);
      if (!own || !token) return expired(reply, org);
      const renewalDue =
        own.renewalMailedAt !== null &&
        (own.consentRenewedAt === null || own.consentRenewedAt < own.renewalMailedAt) &&
        Date.now() - new Date(own.renewalMailedAt).getTime() < RENEWAL_NOTICE_DAYS * 86_400_000;
      return send(
        reply,
        org,
        `Your application · ${org.name}`,
        statusBody({
          employer: toEmployer(org),
          jobTitle: own.jobTitle,
          candidateName: own.name,
          appliedAt: new Date(own.createdAt).toISOString(),
          status: candidateStatus(own),
          action: `/careers/${org.slug}/application`,
          token,
          ...(request.query.done && NOTICES[request.query.done]
            ? { notice: NOTICES[request.query.done] }
            : {}),
          erasureRequested: own.erasureRequestedAt !== null,
          exportRequested: own.exportRequestedAt !== null,
          renewalDue,
        }),
      );
    },
  );

  app.post(
    '/careers/:org/application',
    { schema: { ...hide, params: Params, body: Body } },
    async (request, reply) => {
      const org = await kit.employerOr404(request.params.org, reply);
      if (!org) return reply;
      const { token, intent } = request.body;
      const own = await resolve(org, token);
      if (!own) return expired(reply, org);
      const done = await candidateIntent(ctxOf(request, db), own, intent as Intent);
      return reply.redirect(
        `/careers/${org.slug}/application?token=${encodeURIComponent(token)}&done=${done}`,
        303,
      );
    },
  );
};
