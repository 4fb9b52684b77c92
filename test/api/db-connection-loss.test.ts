// A PostgreSQL connection that dies while checked out (a transaction cut by a restart or failover)
// fails that transaction, not the process; the pool then serves the next query on a new one.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../helpers.ts';

describe('a connection lost inside a transaction', {
  skip: !process.env.DATABASE_URL && 'PostgreSQL only',
}, () => {
  let testDb: TestDatabase;
  before(async () => {
    testDb = await createTestDatabase();
  });
  after(() => testDb.drop());

  it('rejects that transaction and keeps the process and the pool working', async () => {
    const { db } = testDb.database;
    let crashed: unknown;
    const onCrash = (error: unknown) => {
      crashed = error;
    };
    process.on('uncaughtException', onCrash);
    try {
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.execute(sql`select pg_terminate_backend(pg_backend_pid())`);
          await tx.execute(sql`select 1`);
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 100)); // let a stray 'error' event surface
      assert.equal(crashed, undefined, `uncaught: ${String(crashed)}`);
      const rows = (await db.execute(sql`select 42 as n`)) as unknown as { rows: { n: number }[] };
      assert.equal(rows.rows[0]?.n, 42);
    } finally {
      process.off('uncaughtException', onCrash);
    }
  });
});
