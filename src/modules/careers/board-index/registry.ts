// In-memory search indexes of the organizations with many open postings, kept exactly in step
// with posting_search. PostgreSQL stays the source of truth and the fallback: an organization's
// searches use SQL (careers/search.ts) until its index is built, while it is rebuilt, and for
// queries the index does not handle.
//
// Freshness without trusting notifications: every search first asks the database which rows were
// written or removed since the index last looked (by the writing transaction's id, migration
// 0010), and applies them. A transaction still running when the index looked has an id at or above
// that snapshot's xmin, so nothing committed later is missed.
import { type SQL, sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { type Db, queryRows } from '../../../db/client.ts';
import type { BoardFilter, BoardRow } from '../repo.ts';
import type { SearchPage, SearchResult } from '../search.ts';
import { type Combo, type DocRow, OrgIndex, SegmentBuilder, timestampMicros } from './org-index.ts';
import { parseTsquery, type QueryNode, UnsupportedQuery } from './tsquery.ts';

export interface BoardIndexOptions {
  /** Organizations with fewer open postings are searched in SQL (fast enough there). */
  minPostings?: number;
  /** All indexes together hold at most this many postings (0: no indexes); least used go first. */
  maxPostings?: number;
  /** More changes than this since the base was built: rebuild instead of applying them. */
  maxChanges?: number;
  /** An index older than this is rebuilt (serving meanwhile); 12 h, half the tombstones' day. */
  maxAgeMs?: number;
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /**
   * Tests: build on an organization's first search and wait for it (instead of answering from SQL
   * meanwhile), and look again at every search while an organization is too small.
   */
  eager?: boolean;
}

type Ready = {
  kind: 'ready';
  index: OrgIndex;
  /** Changes by transactions at or above this id (xid8 text) are not known to be applied yet. */
  low: bigint;
  builtAt: number;
  usedAt: number;
  running?: Promise<void> | undefined;
  /** A successor is being built (the index is old); this one serves meanwhile. */
  renewing?: boolean;
  queued?: Promise<void> | undefined;
};
type State = { kind: 'probing' | 'building' } | { kind: 'skip'; until: number } | Ready;

const CHUNK = 2000;
const REPROBE_MS = 10 * 60_000;
/** Tombstones are kept a day (sweep); an index older than half of that is rebuilt. */
const MAX_AGE_MS = 12 * 3600_000;

export class BoardIndexes {
  private readonly states = new Map<string, State>();
  private readonly queries = new LRUCache<string, { tree: QueryNode | null } | { unsupported: true }>({
    max: 5000,
  });
  private builds: Promise<unknown> = Promise.resolve();
  private readonly minPostings: number;
  private readonly maxPostings: number;
  private readonly maxChanges: number;

  constructor(private readonly options: BoardIndexOptions = {}) {
    this.minPostings = options.minPostings ?? 1000;
    this.maxPostings = options.maxPostings ?? 200_000;
    this.maxChanges = options.maxChanges ?? 2000;
  }

  /**
   * The search from memory, or undefined when SQL must answer (no index yet, or a query the index
   * does not handle). Starts building an index for a large organization in the background.
   */
  async search(
    db: Db,
    orgId: string,
    filter: BoardFilter,
    page: SearchPage,
    withFacets: boolean,
  ): Promise<SearchResult | undefined> {
    if (this.maxPostings === 0) return undefined;
    let state = this.states.get(orgId);
    if (!state || (state.kind === 'skip' && state.until <= Date.now())) {
      this.states.set(orgId, { kind: 'probing' });
      const probing = this.probe(db, orgId);
      if (!this.options.eager) return undefined;
      await probing;
      state = this.states.get(orgId);
    }
    if (state?.kind !== 'ready') return undefined;
    if (Date.now() - state.builtAt > (this.options.maxAgeMs ?? MAX_AGE_MS) && !state.renewing) {
      // Still exact (tombstones outlive it), so it serves until its successor is built.
      state.renewing = true;
      this.build(db, orgId, { keepServing: true }).catch((error: Error) => {
        state.renewing = false;
        this.options.log?.warn({ err: error.message, orgId }, 'search index not renewed');
      });
    }
    const after = page.after && !filter.q ? page.after : undefined;
    const afterUs = after ? timestampMicros(after.publishedAt) : undefined;
    if (after && afterUs === undefined) return undefined;
    const [query] = await Promise.all([
      filter.q ? this.parse(db, filter.q) : undefined,
      this.refresh(db, orgId, state),
    ]);
    if (query && 'unsupported' in query) return undefined;
    if (this.states.get(orgId) !== state) return undefined; // too many changes: being rebuilt
    state.usedAt = Date.now();
    const found = state.index.search({
      tree: query?.tree,
      filter,
      after: after && { us: afterUs!, id: after.id },
      offset: page.offset,
      take: page.limit + 1,
      nowMs: Date.now(),
      withFacets,
    });
    return {
      rows: await pageRows(
        db,
        found.page.map((h) => h.id),
      ),
      total: found.total,
      facets: found.facets,
      answeredBy: 'memory',
    };
  }

  /** Builds the indexes of the largest organizations that fit, one after the other. */
  async warm(db: Db): Promise<void> {
    if (this.maxPostings === 0) return;
    const orgs = await queryRows<{ orgId: string; n: number }>(
      db,
      sql`select org_id as "orgId", count(*)::int as n from posting_search group by org_id
          having count(*) >= ${this.minPostings} order by count(*) desc`,
    );
    let room = this.maxPostings;
    for (const { orgId, n } of orgs) {
      if (n > room || this.states.has(orgId)) continue;
      room -= n;
      await this.build(db, orgId).catch((error: Error) =>
        this.options.log?.warn({ err: error.message, orgId }, 'search index not built'),
      );
    }
  }

  /** Builds (or rebuilds) an organization's index now, whatever its size. */
  async build(db: Db, orgId: string, options: { keepServing?: boolean } = {}): Promise<void> {
    if (!options.keepServing) this.states.set(orgId, { kind: 'building' });
    const run = this.builds.then(() => this.load(db, orgId));
    this.builds = run.catch(() => {});
    try {
      await run;
    } catch (error) {
      if (!options.keepServing) this.states.set(orgId, { kind: 'skip', until: Date.now() + 60_000 });
      throw error;
    }
  }

  /** When the organization's index was built (tests), or undefined. */
  builtAt(orgId: string): number | undefined {
    const state = this.states.get(orgId);
    return state?.kind === 'ready' ? state.builtAt : undefined;
  }

  /** What the indexes hold, for /metrics. */
  stats() {
    let organizations = 0;
    let postings = 0;
    let bytes = 0;
    for (const state of this.states.values()) {
      if (state.kind !== 'ready') continue;
      organizations++;
      postings += state.index.size;
      bytes += state.index.bytes;
    }
    return { organizations, postings, bytes };
  }

  /** Forgets every index (a lost notification connection, or tests). */
  clear() {
    this.states.clear();
  }

  private async probe(db: Db, orgId: string) {
    try {
      const [row] = await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from posting_search where org_id = ${orgId}`,
      );
      const n = Number(row?.n ?? 0);
      if (n >= this.minPostings && n <= this.maxPostings) await this.build(db, orgId);
      else
        this.states.set(orgId, { kind: 'skip', until: Date.now() + (this.options.eager ? 0 : REPROBE_MS) });
    } catch (error) {
      this.states.set(orgId, { kind: 'skip', until: Date.now() + 60_000 });
      this.options.log?.warn({ err: (error as Error).message, orgId }, 'search index not built');
    }
  }

  private rebuild(db: Db, orgId: string) {
    this.build(db, orgId).catch((error: Error) =>
      this.options.log?.warn({ err: error.message, orgId }, 'search index not rebuilt'),
    );
  }

  private async load(db: Db, orgId: string) {
    const started = performance.now();
    const [mark] = await queryRows<{ low: string }>(
      db,
      sql`select pg_snapshot_xmin(pg_current_snapshot())::text as low`,
    );
    // Read in rank order (the board index), a chunk at a time, parsing each chunk as it comes so
    // the event loop is never held for long and the text is not all kept at once. Rows written
    // meanwhile may be read twice or missed; the first catch-up applies them (written ≥ low).
    const base = new SegmentBuilder();
    const comboIds = new Set<number>();
    let after = sql`true`;
    for (;;) {
      const chunk = await docRows(
        db,
        sql`s.org_id = ${orgId} and ${after} order by s.published_at desc, s.posting_id desc limit ${CHUNK}`,
      );
      for (const r of chunk) {
        base.add(r);
        comboIds.add(r.combo);
      }
      const last = chunk.at(-1);
      if (!last || chunk.length < CHUNK) break;
      after = sql`(s.published_at, s.posting_id) < (${last.at}::timestamptz, ${last.id}::uuid)`;
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.makeRoom(base.size, orgId);
    const index = new OrgIndex(base, await combos(db, comboIds));
    const now = Date.now();
    this.states.set(orgId, {
      kind: 'ready',
      index,
      low: BigInt(mark!.low),
      builtAt: now,
      usedAt: now,
    });
    this.options.log?.info(
      {
        orgId,
        postings: index.size,
        ms: Math.round(performance.now() - started),
        mb: Math.round(index.bytes / 2 ** 20),
      },
      'search index built',
    );
  }

  /** Drops the least recently used indexes until `n` more postings fit. */
  private makeRoom(n: number, orgId: string) {
    const ready = [...this.states].filter(
      (e): e is [string, Ready] => e[1].kind === 'ready' && e[0] !== orgId,
    );
    let held = ready.reduce((sum, [, s]) => sum + s.index.size, 0);
    for (const [id, s] of ready.sort((a, b) => a[1].usedAt - b[1].usedAt)) {
      if (held + n <= this.maxPostings) break;
      this.states.delete(id);
      held -= s.index.size;
    }
  }

  /**
   * Brings the index up to date. Callers share a pending check, but one that is already running
   * may have looked before their request arrived, so they wait for the next one.
   */
  private refresh(db: Db, orgId: string, state: Ready): Promise<void> {
    if (state.queued) return state.queued;
    // After the running check, whether it succeeded or not (its callers got its error).
    const queued = (state.running ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        state.queued = undefined;
        state.running = queued;
        try {
          await this.catchUp(db, orgId, state);
        } finally {
          if (state.running === queued) state.running = undefined;
        }
      });
    state.queued = queued;
    return queued;
  }

  private async catchUp(db: Db, orgId: string, state: Ready) {
    const [delta] = await queryRows<{ low: string; changed: { id: string; x: string }[]; removed: string[] }>(
      db,
      sql`select next_low as low, changed, removed
          from rolecraft_board_changes(${orgId}, ${String(state.low)}::xid8, ${this.maxChanges + 1})`,
    );
    if (!delta) return;
    // A change seen before (its writer is what the index holds) is not applied again.
    const changed = delta.changed.filter((c) => state.index.writtenBy(c.id) !== Number(c.x));
    const removed = delta.removed.filter((id) => state.index.writtenBy(id) !== undefined);
    if (delta.changed.length > this.maxChanges || state.index.changes + changed.length > this.maxChanges) {
      this.rebuild(db, orgId);
      return;
    }
    if (changed.length > 0) {
      const rows = await docRows(
        db,
        sql`s.posting_id = any(${`{${changed.map((c) => c.id).join(',')}}`}::uuid[])`,
      );
      const missing = new Set(rows.map((r) => r.combo).filter((id) => !state.index.hasCombo(id)));
      if (missing.size > 0) for (const c of await combos(db, missing)) state.index.addCombo(c);
      state.index.apply(rows, removed);
    } else {
      state.index.apply([], removed);
    }
    const low = BigInt(delta.low);
    if (low > state.low) state.low = low;
  }

  /** The tree of websearch_to_tsquery(q), asked of the database once per distinct q. */
  private async parse(db: Db, q: string) {
    const known = this.queries.get(q);
    if (known) return known;
    const [row] = await queryRows<{ t: string }>(
      db,
      sql`select websearch_to_tsquery('english', ${q})::text as t`,
    );
    let parsed: { tree: QueryNode | null } | { unsupported: true };
    try {
      parsed = { tree: parseTsquery(row?.t ?? '') };
    } catch (error) {
      if (!(error instanceof UnsupportedQuery)) throw error;
      parsed = { unsupported: true };
    }
    this.queries.set(q, parsed);
    return parsed;
  }
}

type LoadedRow = DocRow & { at: string };

/** posting_search rows as the index reads them; `where` may end with an order and a limit. */
async function docRows(db: Db, where: SQL): Promise<LoadedRow[]> {
  const rows = await queryRows<
    Omit<LoadedRow, 'x' | 'validMs' | 'payTop'> & { x: string; validMs: number | null; payTop: number | null }
  >(
    db,
    sql`select s.posting_id as id, s.written_by::text as x, s.published_at::text as at,
               (extract(epoch from s.published_at) * 1000000)::float8 as us,
               (extract(epoch from s.valid_through) * 1000)::float8 as "validMs",
               s.pay_top::float8 as "payTop", s.facet_combo as combo, s.title::text as title, s.body::text as body
        from posting_search s where ${where}`,
  );
  return rows.map((r) => ({
    ...r,
    x: Number(r.x),
    us: Number(r.us),
    validMs: r.validMs === null ? Number.POSITIVE_INFINITY : Number(r.validMs),
    payTop: r.payTop === null ? Number.NaN : Number(r.payTop),
  }));
}

async function combos(db: Db, ids: Set<number>): Promise<Combo[]> {
  if (ids.size === 0) return [];
  return queryRows<Combo>(
    db,
    sql`select c.id, c.department, c.employment_type as "employmentType", c.workplace_type as "workplaceType",
               c.location_keys as "locationKeys", c.salary_currency as currency, c.pay_step as "payStep"
        from posting_facet_combos c where c.id = any(${`{${[...ids].join(',')}}`}::int[])`,
  );
}

/** The page's postings, in the index's order (one that was unpublished meanwhile is left out). */
async function pageRows(db: Db, ids: string[]): Promise<SearchResult['rows']> {
  if (ids.length === 0) return [];
  const rows = await queryRows<BoardRow & { publishedAt: string }>(
    db,
    sql`select p.id, p.number, p.slug, p.status, p.content, p.first_published_at as "firstPublishedAt",
               p.updated_at as "updatedAt", s.published_at::text as "publishedAt"
        from posting_search s join postings p on p.id = s.posting_id
        where s.posting_id = any(${`{${ids.join(',')}}`}::uuid[])`,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Deletes tombstones older than a day (hourly): every index has looked, or been rebuilt, since. */
export async function pruneRemoved(db: Db): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with gone as (delete from posting_search_removed where removed_at < now() - interval '1 day' returning 1)
        select count(*)::int as n from gone`,
  );
  return Number(rows[0]?.n ?? 0);
}
