// GET /metrics for Prometheus, behind METRICS_TOKEN (unset: not exposed, 404), and the request
// timings behind it. Called by buildApp on the root instance before any route or plugin, so the
// onResponse hook sees every response, 404s and the docs included.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { sendProblem } from '../../http/problem.ts';
import { safeEqual } from '../../shared/secrets.ts';
import { type AppMetrics, createMetrics, type MetricsDeps } from './registry.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's metrics registry and counters (src/modules/metrics/registry.ts says how to record). */
    metrics: AppMetrics;
  }
}

export const METRICS_PATH = '/metrics';

export interface MetricsOptions {
  config: Pick<Config, 'metricsToken'>;
  database: Pick<Database, 'executeSql' | 'poolStats'>;
  searchIndexes?: MetricsDeps['searchIndexes'];
}

export function registerMetrics(
  app: FastifyInstance,
  { config, database, searchIndexes }: MetricsOptions,
): AppMetrics {
  const token = config.metricsToken;
  const metrics = createMetrics({ database, exposed: token !== undefined, log: app.log, searchIndexes });
  app.decorate('metrics', metrics);
  // Nobody can scrape: record nothing on the hot path.
  if (token === undefined) return metrics;

  // One histogram observation per response; the route is the pattern, never the raw URL, so ids
  // and probing paths cannot multiply the series. Callback style: cheaper than an async hook.
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    if (route !== METRICS_PATH) {
      metrics.observeRequest(
        request.method,
        route ?? 'unmatched',
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
    }
    done();
  });

  // Hidden from the OpenAPI document: for the operator's Prometheus, not for API clients.
  app.get(METRICS_PATH, { schema: { hide: true } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    // safeEqual compares SHA-256 digests in constant time, hiding the token's length too.
    if (given === undefined || !safeEqual(given, token)) {
      reply.header('www-authenticate', 'Bearer realm="rolecraft-metrics"');
      return sendProblem(
        request,
        reply,
        401,
        'unauthenticated',
        'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.',
      );
    }
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(body);
  });
  return metrics;
}
