import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ProcessDatabase, processDatabase } from './helpers.ts';
import { run, SEED_FILE, tempDir } from './process.ts';

/** A CLI failure: non-zero exit and one line naming the problem, never a stack trace. */
function assertOneLineError(result: { code: number | null; stderr: string }, message: RegExp) {
  assert.notEqual(result.code, 0);
  const lines = result.stderr.trim().split('\n');
  assert.match(lines[0]!, /^rolecraft: /);
  assert.match(lines[0]!, message);
  assert.ok(lines.length <= 2, result.stderr);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
}

describe('rolecraft parse', () => {
  it('prints the template as JSON by default and with --json', async () => {
    for (const args of [
      ['parse', SEED_FILE],
      ['parse', SEED_FILE, '--json'],
    ]) {
      const result = await run(args);
      assert.equal(result.code, 0, result.stderr);
      const t = JSON.parse(result.stdout);
      assert.equal(t.role, 'Jr. Backend Developer');
      assert.deepEqual(Object.keys(t), [
        'role',
        'title',
        'summary',
        'responsibilities',
        'qualifications',
        'skills',
        'faqs',
        'extraSections',
        'metadata',
      ]);
    }
  });

  it('prints canonical Markdown that parses back to the same template', async () => {
    const dir = await tempDir('cli');
    const md = await run(['parse', SEED_FILE, '--markdown']);
    assert.equal(md.code, 0);
    assert.match(md.stdout, /^# Jr\. Backend Developer Job Description Template\n/);
    await writeFile(path.join(dir, 'seed.md'), md.stdout);
    const again = await run(['parse', path.join(dir, 'seed.md')]);
    const original = await run(['parse', SEED_FILE]);
    assert.deepEqual(JSON.parse(again.stdout), JSON.parse(original.stdout));
  });

  it('fails cleanly on bad input', async () => {
    const dir = await tempDir('bad');
    const file = (name: string) => path.join(dir, name);
    await writeFile(file('empty.txt'), '');
    await writeFile(file('binary.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0]));
    await writeFile(file('big.txt'), 'x'.repeat(1024 * 1024 + 1));
    await writeFile(file('notes.txt'), 'Groceries\nMilk, eggs and bread.\n');
    await mkdir(file('folder'));
    assertOneLineError(await run(['parse', file('empty.txt')]), /empty/);
    assertOneLineError(await run(['parse', file('binary.bin')]), /binary/);
    assertOneLineError(await run(['parse', file('big.txt')]), /limit is 1 MiB/);
    assertOneLineError(await run(['parse', file('notes.txt')]), /No job description found/);
    assertOneLineError(await run(['parse', file('missing.txt')]), /no such file/);
    assertOneLineError(await run(['parse', file('folder')]), /not a file/);
    assertOneLineError(await run(['parse', SEED_FILE, '--json', '--markdown']), /choose one/);
    assertOneLineError(await run(['parse']), /exactly one FILE/);
    assertOneLineError(await run(['parse', SEED_FILE, '--yaml']), /Unknown option '--yaml'/);
  });
});

describe('rolecraft help and usage', () => {
  it('prints help with every command', async () => {
    const result = await run(['--help']);
    assert.equal(result.code, 0);
    for (const command of ['serve', 'migrate', 'seed', 'parse FILE', 'import FILE|DIR']) {
      assert.ok(result.stdout.includes(command), command);
    }
  });

  it('exits 2 on no command or an unknown one', async () => {
    assert.equal((await run([])).code, 2);
    assertOneLineError(await run(['frobnicate']), /unknown command "frobnicate"/);
  });

  it('reports a bad configuration in one line', async () => {
    assertOneLineError(await run(['migrate'], { PORT: 'abc' }), /PORT must be an integer/);
  });
});

describe('rolecraft migrate, seed and import against a database', () => {
  let db: ProcessDatabase;
  let env: Record<string, string>;
  before(async () => {
    db = await processDatabase('data');
    env = { ...db.env };
  });
  after(() => db.drop());

  it('migrates once, then reports the database up to date', async () => {
    const first = await run(['migrate'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Applied 0001_init/);
    const second = await run(['migrate'], env);
    assert.match(second.stdout, /Database is up to date/);
  });

  it('seeds the built-in library idempotently', async () => {
    const first = await run(['seed'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /created\s+jr-backend-developer/);
    assert.match(first.stdout, /(6[1-9]|[7-9]\d) imported, 0 failed/);
    const second = await run(['seed'], env);
    assert.doesNotMatch(second.stdout, /^created/m);
    assert.match(second.stdout, /unchanged\s+jr-backend-developer/);
  });

  it('imports files and directories, reporting each file, and fails on a bad one without stopping', async () => {
    const dir = await tempDir('import');
    await writeFile(path.join(dir, 'a-barista.txt'), 'Barista\n\nResponsibilities\n- Pull espresso shots.\n');
    await writeFile(path.join(dir, 'b-broken.md'), 'nothing useful here\n');
    await writeFile(path.join(dir, 'ignored.pdf'), '%PDF');
    const result = await run(['import', dir, SEED_FILE], env);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /created\s+barista/);
    assert.match(result.stdout, /unchanged\s+jr-backend-developer/);
    assert.match(result.stderr, /failed\s+.*b-broken\.md: No job description found/);
    assert.match(result.stdout, /2 imported, 1 failed/);

    await writeFile(
      path.join(dir, 'a-barista.txt'),
      'Barista\n\nResponsibilities\n- Pull espresso shots.\n- Steam milk.\n',
    );
    const update = await run(['import', path.join(dir, 'a-barista.txt')], env);
    assert.equal(update.code, 0);
    assert.match(update.stdout, /updated\s+barista/);
    assert.ok((await readFile(path.join(dir, 'a-barista.txt'), 'utf8')).includes('Steam milk'));
  });
});

describe('rolecraft admin and mail', () => {
  let db: ProcessDatabase;
  before(async () => {
    db = await processDatabase('cli-admin');
  });
  after(() => db.drop());

  it('creates a platform administrator with a generated password shown once', async () => {
    const result = await run(
      ['admin', 'create-user', '--email', 'Root@Example.com', '--platform-admin'],
      db.env,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Created platform administrator root@example\.com\./);
    const password = /Password \(shown once\): (\S+)/.exec(result.stdout)?.[1];
    assert.ok(password && password.length >= 20, 'a long generated password');
    assertOneLineError(
      await run(['admin', 'create-user', '--email', 'root@example.com'], db.env),
      /already has an account/,
    );
  });

  it('takes a password on stdin, held to the password policy', async () => {
    const weak = await run(
      ['admin', 'create-user', '--email', 'weak@example.com', '--password-stdin'],
      db.env,
      'password\n',
    );
    assertOneLineError(weak, /too common/);
    const ok = await run(
      ['admin', 'create-user', '--email', 'strong@example.com', '--password-stdin'],
      db.env,
      'a long and unusual passphrase\n',
    );
    assert.equal(ok.code, 0, ok.stderr);
    assert.doesNotMatch(ok.stdout, /Password/, 'a given password is not printed');
  });

  it('disables and enables accounts, and refuses bad usage with exit 2', async () => {
    const disabled = await run(['admin', 'disable-user', '--email', 'strong@example.com'], db.env);
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.match(disabled.stdout, /Disabled strong@example\.com and ended its sessions/);
    assert.equal((await run(['admin', 'enable-user', '--email', 'strong@example.com'], db.env)).code, 0);
    assertOneLineError(
      await run(['admin', 'disable-user', '--email', 'nobody@example.com'], db.env),
      /not found/,
    );
    assert.equal((await run(['admin', 'create-user'], db.env)).code, 2);
    assert.equal((await run(['admin', 'promote', '--email', 'x@example.com'], db.env)).code, 2);
  });

  it('lists the mail outbox', async () => {
    const result = await run(['mail'], db.env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /outbox is empty/);
    assert.equal((await run(['mail', '--limit', '0'], db.env)).code, 2);
  });
});
