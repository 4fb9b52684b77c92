import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../db/client.ts';
import { ctxOf } from '../../http/context.ts';
import { TOKEN_OR_SESSION } from '../../http/openapi.ts';
import { setNextLink } from '../../http/pagination.ts';
import { problemResponses } from '../../http/problem.ts';
import { AuditEvent, AuditPage, AuditQuery } from './schemas.ts';
import { listAuditEvents } from './service.ts';

export const auditRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.addSchema(AuditEvent);
  app.get(
    '/api/v1/audit-events',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['Audit'],
        summary: 'The organization’s audit log, newest first',
        description:
          'Log-ins and failures, sessions ended, password and 2FA changes, invitations, role changes, API tokens, template changes. Filter by `action` (exact, or a prefix ending in "."), `actorId`, `since`, `until`.',
        security: TOKEN_OR_SESSION,
        querystring: AuditQuery,
        response: { 200: AuditPage, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const page = await listAuditEvents(ctxOf(request, db), request.query);
      setNextLink(request, reply, page.nextCursor);
      return reply.header('cache-control', 'private, no-store').send(page);
    },
  );
};
