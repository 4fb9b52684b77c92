import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { type Database, type Db, queryRows } from './client.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface Migration {
  version: string;
  sql: string;
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (f) => ({
      version: f.replace(/\.sql$/, ''),
      sql: await readFile(path.join(dir, f), 'utf8'),
    })),
  );
}

async function appliedVersions(db: Db): Promise<Set<string>> {
  const rows = await queryRows<{ version: string }>(db, sql`select version from schema_migrations`);
  return new Set(rows.map((r) => r.version));
}

/** Applies pending migrations in order, each in its own transaction. Returns the versions applied. */
export async function migrate(database: Database, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await loadMigrations());
  return database.withMigrationLock(async () => {
    await database.db.execute(
      sql`create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())`,
    );
    const done = await appliedVersions(database.db);
    const applied: string[] = [];
    for (const m of all) {
      if (done.has(m.version)) continue;
      await database.applyMigration(m.version, m.sql);
      applied.push(m.version);
    }
    return applied;
  });
}

/** True when the database answers and every known migration has been applied. */
export async function isMigrated(db: Db, migrations: Migration[]): Promise<boolean> {
  const [table] = await queryRows<{ t: string | null }>(
    db,
    sql`select to_regclass('schema_migrations')::text as t`,
  );
  if (!table?.t) return false;
  const done = await appliedVersions(db);
  return migrations.every((m) => done.has(m.version));
}
