// What the public career routes share: cached bodies sent with their ETag and public caching, the
// page CSP widened for an employer's logo, and the cache wrapper that never outlives an expiry.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { hashEtag, notModified } from '../../http/etag.ts';
import { PAGE_CSP } from '../../http/html.ts';
import { safeOrigin } from '../../shared/urls.ts';
import { type CachedBody, type PublicCache, SITE } from './cache.ts';
import { nextExpiry } from './search.ts';

export const PUBLIC_CACHE = 'public, max-age=60';

export const asCached = (body: string): CachedBody => ({ body, etag: hashEtag(body) });

export function sendCached(request: FastifyRequest, reply: FastifyReply, cached: CachedBody, type: string) {
  reply.header('cache-control', PUBLIC_CACHE);
  if (notModified(request, reply, cached.etag)) return reply;
  return reply.type(type).send(cached.body);
}

/** Pages allow the employer's logo from its own origin, nothing else from outside. */
export function pageCsp(logoUrl: string | null): string {
  const origin = logoUrl ? safeOrigin(logoUrl) : null;
  if (!origin) return PAGE_CSP;
  return PAGE_CSP.replace("img-src 'self' data:", `img-src 'self' data: ${origin}`);
}

/**
 * Cached per organization (or SITE), and never past the moment the next open posting expires: an
 * expired job must leave the lists at once, not when the entry ages out.
 */
export function expiringCache(cache: PublicCache, db: Db) {
  return (orgId: string, key: string, build: () => Promise<CachedBody>) =>
    cache.through(orgId, key, async () => {
      const [built, expiresAt] = await Promise.all([build(), nextExpiry(db, orgId === SITE ? null : orgId)]);
      return { ...built, expiresAt: expiresAt?.getTime() };
    });
}
