// The in-memory board search (src/modules/careers/board-index) against PostgreSQL's own answer
// (careers/search.ts searchInSql) on the same database: every query, filter and page must give the
// same postings in the same order, the same total and the same facet counts, before and after
// postings are published, edited, closed, reopened, expired and deleted, and while a writing
// transaction is still open.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { BoardIndexes } from '../../src/modules/careers/board-index/registry.ts';
import type { BoardFilter } from '../../src/modules/careers/repo.ts';
import { type SearchPage, type SearchResult, searchInSql } from '../../src/modules/careers/search.ts';
import { buildTestApp, send, type TestApp } from '../helpers.ts';
import { type Employer, makeEmployer, postingBody } from '../postings.ts';

const TITLES = [
  'Backend Developer',
  'Senior Backend Engineer',
  'Head of Sales',
  'Full-Stack Developer',
  'Registered Nurse',
  'Data Analyst',
];
const SUMMARIES = [
  'You will build backend developer tooling with Python and PostgreSQL.',
  'A developer backend role: services, queues and the on-call rotation.',
  'Lead the head of sales team across Europe and grow our partners.',
  'Full-stack work with React and Node.js, from the database to the browser.',
  'Care for patients on a busy ward, with nights and weekends in rotation.',
  'Turn data into decisions with SQL, dashboards and careful experiments.',
];
const CITIES = [
  { city: 'Berlin', region: 'BE', countryCode: 'DE' },
  { city: 'Hamburg', region: 'HH', countryCode: 'DE' },
  { city: 'Munich', region: 'BY', countryCode: 'DE' },
];

/** Postings that differ in every searchable and filterable way; every fourth states no pay. */
function varied(i: number) {
  return postingBody({
    title: TITLES[i % TITLES.length],
    department: i % 5 === 0 ? undefined : ['Engineering', 'Sales', 'Care', 'Data'][i % 4],
    summary: `${SUMMARIES[(i * 7) % SUMMARIES.length]} This is opening number ${i}.`,
    locations: [CITIES[i % 3]],
    workplaceType: ['on_site', 'hybrid', 'remote'][i % 3],
    ...(i % 3 === 2 ? { applicantLocationRequirements: ['DE'] } : {}),
    employmentType: ['FULL_TIME', 'PART_TIME', 'CONTRACTOR', 'INTERN'][i % 4],
    salary:
      i % 4 === 3
        ? undefined
        : { min: 30_000 + i * 1000, max: 50_000 + i * 2500, currency: i % 2 ? 'EUR' : 'USD', period: 'YEAR' },
  });
}

const QUERIES = [
  undefined,
  'developer',
  '"backend developer"',
  '"developer backend"',
  'backend -sales',
  'nurse or analyst',
  '"head of sales"',
  'full-stack',
  '-"backend developer"',
  'opening 7',
  'the',
  'zeppelin',
];

let t: TestApp;
let e: Employer;
let filters: BoardFilter[];

const normal = (r: SearchResult) => ({
  rows: r.rows.map((row) => [row.id, row.publishedAt, row.slug, row.content.title]),
  total: r.total,
  facets: r.facets,
});

/** Both answers to one search, and that they are equal. */
async function same(indexes: BoardIndexes, filter: BoardFilter, page: SearchPage) {
  const { db } = t.database;
  const fromSql = await searchInSql(db, e.orgId, filter, page, true);
  const fromMemory = await indexes.search(db, e.orgId, filter, page, true);
  const label = JSON.stringify({ filter, page });
  assert.ok(fromMemory, `answered from memory: ${label}`);
  assert.deepEqual(normal(fromMemory), normal(fromSql), label);
  return fromSql;
}

/** Every query with every filter, two offset pages, and (without words) the keyset's next page. */
async function sameEverywhere(indexes: BoardIndexes) {
  let compared = 0;
  for (const q of QUERIES)
    for (const f of filters) {
      const filter = { ...f, q };
      const first = await same(indexes, filter, { limit: 4, offset: 0 });
      await same(indexes, filter, { limit: 4, offset: 4 });
      const last = first.rows[3];
      if (!q && last) await same(indexes, filter, { limit: 4, offset: 0, after: last });
      compared++;
    }
  return compared;
}

const call = async (method: 'POST' | 'PATCH', url: string, payload?: object) => {
  const res = await send(t.app, method, url, e.headers, payload);
  assert.ok(res.statusCode < 300, `${method} ${url} → ${res.statusCode} ${res.body}`);
  return res.json();
};
const ids: string[] = [];

before(async () => {
  t = await buildTestApp({ seed: false, env: { RATE_LIMIT_API_PER_MINUTE: '0' } });
  e = await makeEmployer(t);
  for (let i = 0; i < 40; i++) {
    const p = await e.create(varied(i));
    await e.publish(p.id);
    ids.push(p.id);
  }
  const whole = await searchInSql(t.database.db, e.orgId, {}, { limit: 1, offset: 0 }, true);
  const location = whole.facets!.location[0]!.value;
  filters = [
    {},
    { location },
    { department: 'Engineering' },
    { workplaceType: 'remote' },
    { employmentType: 'PART_TIME' },
    { pay: { currency: 'EUR', min: 75_000 } },
    { location, employmentType: 'FULL_TIME' },
  ];
});
after(() => t.close());

describe('the in-memory board search', () => {
  const indexes = new BoardIndexes({ minPostings: 1, eager: true });

  it('answers every query, filter and page exactly as PostgreSQL does', async () => {
    assert.equal(await sameEverywhere(indexes), QUERIES.length * filters.length);
    assert.deepEqual(indexes.stats().organizations, 1);
    assert.ok(indexes.stats().bytes > 0);
  });

  it('follows publishing, edits, closing, reopening, expiry and deletion on the next search', async () => {
    const fresh = await e.create(varied(40));
    await call('PATCH', `/api/v1/org/postings/${fresh.id}`, { summary: 'A zeppelin pilot for our airship.' });
    await e.publish(fresh.id);
    await call('PATCH', `/api/v1/org/postings/${ids[0]}`, { title: 'Zeppelin Engineer' });
    await call('POST', `/api/v1/org/postings/${ids[1]}/close`);
    await call('POST', `/api/v1/org/postings/${ids[2]}/close`);
    await call('POST', `/api/v1/org/postings/${ids[2]}/reopen`);
    await t.database.db.execute(
      sql`update postings set valid_through = now() - interval '1 second' where id = ${ids[3]}`,
    );
    await sameEverywhere(indexes);
    const zeppelin = await same(indexes, { q: 'zeppelin' }, { limit: 10, offset: 0 });
    // The title match ranks first; the closed and the expired postings are gone.
    assert.deepEqual(
      zeppelin.rows.map((r) => r.id),
      [ids[0], fresh.id],
    );
    const all = await same(indexes, {}, { limit: 100, offset: 0 });
    assert.equal(all.total, 39);
    assert.ok(!all.rows.some((r) => r.id === ids[1] || r.id === ids[3]));
    assert.ok(all.rows.some((r) => r.id === ids[2]));
    // A posting deleted outright (here through its organization's data) leaves the index too.
    await t.database.db.execute(sql`delete from postings where id = ${ids[4]}`);
    assert.ok(!(await same(indexes, {}, { limit: 100, offset: 0 })).rows.some((r) => r.id === ids[4]));
  });

  it('rebuilds when more postings changed than it applies, answering from SQL meanwhile', async () => {
    const small = new BoardIndexes({ minPostings: 1, eager: true, maxChanges: 2 });
    await same(small, {}, { limit: 5, offset: 0 });
    for (const i of [5, 6, 7])
      await call('PATCH', `/api/v1/org/postings/${ids[i]}`, { title: `Retitled ${i}` });
    const during = await small.search(
      t.database.db,
      e.orgId,
      { q: 'retitled' },
      { limit: 5, offset: 0 },
      true,
    );
    assert.equal(during, undefined, 'too many changes: SQL answers while the index is rebuilt');
    for (
      let tries = 0;
      !(await small.search(t.database.db, e.orgId, {}, { limit: 1, offset: 0 }, true));
      tries++
    ) {
      assert.ok(tries < 100, 'rebuilt within 5 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal((await same(small, { q: 'retitled' }, { limit: 5, offset: 0 })).total, 3);
  });

  it('answers the next search after a failed catch-up (a lost connection) and does not wedge', async () => {
    const flaky = new BoardIndexes({ minPostings: 1, eager: true });
    const { db } = t.database;
    await same(flaky, {}, { limit: 5, offset: 0 });
    // The same database, with its next statement failing, when the test says, as a dropped
    // connection would.
    let failNext = true;
    let drop!: () => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const broken = new Proxy(db, {
      get(target, key, receiver) {
        if (key !== 'execute') return Reflect.get(target, key, receiver);
        return (...args: Parameters<typeof db.execute>) => {
          if (!failNext) return target.execute(...args);
          failNext = false;
          started();
          return new Promise((_, reject) => {
            drop = () => reject(new Error('connection terminated'));
          });
        };
      },
    });
    const page = { limit: 5, offset: 0 };
    const first = flaky.search(broken, e.orgId, {}, page, true);
    await running;
    // Arrives while the first check runs, so it waits for a check of its own.
    const second = flaky.search(broken, e.orgId, {}, page, true);
    drop();
    await assert.rejects(first, /connection terminated/);
    assert.ok(await second, 'the second search ran its own check and answered from memory');
    await call('PATCH', `/api/v1/org/postings/${ids[9]}`, { title: 'Recovered Engineer' });
    const found = await same(flaky, { q: 'recovered' }, page);
    assert.deepEqual(
      found.rows.map((r) => r.id),
      [ids[9]],
    );
  });

  it('renews an old index in the background while the old one keeps answering', async () => {
    const renewing = new BoardIndexes({ minPostings: 1, eager: true, maxAgeMs: 0 });
    await same(renewing, {}, { limit: 5, offset: 0 });
    const first = renewing.builtAt(e.orgId)!;
    // Old at once (maxAgeMs 0): this search starts a successor and is still answered from memory.
    await same(renewing, { q: 'developer' }, { limit: 5, offset: 0 });
    for (let tries = 0; renewing.builtAt(e.orgId) === first; tries++) {
      assert.ok(tries < 100, 'renewed within 5 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    await same(renewing, { q: 'developer' }, { limit: 5, offset: 0 });
  });

  it('holds at most its budget of postings, dropping the least recently used organization', async () => {
    const other = await makeEmployer(t);
    for (let i = 0; i < 3; i++) await other.publish((await other.create(varied(i))).id);
    const { db } = t.database;
    const [held] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from posting_search where org_id = ${e.orgId}`,
    );
    // Room for the first organization, not for both.
    const budget = new BoardIndexes({ minPostings: 1, eager: true, maxPostings: Number(held!.n) + 2 });
    assert.ok(await budget.search(db, e.orgId, {}, { limit: 1, offset: 0 }, true));
    assert.equal(budget.stats().organizations, 1);
    assert.ok(await budget.search(db, other.orgId, {}, { limit: 1, offset: 0 }, true));
    assert.deepEqual(budget.stats(), { ...budget.stats(), organizations: 1, postings: 3 });
    // The first organization's index was dropped to make room; its next search builds it again
    // (eagerly, in this test) and the other one goes.
    assert.ok(await budget.search(db, e.orgId, {}, { limit: 1, offset: 0 }, true));
    assert.deepEqual(budget.stats(), { ...budget.stats(), organizations: 1, postings: Number(held!.n) });
    const off = new BoardIndexes({ minPostings: 1, eager: true, maxPostings: 0 });
    assert.equal(await off.search(db, e.orgId, {}, { limit: 1, offset: 0 }, true), undefined);
    const threshold = new BoardIndexes({ minPostings: 10, eager: true });
    assert.equal(await threshold.search(db, other.orgId, {}, { limit: 1, offset: 0 }, true), undefined);
    assert.equal(threshold.stats().organizations, 0, 'three postings are below the threshold');
  });

  it('sees a change committed after a search that ran while its transaction was open', {
    skip: !process.env.DATABASE_URL && 'one connection: PGlite cannot search beside an open transaction',
  }, async () => {
    const { db } = t.database;
    await same(indexes, {}, { limit: 1, offset: 0 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => {
      written = resolve;
    });
    const open = db.transaction(async (tx) => {
      await tx.execute(sql`update postings set title = 'Quokka Keeper' where id = ${ids[8]}`);
      written();
      await gate;
    });
    await wrote;
    // The index looks while the transaction is open: it must not move past it.
    assert.equal((await same(indexes, { q: 'quokka' }, { limit: 5, offset: 0 })).total, 0);
    release();
    await open;
    assert.deepEqual(
      (await same(indexes, { q: 'quokka' }, { limit: 5, offset: 0 })).rows.map((r) => r.id),
      [ids[8]],
    );
  });

  it('prunes tombstones of removed postings after a day', async () => {
    const { db } = t.database;
    const count = async () =>
      Number(
        (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from posting_search_removed`))[0]!
          .n,
      );
    const before = await count();
    assert.ok(before >= 2, 'closing and deleting left tombstones');
    await db.execute(
      sql`update posting_search_removed set removed_at = now() - interval '25 hours'
          where posting_id = ${ids[1]}`,
    );
    assert.ok((await t.app.tasks.pruneSearchTombstones()) >= 1);
    assert.ok((await count()) < before);
    assert.equal(
      (await queryRows(db, sql`select 1 from posting_search_removed where posting_id = ${ids[1]}`)).length,
      0,
    );
  });
});
