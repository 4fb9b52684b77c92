// One organization's open jobs: a page of them, how many match, and (optionally) the facet counts,
// in one statement over posting_search (see migrations/0006_postings.sql). The matching rows are
// gathered once; the page is ranked in two tiers (title matches first, then the rest), newest
// first within each, so ranking never reads the large body vectors. Organizations with many open
// postings are searched in memory instead (board-index/), with the same results.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import type { BoardIndexes } from './board-index/registry.ts';
import { toFacets } from './facets.ts';
import type { BoardFilter, BoardRow } from './repo.ts';
import type { Facets } from './schemas.ts';

export interface FacetCombo {
  department: string | null;
  employmentType: string | null;
  workplaceType: string;
  locationKeys: string[];
  currency: string | null;
  /** How many PAY_STEPS (facets.ts) the posting's pay reaches. */
  payStep: number;
  count: number;
}

export interface SearchResult {
  rows: (BoardRow & { publishedAt: string })[];
  total: number;
  /** Only when asked for. */
  facets?: Facets | undefined;
  /** Which search answered: the in-memory index or PostgreSQL (the Server-Timing header says). */
  answeredBy: 'memory' | 'database';
}

export interface SearchPage {
  limit: number;
  offset: number;
  /** Keyset (newest first) when there is no q: the last row's published_at (exact) and id. */
  after?: { publishedAt: string; id: string } | undefined;
}

type Ranked = BoardRow & { publishedAt: string; in_title?: boolean; at?: string };

export async function searchBoard(
  db: Db,
  orgId: string,
  f: BoardFilter,
  page: SearchPage,
  withFacets: boolean,
  indexes?: BoardIndexes,
): Promise<SearchResult> {
  const fromMemory = await indexes?.search(db, orgId, f, page, withFacets);
  return fromMemory ?? searchInSql(db, orgId, f, page, withFacets);
}

/** The search in PostgreSQL: for every organization until (or unless) it has an index in memory. */
export async function searchInSql(
  db: Db,
  orgId: string,
  f: BoardFilter,
  page: SearchPage,
  withFacets: boolean,
): Promise<SearchResult> {
  const after =
    page.after && !f.q
      ? sql`where (m.published_at, m.posting_id) < (${page.after.publishedAt}::timestamptz, ${page.after.id}::uuid)`
      : sql``;
  const facets = withFacets
    ? sql`(select coalesce(json_agg(f), '[]') from (
          select c.department, c.employment_type as "employmentType", c.workplace_type as "workplaceType",
                 c.location_keys as "locationKeys", c.salary_currency as currency, c.pay_step as "payStep", g.count
          from (select facet_combo, count(*)::int as count from m group by facet_combo) g
          join posting_facet_combos c on c.id = g.facet_combo) f)`
    : sql`'[]'::json`;
  const [row] = await queryRows<{ rows: SearchResult['rows'] | null; total: number; combos: FacetCombo[] }>(
    db,
    sql`with m as materialized (
          select * from rolecraft_board_rows(${orgId}, ${f.q ?? null}, ${f.location ?? null}, ${f.department ?? null},
            ${f.employmentType ?? null}, ${f.workplaceType ?? null}, ${f.pay?.currency ?? null}, ${f.pay?.min ?? null})
        ), top as (
          select m.posting_id, m.published_at, m.in_title from m ${after}
          order by m.in_title desc, m.published_at desc, m.posting_id desc
          limit ${page.limit + 1} offset ${page.offset}
        )
        select
          (select json_agg(j order by j.in_title desc, j.at desc, j.id desc) from (
             select p.id, p.number, p.slug, p.status, p.content, p.first_published_at as "firstPublishedAt",
                    p.updated_at as "updatedAt", top.published_at::text as "publishedAt", top.in_title,
                    top.published_at as at
             from top join postings p on p.id = top.posting_id) j) as rows,
          (select count(*)::int from m) as total,
          ${facets} as combos`,
  );
  return {
    rows: (row?.rows ?? []).map(({ in_title: _t, at: _a, ...r }: Ranked) => r),
    total: Number(row?.total ?? 0),
    facets: withFacets ? toFacets(row?.combos ?? []) : undefined,
    answeredBy: 'database',
  };
}

/**
 * When the organization's next open posting expires (null: any organization's, for site-wide
 * documents): cached pages must not outlive it.
 */
export async function nextExpiry(db: Db, orgId: string | null): Promise<Date | null> {
  const [row] = await queryRows<{ at: string | null }>(
    db,
    sql`select min(valid_through) as at from posting_search
        where ${orgId === null ? sql`true` : sql`org_id = ${orgId}`} and valid_through > now()`,
  );
  return row?.at ? new Date(row.at) : null;
}
