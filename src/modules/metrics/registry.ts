// The app's Prometheus metrics: one prom-client Registry per app (never prom-client's global one,
// since tests build many apps in one process), the counters other modules record into, and the
// gauges read on each scrape. See docs/observability.md for every metric and its labels.
//
// Recording from another module (the app is decorated with these as `app.metrics`):
//
//   app.metrics.webhookDeliveries.inc({ outcome: 'success' });   // rolecraft_webhook_deliveries_total
//   app.metrics.jobsFailed.inc({ queue: 'process-application' }); // rolecraft_jobs_failed_total
//
// Pass `app.metrics` (or just the counter) to the module as a dependency, like `db`; do not create
// metrics of your own elsewhere: add them here, so the one registry and this file list them all.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../../db/client.ts';

/**
 * What became of one webhook delivery attempt (meanings for the webhooks module to keep):
 * success — the endpoint answered 2xx; failure — network error, timeout or another status (it
 * may be retried); refused — not sent because the target is not allowed (e.g. a private address);
 * disabled — not sent because the endpoint is disabled.
 */
export type WebhookOutcome = 'success' | 'failure' | 'refused' | 'disabled';
export const WEBHOOK_OUTCOMES: readonly WebhookOutcome[] = ['success', 'failure', 'refused', 'disabled'];

/** A counter whose labels are checked by TypeScript (prom-client's accept any label values). */
export interface LabelledCounter<Labels> {
  inc(labels: Labels, value?: number): void;
}

export interface AppMetrics {
  /** Everything /metrics serves. */
  readonly registry: Registry;
  /** rolecraft_webhook_deliveries_total{outcome}: `inc({ outcome: 'success' })` per attempt. */
  readonly webhookDeliveries: LabelledCounter<{ outcome: WebhookOutcome }>;
  /** rolecraft_jobs_failed_total{queue}: one per job attempt whose handler threw. */
  readonly jobsFailed: LabelledCounter<{ queue: string }>;
  /**
   * One HTTP response into http_request_duration_seconds. `route` must be a route pattern
   * (`/api/v1/postings/:id`) or 'unmatched', never a raw URL: every distinct value is a series.
   */
  observeRequest(method: string, route: string, statusCode: number, seconds: number): void;
}

export interface MetricsDeps {
  database: Pick<Database, 'executeSql' | 'poolStats'>;
  /** Whether /metrics is served: adds Node's default metrics (event loop, heap, GC, CPU…). */
  exposed: boolean;
  log: { warn(details: object, message: string): void };
  /** How long a scrape waits for the job-queue counts before leaving them out; default 1 s. */
  queueDepthTimeoutMs?: number;
  /** The in-memory board search indexes (careers/board-index), read on each scrape. */
  searchIndexes?: { stats(): SearchIndexStats };
}

export interface SearchIndexStats {
  organizations: number;
  postings: number;
  bytes: number;
}

/** Response times of a fast API, from 5 ms to 5 s (slower ones land in +Inf). */
export const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function createMetrics(deps: MetricsDeps): AppMetrics {
  const { database, log } = deps;
  const registry = new Registry();
  const registers = [registry];

  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to sending its response, by route pattern (unmatched: no route)',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_BUCKETS,
    registers,
  });

  const webhookDeliveries = new Counter({
    name: 'rolecraft_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome: success, failure, refused or disabled',
    labelNames: ['outcome'] as const,
    registers,
  });
  // Every outcome is a series from the start, so rate() and alerts see the first increment.
  for (const outcome of WEBHOOK_OUTCOMES) webhookDeliveries.inc({ outcome }, 0);

  const jobsFailed = new Counter({
    name: 'rolecraft_jobs_failed_total',
    help: 'Background job attempts whose handler threw (each retry counts), by queue',
    labelNames: ['queue'] as const,
    registers,
  });

  poolGauge(registry, 'rolecraft_db_pool_open_connections', 'Open database connections', database, 'total');
  poolGauge(registry, 'rolecraft_db_pool_max_connections', 'Connections the pool may open', database, 'max');
  poolGauge(
    registry,
    'rolecraft_db_pool_idle_connections',
    'Open database connections not in use (PostgreSQL only)',
    database,
    'idle',
  );
  poolGauge(
    registry,
    'rolecraft_db_pool_waiting_requests',
    'Queries waiting for a free database connection (PostgreSQL only)',
    database,
    'waiting',
  );

  const depth = queueDepthReader(database);
  const timeoutMs = deps.queueDepthTimeoutMs ?? 1000;
  new Gauge({
    name: 'rolecraft_job_queue_depth',
    help: 'Background jobs per pg-boss queue: queued (waiting, retrying or deferred) and active',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      this.reset();
      let rows: QueueDepth[];
      try {
        rows = await withTimeout(depth(), timeoutMs);
      } catch (error) {
        // No pgboss schema yet: the queue has never started on this database. Nothing to report.
        if (!isMissingRelation(error)) {
          log.warn(
            { err: error instanceof Error ? error.message : String(error) },
            'job queue depth unavailable',
          );
        }
        return;
      }
      for (const row of rows) {
        this.set({ queue: row.queue, state: 'queued' }, row.queued);
        this.set({ queue: row.queue, state: 'active' }, row.active);
      }
    },
  });

  const indexes = deps.searchIndexes;
  if (indexes) {
    const stat = (name: string, help: string, key: keyof SearchIndexStats) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(indexes.stats()[key]);
        },
      });
    stat(
      'rolecraft_search_index_organizations',
      'Career sites searched from memory (indexes built)',
      'organizations',
    );
    stat('rolecraft_search_index_postings', 'Open postings held by the in-memory search indexes', 'postings');
    stat(
      'rolecraft_search_index_bytes',
      'Bytes of postings lists held by the in-memory search indexes',
      'bytes',
    );
  }

  if (deps.exposed) collectDefaultMetrics({ register: registry });

  return {
    registry,
    webhookDeliveries,
    jobsFailed,
    observeRequest(method, route, statusCode, seconds) {
      httpDuration.observe({ method, route, status_code: statusCode }, seconds);
    },
  };
}

function poolGauge(
  registry: Registry,
  name: string,
  help: string,
  database: MetricsDeps['database'],
  field: 'total' | 'max' | 'idle' | 'waiting',
) {
  // Unknown figures (PGlite's idle and waiting) get no gauge at all rather than a made-up zero.
  if (database.poolStats?.()[field] === undefined) return;
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(database.poolStats?.()[field] ?? 0);
    },
  });
}

export interface QueueDepth {
  queue: string;
  queued: number;
  active: number;
}

/**
 * Live counts from pg-boss's tables (what its getQueueStats() counts; the figures getQueues()
 * returns are cached by its monitor, up to a minute old). Every queue appears, at 0 when empty.
 * Concurrent scrapes share one statement in flight, so a slow database is never asked twice.
 */
export function queueDepthReader(database: Pick<Database, 'executeSql'>): () => Promise<QueueDepth[]> {
  let inFlight: Promise<QueueDepth[]> | undefined;
  const read = async () => {
    const result = await database.executeSql(QUEUE_DEPTH_SQL);
    const rows = (Array.isArray(result) ? result.at(-1)?.rows : result.rows) ?? [];
    return (rows as { queue: string; queued: number | string; active: number | string }[]).map((r) => ({
      queue: r.queue,
      queued: Number(r.queued),
      active: Number(r.active),
    }));
  };
  return () => {
    inFlight ??= read().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}

// pg-boss's job states are an enum ordered created < retry < active < completed…, as it uses them.
const QUEUE_DEPTH_SQL = `select q.name as queue,
  count(j.id) filter (where j.state < 'active')::int as queued,
  count(j.id) filter (where j.state = 'active')::int as active
from pgboss.queue q left join pgboss.job j on j.name = q.name and j.state <= 'active'
group by q.name`;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** 42P01 undefined_table, 3F000 invalid_schema_name (through Drizzle's or PGlite's wrapping). */
function isMissingRelation(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.code === '42P01' || e.code === '3F000') return true;
    e = e.cause as typeof e;
  }
  return false;
}
