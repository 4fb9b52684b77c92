// Whole-database backups for `rolecraft backup` and `rolecraft restore`: pg_dump/pg_restore when
// DATABASE_URL is set, a tarball of the data directory for the embedded PGlite.
//
// Uploaded files (FILE_STORAGE_DIR) and ROLECRAFT_SECRET_KEY are not in the database, so not in
// these backups; docs/deployment.md says to keep them too.
import { spawn } from 'node:child_process';
import { chmod, lstat, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import { type Database, lockDataDir, openDatabase } from '../db/client.ts';
import { loadMigrations, migrate } from '../db/migrate.ts';

/** A refusal or failure to show the user as it is (one line, no stack trace). */
export class BackupError extends Error {
  override name = 'BackupError';
}

export type BackupConfig = Pick<Config, 'databaseUrl' | 'dataDir'>;
export type DatabaseKind = Database['kind'];

export interface BackupOptions {
  /** backup: overwrite an existing FILE; restore: replace a database that is not empty. */
  force?: boolean | undefined;
}

export interface TableTotals {
  tables: number;
  rows: number;
}

export interface BackupResult extends TableTotals {
  kind: DatabaseKind;
  file: string;
  bytes: number;
}

export interface RestoreResult extends TableTotals {
  kind: DatabaseKind;
  file: string;
  /** Migrations applied after the restore (the backup came from an older version). */
  applied: string[];
  /** Where the embedded database that was replaced (--force) now is. */
  movedAside?: string | undefined;
}

// --- backup ---------------------------------------------------------------------------------

export async function backup(
  config: BackupConfig,
  file: string,
  options: BackupOptions = {},
): Promise<BackupResult> {
  const target = path.resolve(file);
  await checkDestination(target, options.force);
  return config.databaseUrl
    ? backupPostgres(config.databaseUrl, target)
    : backupPglite(config.dataDir, target);
}

async function checkDestination(file: string, force: boolean | undefined): Promise<void> {
  const dir = path.dirname(file);
  if (!(await exists(dir))) throw new BackupError(`directory ${dir} does not exist`);
  if (!force && (await exists(file))) {
    throw new BackupError(`${file} already exists; choose another name, or pass --force to overwrite it`);
  }
}

async function backupPostgres(url: string, file: string): Promise<BackupResult> {
  // Counted just before the dump, for the summary line; pg_dump itself reads one consistent snapshot.
  const totals = await withDatabase({ databaseUrl: url }, countRows);
  const target = libpqTarget(url);
  const bytes = await writeAtomically(file, (tmp) =>
    runTool(
      'pg_dump',
      ['--format=custom', '--no-owner', '--no-privileges', `--file=${tmp}`, `--dbname=${target.conninfo}`],
      target,
    ),
  );
  return { kind: 'postgres', file, bytes, ...totals };
}

async function backupPglite(dataDir: string, file: string): Promise<BackupResult> {
  // Opening an empty DATA_DIR would create a new, empty database just to back it up.
  if (!(await holdsPgliteDatabase(dataDir))) {
    throw new BackupError(
      `there is no embedded database in ${pgliteDir(dataDir)}; set DATA_DIR to the server's (or DATABASE_URL for PostgreSQL)`,
    );
  }
  // openDatabase takes the data directory's lock: a running server makes this fail, clearly.
  const { totals, dump } = await withDatabase({ dataDir }, async (database) => ({
    totals: await countRows(database),
    dump: Buffer.from(await (await pgliteClient(database).dumpDataDir('gzip')).arrayBuffer()),
  }));
  const bytes = await writeAtomically(file, (tmp) => writeFile(tmp, dump));
  return { kind: 'pglite', file, bytes, ...totals };
}

/** Drizzle's PGlite driver keeps its client as $client; Database does not expose PGlite's own API. */
function pgliteClient(database: Database): PGlite {
  const client = (database.db as unknown as { $client?: unknown }).$client;
  if (!(client instanceof PGlite)) throw new Error('expected the embedded (PGlite) database');
  return client;
}

/**
 * Writes FILE.tmp, then renames it over FILE, so a failed or interrupted backup never leaves a
 * truncated file under the real name. The file is created 0600 before any byte is written:
 * backups hold personal data. Returns the size written.
 */
async function writeAtomically(file: string, write: (tmp: string) => Promise<void>): Promise<number> {
  const tmp = `${file}.tmp`;
  await rm(tmp, { force: true });
  await (await open(tmp, 'wx', 0o600)).close();
  try {
    await write(tmp);
    await chmod(tmp, 0o600); // in case the writer replaced the file rather than writing into it
    const handle = await open(tmp, 'r+');
    await handle.sync().finally(() => handle.close());
    await rename(tmp, file);
    return (await stat(file)).size;
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

// --- restore --------------------------------------------------------------------------------

export async function restore(
  config: BackupConfig,
  file: string,
  options: BackupOptions = {},
): Promise<RestoreResult> {
  const source = path.resolve(file);
  const kind = await backupKind(source);
  if (config.databaseUrl) {
    if (kind === 'pglite') {
      throw new BackupError(
        `${source} is a backup of the embedded database; restore it without DATABASE_URL`,
      );
    }
    if (kind !== 'postgres') throw notABackup(source, 'a pg_dump custom-format file');
    return restorePostgres(config.databaseUrl, source, options);
  }
  if (kind === 'postgres') {
    throw new BackupError(`${source} is a PostgreSQL (pg_dump) backup; set DATABASE_URL to restore it`);
  }
  if (kind !== 'pglite') throw notABackup(source, 'a gzip tarball of the embedded database');
  return restorePglite(config.dataDir, source, options);
}

const notABackup = (file: string, expected: string) =>
  new BackupError(`${file} is not a Rolecraft backup (expected ${expected}, as \`rolecraft backup\` writes)`);

/** Tells the two kinds apart by their first bytes: pg_dump's custom format starts with PGDMP. */
async function backupKind(file: string): Promise<DatabaseKind | undefined> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(5), 0, 5, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.toString('latin1') === 'PGDMP') return 'postgres';
    if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite'; // gzip; checked further on load
    return undefined;
  } finally {
    await handle.close();
  }
}

async function restorePostgres(url: string, file: string, options: BackupOptions): Promise<RestoreResult> {
  return withDatabase({ databaseUrl: url }, async (database) => {
    const existing = await userTables(database);
    if (existing.length > 0 && !options.force) {
      throw new BackupError(
        `the database already has ${existing.length} tables (${existing.slice(0, 3).join(', ')}, …); restore into an empty database, or pass --force to replace their contents`,
      );
    }
    const target = libpqTarget(url);
    await runTool(
      'pg_restore',
      [
        '--no-owner',
        '--no-privileges',
        // All or nothing: a failed restore leaves the database as it was.
        '--single-transaction',
        '--exit-on-error',
        ...(options.force ? ['--clean', '--if-exists'] : []),
        `--dbname=${target.conninfo}`,
        file,
      ],
      target,
    );
    const applied = await migrate(database, await loadMigrations());
    return { kind: 'postgres', file, applied, ...(await countRows(database)) };
  });
}

/** Tables outside the system schemas: a database with any is not a safe target for a plain restore. */
async function userTables(database: Database): Promise<string[]> {
  const rows = await selectRows<{ name: string }>(
    database,
    sql`select schemaname || '.' || tablename as name from pg_tables
        where schemaname not in ('pg_catalog', 'information_schema') order by 1`,
  );
  return rows.map((r) => r.name);
}

/**
 * Loads the dump into a staging directory next to DATA_DIR/pglite, migrates it, and only then
 * swaps it in (moving a replaced database aside, never deleting it), all under DATA_DIR's lock.
 * A failed restore leaves DATA_DIR as it was.
 */
async function restorePglite(dataDir: string, file: string, options: BackupOptions): Promise<RestoreResult> {
  const dump = await readPgliteDump(file);
  await mkdir(dataDir, { recursive: true });
  const release = await lockDataDir(dataDir);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const live = pgliteDir(dataDir);
  const staging = path.join(dataDir, `pglite.restoring-${stamp}`);
  try {
    const replacing = await isNonEmptyDir(live);
    if (replacing && !options.force) {
      throw new BackupError(
        `${live} already holds a database; restore into an empty DATA_DIR, or pass --force to move the current one aside`,
      );
    }
    const loaded = await loadDump(staging, dump).catch(async (error) => {
      await rm(staging, { recursive: true, force: true });
      throw error;
    });
    const movedAside = replacing ? path.join(dataDir, `pglite.before-restore-${stamp}`) : undefined;
    if (movedAside) await rename(live, movedAside);
    else await rm(live, { recursive: true, force: true }); // at most an empty directory
    await rename(pgliteDir(staging), live);
    await rm(staging, { recursive: true, force: true });
    return { kind: 'pglite', file, movedAside, ...loaded };
  } finally {
    await release();
  }
}

async function loadDump(staging: string, dump: Blob): Promise<TableTotals & { applied: string[] }> {
  let database: Database;
  try {
    database = await openDatabase({ dataDir: staging, loadDataDir: dump });
  } catch (error) {
    throw new BackupError(`could not load the backup: ${firstLine(error)}`);
  }
  try {
    const applied = await migrate(database, await loadMigrations());
    return { applied, ...(await countRows(database)) };
  } finally {
    await database.close();
  }
}

/** The dump as PGlite loads it, after checking it is a tarball of a data directory. */
async function readPgliteDump(file: string): Promise<Blob> {
  const bytes = await readFile(file);
  const tar = await promisify(gunzip)(bytes).catch(() => {
    throw new BackupError(`${file} is not a Rolecraft backup (a damaged or truncated gzip file)`);
  });
  if (!tarHasRootFile(tar, 'PG_VERSION')) {
    throw notABackup(file, 'a tarball of the embedded database directory');
  }
  // The gzip type tells PGlite to decompress it.
  return new Blob([bytes], { type: 'application/x-gzip' });
}

/** Whether a tar archive holds NAME at its root (PGlite names entries "/PG_VERSION"). */
function tarHasRootFile(tar: Buffer, name: string): boolean {
  const field = (header: Buffer, start: number, length: number) =>
    header.toString('latin1', start, start + length).replace(/\0.*$/s, '');
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header[0] === 0) return false; // the end-of-archive block
    if (field(header, 0, 100).replace(/^\.?\/+/, '') === name) return true;
    const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8);
    if (!Number.isSafeInteger(size) || size < 0) return false;
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return false;
}

// --- the embedded data directory ------------------------------------------------------------

const pgliteDir = (dataDir: string) => path.join(dataDir, 'pglite');

async function holdsPgliteDatabase(dataDir: string): Promise<boolean> {
  return exists(path.join(pgliteDir(dataDir), 'PG_VERSION'));
}

async function isNonEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length > 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

// --- pg_dump and pg_restore -----------------------------------------------------------------

interface LibpqTarget {
  /** DATABASE_URL without its password. */
  conninfo: string;
  env: NodeJS.ProcessEnv;
  redact(text: string): string;
}

/** The password goes in PGPASSWORD, not the arguments: other local users can read arguments (ps). */
function libpqTarget(url: string): LibpqTarget {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return {
    conninfo: parsed.toString(),
    env: password ? { ...process.env, PGPASSWORD: password } : process.env,
    redact: (text) => {
      const masked = text.replace(/\/\/([^:/@\s]+):[^@\s]*@/g, '//$1:***@');
      return password ? masked.split(password).join('***') : masked;
    },
  };
}

/** Runs a PostgreSQL client tool (no shell); fails with its stderr, in one line, password redacted. */
function runTool(tool: string, args: string[], target: LibpqTarget): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env: target.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 16_384) stderr += chunk;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new BackupError(
              `${tool} was not found on PATH; install the PostgreSQL client tools (the postgresql-client package), the server's major version or newer`,
            )
          : error,
      );
    });
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const message = target
        .redact(stderr)
        .split('\n')
        .map((line) => line.replace(new RegExp(`^${tool}: `), '').trim())
        .filter(Boolean)
        .join(' ');
      reject(
        new BackupError(`${tool} failed (${signal ?? `exit code ${code}`}): ${message || 'no message'}`),
      );
    });
  });
}

// --- table contents -------------------------------------------------------------------------

export interface TableFingerprint {
  /** schema.table */
  table: string;
  rows: number;
  /** md5 over the md5 of every row's text, in sorted order: independent of physical row order. */
  checksum: string;
}

/**
 * Every table's row count and a checksum of its contents, sorted by name: two databases with the
 * same fingerprints hold the same data. Reads every row, so it is for verification, not routine use.
 */
export async function tableFingerprints(
  database: Database,
  options: { includePgboss?: boolean } = {},
): Promise<TableFingerprint[]> {
  const schemas = options.includePgboss ? ['public', 'pgboss'] : ['public'];
  const checksum = sql.raw(`coalesce(md5(string_agg(md5(t::text), '' order by md5(t::text))), '')`);
  return scanTables(database, schemas, checksum);
}

/** The totals for a summary line: tables in the public schema and their rows. */
async function countRows(database: Database): Promise<TableTotals> {
  const tables = await scanTables(database, ['public'], sql.raw(`''`));
  return { tables: tables.length, rows: tables.reduce((sum, t) => sum + t.rows, 0) };
}

/** One statement over all the tables, so every count comes from the same snapshot. */
async function scanTables(database: Database, schemas: string[], checksum: SQL): Promise<TableFingerprint[]> {
  const tables = await selectRows<{ schema: string; name: string }>(
    database,
    sql`select schemaname as schema, tablename as name from pg_tables
        where schemaname in (${sql.join(
          schemas.map((s) => sql`${s}`),
          sql`, `,
        )})`,
  );
  if (tables.length === 0) return [];
  const selects = tables.map(
    (t) =>
      sql`select ${`${t.schema}.${t.name}`}::text as "table", count(*) as rows, ${checksum} as checksum
          from ${sql.identifier(t.schema)}.${sql.identifier(t.name)} t`,
  );
  const rows = await selectRows<{ table: string; rows: unknown; checksum: string }>(
    database,
    sql.join(selects, sql` union all `),
  );
  return rows
    .map((r) => ({ table: r.table, rows: Number(r.rows), checksum: r.checksum }))
    .sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
}

/** Rows of a query, without the request statement timeout: reading big tables may take longer. */
async function selectRows<T>(database: Database, query: SQL): Promise<T[]> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`set local statement_timeout = 0`);
    return ((await tx.execute(query)) as unknown as { rows: T[] }).rows;
  });
}

// --- helpers --------------------------------------------------------------------------------

async function withDatabase<T>(
  where: { databaseUrl?: string; dataDir?: string },
  fn: (database: Database) => Promise<T>,
): Promise<T> {
  // Two connections: migrate holds one for its advisory lock while it works on another.
  const database = await openDatabase({ ...where, poolSize: 2 });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

function firstLine(error: unknown): string {
  return (error as Error)?.message?.split('\n')[0] ?? String(error);
}

// --- output ---------------------------------------------------------------------------------

const KIND_NAME: Record<DatabaseKind, string> = { pglite: 'embedded', postgres: 'PostgreSQL' };

export function formatBackup(r: BackupResult): string {
  return `Wrote ${r.file} (${formatBytes(r.bytes)}, ${KIND_NAME[r.kind]}): ${formatTotals(r)}.`;
}

export function formatRestore(r: RestoreResult): string[] {
  return [
    ...(r.movedAside ? [`Moved the previous database aside to ${r.movedAside}.`] : []),
    `Restored ${r.file} (${KIND_NAME[r.kind]}): ${formatTotals(r)}${
      r.applied.length ? `; then applied ${r.applied.join(', ')}` : ''
    }.`,
  ];
}

const formatTotals = (t: TableTotals) => `${t.tables} tables, ${t.rows.toLocaleString('en-US')} rows`;

function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
