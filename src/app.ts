// buildApp(deps) → a Fastify instance with every module registered. It never listens.
import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { systemCtx } from './shared/context.ts';
import { sql } from 'drizzle-orm';
import type { Migration } from './db/migrate.ts';
import cookie from '@fastify/cookie';
import { createAuth, registerAuth } from './http/auth.ts';
import { type RateLimits, registerRateLimits } from './http/rate-limit.ts';
import { applySecurityHeaders, registerCors, registerSecurityHeaders } from './http/security.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { identityRoutes } from './modules/identity/routes.ts';
import type { MailSender } from './modules/notifications/send.ts';
import { orgRoutes } from './modules/orgs/routes.ts';
import { tokenRoutes } from './modules/tokens/routes.ts';
import { BoardIndexes, pruneRemoved } from './modules/careers/board-index/registry.ts';
import { PublicCache, SITE } from './modules/careers/cache.ts';
import { salaryInsightsByCountry } from './modules/careers/insights.ts';
import { boardRoutes } from './modules/careers/board-routes.ts';
import { careerRoutes } from './modules/careers/routes.ts';
import { postingRoutes } from './modules/postings/routes.ts';
import { postingActions, type PostingActions } from './modules/postings/service.ts';
import { qualityRoutes } from './modules/quality/routes.ts';
import { registerOpenApi } from './http/openapi.ts';
import { Problem, registerProblemHandlers, sendProblem } from './http/problem.ts';
import { registerWellFormedBodies } from './http/well-formed.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { pageRoutes, sendNotFoundPage } from './modules/pages/routes.ts';
import { webAppRoutes } from './modules/webapp/routes.ts';
import { skillRoutes } from './modules/skills/routes.ts';
import type { Taxonomy } from './modules/skills/taxonomy.ts';
import type { TemplateCache } from './modules/templates/cache.ts';
import { templateRoutes } from './modules/templates/routes.ts';
import { templateActions } from './modules/templates/service.ts';
import { MAX_INPUT_BYTES } from './modules/templates/parse.ts';
import multipart from '@fastify/multipart';
import { applyRoutes } from './modules/applications/apply-routes.ts';
import { PROCESS_QUEUE, processApplication, processPending } from './modules/applications/process.ts';
import { statusRoutes } from './modules/applications/status-routes.ts';
import { applicationRoutes } from './modules/applications/routes.ts';
import { candidateRoutes } from './modules/candidates/routes.ts';
import { applyRetention } from './modules/candidates/retention.ts';
import { collaborationRoutes } from './modules/collaboration/routes.ts';
import { pipelineRoutes } from './modules/pipeline/routes.ts';
import { applicationActions } from './modules/applications/service.ts';
import { notifyMoves, sendMissingConfirmations } from './modules/applications/apply-target.ts';
import { type FileStorage, localStorage } from './modules/files/storage.ts';
import { sweepOrphanFiles } from './modules/files/sweep.ts';
import { signingKey } from './shared/signed-links.ts';
import { type DeliveryDeps, deliverOnce } from './modules/webhooks/deliver.ts';
import type { OutboundOptions } from './modules/webhooks/outbound.ts';
import { DELIVER_QUEUE, relayWebhooks } from './modules/webhooks/relay.ts';
import { webhookRoutes } from './modules/webhooks/routes.ts';
import { webhookActions } from './modules/webhooks/service.ts';
import { registerMetrics } from './modules/metrics/routes.ts';

export interface AppDeps {
  config: Config;
  database: Database;
  migrations: Migration[];
  taxonomy: Taxonomy;
  cache: TemplateCache;
  /** Outgoing mail (the job queue); actions enqueue after their transaction commits. */
  mail: MailSender;
  /** Rendered public pages and board responses; main.ts invalidates it on other instances' writes. */
  publicCache?: PublicCache;
  /** In-memory search of large career sites (careers/board-index); tests set a low threshold. */
  boardIndexes?: BoardIndexes;
  logger?: FastifyServerOptions['logger'];
  /** Background jobs (main.ts: the pg-boss queue). Without it, nothing is queued: tests run tasks. */
  jobs?: { enqueue(name: string, data: object, options?: { startAfter?: Date }): Promise<void> };
  /** Webhook delivery knobs for tests: a DNS stand-in and a shorter retry schedule (seconds). */
  webhooks?: { lookup?: OutboundOptions['lookup']; retrySchedule?: readonly number[] };
  /** Uploaded files; a directory under FILE_STORAGE_DIR by default. */
  storage?: FileStorage;
}

export interface RouteEntry {
  method: string;
  url: string;
}

/** Shared between main.ts (which starts draining on SIGTERM) and the routes that report it. */
export interface Lifecycle {
  draining: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeList: RouteEntry[];
    lifecycle: Lifecycle;
    rateLimits: RateLimits;
    /** Work the scheduler (main.ts) runs periodically; tests call it directly. */
    tasks: {
      closeExpiredPostings(now?: Date): Promise<number>;
      /** One new application's processing (the job main.ts runs from PROCESS_QUEUE). */
      processApplication(id: string): Promise<string>;
      /** Applications still unprocessed after `olderThanMs` (lost jobs; tests pass 0). */
      processPending(olderThanMs?: number): Promise<number>;
      /** The daily retention run: consent-renewal emails, then anonymization of expired candidates. */
      applyRetention(now?: Date): Promise<{ anonymized: number; reminded: number }>;
      /** Queues confirmation emails lost between an application's commit and the queue. */
      sendMissingConfirmations(olderThanMs?: number): Promise<number>;
      /** Deletes stored files no row names, once older than `olderThanMs` (crash leftovers). */
      sweepOrphanFiles(olderThanMs?: number): Promise<number>;
      /** Deletes the board search's tombstones of removed postings once a day old (hourly). */
      pruneSearchTombstones(): Promise<number>;
      /** Builds the search indexes of the large career sites (at start, in the background). */
      warmSearchIndexes(): Promise<void>;
      /** The webhook outbox relay: queues due deliveries (inline without a job queue: sends them). */
      relayWebhooks(): Promise<number>;
      /** One attempt of one delivery (the job main.ts runs from DELIVER_QUEUE). */
      deliverWebhook(id: string): Promise<unknown>;
    };
    storage: FileStorage;
  }
}

/** A hop count becomes proxy-addr's trust function: believe that many proxies, nearest first. */
function trustProxyOption(trust: Config['trustProxy']) {
  if (typeof trust !== 'number') return trust;
  return (_address: string, hop: number) => hop < trust;
}

/** The NOTIFY channel on which instances tell each other an organization's public postings changed. */
export const PUBLIC_CHANNEL = 'rolecraft_public';

const REQUEST_TIMEOUT_MS = 60_000;
const ANONYMOUS = Object.freeze({ kind: 'anonymous' as const });
const REQUEST_ID = /^[\w.:-]{1,128}$/;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database, migrations, taxonomy, cache, mail } = deps;
  const app = Fastify({
    logger: deps.logger ?? { level: config.logLevel },
    // Accept a caller's X-Request-Id when it is sane (it ends up in logs), else make one.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: MAX_INPUT_BYTES,
    // Behind a reverse proxy, request.ip (rate limits, audit) comes from X-Forwarded-For.
    trustProxy: trustProxyOption(config.trustProxy),
    // Slow clients: a socket with no traffic closes after 30 s; headers must arrive within 20 s and
    // the whole request (an upload included) within 60 s. Node checks every 5 s; the headers
    // timeout must be given to the server itself (Fastify would leave Node's 60 s default).
    connectionTimeout: 30_000,
    requestTimeout: REQUEST_TIMEOUT_MS,
    http: { headersTimeout: 20_000, requestTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 5_000 },
    keepAliveTimeout: 72_000,
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    // Answered before any hook runs: give it the same headers and problem+json as everything else.
    frameworkErrors: (error, request, reply) => {
      applySecurityHeaders(reply);
      reply.header('x-request-id', request.id);
      const badUrl = error.code === 'FST_ERR_BAD_URL';
      void sendProblem(
        request,
        reply,
        400,
        badUrl ? 'bad_url' : 'bad_request',
        badUrl ? 'The URL is not valid.' : 'The request is not valid.',
      );
    },
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Every route as registered, so tests can hold the OpenAPI document to the real routing table.
  const routeList: RouteEntry[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeList.push({ method, url: route.url });
  });

  // While draining, every response asks the client to drop its keep-alive connection, so that
  // closing the server later cannot race a request being written onto an idle connection.
  const lifecycle: Lifecycle = { draining: false };
  app.decorate('lifecycle', lifecycle);
  // Hooks on every request are callback-style: cheaper than async ones on the hot path.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (lifecycle.draining) reply.header('connection', 'close');
    done(null, payload);
  });

  app.decorateRequest('actor', null as never);
  app.addHook('onRequest', (request, reply, done) => {
    request.actor = ANONYMOUS;
    reply.header('x-request-id', request.id);
    done();
  });

  const boardIndexes =
    deps.boardIndexes ?? new BoardIndexes({ maxPostings: config.searchIndexMaxPostings, log: app.log });
  // Prometheus metrics (/metrics with METRICS_TOKEN) and `app.metrics` for the modules to record
  // into. Before any plugin or route, so that its onResponse hook times every response.
  registerMetrics(app, { config, database, searchIndexes: boardIndexes });

  // Markdown bodies arrive as text, like text/plain (which Fastify parses by default).
  app.addContentTypeParser(['text/markdown', 'text/x-markdown'], { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );

  registerProblemHandlers(app);
  registerWellFormedBodies(app);
  app.addSchema(Problem);
  await registerSecurityHeaders(app, config);
  await registerCors(app);
  const rateLimits = await registerRateLimits(app, config);
  app.decorate('rateLimits', rateLimits);
  app.addHook('onClose', () => rateLimits.close());
  await app.register(cookie);
  await registerOpenApi(app, config);

  const { db } = database;
  const actions = templateActions({ taxonomy, cache });
  const publicCache = deps.publicCache ?? new PublicCache();
  // A change the public may see retires this instance's cached pages and tells the others.
  const onPublicChange = (orgId: string) => {
    publicCache.invalidate(orgId);
    void db
      .execute(sql`select pg_notify(${PUBLIC_CHANNEL}, ${orgId})`)
      .catch((error: Error) =>
        app.log.warn({ err: error.message }, 'could not notify other instances of a change'),
      );
  };
  const postings: PostingActions = postingActions({ taxonomy, publicUrl: config.publicUrl, onPublicChange });
  const storage = deps.storage ?? localStorage(config.fileStorageDir);
  app.decorate('storage', storage);
  const processDeps = { db, storage, taxonomy };
  const webhookDeps: DeliveryDeps = {
    db,
    secretKey: config.secretKey,
    outbound: {
      allowPrivate: config.webhooksAllowPrivate,
      timeoutMs: 10_000,
      maxResponseBytes: 64 * 1024,
      lookup: deps.webhooks?.lookup,
    },
    mail,
    publicUrl: config.publicUrl,
    retrySchedule: deps.webhooks?.retrySchedule,
    schedule: deps.jobs
      ? (id: string, at: Date) => deps.jobs!.enqueue(DELIVER_QUEUE, { id }, { startAfter: at })
      : null,
    onOutcome: (outcome) => app.metrics.webhookDeliveries.inc({ outcome }),
    log: app.log,
  };
  app.decorate('tasks', {
    relayWebhooks: () => relayWebhooks(webhookDeps),
    deliverWebhook: (id: string) => deliverOnce(webhookDeps, id),
    closeExpiredPostings: (now?: Date) => postings.closeExpired(systemCtx(db), now),
    processApplication: (id: string) => processApplication(processDeps, id),
    processPending: (olderThanMs?: number) => processPending(processDeps, olderThanMs),
    applyRetention: (now?: Date) => applyRetention(hiringDeps, now),
    sweepOrphanFiles: (olderThanMs?: number) => sweepOrphanFiles(db, storage, olderThanMs),
    pruneSearchTombstones: () => pruneRemoved(db),
    warmSearchIndexes: () => boardIndexes.warm(db),
    sendMissingConfirmations: (olderThanMs?: number) =>
      sendMissingConfirmations({ db, mail, publicUrl: config.publicUrl, linkKey }, olderThanMs),
  });
  let key: Promise<Buffer> | undefined;
  const linkKey = () => {
    key ??= signingKey(db, config.secretKey).catch((error) => {
      key = undefined;
      throw error;
    });
    return key;
  };
  const hiringDeps = { db, mail, storage, taxonomy, publicUrl: config.publicUrl, linkKey };
  const jobs = deps.jobs;
  const applicationDeps = {
    db,
    mail,
    publicUrl: config.publicUrl,
    linkKey,
    storage,
    process: async (id: string) => {
      if (jobs) await jobs.enqueue(PROCESS_QUEUE, { id });
    },
  };
  const auth = createAuth({ db, config });
  registerAuth(app, auth);

  await app.register(healthRoutes, { db, migrations, lifecycle });
  await app.register(identityRoutes, { db, config, mail, limits: rateLimits });
  await app.register(orgRoutes, { db, config, mail, limits: rateLimits, onPublicChange });
  await app.register(tokenRoutes, { db });
  const webhooks = webhookActions({
    allowPrivate: config.webhooksAllowPrivate,
    secretKey: config.secretKey,
    lookup: deps.webhooks?.lookup,
  });
  await app.register(webhookRoutes, { db, actions: webhooks });
  await app.register(auditRoutes, { db });
  await app.register(templateRoutes, { db, actions, auth, library: 'global' });
  await app.register(templateRoutes, { db, actions, auth, library: 'organization' });
  await app.register(skillRoutes, { db });
  await app.register(pageRoutes, {
    db,
    actions,
    publicUrl: config.publicUrl,
    salaryInsights: async (role) => {
      const cached = await publicCache.through(SITE, `template-insights:${role}`, async () => {
        const body = JSON.stringify(await salaryInsightsByCountry(db, role));
        return { body, etag: '' };
      });
      return JSON.parse(cached.body);
    },
  });
  await app.register(postingRoutes, { db, actions: postings });
  await app.register(qualityRoutes, { db, actions, postings });
  const publicDeps = { db, publicUrl: config.publicUrl, cache: publicCache, indexes: boardIndexes };
  await app.register(careerRoutes, publicDeps);
  await app.register(boardRoutes, publicDeps);
  // Multipart bodies are read only by the routes that ask (applications); limits are per route.
  await app.register(multipart, { throwFileSizeLimit: true });
  await app.register(applyRoutes, { ...applicationDeps, cache: publicCache, limits: rateLimits });
  await app.register(statusRoutes, { ...applicationDeps, cache: publicCache });
  const applications = applicationActions({
    storage,
    taxonomy,
    onMoved: (orgId, moves) => notifyMoves(applicationDeps, orgId, moves),
  });
  await app.register(applicationRoutes, { db, actions: applications });
  await app.register(pipelineRoutes, hiringDeps);
  await app.register(collaborationRoutes, hiringDeps);
  await app.register(candidateRoutes, hiringDeps);
  await app.register(webAppRoutes, config.webDistDir ? { dist: config.webDistDir } : {});

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') {
      return sendProblem(
        request,
        reply,
        404,
        'not_found',
        `No route for ${request.method} ${request.url.split('?')[0]}.`,
      );
    }
    return sendNotFoundPage(reply, config.publicUrl);
  });

  return app;
}
