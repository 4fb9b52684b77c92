// The orphan-file sweep: bytes no `files` row names are deleted once old enough to belong to no
// open transaction (a crash between storing an upload and committing its application), and never
// the bytes of a committed application or a fresh upload.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { apply, freshAddress } from '../applications.ts';
import { buildTestApp, type TestApp } from '../helpers.ts';
import { makeEmployer, postingBody } from '../postings.ts';

describe('sweeping stored files no application refers to', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ seed: false });
  });
  after(() => t.close());

  it('removes old orphans only', async () => {
    const e = await makeEmployer(t);
    const posting = await e.create(postingBody());
    await e.publish(posting.id);
    const res = await apply(t.app, e.slug, posting.id, { remoteAddress: freshAddress() });
    assert.equal(res.statusCode, 201, res.body);
    const [row] = await queryRows<{ key: string }>(t.database.db, sql`select storage_key as key from files`);
    const kept = row!.key;
    // What a kill -9 between storing and committing leaves: bytes without a row.
    const oldOrphan = await t.app.storage.put(Buffer.from('%PDF-1.4 orphan'));
    const freshOrphan = await t.app.storage.put(Buffer.from('%PDF-1.4 in flight'));
    const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
    const file = path.join(t.config.fileStorageDir, oldOrphan.slice(0, 2), oldOrphan);
    await utimes(file, twoHoursAgo, twoHoursAgo);
    // Also old, but referenced: never touched.
    await utimes(path.join(t.config.fileStorageDir, kept.slice(0, 2), kept), twoHoursAgo, twoHoursAgo);

    // A write a crash interrupted: the temp file the rename never happened to.
    const shard = path.join(t.config.fileStorageDir, oldOrphan.slice(0, 2));
    const temp = path.join(shard, `.tmp-${'0'.repeat(32)}-dead`);
    await writeFile(temp, 'half');
    await utimes(temp, twoHoursAgo, twoHoursAgo);

    assert.equal(await t.app.tasks.sweepOrphanFiles(), 2);
    assert.equal(existsSync(temp), false, 'the stale temp file is gone');
    assert.equal(await t.app.storage.exists(oldOrphan), false);
    assert.equal(await t.app.storage.exists(freshOrphan), true, 'younger than an hour: may still commit');
    assert.equal(await t.app.storage.exists(kept), true);
    assert.equal(await t.app.tasks.sweepOrphanFiles(), 0, 'nothing left to sweep');
  });
});
