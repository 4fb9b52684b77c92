// What every server-rendered career-site page needs: the layout with the site stylesheet, the
// employer (or the 404 page), the brand stylesheet, and a job's public posting (or its 410 page).
// Shared by the career pages (routes.ts) and the application pages (applications/apply-routes.ts).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyReply } from 'fastify';
import type { Db } from '../../db/client.ts';
import type { SafeHtml } from '../../http/html.ts';
import { AppError } from '../../shared/errors.ts';
import { layout, type PageMeta } from '../pages/render.ts';
import { sendNotFoundPage } from '../pages/routes.ts';
import { employerBySlug, toEmployer, toPublic } from './board.ts';
import type { PublicCache } from './cache.ts';
import { PUBLIC_CACHE, pageCsp } from './http.ts';
import { careerPageUrl } from './job-posting-ld.ts';
import { careersFooter, careersHeader, goneBody } from './render.ts';
import * as repo from './repo.ts';

const CSS = readFileSync(new URL('../pages/site.css', import.meta.url));
const CSS_HREF = `/assets/site.css?v=${createHash('sha256').update(CSS).digest('hex').slice(0, 12)}`;
export const HTML = 'text/html; charset=utf-8';

export function careerPageKit({ db, publicUrl, cache }: { db: Db; publicUrl: string; cache: PublicCache }) {
  function page(meta: Omit<PageMeta, 'cssHref'>, body: SafeHtml) {
    return layout({ ...meta, cssHref: CSS_HREF }, body);
  }

  /** The employer, or the 404 page (a career site that does not exist). */
  async function employerOr404(slug: string, reply: FastifyReply) {
    try {
      return await employerBySlug(db, slug, cache);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) {
        void sendNotFoundPage(reply, publicUrl);
        return undefined;
      }
      throw error;
    }
  }

  const brandHref = (org: repo.EmployerRow) =>
    org.brandColor ? [`/careers/${org.slug}/brand.css?v=${org.brandColor.slice(1)}`] : [];

  /** A job page's posting: live, or gone (closed, archived, expired: 410), or the 404 page. */
  async function publicPosting(params: { org: string; slug: string }, reply: FastifyReply) {
    const org = await employerOr404(params.org, reply);
    if (!org) return undefined;
    const row = await repo.findPublic(db, org.id, params.slug);
    if (!row) {
      void sendNotFoundPage(reply, publicUrl);
      return undefined;
    }
    const employer = toEmployer(org);
    if (!row.live) {
      reply
        .code(410)
        .header('content-security-policy', pageCsp(org.logoUrl))
        .header('cache-control', PUBLIC_CACHE);
      const body = page(
        {
          title: `${row.content.title} (closed) · ${org.name}`,
          description: `This job at ${org.name} is closed.`,
          canonical: careerPageUrl(publicUrl, employer),
          header: careersHeader(employer),
          footer: careersFooter(employer),
          stylesheets: brandHref(org),
        },
        goneBody(employer, row.content.title),
      );
      void reply.type(HTML).send(body);
      return undefined;
    }
    return { org, employer, posting: toPublic(row, org.slug) };
  }

  return { page, employerOr404, brandHref, publicPosting };
}
