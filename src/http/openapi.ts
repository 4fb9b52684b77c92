// OpenAPI 3.1 generated from the route schemas (one TypeBox schema per route), served at
// /api/openapi.json, with Swagger UI at /docs (its assets are served locally: no CDN).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';

export async function registerOpenApi(app: FastifyInstance, config: Config) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rolecraft API',
        version: '1.0.0',
        description:
          'Job description templates, the skills taxonomy and (soon) postings and applications. Errors are RFC 9457 problem+json with a stable `code`. Lists use cursor pagination (`limit`, `cursor`, `nextCursor`, `Link: rel="next"`). Reads carry ETags; writes accept `If-Match`.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          adminToken: {
            type: 'http',
            scheme: 'bearer',
            description:
              'The operator token from ROLECRAFT_ADMIN_TOKEN (until accounts and API tokens exist).',
          },
        },
      },
      tags: [
        { name: 'Templates', description: 'The JD template library' },
        { name: 'Skills', description: 'The skills taxonomy' },
        { name: 'Operations', description: 'Health and readiness' },
      ],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { url: '/api/openapi.json' } as never });
}
