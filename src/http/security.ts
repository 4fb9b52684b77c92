// Security headers (helmet) on every response and CORS for the public read-only endpoints only.
// Call them first, right after Fastify(): their onRequest hooks must run before any hook that may
// answer early (rate limits), so that those answers carry the headers too.
import helmet, { type HelmetOptions } from 'helmet';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../config.ts';

/** The API answers JSON only: nothing in it may load, run or be framed. */
export const API_CSP = { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] };

/** Where src/http/openapi.ts mounts Swagger UI. */
const DOCS_PREFIX = '/docs';

/**
 * Swagger UI loads its bundle, initializer and CSS from 'self' (no inline script in the
 * @fastify/swagger-ui page); its React components need inline styles; "Try it out" fetches the
 * API, which may be announced under PUBLIC_URL rather than the origin serving the page.
 */
function docsCsp(config: Config) {
  return {
    'default-src': ["'none'"],
    'base-uri': ["'none'"],
    'connect-src': ["'self'", new URL(config.publicUrl).origin],
    'font-src': ["'self'", 'data:'],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'img-src': ["'self'", 'data:'],
    'object-src': ["'none'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
  };
}

const HELMET_OPTIONS = {
  contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
  // Browsers ignore HSTS over plain HTTP (RFC 6797 §8.1), so it is safe to send in development.
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  xContentTypeOptions: true,
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  xFrameOptions: { action: 'deny' },
  crossOriginOpenerPolicy: { policy: 'same-origin' },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  // Headers for browsers long gone (IE's X-Download-Options and X-XSS-Protection, Flash's
  // cross-domain policies) or of no use to a JSON API; every header costs on every response.
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
  originAgentCluster: false,
} satisfies HelmetOptions;

/** The headers helmet sets with these options, computed once (they do not depend on the request). */
export function helmetHeaders(options: HelmetOptions): [string, string][] {
  const headers = new Map<string, string>();
  const res = {
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  let failed: unknown;
  helmet(options)({} as never, res as never, (error?: unknown) => {
    failed = error;
  });
  if (failed) throw failed;
  return [...headers];
}

/**
 * Helmet decides the headers; they are the same for every request, so they are computed once at
 * start-up and written onto the raw response in one synchronous onRequest hook — errors, 404s and
 * early replies from later hooks included. Running helmet's middleware chain per request instead
 * (what @fastify/helmet does) cost about 30% of the item endpoint’s throughput (docs/benchmarks.md).
 * A handler's own reply.header() wins: Fastify passes its headers to writeHead(), which overrides
 * same-named headers set earlier, so the server-rendered pages keep PAGE_CSP as one header.
 */
/** The headers of every response but Swagger UI's. */
export const API_HEADERS = helmetHeaders(HELMET_OPTIONS);

/** For answers Fastify gives before any hook runs (a malformed URL). */
export function applySecurityHeaders(reply: FastifyReply) {
  for (const [name, value] of API_HEADERS) reply.raw.setHeader(name, value);
}

export async function registerSecurityHeaders(app: FastifyInstance, config: Config): Promise<void> {
  const api = API_HEADERS;
  // Swagger UI gets its own CSP; everything else is JSON or a page that sets its own.
  const docs = helmetHeaders({
    ...HELMET_OPTIONS,
    contentSecurityPolicy: { useDefaults: false, directives: docsCsp(config) },
  });
  app.addHook('onRequest', (request, reply, done) => {
    // Swagger UI's own routes (the page, its assets): the matched route, not the raw URL, decides.
    const route = request.routeOptions.url;
    const headers =
      route !== undefined && (route === DOCS_PREFIX || route.startsWith(`${DOCS_PREFIX}/`)) ? docs : api;
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}

/**
 * Paths readable from any origin: a string covers itself and everything below it; a RegExp is
 * tested against the whole path. Later: '/api/v1/public', /^\/careers\/[^/]+\.json$/.
 */
export const PUBLIC_CORS_PATHS: readonly (string | RegExp)[] = [
  '/api/v1/templates',
  '/api/v1/skills',
  '/api/v1/boards',
  '/api/v1/insights',
  '/api/openapi.json',
];

const READ_METHODS = new Set(['GET', 'HEAD']);

export function isPublicPath(path: string): boolean {
  return PUBLIC_CORS_PATHS.some((p) =>
    typeof p === 'string' ? path === p || path.startsWith(`${p}/`) : p.test(path),
  );
}

/** Headers a browser client of the public endpoints needs to read: pagination, caching, retries. */
const EXPOSED = 'ETag, Link, Retry-After, X-Request-Id';
const PREFLIGHT: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD',
  'access-control-allow-headers': 'Accept, Accept-Language, If-None-Match, If-Modified-Since, X-Request-Id',
  'access-control-max-age': '7200',
};

/**
 * CORS for the public read-only endpoints: `Access-Control-Allow-Origin: *`, never credentials,
 * GET and HEAD only, and their preflight. Everything else gets no Access-Control-Allow-* header at
 * all, so browsers keep other origins out of writes and of anything that may carry a session
 * cookie; a preflight for a non-public path or method falls through to the 404 handler.
 *
 * The policy is fixed, so it is a few lines here rather than @fastify/cors, whose per-request
 * option resolution (needed to enable it for some paths only) cost 15–20% of the item endpoint's
 * throughput (docs/benchmarks.md).
 */
export async function registerCors(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', (request, reply, done) => {
    const method = request.method;
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') return done();
    if (!isPublicPath(request.url.split('?')[0]!)) return done();
    if (method !== 'OPTIONS') {
      reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', EXPOSED);
      return done();
    }
    const wanted = request.headers['access-control-request-method'];
    if (typeof wanted !== 'string' || !READ_METHODS.has(wanted.toUpperCase())) return done();
    reply.code(204).headers(PREFLIGHT).send();
  });
}
