// OpenAPI 3.1 generated from the route schemas (one TypeBox schema per route), served at
// /api/openapi.json, with Swagger UI at /docs (its assets are served locally: no CDN).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { webhookDocs } from '../modules/webhooks/openapi.ts';

export async function registerOpenApi(app: FastifyInstance, config: Config) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rolecraft API',
        version: '1.0.0',
        description:
          'Job description templates, the skills taxonomy, accounts and organizations, job postings and career sites, applications, candidates and the hiring pipeline. Authenticate with a session cookie (from `POST /api/v1/auth/login`; unsafe methods then need the `X-CSRF-Token` header from the log-in response) or an organization API token (`Authorization: Bearer rc_…`). Errors are RFC 9457 problem+json with a stable `code`. Lists use cursor pagination (`limit`, `cursor`, `nextCursor`, `Link: rel="next"`). Reads carry ETags; writes accept `If-Match`.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          apiToken: {
            type: 'http',
            scheme: 'bearer',
            description:
              'An organization API token (`rc_…`), created by an org admin with scopes. For the global library, a platform administrator or the operator token from ROLECRAFT_ADMIN_TOKEN.',
          },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: '__Host-rolecraft_session',
            description:
              'The session cookie set by `POST /api/v1/auth/login`. Unsafe methods also need the `X-CSRF-Token` header.',
          },
        },
      },
      tags: [
        { name: 'Templates', description: 'The global JD template library' },
        { name: 'Organization templates', description: 'An organization’s own template library' },
        { name: 'Authentication', description: 'Sign-up, log-in, verification and password reset' },
        { name: 'Account', description: 'The signed-in user: profile, password, email, sessions, 2FA' },
        { name: 'Organizations', description: 'Organizations, members and invitations' },
        { name: 'API tokens', description: 'Tokens for integrations' },
        { name: 'Audit', description: 'The organization’s audit log' },
        { name: 'Skills', description: 'The skills taxonomy' },
        { name: 'Postings', description: 'Job postings: drafts, publishing checks, lifecycle, versions' },
        { name: 'Quality analysis', description: 'JD quality analysis of any text, template or posting' },
        { name: 'Job boards', description: 'The public job-board API and applying to a job' },
        { name: 'Insights', description: 'Salary insights from published postings' },
        { name: 'Applications', description: 'Applications: lists, details, moves, assignments, files' },
        { name: 'Collaboration', description: 'Notes with mentions, and interview scorecards' },
        { name: 'Candidates', description: 'Candidate profiles, data export and erasure' },
        { name: 'Pipeline', description: 'Pipeline stages and candidate email templates' },
        {
          name: 'Webhooks',
          description: 'Endpoints that receive signed event messages, and their delivery logs',
        },
        { name: 'Operations', description: 'Health and readiness' },
      ],
      webhooks: webhookDocs() as never,
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { url: '/api/openapi.json' } as never });
}

type Security = Array<Record<string, string[]>>;
/** OpenAPI `security` for routes open to API tokens and signed-in people. */
export const TOKEN_OR_SESSION: Security = [{ apiToken: [] }, { session: [] }];
/** OpenAPI `security` for one's own account: signed-in people only. */
export const SESSION_ONLY: Security = [{ session: [] }];
