import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../../shared/errors.ts';
import { downloadHeaders, type FileStorage, isStorageKey, localStorage } from './storage.ts';

describe('localStorage', () => {
  let dir: string;
  let storage: FileStorage;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rolecraft-files-'));
    storage = localStorage(path.join(dir, 'store'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('round-trips bytes under a generated, sharded key with private permissions', async () => {
    const bytes = Buffer.from('%PDF-1.4 resume');
    const key = await storage.put(bytes);
    assert.match(key, /^[0-9a-f]{32}$/);
    assert.notEqual(await storage.put(bytes), key, 'every put gets a new key');
    assert.deepEqual(await storage.get(key), bytes);
    assert.equal(await storage.exists(key), true);
    const file = path.join(dir, 'store', key.slice(0, 2), key);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal((await stat(path.dirname(file))).mode & 0o777 & ~0o022, 0o700);
    assert.deepEqual(
      await readdir(path.dirname(file)).then((f) => f.filter((n) => n.startsWith('.tmp'))),
      [],
    );
  });

  it('removes idempotently and reports missing files as 404', async () => {
    const key = await storage.put(Buffer.from('x'));
    await storage.remove(key);
    await storage.remove(key);
    assert.equal(await storage.exists(key), false);
    await assert.rejects(storage.get(key), (err: unknown) => err instanceof AppError && err.status === 404);
  });

  it('lists stored keys for orphan sweeps, skipping temp and foreign files', async () => {
    const fresh = localStorage(path.join(dir, 'sweep'));
    const keys = [await fresh.put(Buffer.from('a')), await fresh.put(Buffer.from('b'))];
    const shard = path.join(dir, 'sweep', keys[0]!.slice(0, 2));
    await writeFile(path.join(shard, `.tmp-${keys[0]}-dead`), 'partial');
    await writeFile(path.join(shard, 'notes.txt'), 'x');
    const listed: string[] = [];
    for await (const key of fresh.keys()) listed.push(key);
    assert.deepEqual(listed.sort(), keys.sort());
    const empty: string[] = [];
    for await (const key of localStorage(path.join(dir, 'missing')).keys()) empty.push(key);
    assert.deepEqual(empty, []);
  });

  it('refuses keys that could address anything outside the directory', async () => {
    await writeFile(path.join(dir, 'secret'), 'top secret');
    const bad = [
      '../x',
      '../secret',
      '../../etc/passwd',
      '/etc/passwd',
      `${dir}/secret`,
      'ab/../../secret',
      '..\\secret',
      '',
      'A'.repeat(32),
      `${'a'.repeat(32)}/`,
      `${'a'.repeat(32)}\0`,
      'a'.repeat(33),
    ];
    for (const key of bad) {
      assert.equal(isStorageKey(key), false, key);
      const invalid = (err: unknown) => err instanceof AppError && err.code === 'invalid_file_key';
      await assert.rejects(storage.get(key), invalid, key);
      await assert.rejects(storage.remove(key), invalid, key);
      await assert.rejects(storage.exists(key), invalid, key);
    }
  });
});

describe('downloadHeaders', () => {
  it('forces a download with a safe, encoded file name', () => {
    const headers = downloadHeaders('application/pdf', 'Lebenslauf "Jürgen" (final).pdf');
    assert.equal(
      headers['content-disposition'],
      `attachment; filename="Lebenslauf _J_rgen_ (final).pdf"; filename*=UTF-8''Lebenslauf%20%22J%C3%BCrgen%22%20%28final%29.pdf`,
    );
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.match(headers['content-security-policy']!, /sandbox/);
  });
});
