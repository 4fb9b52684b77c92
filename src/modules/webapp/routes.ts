// The recruiter web app (web/, built by Vite into web/dist) served at /app: hashed assets cached
// for a year, every other /app path answered with index.html so deep links work (client routing).
// Without a build (installed with --omit=dev), /app explains how to build it instead of 404ing.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { html } from '../../http/html.ts';

export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/**
 * Scripts, styles and API calls only from this origin; logos are linked from the employer's site
 * (https). No inline script or style attribute parsing: React sets styles through the CSSOM.
 */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rolecraft</title></head>
<body><main><h1>The web app is not built</h1><p>Run <code>npm run build</code> (it runs with <code>npm install</code>) and start the server again.</p></main></body></html>`;

export interface WebAppOptions {
  /** Where the built app is; web/dist by default (tests point it elsewhere). */
  dist?: string;
}

export async function webAppRoutes(app: FastifyInstance, options: WebAppOptions = {}): Promise<void> {
  const dist = options.dist ? path.join(options.dist, path.sep) : WEB_DIST;
  const indexFile = `${dist}index.html`;
  const index = existsSync(indexFile) ? readFileSync(indexFile) : undefined;

  const sendIndex = (reply: FastifyReply) => {
    reply
      .header('content-security-policy', APP_CSP)
      // The shell is tiny and names the current asset hashes: always revalidate it.
      .header('cache-control', 'no-cache')
      .header('x-robots-tag', 'noindex');
    if (!index) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT.value);
    return reply.type('text/html; charset=utf-8').send(index);
  };

  if (index) {
    await app.register(fastifyStatic, {
      root: `${dist}assets`,
      prefix: '/app/assets/',
      immutable: true,
      maxAge: '365d',
      index: false,
      list: false,
      wildcard: true,
      decorateReply: false,
      setHeaders: (reply) => reply.header('content-security-policy', APP_CSP),
    });
  }
  app.get('/app', { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
  app.get('/app/*', { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
}
