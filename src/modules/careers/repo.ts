// Public reads of published postings: career sites, job-board API, feeds, sitemap, insights.
// "Published" means status published and not past its valid-through date, whether or not the
// auto-close job has run yet, so nothing expired is ever shown.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import type { PostingContent, PostingStatus } from '../postings/types.ts';

const LIVE = sql`p.status = 'published' and (p.valid_through is null or p.valid_through > now())`;

export interface EmployerRow {
  id: string;
  slug: string;
  name: string;
  website: string | null;
  logoUrl: string | null;
  brandColor: string | null;
  careersIntro: string;
  employeeCount: number | null;
}

export async function findEmployer(db: Db, slug: string): Promise<EmployerRow | undefined> {
  const [row] = await queryRows<EmployerRow>(
    db,
    sql`select id, slug, name, website, logo_url as "logoUrl", brand_color as "brandColor",
               careers_intro as "careersIntro", employee_count as "employeeCount"
        from organizations where slug = ${slug}`,
  );
  return row;
}

export interface BoardFilter {
  q?: string | undefined;
  location?: string | undefined;
  department?: string | undefined;
  employmentType?: string | undefined;
  workplaceType?: string | undefined;
  /** Postings paying at least this much a year (the top of their range) in this currency. */
  pay?: { currency: string; min: number } | undefined;
}

export interface BoardRow {
  id: string;
  number: number;
  slug: string;
  status: PostingStatus;
  content: PostingContent;
  firstPublishedAt: string;
  updatedAt: string;
}

const BOARD_COLUMNS = sql`p.id, p.number, p.slug, p.status, p.content,
  p.first_published_at as "firstPublishedAt", p.updated_at as "updatedAt"`;

/** A posting by slug or id for its public page: live, closed or expired (410), never a draft. */
export async function findPublic(db: Db, orgId: string, key: string) {
  const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(key);
  const [row] = await queryRows<BoardRow & { live: boolean }>(
    db,
    sql`select ${BOARD_COLUMNS}, (${LIVE}) as live from postings p
        where p.org_id = ${orgId} and p.first_published_at is not null and p.status <> 'draft'
          and ${byId ? sql`p.id = ${key}::uuid` : sql`p.slug = ${key}`}`,
  );
  return row;
}

/** Every live posting of an organization, for feeds (bounded: feeds are fetched whole). */
export async function allLive(db: Db, orgId: string, max: number) {
  return queryRows<BoardRow>(
    db,
    sql`select ${BOARD_COLUMNS} from postings p where p.org_id = ${orgId} and ${LIVE}
        order by p.published_at desc, p.id desc limit ${max}`,
  );
}

export interface SitemapRow {
  orgSlug: string;
  slug: string | null;
  lastmod: string;
}

/** Career pages (slug null) and job pages across organizations, in a stable order. */
export async function sitemapRows(db: Db, offset: number, limit: number) {
  return queryRows<SitemapRow>(
    db,
    sql`select o.slug as "orgSlug", p.slug, p.updated_at as lastmod
        from postings p join organizations o on o.id = p.org_id
        where ${LIVE} order by p.id limit ${limit} offset ${offset}`,
  );
}

export async function careerSites(db: Db) {
  return queryRows<{ orgSlug: string; lastmod: string; jobs: number }>(
    db,
    sql`select o.slug as "orgSlug", max(p.updated_at) as lastmod, count(*)::int as jobs
        from postings p join organizations o on o.id = p.org_id where ${LIVE}
        group by o.slug order by o.slug limit 50000`,
  );
}

export async function globalTemplates(db: Db) {
  return queryRows<{ slug: string; lastmod: string }>(
    db,
    sql`select slug, updated_at as lastmod from templates where org_id is null order by slug limit 50000`,
  );
}

export async function countLive(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from postings p where ${LIVE}`,
  );
  return Number(row?.n ?? 0);
}

export interface SalaryStats {
  currency: string;
  sampleSize: number;
  organizations: number;
  p25: number;
  p50: number;
  p75: number;
}

/**
 * Yearly pay (the middle of each bounded range) of live postings whose titles match the role, by
 * currency — in one country, or (country null) by country and currency.
 */
export async function salaryStats(
  db: Db,
  role: string,
  country: string | null,
): Promise<(SalaryStats & { country: string })[]> {
  const byCountry = country === null;
  const rows = await queryRows<SalaryStats & { country: string }>(
    db,
    sql`select ${byCountry ? sql`c.code` : sql`${country}::text`} as country,
               p.salary_currency as currency, count(*)::int as "sampleSize",
               count(distinct p.org_id)::int as organizations,
               percentile_cont(0.25) within group (order by (p.annual_min + p.annual_max) / 2) as p25,
               percentile_cont(0.5) within group (order by (p.annual_min + p.annual_max) / 2) as p50,
               percentile_cont(0.75) within group (order by (p.annual_min + p.annual_max) / 2) as p75
        from postings p ${byCountry ? sql`cross join unnest(p.countries) as c(code)` : sql``}
        where p.status = 'published' and p.annual_min is not null
          and p.annual_max is not null and (p.valid_through is null or p.valid_through > now())
          and to_tsvector('english', p.title) @@ plainto_tsquery('english', ${role})
          ${byCountry ? sql`` : sql`and ${country} = any(p.countries)`}
        group by 1, p.salary_currency order by count(*) desc limit 50`,
  );
  return rows.map((r) => ({
    ...r,
    sampleSize: Number(r.sampleSize),
    organizations: Number(r.organizations),
    p25: Math.round(Number(r.p25)),
    p50: Math.round(Number(r.p50)),
    p75: Math.round(Number(r.p75)),
  }));
}
