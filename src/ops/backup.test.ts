// Backups restore every row of every table, on PGlite (always) and PostgreSQL (with DATABASE_URL),
// and refuse what would lose data: overwriting a file, restoring over a database, a wrong file.
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { createTestDatabase, type TestDatabase } from '../../test/helpers.ts';
import { run, tempDir } from '../../test/process.ts';
import { type Database, openDatabase } from '../db/client.ts';
import { loadMigrations, migrate } from '../db/migrate.ts';
import { builtinTaxonomy } from '../modules/skills/taxonomy.ts';
import { TemplateCache } from '../modules/templates/cache.ts';
import { templateActions } from '../modules/templates/service.ts';
import { seed } from '../seed.ts';
import { backup, restore, type TableFingerprint, tableFingerprints } from './backup.ts';

const ORG = '01900000-0000-7000-8000-000000000001';
const USER = '01900000-0000-7000-8000-000000000002';

/** Migrated and seeded (skills, the built-in library), plus people and awkward values. */
async function fill(database: Database): Promise<TableFingerprint[]> {
  await migrate(database, await loadMigrations());
  const taxonomy = builtinTaxonomy();
  await seed(database.db, taxonomy, templateActions({ taxonomy, cache: new TemplateCache() }));
  await database.executeSql(`
    insert into organizations (id, slug, name, website) values ('${ORG}', 'acme', 'Acme "Tools" & Co', null);
    insert into users (id, email, name, password_hash) values ('${USER}', 'zoe@example.com', 'Zoë O''Brien', 'x');
    insert into memberships (org_id, user_id, role) values ('${ORG}', '${USER}', 'owner');
    insert into candidates (id, org_id, email, name) values
      ('01900000-0000-7000-8000-000000000003', '${ORG}', 'ada@example.com', 'Ада Lovelace ✓'),
      ('01900000-0000-7000-8000-000000000004', '${ORG}', null, E'tab\\tand\\nnewline');
    insert into mail_outbox (id, to_address, subject, text_body, kind)
      values ('01900000-0000-7000-8000-000000000005', 'zoe@example.com', 'Hi', 'Hello', 'test');
  `);
  const fingerprints = await tableFingerprints(database);
  const filled = fingerprints.filter((t) => t.rows > 0);
  assert.ok(filled.length > 5, `expected more than 5 tables with rows, got ${filled.map((t) => t.table)}`);
  return fingerprints;
}

async function fingerprintsOf(where: { dataDir?: string; databaseUrl?: string }) {
  const database = await openDatabase(where);
  try {
    return await tableFingerprints(database);
  } finally {
    await database.close();
  }
}

async function assertPrivateFile(file: string) {
  assert.equal((await stat(file)).mode & 0o777, 0o600, 'backups are readable by their owner only');
  assert.deepEqual(
    (await readdir(path.dirname(file))).filter((f) => f.endsWith('.tmp')),
    [],
    'no temporary file is left behind',
  );
}

describe('backup and restore of the embedded database', () => {
  let sourceDir: string;
  let work: string;
  let expected: TableFingerprint[];
  const source = () => ({ databaseUrl: undefined, dataDir: sourceDir });

  before(async () => {
    sourceDir = await tempDir('backup-source');
    work = await tempDir('backup-work');
    const database = await openDatabase({ dataDir: sourceDir });
    try {
      expected = await fill(database);
    } finally {
      await database.close();
    }
  });
  after(async () => {
    await rm(sourceDir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  it('restores every row of every table into a fresh DATA_DIR', async () => {
    const file = path.join(work, 'embedded.tar.gz');
    const written = await backup(source(), file);
    assert.equal(written.file, file);
    assert.equal(written.bytes, (await stat(file)).size);
    assert.equal(written.tables, expected.length);
    assert.equal(
      written.rows,
      expected.reduce((sum, t) => sum + t.rows, 0),
    );
    assert.deepEqual([...(await readFile(file)).subarray(0, 2)], [0x1f, 0x8b]);
    await assertPrivateFile(file);

    const target = path.join(work, 'restored');
    const restored = await restore({ databaseUrl: undefined, dataDir: target }, file);
    assert.deepEqual(restored.applied, []);
    assert.equal(restored.movedAside, undefined);
    assert.equal(restored.rows, written.rows);
    assert.deepStrictEqual(await fingerprintsOf({ dataDir: target }), expected);
    assert.deepStrictEqual(await fingerprintsOf({ dataDir: sourceDir }), expected, 'the source is untouched');
  });

  it('refuses to overwrite a file or a database without --force, and moves a replaced one aside', async () => {
    const file = path.join(work, 'twice.tar.gz');
    await backup(source(), file);
    await assert.rejects(backup(source(), file), /twice\.tar\.gz already exists; .* --force/);
    await backup(source(), file, { force: true });
    await assertPrivateFile(file);

    const target = path.join(work, 'replaced');
    await restore({ databaseUrl: undefined, dataDir: target }, file);
    await assert.rejects(
      restore({ databaseUrl: undefined, dataDir: target }, file),
      /already holds a database; .* --force/,
    );
    const replaced = await restore({ databaseUrl: undefined, dataDir: target }, file, { force: true });
    assert.match(replaced.movedAside ?? '', /pglite\.before-restore-[\dT-]+Z$/);
    await stat(path.join(replaced.movedAside!, 'PG_VERSION')); // the old database, kept whole
    assert.deepStrictEqual(await fingerprintsOf({ dataDir: target }), expected);
  });

  it('refuses files that are not embedded backups, leaving DATA_DIR as it was', async () => {
    const target = await tempDir('backup-empty');
    const config = { databaseUrl: undefined, dataDir: target };
    const files = {
      garbage: 'not a backup at all',
      gzipped: gzipSync('a gzip file, but not of a data directory'),
      truncated: gzipSync(Buffer.alloc(4096, 7)).subarray(0, 20),
      pgdump: 'PGDMP\x01\x0e\x00',
      empty: '',
    };
    for (const [name, content] of Object.entries(files)) await writeFile(path.join(work, name), content);
    await assert.rejects(restore(config, path.join(work, 'garbage')), /is not a Rolecraft backup \(expected/);
    await assert.rejects(restore(config, path.join(work, 'gzipped')), /is not a Rolecraft backup/);
    await assert.rejects(restore(config, path.join(work, 'truncated')), /is not a Rolecraft backup/);
    await assert.rejects(restore(config, path.join(work, 'empty')), /is not a Rolecraft backup/);
    await assert.rejects(restore(config, path.join(work, 'pgdump')), /pg_dump\) backup; set DATABASE_URL/);
    await assert.rejects(restore(config, path.join(work, 'missing')), { code: 'ENOENT' });
    assert.deepEqual(await readdir(target), []);
    await assert.rejects(backup(config, path.join(work, 'nothing.tar.gz')), /no embedded database in/);
    await rm(target, { recursive: true, force: true });
  });

  it('refuses while another process holds the data directory', async () => {
    // The test runner that started this process is alive: its pid stands for a running server.
    const lock = path.join(sourceDir, 'pglite.lock');
    await writeFile(lock, String(process.ppid));
    try {
      const file = path.join(work, 'locked.tar.gz');
      await assert.rejects(backup(source(), file), /is in use by process \d+; stop it first/);
      await assert.rejects(stat(file), { code: 'ENOENT' });
      const other = path.join(work, 'embedded.tar.gz');
      await assert.rejects(restore(source(), other, { force: true }), /is in use by process \d+/);
    } finally {
      await rm(lock, { force: true });
    }
  });

  it('migrates a backup made by an older version', async () => {
    const old = await tempDir('backup-old');
    const target = await tempDir('backup-old-restored');
    try {
      const migrations = await loadMigrations();
      const database = await openDatabase({ dataDir: old });
      await migrate(database, migrations.slice(0, 3)).finally(() => database.close());
      const file = path.join(work, 'old.tar.gz');
      await backup({ databaseUrl: undefined, dataDir: old }, file);
      const restored = await restore({ databaseUrl: undefined, dataDir: target }, file);
      assert.deepEqual(
        restored.applied,
        migrations.slice(3).map((m) => m.version),
      );
    } finally {
      await rm(old, { recursive: true, force: true });
      await rm(target, { recursive: true, force: true });
    }
  });

  it('works through the CLI', async () => {
    const file = path.join(work, 'cli.tar.gz');
    const written = await run(['backup', file], { DATA_DIR: sourceDir });
    assert.equal(written.code, 0, written.stderr);
    assert.match(
      written.stdout,
      /^Wrote .*cli\.tar\.gz \([\d.]+ MiB, embedded\): \d+ tables, [\d,]+ rows\.\n$/,
    );
    const target = await tempDir('backup-cli');
    try {
      const restored = await run(['restore', file], { DATA_DIR: target });
      assert.equal(restored.code, 0, restored.stderr);
      assert.match(restored.stdout, /^Restored .*cli\.tar\.gz \(embedded\): \d+ tables, [\d,]+ rows\.\n$/);
      const again = await run(['restore', file], { DATA_DIR: target });
      assert.equal(again.code, 1);
      assert.match(again.stderr, /^rolecraft: .* already holds a database/);
      assert.doesNotMatch(again.stderr, /\n\s+at /);
    } finally {
      await rm(target, { recursive: true, force: true });
    }
  });
});

describe('rolecraft backup and restore usage', () => {
  it('exits 2 without a FILE', async () => {
    for (const command of ['backup', 'restore']) {
      const result = await run([command]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, new RegExp(`^rolecraft: ${command} takes exactly one FILE\n`));
    }
  });
});

describe('backup and restore on PostgreSQL', {
  skip: process.env.DATABASE_URL ? false : 'set DATABASE_URL to test pg_dump and pg_restore',
}, () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let work: string;
  let expected: TableFingerprint[];
  const into = (db: TestDatabase) => ({ databaseUrl: db.url, dataDir: work });

  before(async () => {
    work = await tempDir('backup-pg');
    source = await createTestDatabase();
    target = await createTestDatabase();
    expected = await fill(source.database);
  });
  after(async () => {
    await source?.drop();
    await target?.drop();
    await rm(work, { recursive: true, force: true });
  });

  it('restores every row of every table into a fresh database', async () => {
    const file = path.join(work, 'pg.dump');
    const written = await backup(into(source), file);
    assert.equal(written.kind, 'postgres');
    assert.equal((await readFile(file)).subarray(0, 5).toString('latin1'), 'PGDMP');
    await assertPrivateFile(file);
    await assert.rejects(backup(into(source), file), /already exists/);

    const restored = await restore(into(target), file);
    assert.deepEqual(restored.applied, []);
    assert.equal(restored.rows, written.rows);
    assert.deepStrictEqual(await tableFingerprints(target.database), expected);
  });

  it('refuses a database with tables unless --force, then replaces its contents', async () => {
    const file = path.join(work, 'pg.dump');
    await target.database.executeSql(`delete from candidates; delete from mail_outbox`);
    await assert.rejects(restore(into(target), file), /already has \d+ tables .* --force/);
    await restore(into(target), file, { force: true });
    assert.deepStrictEqual(await tableFingerprints(target.database), expected);
  });

  it('migrates a backup made by an older version', async () => {
    const old = await createTestDatabase();
    const fresh = await createTestDatabase();
    try {
      const migrations = await loadMigrations();
      await migrate(old.database, migrations.slice(0, 3));
      const file = path.join(work, 'old.dump');
      await backup(into(old), file);
      const restored = await restore(into(fresh), file);
      assert.deepEqual(
        restored.applied,
        migrations.slice(3).map((m) => m.version),
      );
    } finally {
      await old.drop();
      await fresh.drop();
    }
  });

  it('refuses the wrong kind of file', async () => {
    await writeFile(path.join(work, 'garbage'), 'not a backup');
    await writeFile(path.join(work, 'embedded.tar.gz'), gzipSync('x'));
    await assert.rejects(restore(into(target), path.join(work, 'garbage')), /not a Rolecraft backup/);
    await assert.rejects(
      restore(into(target), path.join(work, 'embedded.tar.gz')),
      /backup of the embedded database; restore it without DATABASE_URL/,
    );
  });

  it('passes the password out of sight, and reports a failing pg_dump in one line without it', async () => {
    // A stand-in pg_dump that records its arguments and fails, printing the password it was given.
    const bin = path.join(work, 'fake-bin');
    await mkdir(bin);
    const script = `#!/bin/sh\necho "$@" > "${bin}/args"\necho "pg_dump: error: as postgres://u:$PGPASSWORD@h" >&2\necho "pg_dump: detail: $PGPASSWORD" >&2\nexit 1\n`;
    await writeFile(path.join(bin, 'pg_dump'), script, { mode: 0o755 });
    const url = new URL(source.url!);
    if (!url.password) url.password = 'hunter2-secret'; // the test server trusts local connections
    const password = decodeURIComponent(url.password);
    const saved = process.env.PATH;
    process.env.PATH = `${bin}:${saved}`;
    try {
      await assert.rejects(
        backup({ databaseUrl: url.toString(), dataDir: work }, path.join(work, 'x.dump')),
        (error: Error) => {
          assert.match(
            error.message,
            /^pg_dump failed \(exit code 1\): error: as postgres:\/\/u:\*\*\*@h detail: \*\*\*$/,
          );
          return true;
        },
      );
    } finally {
      process.env.PATH = saved;
    }
    const args = await readFile(path.join(bin, 'args'), 'utf8');
    assert.match(args, /--dbname=postgres:\/\//);
    assert.ok(!args.includes(password), 'the password is not in the arguments');
  });

  it('names the package to install when pg_dump is missing', async () => {
    const saved = process.env.PATH;
    process.env.PATH = path.join(work, 'no-such-bin');
    try {
      await assert.rejects(
        backup(into(source), path.join(work, 'nobin.dump')),
        /pg_dump was not found on PATH; .*postgresql-client/,
      );
    } finally {
      process.env.PATH = saved;
    }
    assert.deepEqual(
      (await readdir(work)).filter((f) => f.startsWith('nobin')),
      [],
    );
  });
});
