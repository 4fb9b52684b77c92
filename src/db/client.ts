// The one place that knows PGlite (embedded default) from PostgreSQL (DATABASE_URL).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** One statement's result, as node-postgres reports it. */
export interface SqlResult {
  rows: unknown[];
  rowCount: number;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /** Runs one migration file and records it, atomically. */
  applyMigration(version: string, sqlText: string): Promise<void>;
  /** Serialises migrations between processes sharing one server. */
  withMigrationLock<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Subscribes to NOTIFY on a channel. onReset is called when notifications may have been
   * missed (the listening connection dropped), so the caller can drop what it cached.
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onReset: () => void,
  ): Promise<() => Promise<void>>;
  /**
   * Raw SQL for libraries that bring their own (pg-boss), with node-postgres's semantics:
   * parameterless SQL may hold several statements, and then the result is one entry per statement.
   */
  executeSql(text: string, values?: unknown[]): Promise<SqlResult | SqlResult[]>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory; undefined means in memory (tests). */
  dataDir?: string | undefined;
  poolSize?: number;
  /** A PGlite data-directory dump to start from (tests start from a migrated, seeded image). */
  loadDataDir?: Blob;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : openPglite(options);
}

export class DatabaseInUseError extends Error {
  override name = 'DatabaseInUseError';
}

/**
 * PGlite's files must be opened by one process at a time; a second one would corrupt them.
 * A lock file holding the owner's pid turns that into a clear error (stale locks are taken over).
 */
async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const lockPath = path.join(dir, 'pglite.lock');
  try {
    await writeFile(lockPath, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number(await readFile(lockPath, 'utf8').catch(() => ''));
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new DatabaseInUseError(
        `the embedded database in ${dir} is in use by process ${owner}; stop it first, or use DATABASE_URL`,
      );
    }
    await writeFile(lockPath, String(process.pid));
  }
  return () => rm(lockPath, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function openPglite(options: OpenOptions): Promise<Database> {
  let dataDir: string | undefined;
  let unlock = async () => {};
  if (options.dataDir) {
    dataDir = path.join(options.dataDir, 'pglite');
    await mkdir(dataDir, { recursive: true });
    unlock = await lockDataDir(options.dataDir);
  }
  let client: PGlite;
  try {
    client = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: { pg_trgm },
    });
  } catch (error) {
    await unlock();
    throw error;
  }
  return {
    kind: 'pglite',
    db: drizzlePglite({ client, schema }) as unknown as Db,
    async applyMigration(version, sqlText) {
      await client.transaction(async (tx) => {
        await tx.exec(sqlText);
        await tx.query('insert into schema_migrations (version) values ($1)', [version]);
      });
    },
    // One process owns a PGlite directory, so there is nobody to race with.
    withMigrationLock: (fn) => fn(),
    async listen(channel, onMessage) {
      const unsubscribe = await client.listen(channel, onMessage);
      return async () => unsubscribe();
    },
    async executeSql(text, values) {
      if (values && values.length > 0) return pgliteResult(await client.query(text, values));
      // query() refuses several statements, so they go to exec(), inside a transaction: if a script
      // that opens its own (pg-boss's do) fails halfway, the rollback happens before any other query
      // can run on the one shared connection. (Its own BEGIN/COMMIT inside ours are harmless no-ops.)
      const results = (await client.transaction((tx) => tx.exec(text))).map(pgliteResult);
      return results.length === 1 ? results[0]! : results;
    },
    async close() {
      if (!client.closed) await client.close();
      await unlock();
    },
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // Fail fast when the server is down, so requests answer 503 instead of hanging.
    connectionTimeoutMillis: 2000,
    statement_timeout: 15_000,
    idle_in_transaction_session_timeout: 30_000,
    application_name: 'rolecraft',
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const listeners: pg.Client[] = [];
  let closed = false;
  return {
    kind: 'postgres',
    db: drizzlePg({ client: pool, schema }) as unknown as Db,
    async applyMigration(version, sqlText) {
      const conn = await pool.connect();
      try {
        await conn.query('begin');
        // Schema changes on big tables may take minutes; the per-request timeout is not for them.
        await conn.query('set local statement_timeout = 0');
        await conn.query(sqlText);
        await conn.query('insert into schema_migrations (version) values ($1)', [version]);
        await conn.query('commit');
      } catch (error) {
        await conn.query('rollback').catch(() => {});
        throw error;
      } finally {
        conn.release();
      }
    },
    async withMigrationLock(fn) {
      const conn = await pool.connect();
      try {
        await conn.query("select pg_advisory_lock(hashtext('rolecraft:migrate'))");
        return await fn();
      } finally {
        await conn.query("select pg_advisory_unlock(hashtext('rolecraft:migrate'))").catch(() => {});
        conn.release();
      }
    },
    async listen(channel, onMessage, onReset) {
      let stopped = false;
      let current: pg.Client | undefined;
      const connect = async (): Promise<void> => {
        const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
        client.on('notification', (msg) => {
          if (msg.channel === channel) onMessage(msg.payload ?? '');
        });
        client.on('error', () => {
          client.end().catch(() => {});
          reconnect();
        });
        await client.connect();
        await client.query(`listen ${pg.escapeIdentifier(channel)}`);
        current = client;
        listeners.push(client);
      };
      const reconnect = () => {
        if (stopped) return;
        onReset();
        setTimeout(() => connect().catch(reconnect), 1000).unref();
      };
      await connect();
      return async () => {
        stopped = true;
        await current?.end().catch(() => {});
      };
    },
    async executeSql(text, values) {
      // A multi-statement query comes back as an array (the typings do not say so). A failed query
      // discards its connection, so a script's open transaction cannot leak to the next user.
      const result = (await pool.query(text, values)) as pg.QueryResult | pg.QueryResult[];
      const toResult = (r: pg.QueryResult): SqlResult => ({ rows: r.rows, rowCount: r.rowCount ?? 0 });
      return Array.isArray(result) ? result.map(toResult) : toResult(result);
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(listeners.map((c) => c.end().catch(() => {})));
      await pool.end();
    },
  };
}

function pgliteResult(r: { rows: unknown[]; affectedRows?: number }): SqlResult {
  // affectedRows is 0 for a SELECT, and adds up across the statements of one exec() call.
  return { rows: r.rows, rowCount: r.rows.length > 0 ? r.rows.length : (r.affectedRows ?? 0) };
}

/** Rows of a raw SQL query; both drivers return `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** True for a unique-constraint violation (23505), through Drizzle's wrapping of driver errors. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.code === '23505') return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** The constraint a unique violation broke (node-postgres and PGlite both report it), if any. */
export function violatedConstraint(error: unknown): string | undefined {
  for (
    let e = error as { code?: string; constraint?: string; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (e.code === '23505') return e.constraint ?? '';
    e = e.cause as typeof e;
  }
  return undefined;
}
