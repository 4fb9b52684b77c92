// Observability: /metrics (Prometheus text behind METRICS_TOKEN), request ids in responses and
// log lines, and slow-query log lines without parameters. On PGlite, or PostgreSQL (DATABASE_URL).
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.ts';
import { createJobQueue } from '../../src/jobs/queue.ts';
import { createMailer } from '../../src/modules/notifications/mailer.ts';
import { BoardIndexes } from '../../src/modules/careers/board-index/registry.ts';
import { buildTestApp, type TestApp } from '../helpers.ts';
import { makeEmployer, postingBody } from '../postings.ts';

const TOKEN = 'metrics-test-token-0123456789abcdef';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The sample lines (not # HELP / # TYPE) of one metric family. */
const samples = (body: string, name: string) =>
  body.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));

/** The value of the one sample of `name` whose labels include every `key="value"` given. */
function value(body: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = samples(body, name).find((l) => wanted.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function until(probe: () => Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('/metrics without METRICS_TOKEN', () => {
  it('is not exposed (404), while app.metrics still takes records', async () => {
    const t = await buildTestApp({ seed: false });
    try {
      for (const headers of [{}, bearer(TOKEN)]) {
        const res = await t.app.inject({ method: 'GET', url: '/metrics', headers });
        assert.equal(res.statusCode, 404);
      }
      t.app.metrics.webhookDeliveries.inc({ outcome: 'success' });
      t.app.metrics.jobsFailed.inc({ queue: 'email' });
      const text = await t.app.metrics.registry.metrics();
      assert.equal(value(text, 'rolecraft_webhook_deliveries_total', { outcome: 'success' }), 1);
      // Nothing is timed when nobody can scrape, and Node's default metrics are not collected.
      assert.deepEqual(samples(text, 'http_request_duration_seconds_count'), []);
      assert.doesNotMatch(text, /nodejs_eventloop_lag_seconds/);
    } finally {
      await t.close();
    }
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ seed: false, env: { METRICS_TOKEN: TOKEN } });
  });
  after(() => t.close());

  const scrape = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: bearer(TOKEN) });
    assert.equal(res.statusCode, 200, res.body);
    return res.body;
  };

  it('refuses a missing, malformed or wrong token with 401 problem+json', async () => {
    const cases: Record<string, string>[] = [
      {},
      bearer('wrong-token-0123456789abcdef0000'),
      bearer(`${TOKEN}x`),
      { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
      { authorization: TOKEN },
    ];
    for (const headers of cases) {
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers });
      assert.equal(res.statusCode, 401, JSON.stringify(headers));
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.match(String(res.headers['www-authenticate']), /^Bearer\b/);
      assert.equal(res.headers['cache-control'], 'no-store');
      const problem = JSON.parse(res.body);
      assert.deepEqual([problem.status, problem.code], [401, 'unauthenticated']);
      assert.ok(!res.body.includes('rolecraft_'), 'no metrics leak with the refusal');
    }
  });

  it('serves the Prometheus text format with the token', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: bearer(TOKEN) });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, /^# HELP http_request_duration_seconds /m);
    assert.match(res.body, /^# TYPE rolecraft_webhook_deliveries_total counter$/m);
    assert.match(res.body, /^nodejs_eventloop_lag_seconds \d/m, 'Node default metrics');
    assert.match(res.body, /^process_resident_memory_bytes \d/m);
  });

  it('times requests by route pattern and status, never by raw path', async () => {
    const id = '0190a2b4-1c2d-7e3f-8a9b-0c1d2e3f4a5b';
    assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/healthz?probe=1' })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/skills/${id}` })).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'GET', url: `/no/such/page/${id}` })).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/nothing/${id}` })).statusCode, 404);
    const body = await scrape();
    const count = 'http_request_duration_seconds_count';
    assert.equal(value(body, count, { method: 'GET', route: '/healthz', status_code: '200' }), 2);
    assert.equal(value(body, count, { method: 'GET', route: '/api/v1/skills/:id', status_code: '404' }), 1);
    assert.equal(value(body, count, { method: 'GET', route: 'unmatched', status_code: '404' }), 1);
    assert.equal(value(body, count, { method: 'DELETE', route: 'unmatched', status_code: '404' }), 1);
    assert.ok(
      value(body, 'http_request_duration_seconds_bucket', { route: '/healthz', le: '+Inf' }) === 2,
      'buckets',
    );
    const series = samples(body, 'http_request_duration_seconds_bucket');
    assert.ok(series.length > 0);
    for (const line of series) {
      assert.ok(!line.includes(id) && !line.includes('?'), `no raw path in ${line}`);
      assert.ok(!line.includes('route="/metrics"'), 'the scrape itself is not timed');
    }
  });

  it('reports the database pool', async () => {
    // A query first: the pool closes connections idle for 10 s.
    assert.equal((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
    const body = await scrape();
    const open = value(body, 'rolecraft_db_pool_open_connections');
    assert.ok(open !== undefined && open >= 1, `open connections: ${open}`);
    if (t.database.kind === 'pglite') {
      assert.deepEqual([open, value(body, 'rolecraft_db_pool_max_connections')], [1, 1]);
      assert.equal(value(body, 'rolecraft_db_pool_idle_connections'), undefined, 'unknown on PGlite');
    } else {
      assert.equal(value(body, 'rolecraft_db_pool_max_connections'), 5);
      assert.ok((value(body, 'rolecraft_db_pool_idle_connections') ?? -1) >= 0);
      assert.equal(value(body, 'rolecraft_db_pool_waiting_requests'), 0);
    }
  });

  it('counts webhook outcomes from zero, through app.metrics', async () => {
    const before = await scrape();
    for (const outcome of ['success', 'failure', 'refused', 'disabled']) {
      assert.equal(value(before, 'rolecraft_webhook_deliveries_total', { outcome }), 0, outcome);
    }
    t.app.metrics.webhookDeliveries.inc({ outcome: 'refused' });
    t.app.metrics.webhookDeliveries.inc({ outcome: 'refused' });
    const body = await scrape();
    assert.equal(value(body, 'rolecraft_webhook_deliveries_total', { outcome: 'refused' }), 2);
  });

  it('reports job-queue depth and failed jobs once the queue runs, and answers quickly before', async () => {
    // No queue has ever started on this database (no pgboss schema): no depth, still a 200.
    const started = Date.now();
    assert.deepEqual(samples(await scrape(), 'rolecraft_job_queue_depth'), []);
    assert.ok(Date.now() - started < 2000);

    const mailer = createMailer(t.config, t.database);
    const quiet = { info() {}, warn() {}, error() {} };
    const queue = createJobQueue(
      {
        database: t.database,
        mailer,
        logger: quiet,
        onJobFailed: (name) => t.app.metrics.jobsFailed.inc({ queue: name }),
      },
      { retryDelaySeconds: 0, stopTimeoutMs: 1000 },
    );
    let release: (error: Error) => void = () => {};
    const gate = new Promise<never>((_resolve, reject) => {
      release = reject;
    });
    let running = 0;
    try {
      await queue.start();
      await queue.define('metrics-test', async () => {
        running++;
        await gate;
      });
      await queue.enqueue('metrics-test', { n: 1 });
      await queue.enqueue('metrics-test', { n: 2 });
      // One job in its handler (batch size 1), the other waiting behind it.
      await until(async () => running === 1, 'the first job to start');
      const body = await scrape();
      assert.equal(value(body, 'rolecraft_job_queue_depth', { queue: 'metrics-test', state: 'active' }), 1);
      assert.equal(value(body, 'rolecraft_job_queue_depth', { queue: 'metrics-test', state: 'queued' }), 1);
      assert.equal(value(body, 'rolecraft_job_queue_depth', { queue: 'email', state: 'queued' }), 0);

      release(new Error('handler failed on purpose'));
      await until(
        async () => value(await scrape(), 'rolecraft_jobs_failed_total', { queue: 'metrics-test' }) === 2,
        'both failures to be counted',
      );
    } finally {
      release(new Error('stop'));
      await queue.stop();
      await mailer.close();
    }
  });
});

describe('search index gauges', () => {
  it('report the organizations, postings and bytes the in-memory board search holds', async () => {
    const indexes = new BoardIndexes({ minPostings: 1, eager: true });
    const t = await buildTestApp({ seed: false, env: { METRICS_TOKEN: TOKEN }, boardIndexes: indexes });
    try {
      const read = async () =>
        (await t.app.inject({ method: 'GET', url: '/metrics', headers: bearer(TOKEN) })).body;
      assert.equal(value(await read(), 'rolecraft_search_index_organizations'), 0);
      const e = await makeEmployer(t);
      for (const title of ['Backend Engineer', 'Data Analyst'])
        await e.publish((await e.create(postingBody({ title }))).id);
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/boards/${e.slug}/jobs?q=analyst` });
      assert.equal(res.json().total, 1);
      const body = await read();
      assert.equal(value(body, 'rolecraft_search_index_organizations'), 1);
      assert.equal(value(body, 'rolecraft_search_index_postings'), 2);
      assert.ok(value(body, 'rolecraft_search_index_bytes')! > 0);
    } finally {
      await t.close();
    }
  });
});

describe('request ids', () => {
  let t: TestApp;
  const log: string[] = [];
  before(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => log.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    t = await buildTestApp({ seed: false, logStream: stream });
  });
  after(() => t.close());

  it('echoes a valid X-Request-Id and puts it on the request’s log lines', async () => {
    for (const id of ['trace-me.42:a_b', 'x'.repeat(128)]) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/nothing',
        headers: { 'x-request-id': id },
      });
      assert.equal(res.headers['x-request-id'], id);
    }
    const lines = log.map((l) => JSON.parse(l)).filter((l) => l.reqId === 'trace-me.42:a_b');
    assert.deepEqual(
      lines.map((l) => l.msg),
      ['incoming request', 'request completed'],
    );
  });

  it('replaces a missing, too long or unsafe X-Request-Id with a UUID', async () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const id of [undefined, 'x'.repeat(129), 'has space', 'new\nline', 'a/b', '"quoted"', '']) {
      const headers = id === undefined ? {} : { 'x-request-id': id };
      const res = await t.app.inject({ method: 'GET', url: '/healthz', headers });
      assert.match(String(res.headers['x-request-id']), uuid, JSON.stringify(id));
    }
    const a = await t.app.inject({ method: 'GET', url: '/healthz' });
    const b = await t.app.inject({ method: 'GET', url: '/healthz' });
    assert.notEqual(a.headers['x-request-id'], b.headers['x-request-id']);
  });

  it('gives answers to malformed requests a request id too', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/%E0%A4%A',
      headers: { 'x-request-id': 'bad-url-1' },
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.headers['x-request-id'], 'bad-url-1');
  });
});

describe('slow-query log', () => {
  interface Line {
    details: { durationMs?: number; statement?: string };
    message: string;
  }
  const lines: Line[] = [];
  const logger = { warn: (details: object, message: string) => void lines.push({ details, message }) };
  const open = (slowQueryMs: number) =>
    openDatabase({
      databaseUrl: process.env.DATABASE_URL,
      poolSize: 2,
      slowQueryMs,
      logger,
    });

  it('logs statements at or over SLOW_QUERY_MS with their duration and SQL text, never parameters', async () => {
    const database = await open(1);
    const secret = 'Canary-Secret-4242-not-for-logs';
    try {
      await database.db.execute(sql`select pg_sleep(0.01)`);
      const first = lines.find((l) => l.details.statement === 'select pg_sleep(0.01)');
      assert.ok(first, JSON.stringify(lines));
      assert.equal(first.message, 'slow query');
      assert.ok(typeof first.details.durationMs === 'number' && first.details.durationMs >= 1);

      // Parameters: only the placeholders appear.
      await database.db.execute(sql`select ${secret}::text as canary, pg_sleep(0.01)`);
      assert.ok(lines.some((l) => l.details.statement === 'select $1::text as canary, pg_sleep(0.01)'));
      // Inside a transaction (a checked-out client on PostgreSQL, PGlite's transaction handle).
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`select ${secret} as again, pg_sleep(0.01) as in_tx`);
      });
      assert.ok(lines.some((l) => l.details.statement?.includes('as in_tx')));
      // Raw SQL through executeSql (pg-boss's path), with and without parameters.
      await database.executeSql('select pg_sleep(0.01) as raw_one; select 1 as raw_two');
      await database.executeSql('select $1::text as raw_param, pg_sleep(0.01)', [secret]);
      assert.ok(lines.some((l) => l.details.statement?.includes('raw_one')));
      assert.ok(lines.some((l) => l.details.statement?.includes('as raw_param')));

      // Long SQL is cut to 200 characters, whitespace collapsed.
      const padding = ' '.repeat(50) + 'x'.repeat(300);
      await database.db.execute(sql.raw(`select pg_sleep(0.01), '${padding}' as long_one`));
      const long = lines.find((l) => l.details.statement?.startsWith("select pg_sleep(0.01), ' xxx"));
      assert.equal(long?.details.statement?.length, 200);

      assert.ok(!JSON.stringify(lines).includes(secret), 'no parameter value in any slow-query line');
    } finally {
      await database.close();
    }
  });

  it('logs nothing below the threshold, or when it is 0', async () => {
    for (const slowQueryMs of [60_000, 0]) {
      lines.length = 0;
      const database = await open(slowQueryMs);
      try {
        await database.db.execute(sql`select pg_sleep(0.01)`);
        await database.executeSql('select 1');
      } finally {
        await database.close();
      }
      assert.deepEqual(lines, []);
    }
  });
});
