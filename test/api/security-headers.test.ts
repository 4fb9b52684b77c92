// Security headers and CORS on a bare Fastify instance: the same registration app.ts does, with
// dummy routes standing in for the API, an error, a 404, a server-rendered page and /docs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { PAGE_CSP } from '../../src/http/html.ts';
import { registerOpenApi } from '../../src/http/openapi.ts';
import { registerProblemHandlers, sendProblem } from '../../src/http/problem.ts';
import { LIMITS, registerRateLimits } from '../../src/http/rate-limit.ts';
import { registerCors, registerSecurityHeaders } from '../../src/http/security.ts';

const config = loadConfig({ LOG_LEVEL: 'silent' });
const API_CSP = "default-src 'none';frame-ancestors 'none'"; // helmet joins with ';'

let app: FastifyInstance;
before(async () => {
  app = Fastify();
  await registerSecurityHeaders(app, config);
  await registerCors(app);
  registerProblemHandlers(app);
  await registerOpenApi(app, config);
  app.get('/api/v1/templates', async () => ({ items: [] }));
  app.post('/api/v1/templates', async (_request, reply) => reply.code(201).send({ ok: true }));
  app.get('/api/v1/templates/:slug', async () => ({ slug: 'x' }));
  app.get('/api/v1/skills', async () => ({ items: [] }));
  app.get('/api/v1/skills/:id', async () => ({ id: 'x' }));
  app.get('/api/v1/templatesque', async () => ({ not: 'public' }));
  app.get('/api/v1/org/templates', async () => ({ items: [] }));
  app.get('/api/v1/boom', async () => {
    throw new Error('boom');
  });
  // Like src/modules/pages: registered in a child plugin, setting its own CSP.
  await app.register(async (pages) => {
    pages.get('/templates', async (_request, reply) =>
      reply
        .header('content-security-policy', PAGE_CSP)
        .header('x-frame-options', 'DENY')
        .type('text/html; charset=utf-8')
        .send('<!doctype html><title>t</title><p>page</p>'),
    );
  });
  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, 404, 'not_found', 'No route.'));
  await app.ready();
});
after(() => app.close());

const get = (url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers });

function assertSecurityHeaders(res: LightMyRequestResponse, csp = API_CSP) {
  assert.equal(res.headers['content-security-policy'], csp);
  assert.equal(res.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['referrer-policy'], 'strict-origin-when-cross-origin');
  assert.equal(res.headers['x-frame-options'], 'DENY');
  assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin');
  assert.equal(res.headers['x-powered-by'], undefined);
}

const corsHeaders = (res: LightMyRequestResponse) =>
  Object.keys(res.headers).filter((name) => name.startsWith('access-control-'));

describe('security headers', () => {
  it('are on JSON responses', async () => {
    const res = await get('/api/v1/templates');
    assert.equal(res.statusCode, 200);
    assertSecurityHeaders(res);
  });

  it('are on error responses', async () => {
    const res = await get('/api/v1/boom');
    assert.equal(res.statusCode, 500);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    assertSecurityHeaders(res);
  });

  it('are on 404s', async () => {
    const res = await get('/api/v1/nothing-here');
    assert.equal(res.statusCode, 404);
    assertSecurityHeaders(res);
  });

  it("leave a server-rendered page's own CSP in place, once", async () => {
    const res = await get('/templates');
    assert.equal(res.statusCode, 200);
    assertSecurityHeaders(res, PAGE_CSP);
    assert.equal(res.rawPayload.length > 0, true);
    const raw = res.raw.res.getHeader('content-security-policy');
    assert.equal(raw, PAGE_CSP, 'a single header, not helmet’s and the page’s');
  });

  it('give Swagger UI a CSP that lets it load its own scripts and styles', async () => {
    const page = await get('/docs/');
    assert.equal(page.statusCode, 200);
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self' 'unsafe-inline'/);
    assert.match(csp, /connect-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-eval/);
    // The page has no inline script, so script-src 'self' is enough.
    assert.doesNotMatch(page.body, /<script(?![^>]*\bsrc=)[^>]*>/);
    const bundle = await get('/docs/static/swagger-ui-bundle.js');
    assert.equal(bundle.statusCode, 200);
    assert.equal(bundle.headers['content-security-policy'], csp);
    assert.equal(bundle.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    // Only /docs is relaxed.
    assertSecurityHeaders(await get('/api/openapi.json'));
  });

  it('keep the strict policy on /docs paths that are not Swagger UI’s', async () => {
    const res = await get('/docs/nope');
    assert.equal(res.statusCode, 404);
    assertSecurityHeaders(res);
  });
});

describe('CORS', () => {
  const origin = { origin: 'https://elsewhere.example' };

  it('allows any origin to read the public endpoints, without credentials', async () => {
    for (const url of [
      '/api/v1/templates',
      '/api/v1/templates?q=nurse',
      '/api/v1/templates/account-executive',
      '/api/v1/skills',
      '/api/v1/skills/python',
      '/api/openapi.json',
    ]) {
      const res = await get(url, origin);
      assert.equal(res.headers['access-control-allow-origin'], '*', url);
      assert.equal(res.headers['access-control-allow-credentials'], undefined, url);
      assert.match(String(res.headers['access-control-expose-headers']), /ETag, Link/, url);
    }
    const head = await app.inject({ method: 'HEAD', url: '/api/v1/templates', headers: origin });
    assert.equal(head.headers['access-control-allow-origin'], '*');
  });

  it('answers the preflight for a public read', async () => {
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/templates/account-executive',
      headers: { ...origin, 'access-control-request-method': 'GET' },
    });
    assert.equal(res.statusCode, 204);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['access-control-allow-methods'], 'GET, HEAD');
    assert.equal(res.headers['access-control-allow-credentials'], undefined);
  });

  it('sends no CORS headers anywhere else', async () => {
    const cases = [
      await get('/api/v1/org/templates', origin),
      await get('/api/v1/templatesque', origin),
      await get('/templates', origin),
      await get('/api/v1/nothing-here', origin),
      await app.inject({ method: 'POST', url: '/api/v1/templates', headers: origin, payload: {} }),
      await app.inject({
        method: 'OPTIONS',
        url: '/api/v1/templates',
        headers: { ...origin, 'access-control-request-method': 'POST' },
      }),
      await app.inject({
        method: 'OPTIONS',
        url: '/api/v1/org/templates',
        headers: { ...origin, 'access-control-request-method': 'GET' },
      }),
    ];
    for (const res of cases) {
      assert.deepEqual(corsHeaders(res), [], `${res.raw.req.method} ${res.raw.req.url}`);
    }
    assert.equal(cases[4]!.statusCode, 201, 'same-origin writes still work');
    assert.equal(cases[5]!.statusCode, 404, 'a preflight for a write is not answered');
  });
});

describe('with the rate limits registered after them (the order app.ts uses)', () => {
  let limited: FastifyInstance;
  before(async () => {
    limited = Fastify();
    await registerSecurityHeaders(limited, config);
    await registerCors(limited);
    registerProblemHandlers(limited);
    const limits = await registerRateLimits(limited, config);
    limited.addHook('onClose', () => limits.close());
    limited.get('/api/v1/templates', async () => ({ items: [] }));
    limited.post('/api/v1/auth/login', { preHandler: limits.login }, async () => ({ ok: true }));
    await limited.ready();
  });
  after(() => limited.close());

  it('a 429 still carries the security headers, and CORS on a public endpoint', async () => {
    const login = () =>
      limited.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@example.test' } });
    for (let i = 0; i < LIMITS.loginAccount.max; i++) await login();
    const tooMany = await login();
    assert.equal(tooMany.statusCode, 429);
    assertSecurityHeaders(tooMany);

    const read = () => limited.inject({ url: '/api/v1/templates', headers: { origin: 'https://x.example' } });
    for (let i = 0; i < LIMITS.api.max; i++) await read();
    const readLimited = await read();
    assert.equal(readLimited.statusCode, 429);
    assertSecurityHeaders(readLimited);
    assert.equal(readLimited.headers['access-control-allow-origin'], '*');
  });
});
