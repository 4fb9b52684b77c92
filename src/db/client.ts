// The one place that knows PGlite (embedded default) from PostgreSQL (DATABASE_URL).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
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
  /**
   * The connection pool right now, for metrics: node-postgres's counts; PGlite is one connection
   * (idle and waiting unknown). Optional so that wrappers and fakes need not implement it.
   */
  poolStats?(): PoolStats;
  close(): Promise<void>;
}

export interface PoolStats {
  /** Open connections (busy or idle). */
  total: number;
  /** Connections the pool may open. */
  max: number;
  /** Open connections not checked out; undefined when unknown (PGlite). */
  idle: number | undefined;
  /** Checkouts queued for a connection; undefined when unknown (PGlite). */
  waiting: number | undefined;
}

/** Where slow statements are reported; pino's logger (and the job queue's) fit. */
export interface QueryLogger {
  warn(details: object, message: string): void;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory; undefined means in memory (tests). */
  dataDir?: string | undefined;
  poolSize?: number;
  /** A PGlite data-directory dump to start from (tests start from a migrated, seeded image). */
  loadDataDir?: Blob;
  /**
   * Statements taking at least this long are logged to `logger` as 'slow query' (warn), with the
   * duration and the start of the SQL text, never the parameters. 0 or unset (or no logger): off.
   */
  slowQueryMs?: number;
  logger?: QueryLogger;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const report = slowQueryReporter(options);
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10, report)
    : openPglite(options, report);
}

/** Called after every statement with its SQL text and start time (performance.now()). */
type Report = (text: string, startedAt: number) => void;

/** Longest statement text a slow-query line carries. */
const STATEMENT_CHARS = 200;

function slowQueryReporter({ slowQueryMs, logger }: OpenOptions): Report | undefined {
  if (!slowQueryMs || slowQueryMs <= 0 || !logger) return undefined;
  return (text, startedAt) => {
    const durationMs = performance.now() - startedAt;
    if (durationMs < slowQueryMs) return;
    // The SQL text only: parameters are sent apart ($1…) and can hold personal data or secrets.
    const statement = String(text)
      .slice(0, STATEMENT_CHARS * 4)
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, STATEMENT_CHARS);
    try {
      logger.warn({ durationMs: Math.round(durationMs), statement }, 'slow query');
    } catch {
      // A failing log line must not fail (or crash) the query it was about.
    }
  };
}

/**
 * Times an async function whose first argument is SQL text (PGlite's query and exec). On PGlite
 * the time includes waiting for the one connection (another query or a transaction in progress).
 */
function timed<F extends (text: string, ...rest: never[]) => Promise<unknown>>(fn: F, report: Report): F {
  return ((text: string, ...rest: never[]) => {
    const startedAt = performance.now();
    const done = () => report(text, startedAt);
    const result = fn(text, ...rest);
    result.then(done, done);
    return result;
  }) as F;
}

/** PGlite: the root handle's query/exec, and those of every transaction handle it gives out. */
function timePglite(client: PGlite, report: Report) {
  client.query = timed(client.query.bind(client), report) as typeof client.query;
  client.exec = timed(client.exec.bind(client), report);
  const transaction = client.transaction.bind(client);
  client.transaction = ((callback: (tx: Transaction) => Promise<unknown>) =>
    transaction((tx) =>
      // The handle's `closed` getter and rollback stay as they are (inherited).
      callback(
        Object.create(tx, {
          query: { value: timed(tx.query, report) },
          exec: { value: timed(tx.exec, report) },
        }) as Transaction,
      ),
    )) as typeof client.transaction;
}

/**
 * node-postgres: every client the pool opens gets a timed `query`, which covers pool.query
 * (Drizzle, executeSql) and checked-out clients (Drizzle's transactions, migrations) alike. The
 * time starts when the client is given the statement, so waiting for a free connection is not
 * counted (rolecraft_db_pool_waiting_requests shows that); a client's own queue of statements is.
 */
function timePgClient(client: pg.PoolClient, report: Report) {
  const query = client.query as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = function timedQuery(this: unknown, ...args: unknown[]) {
    const [config, values, callback] = args;
    // Cursors and streams (submittables) are not used here; they pass through untimed.
    if (config == null || typeof (config as { submit?: unknown }).submit === 'function') {
      return query.apply(this, args);
    }
    const text = typeof config === 'string' ? config : String((config as { text?: unknown }).text ?? '');
    const startedAt = performance.now();
    const done = () => report(text, startedAt);
    // pg-pool's own pool.query passes a callback; Drizzle awaits the returned promise.
    const at = typeof values === 'function' ? 1 : typeof callback === 'function' ? 2 : -1;
    if (at >= 0) {
      const original = args[at] as (...result: unknown[]) => void;
      const copy = [...args];
      copy[at] = (...result: unknown[]) => {
        done();
        original(...result);
      };
      return query.apply(this, copy);
    }
    const result = query.apply(this, args) as Promise<unknown> | undefined;
    if (typeof result?.then === 'function') result.then(done, done);
    return result;
  };
}

export class DatabaseInUseError extends Error {
  override name = 'DatabaseInUseError';
}

/**
 * PGlite's files must be opened by one process at a time; a second one would corrupt them.
 * A lock file holding the owner's pid turns that into a clear error (stale locks are taken over).
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
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

async function openPglite(options: OpenOptions, report: Report | undefined): Promise<Database> {
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
  if (report) timePglite(client, report);
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
    poolStats: () => ({ total: client.closed ? 0 : 1, max: 1, idle: undefined, waiting: undefined }),
    async close() {
      if (!client.closed) await client.close();
      await unlock();
    },
  };
}

async function openPostgres(url: string, poolSize: number, report: Report | undefined): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // Fail fast when the server is down, so requests answer 503 instead of hanging.
    connectionTimeoutMillis: 2000,
    statement_timeout: 15_000,
    idle_in_transaction_session_timeout: 30_000,
    application_name: 'rolecraft',
  });
  // A client losing its connection must not crash the process: the pool's 'error' covers idle
  // ones, and every client gets its own listener for when it is checked out (a transaction cut
  // by an outage); the query in progress fails (503) and the pool replaces the client.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
    if (report) timePgClient(client, report);
  });
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
    poolStats: () => ({
      total: pool.totalCount,
      max: poolSize,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }),
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
