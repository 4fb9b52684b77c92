// Security headers (helmet) on every response and CORS for the public read-only endpoints only.
// Call them first, right after Fastify(): their onRequest hooks must run before any hook that may
// answer early (rate limits), and the /docs CSP is attached as routes are added (registerOpenApi).
import cors, { type FastifyCorsOptions } from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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

export async function registerSecurityHeaders(app: FastifyInstance, config: Config): Promise<void> {
  if (app.hasRoute({ method: 'GET', url: DOCS_PREFIX })) {
    throw new Error('registerSecurityHeaders must run before registerOpenApi (it scopes the /docs CSP)');
  }
  // Helmet's per-route option replaces only the CSP; this hook must be added before helmet's own
  // onRoute hook, which turns `routeOptions.helmet` into route config.
  const docs = { contentSecurityPolicy: { useDefaults: false, directives: docsCsp(config) } };
  app.addHook('onRoute', (route) => {
    if (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`)) route.helmet ??= docs;
  });

  // Helmet writes onto the raw response in onRequest, so it covers errors, 404s and early replies
  // from later hooks. A handler's own reply.header() wins: Fastify passes its headers to
  // writeHead(), which overrides same-named headers set earlier — so the server-rendered pages
  // keep PAGE_CSP, as one header, not two.
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    // Browsers ignore HSTS over plain HTTP (RFC 6797 §8.1), so it is safe to send in development.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    xContentTypeOptions: true,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    xFrameOptions: { action: 'deny' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
}

/**
 * Paths readable from any origin: a string covers itself and everything below it; a RegExp is
 * tested against the whole path. Later: '/api/v1/public', /^\/careers\/[^/]+\.json$/.
 */
export const PUBLIC_CORS_PATHS: readonly (string | RegExp)[] = [
  '/api/v1/templates',
  '/api/v1/skills',
  '/api/openapi.json',
];

const READ_METHODS = new Set(['GET', 'HEAD']);

export function isPublicPath(path: string): boolean {
  return PUBLIC_CORS_PATHS.some((p) =>
    typeof p === 'string' ? path === p || path.startsWith(`${p}/`) : p.test(path),
  );
}

function isPublicRead(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0]!;
  if (!isPublicPath(path)) return false;
  if (request.method === 'OPTIONS') {
    const wanted = request.headers['access-control-request-method'];
    return typeof wanted === 'string' && READ_METHODS.has(wanted.toUpperCase());
  }
  return READ_METHODS.has(request.method);
}

const PUBLIC_CORS: FastifyCorsOptions = {
  origin: '*',
  credentials: false,
  methods: ['GET', 'HEAD'],
  allowedHeaders: ['Accept', 'Accept-Language', 'If-None-Match', 'If-Modified-Since', 'X-Request-Id'],
  // Pagination, caching and retry information a browser client needs to read.
  exposedHeaders: ['ETag', 'Link', 'Retry-After', 'X-Request-Id'],
  maxAge: 7200,
};
const NO_CORS: FastifyCorsOptions = { origin: false };

/**
 * Everything else gets no Access-Control-Allow-* header at all, so browsers keep other origins
 * out of writes and of anything that may later carry a session cookie. A preflight for a
 * non-public path or method falls through to the 404 handler.
 */
export async function registerCors(app: FastifyInstance): Promise<void> {
  await app.register(cors, {
    delegator: (request, callback) => callback(null, isPublicRead(request) ? PUBLIC_CORS : NO_CORS),
  });
}
