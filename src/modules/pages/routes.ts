// Public, server-rendered pages: the template library and each template as a JD page.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { ctxOf } from '../../http/context.ts';
import { hashEtag, notModified } from '../../http/etag.ts';
import { PAGE_CSP, type SafeHtml } from '../../http/html.ts';
import { AppError } from '../../shared/errors.ts';
import type { TemplateActions } from '../templates/service.ts';
import { Category, Seniority } from '../templates/schemas.ts';
import {
  faqJsonLd,
  layout,
  libraryBody,
  notFoundBody,
  type PageMeta,
  type SalaryInsight,
  templateBody,
} from './render.ts';

const CSS = readFileSync(new URL('./site.css', import.meta.url));
const CSS_HASH = createHash('sha256').update(CSS).digest('hex').slice(0, 12);
const CSS_HREF = `/assets/site.css?v=${CSS_HASH}`;

export interface PageDeps {
  db: Db;
  actions: TemplateActions;
  publicUrl: string;
  /** Pay for a role from open postings, where enough employers contribute (careers/insights.ts). */
  salaryInsights?: (role: string) => Promise<SalaryInsight[]>;
}

interface RenderedPage {
  html: string;
  etag: string;
}

function renderPage(meta: Omit<PageMeta, 'cssHref'>, body: SafeHtml): RenderedPage {
  const html = layout({ ...meta, cssHref: CSS_HREF }, body);
  return { html, etag: hashEtag(html) };
}

function sendPage(request: FastifyRequest, reply: FastifyReply, page: RenderedPage) {
  reply
    .header('content-security-policy', PAGE_CSP)
    .header('cache-control', 'public, max-age=60')
    .header('x-frame-options', 'DENY');
  if (notModified(request, reply, page.etag)) return reply;
  return reply.type('text/html; charset=utf-8').send(page.html);
}

export function sendNotFoundPage(reply: FastifyReply, publicUrl: string) {
  reply.code(404).header('content-security-policy', PAGE_CSP);
  const meta = {
    title: 'Not found · Rolecraft',
    description: 'Page not found',
    canonical: `${publicUrl}/templates`,
  };
  return reply.type('text/html; charset=utf-8').send(layout({ ...meta, cssHref: CSS_HREF }, notFoundBody()));
}

const LibraryQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  category: Type.Optional(Type.Union([Category, Type.Literal('')])),
  seniority: Type.Optional(Type.Union([Seniority, Type.Literal('')])),
  skill: Type.Optional(Type.String({ maxLength: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
});

export const pageRoutes: FastifyPluginAsyncTypebox<PageDeps> = async (
  app,
  { db, actions, publicUrl, salaryInsights },
) => {
  const hide = { hide: true };

  app.get('/', { schema: hide }, async (_request, reply) => reply.redirect('/templates'));

  app.get('/assets/site.css', { schema: hide }, async (request, reply) => {
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    if (notModified(request, reply, `"${CSS_HASH}"`)) return reply;
    return reply.type('text/css; charset=utf-8').send(CSS);
  });

  app.get('/templates', { schema: { ...hide, querystring: LibraryQuery } }, async (request, reply) => {
    const { q = '', skill, cursor } = request.query;
    const category = request.query.category || undefined;
    const seniority = request.query.seniority || undefined;
    const page = await actions.list(
      ctxOf(request, db),
      { orgId: null },
      { q, category, seniority, skill, cursor, limit: 24 },
    );
    let nextHref: string | undefined;
    if (page.nextCursor) {
      const params = new URLSearchParams(request.query as Record<string, string>);
      params.set('cursor', page.nextCursor);
      nextHref = `/templates?${params}`;
    }
    const view = {
      items: page.data,
      q,
      category,
      seniority,
      skill,
      corrected: page.correctedQuery,
      nextHref,
    };
    const title = q
      ? `“${q}” · Job description templates · Rolecraft`
      : 'Job description templates · Rolecraft';
    const meta = {
      title,
      description:
        'Free, structured job description templates with responsibilities, qualifications, skills and FAQs.',
      canonical: `${publicUrl}/templates`,
      current: 'templates' as const,
    };
    return sendPage(request, reply, renderPage(meta, libraryBody(view)));
  });

  app.get(
    '/templates/:slug',
    { schema: { ...hide, params: Type.Object({ slug: Type.String({ maxLength: 110 }) }) } },
    async (request, reply) => {
      const markdown = request.params.slug.endsWith('.md');
      const slug = markdown ? request.params.slug.slice(0, -3) : request.params.slug;
      let entry: Awaited<ReturnType<TemplateActions['get']>>;
      try {
        entry = await actions.get(ctxOf(request, db), null, slug);
      } catch (error) {
        if (error instanceof AppError && error.status === 404) return sendNotFoundPage(reply, publicUrl);
        throw error;
      }
      if (markdown) {
        reply.header('content-disposition', `attachment; filename="${slug}.md"`);
        if (notModified(request, reply, entry.markdownEtag)) return reply;
        return reply.type('text/markdown; charset=utf-8').send(entry.markdown);
      }
      // A template version renders the same page for the same insights, so it is rendered once each.
      const insights = salaryInsights ? await salaryInsights(entry.template.role) : [];
      const page = entry.derive(`page:${JSON.stringify(insights)}`, (t) =>
        renderPage(
          {
            title: `${t.title} · Rolecraft`,
            description: t.summary.slice(0, 160) || `${t.role} job description template`,
            canonical: `${publicUrl}/templates/${t.slug}`,
            current: 'templates' as const,
            ...(t.faqs.length > 0 ? { head: faqJsonLd(t) } : {}),
          },
          templateBody(t, insights),
        ),
      );
      return sendPage(request, reply, page);
    },
  );
};
