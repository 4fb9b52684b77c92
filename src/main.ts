// load config → open db → migrate → seed on first start → buildApp → listen; graceful shutdown.
import pino from 'pino';
import { buildApp, PUBLIC_CHANNEL } from './app.ts';
import { PublicCache } from './modules/careers/cache.ts';
import type { Config } from './config.ts';
import { openDatabase } from './db/client.ts';
import { loadMigrations, migrate } from './db/migrate.ts';
import { createJobQueue } from './jobs/queue.ts';
import { PROCESS_QUEUE } from './modules/applications/process.ts';
import { startWebhookWorker } from './modules/webhooks/worker.ts';
import { createDemoAccount } from './modules/identity/bootstrap.ts';
import { createMailer } from './modules/notifications/mailer.ts';
import { builtinTaxonomy } from './modules/skills/taxonomy.ts';
import { TemplateCache } from './modules/templates/cache.ts';
import { templateActions } from './modules/templates/service.ts';
import { isSeeded, seed } from './seed.ts';

export async function serve(config: Config): Promise<void> {
  const log = pino({ level: config.logLevel });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    slowQueryMs: config.slowQueryMs,
    logger: log,
  });
  log.info(
    { database: database.kind, dataDir: database.kind === 'pglite' ? config.dataDir : undefined },
    'database open',
  );
  const migrations = await loadMigrations();
  const applied = await migrate(database, migrations);
  if (applied.length > 0) log.info({ applied }, 'migrations applied');

  const taxonomy = builtinTaxonomy();
  const cache = new TemplateCache();
  // Under the migration lock: instances starting together on a new database seed it once.
  await database.withMigrationLock(async () => {
    if (await isSeeded(database.db)) return;
    const results = await seed(database.db, taxonomy, templateActions({ taxonomy, cache }));
    const failed = results.filter((r) => r.outcome === 'failed');
    log.info({ templates: results.length - failed.length, failed }, 'built-in library seeded');
  });
  // A fresh embedded install gets an account to sign in with at once (never in production).
  if (database.kind === 'pglite' && !config.production) {
    const demo = await createDemoAccount(database.db);
    if (demo) printDemoCredentials(config.publicUrl, demo);
  }
  if (config.production && !config.secretKey) {
    log.warn('ROLECRAFT_SECRET_KEY is not set: two-factor secrets are stored unsealed in the database');
  }
  if (config.production && !config.smtpUrl) {
    log.warn('SMTP_URL is not set: account mail only reaches the database outbox (rolecraft mail)');
  }
  const mailer = createMailer(config, database);
  // Failed job attempts are counted in the app's metrics, which exist once the app is built below;
  // the few that may fail before then are held until it is.
  const earlyFailures: string[] = [];
  let jobFailed = (name: string): void => {
    earlyFailures.push(name);
  };
  const queue = createJobQueue({ database, mailer, logger: log, onJobFailed: (name) => jobFailed(name) });
  await queue.start();

  // Writes from other processes (other instances, `rolecraft import`) reach this cache via NOTIFY.
  const unlisten = await database.listen(
    'rolecraft_templates',
    (slug) => cache.invalidate(slug),
    () => cache.clear(),
  );

  const publicCache = new PublicCache();
  const unlistenPublic = await database.listen(
    PUBLIC_CHANNEL,
    (orgId) => publicCache.invalidate(orgId),
    () => publicCache.clear(),
  );

  const app = await buildApp({
    config,
    database,
    migrations,
    taxonomy,
    cache,
    publicCache,
    mail: queue,
    jobs: queue,
    logger: { level: config.logLevel },
  });
  jobFailed = (name) => app.metrics.jobsFailed.inc({ queue: name });
  for (const name of earlyFailures.splice(0)) jobFailed(name);
  // New applications are processed in the background (resume text, skills, match score); a
  // sweep every ten minutes catches any whose job was lost.
  await queue.define<{ id: string }>(PROCESS_QUEUE, async ({ id }) => {
    await app.tasks.processApplication(id);
  });
  await queue.schedule('process-pending-applications', '*/10 * * * *', async () => {
    await app.tasks.processPending();
    const sent = await app.tasks.sendMissingConfirmations();
    if (sent > 0) app.log.info({ sent }, 'queued confirmation emails lost after their application');
  });
  const stopWebhooks = await startWebhookWorker({ queue, database, tasks: app.tasks, log: app.log });
  // Candidate data retention, daily: renewal emails 30 days ahead, then anonymization.
  await queue.schedule('candidate-retention', '30 3 * * *', async () => {
    const done = await app.tasks.applyRetention();
    if (done.anonymized + done.reminded > 0) app.log.info(done, 'candidate retention applied');
  });
  // Uploads whose application never committed (a crash in between), hourly.
  await queue.schedule('sweep-orphan-files', '17 * * * *', async () => {
    const removed = await app.tasks.sweepOrphanFiles();
    if (removed > 0) app.log.info({ removed }, 'removed stored files no application refers to');
    await app.tasks.pruneSearchTombstones();
  });
  // Postings past their valid-through date close on the minute (the public never sees them anyway).
  await queue.schedule('close-expired-postings', '* * * * *', async () => {
    const closed = await app.tasks.closeExpiredPostings();
    if (closed > 0) app.log.info({ closed }, 'closed postings past their valid-through date');
  });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    // Drain first: /readyz turns 503 so a load balancer stops routing here, and responses close
    // their connections. An orchestrator sends SIGTERM; a developer's Ctrl+C (SIGINT) skips the wait.
    app.lifecycle.draining = true;
    const grace = signal === 'SIGTERM' ? config.shutdownGraceMs : 0;
    app.log.info({ signal, graceMs: grace }, 'shutting down: draining, then finishing in-flight requests');
    await new Promise((r) => setTimeout(r, grace));
    const timer = setTimeout(() => {
      app.log.error('shutdown took over 25 s; exiting');
      process.exit(1);
    }, 25_000);
    timer.unref();
    // In-flight requests get ten seconds to finish; a client that never completes its request
    // (a slowloris) must not hold the shutdown until the 25 s exit above skips the clean-up.
    const cut = setTimeout(() => app.server.closeAllConnections(), 10_000);
    cut.unref();
    try {
      await app.close();
      clearTimeout(cut);
      await stopWebhooks();
      await queue.stop();
      await mailer.close();
      await unlisten();
      await unlistenPublic();
      await database.close();
      app.log.info('shutdown complete');
    } finally {
      clearTimeout(timer);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  try {
    await app.listen({ port: config.port, host: config.host });
    // Large career sites are searched from memory once their index is built; SQL answers until then.
    void app.tasks
      .warmSearchIndexes()
      .catch((error: Error) => app.log.warn({ err: error.message }, 'search indexes not warmed'));
  } catch (error) {
    await stopWebhooks();
    await queue.stop();
    await mailer.close();
    await unlisten();
    await unlistenPublic();
    await database.close();
    throw error;
  }
  app.log.info(
    `Rolecraft is serving ${config.publicUrl} (templates at ${config.publicUrl}/templates, API docs at ${config.publicUrl}/docs)`,
  );
}

/**
 * Printed once, to the terminal and not the log: a password must never reach a log line or the
 * log aggregation behind it. The embedded default is a development setup.
 */
function printDemoCredentials(url: string, demo: { email: string; password: string }) {
  process.stdout.write(
    `\n  A demo organization and its owner were created. Sign in (POST ${url}/api/v1/auth/login; see ${url}/docs) with\n` +
      `    email:    ${demo.email}\n    password: ${demo.password}\n` +
      '  This is shown once; change the password after signing in.\n\n',
  );
}
