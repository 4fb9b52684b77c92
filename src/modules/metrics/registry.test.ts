import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SqlResult } from '../../db/client.ts';
import { createMetrics } from './registry.ts';

/** A database that answers the queue-depth query only when told to. */
function slowDatabase() {
  const calls: string[] = [];
  let answer: (result: SqlResult) => void = () => {};
  return {
    calls,
    answer: (rows: unknown[]) => answer({ rows, rowCount: rows.length }),
    database: {
      executeSql(text: string) {
        calls.push(text);
        return new Promise<SqlResult>((resolve) => {
          answer = resolve;
        });
      },
      poolStats: () => ({ total: 3, max: 10, idle: 2, waiting: 0 }),
    },
  };
}

describe('metrics registry', () => {
  it('never lets a slow database hang a scrape, and asks it only once at a time', async () => {
    const slow = slowDatabase();
    const warnings: string[] = [];
    const metrics = createMetrics({
      database: slow.database,
      exposed: false,
      log: { warn: (_details, message) => warnings.push(message) },
      queueDepthTimeoutMs: 50,
    });
    const started = Date.now();
    const [first, second] = await Promise.all([metrics.registry.metrics(), metrics.registry.metrics()]);
    assert.ok(Date.now() - started < 1000);
    for (const text of [first, second]) {
      assert.doesNotMatch(text, /^rolecraft_job_queue_depth\{/m);
      assert.match(text, /^rolecraft_db_pool_open_connections 3$/m);
      assert.match(text, /^rolecraft_db_pool_idle_connections 2$/m);
    }
    assert.equal(slow.calls.length, 1, 'one statement in flight, shared');
    assert.deepEqual(warnings, ['job queue depth unavailable', 'job queue depth unavailable']);

    // Once the database answers, the next scrape asks again and reports every queue.
    slow.answer([]);
    await new Promise((resolve) => setImmediate(resolve));
    const next = metrics.registry.metrics();
    await new Promise((resolve) => setImmediate(resolve));
    slow.answer([{ queue: 'email', queued: '4', active: 1 }]);
    const text = await next;
    assert.equal(slow.calls.length, 2);
    assert.match(text, /^rolecraft_job_queue_depth\{queue="email",state="queued"\} 4$/m);
    assert.match(text, /^rolecraft_job_queue_depth\{queue="email",state="active"\} 1$/m);
  });

  it('keeps one registry per app', async () => {
    const a = createMetrics({ database: slowDatabase().database, exposed: false, log: { warn() {} } });
    const b = createMetrics({ database: slowDatabase().database, exposed: false, log: { warn() {} } });
    a.jobsFailed.inc({ queue: 'email' });
    assert.notEqual(a.registry, b.registry);
    assert.match(await a.registry.metrics(), /^rolecraft_jobs_failed_total\{queue="email"\} 1$/m);
    assert.doesNotMatch(await b.registry.metrics(), /^rolecraft_jobs_failed_total\{/m);
  });
});
