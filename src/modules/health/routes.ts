import { sql } from 'drizzle-orm';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Lifecycle } from '../../app.ts';
import type { Db } from '../../db/client.ts';
import { isMigrated, type Migration } from '../../db/migrate.ts';
import { problemResponses, sendProblem } from '../../http/problem.ts';

const Status = Type.Object({ status: Type.String() });

export const healthRoutes: FastifyPluginAsyncTypebox<{
  db: Db;
  migrations: Migration[];
  lifecycle: Lifecycle;
}> = async (app, { db, migrations, lifecycle }) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['Operations'],
        summary: 'Liveness: the process is running',
        response: { 200: Status },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['Operations'],
        summary: 'Readiness: the database answers and is fully migrated',
        response: { 200: Status, ...problemResponses(503) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (lifecycle.draining) {
        reply.header('retry-after', '5');
        return sendProblem(request, reply, 503, 'shutting_down', 'This instance is shutting down.');
      }
      try {
        await db.execute(sql`select 1`);
        if (await isMigrated(db, migrations)) return { status: 'ready' };
        reply.header('retry-after', '5');
        return sendProblem(request, reply, 503, 'not_migrated', 'The database schema is not up to date.');
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        reply.header('retry-after', '5');
        return sendProblem(request, reply, 503, 'database_unavailable', 'The database is not reachable.');
      }
    },
  );
};
