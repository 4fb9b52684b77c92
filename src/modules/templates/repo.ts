// Template queries. No business rules here; every function takes a db or a transaction.
import { and, asc, desc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { type Db, queryRows } from '../../db/client.ts';
import { templateSearch, templateSkills, templates, templateVersions } from '../../db/schema.ts';
import type { Template, TemplateSummary, TemplateVersion } from './schemas.ts';
import type { Category, Seniority } from './types.ts';

export type TemplateRow = typeof templates.$inferSelect;
export type NewTemplateRow = typeof templates.$inferInsert;
/** A template library: null is the global one, otherwise an organization's id. */
export type Library = string | null;

/** Which libraries a listing reads: one, or an organization's together with the global one. */
export interface LibraryScope {
  orgId: Library;
  includeGlobal?: boolean;
}

const inLibrary = (lib: Library) => (lib === null ? isNull(templates.orgId) : eq(templates.orgId, lib));

function inScope(scope: LibraryScope, column: AnyPgColumn): SQL {
  if (scope.orgId === null) return sql`${column} is null`;
  return scope.includeGlobal ? or(isNull(column), eq(column, scope.orgId))! : eq(column, scope.orgId);
}

export interface LinkedSkill {
  label: string;
  skillId: string | null;
}

/** A template's skills, in written order, as one JSON array. */
const skillsJson = sql<LinkedSkill[]>`coalesce((
  select json_agg(json_build_object('label', ts.label, 'skillId', ts.skill_id) order by ts.position)
  from template_skills ts where ts.template_id = templates.id), '[]'::json)`;

const summaryColumns = {
  id: templates.id,
  slug: templates.slug,
  role: templates.role,
  title: templates.title,
  summary: templates.summary,
  category: templates.category,
  seniority: templates.seniority,
  source: templates.source,
  library: sql<
    'global' | 'organization'
  >`case when ${templates.orgId} is null then 'global' else 'organization' end`,
  // Spelled out: Drizzle may leave a column unqualified, and inside the subquery that would name f's.
  forkedFrom: sql<string | null>`(select f.slug from templates f where f.id = templates.forked_from)`,
  version: templates.version,
  createdAt: templates.createdAt,
  updatedAt: templates.updatedAt,
  skills: skillsJson,
};

type SummaryRow = { [K in keyof typeof summaryColumns]: unknown } & {
  createdAt: Date | string;
  updatedAt: Date | string;
};

const iso = (d: Date | string) => new Date(d).toISOString();

function toSummary(row: SummaryRow): TemplateSummary {
  return {
    ...(row as unknown as TemplateSummary),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export async function findBySlug(db: Db, lib: Library, slug: string): Promise<Template | undefined> {
  const [row] = await db
    .select({
      ...summaryColumns,
      responsibilities: templates.responsibilities,
      qualifications: templates.qualifications,
      faqs: templates.faqs,
      extraSections: templates.extraSections,
      metadata: templates.metadata,
    })
    .from(templates)
    .where(and(inLibrary(lib), eq(templates.slug, slug)));
  return row ? (toSummary(row) as Template) : undefined;
}

export async function findIdBySlug(db: Db, lib: Library, slug: string) {
  const [row] = await db
    .select({ id: templates.id, version: templates.version })
    .from(templates)
    .where(and(inLibrary(lib), eq(templates.slug, slug)));
  return row;
}

export async function slugsStartingWith(db: Db, lib: Library, base: string): Promise<Set<string>> {
  const rows = await db
    .select({ slug: templates.slug })
    .from(templates)
    .where(and(inLibrary(lib), sql`(${templates.slug} = ${base} or ${templates.slug} like ${`${base}-%`})`));
  return new Set(rows.map((r) => r.slug));
}

export async function insertTemplate(db: Db, row: NewTemplateRow, skills: LinkedSkill[]) {
  await db.insert(templates).values(row);
  await replaceSkills(db, row.id!, skills);
}

/** Updates the row only if it is still at `expectedVersion`; returns false if it moved on. */
export async function updateTemplate(
  db: Db,
  id: string,
  expectedVersion: number,
  row: Partial<NewTemplateRow>,
  skills: LinkedSkill[],
): Promise<boolean> {
  const updated = await db
    .update(templates)
    .set({ ...row, updatedAt: sql`now()` })
    .where(and(eq(templates.id, id), eq(templates.version, expectedVersion)))
    .returning({ id: templates.id });
  if (updated.length === 0) return false;
  await replaceSkills(db, id, skills);
  return true;
}

async function replaceSkills(db: Db, templateId: string, skills: LinkedSkill[]) {
  await db.delete(templateSkills).where(eq(templateSkills.templateId, templateId));
  if (skills.length === 0) return;
  await db
    .insert(templateSkills)
    .values(skills.map((s, position) => ({ templateId, position, label: s.label, skillId: s.skillId })));
}

export async function deleteTemplate(db: Db, id: string) {
  await db.delete(templates).where(eq(templates.id, id));
}

export async function insertVersion(db: Db, templateId: string, version: number, content: unknown) {
  await db.insert(templateVersions).values({ templateId, version, content });
}

export async function listVersions(db: Db, templateId: string, before: number | undefined, limit: number) {
  const rows = await db
    .select()
    .from(templateVersions)
    .where(
      and(
        eq(templateVersions.templateId, templateId),
        before === undefined ? undefined : lt(templateVersions.version, before),
      ),
    )
    .orderBy(desc(templateVersions.version))
    .limit(limit);
  return rows.map(toVersion);
}

export async function getVersion(db: Db, templateId: string, version: number) {
  const [row] = await db
    .select()
    .from(templateVersions)
    .where(and(eq(templateVersions.templateId, templateId), eq(templateVersions.version, version)));
  return row ? toVersion(row) : undefined;
}

function toVersion(row: typeof templateVersions.$inferSelect): TemplateVersion {
  return {
    version: row.version,
    createdAt: iso(row.createdAt),
    content: row.content as TemplateVersion['content'],
  };
}

export interface Filters {
  category?: Category | undefined;
  seniority?: Seniority | undefined;
  skillId?: string | undefined;
}

function filterSql(
  f: Filters,
  on: { id: AnyPgColumn; category: AnyPgColumn; seniority: AnyPgColumn },
): SQL[] {
  const where: SQL[] = [];
  if (f.category) where.push(sql`${on.category} = ${f.category}`);
  if (f.seniority) where.push(sql`${on.seniority} = ${f.seniority}`);
  if (f.skillId) {
    where.push(
      sql`exists (select 1 from template_skills ts where ts.template_id = ${on.id} and ts.skill_id = ${f.skillId})`,
    );
  }
  return where;
}

const onTemplates = { id: templates.id, category: templates.category, seniority: templates.seniority };
const onSearch = {
  id: templateSearch.templateId,
  category: templateSearch.category,
  seniority: templateSearch.seniority,
};

/** The library in (slug, id) order, after a keyset cursor (a fork shares its original's slug). */
export async function listBySlug(
  db: Db,
  scope: LibraryScope,
  f: Filters,
  after: { s: string; i?: string | undefined } | undefined,
  limit: number,
) {
  const rows = await db
    .select(summaryColumns)
    .from(templates)
    .where(
      and(
        inScope(scope, templates.orgId),
        ...filterSql(f, onTemplates),
        after === undefined
          ? undefined
          : sql`(${templates.slug}, ${templates.id}) > (${after.s}, ${after.i ?? '00000000-0000-0000-0000-000000000000'}::uuid)`,
      ),
    )
    .orderBy(asc(templates.slug), asc(templates.id))
    .limit(limit);
  return rows.map(toSummary);
}

/**
 * Full-text search in tiers: templates whose role or title matches (ranked), then those whose
 * skills or category match (ranked), then those that match only elsewhere in the text (by slug).
 * Ranking only the first two keeps the work proportional to the relevant matches, not to every
 * template that mentions a word somewhere.
 */
export async function searchFullText(
  db: Db,
  scope: LibraryScope,
  q: string,
  f: Filters,
  offset: number,
  limit: number,
) {
  const query = sql`websearch_to_tsquery('english', ${q})`;
  const filters = [inScope(scope, templateSearch.orgId), ...filterSql(f, onSearch)];
  const inTitle = sql`template_search.title @@ ${query}`;
  const inHead = sql`template_search.head @@ ${query}`;
  const byRank = sql`ts_rank(template_search.head, ${query}, 1) desc`;
  const tiers = [
    { where: inTitle, order: byRank },
    { where: and(inHead, sql`not (${inTitle})`)!, order: byRank },
    { where: and(sql`template_search.body @@ ${query}`, sql`not (${inHead})`)!, order: undefined },
  ];
  const ids: string[] = [];
  let skip = offset;
  for (const tier of tiers) {
    if (ids.length >= limit) break;
    const where = and(tier.where, ...filters);
    const rows = await db
      .select({ id: templateSearch.templateId })
      .from(templateSearch)
      .where(where)
      .orderBy(...(tier.order ? [tier.order] : []), asc(templateSearch.slug), asc(templateSearch.templateId))
      .offset(skip)
      .limit(limit - ids.length);
    ids.push(...rows.map((r) => r.id));
    // The page starts in this tier (the next one is read from its start), or lies past it.
    if (rows.length > 0 || skip === 0) skip = 0;
    else {
      const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(templateSearch).where(where);
      skip = Math.max(0, skip - Number(count?.n ?? 0));
    }
  }
  return findSummaries(db, ids);
}

/** Summaries of these templates, in the order given. */
async function findSummaries(db: Db, ids: string[]): Promise<TemplateSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db.select(summaryColumns).from(templates).where(inArray(templates.id, ids));
  const byId = new Map(rows.map((r) => [r.id as string, toSummary(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Rebuilds a template's search row (the vectors are defined once, in SQL: rolecraft_refresh_search). */
export async function refreshSearch(db: Db, id: string) {
  await db.execute(sql`select rolecraft_refresh_search(${id}::uuid)`);
}

/**
 * The closest vocabulary word for each query word that is not itself in the vocabulary
 * (trigram similarity above pg_trgm's threshold; on a tie, the closest in length, so "backnd"
 * becomes "backend", not "back"); words with no close match are left out.
 */
export async function correctWords(db: Db, words: string[]): Promise<Map<string, string>> {
  const rows = await queryRows<{ word: string; fix: string | null }>(
    db,
    sql`select q.word, case when exists (select 1 from search_words v where v.word = q.word) then q.word else
          (select v.word from search_words v where v.word % q.word
           order by similarity(v.word, q.word) desc, abs(length(v.word) - length(q.word)), v.word
           limit 1) end as fix
        from jsonb_array_elements_text(${JSON.stringify(words)}::jsonb) as q(word)`,
  );
  return new Map(rows.filter((r) => r.fix).map((r) => [r.word, r.fix!]));
}

/** Adds a template's role, title and skill words to the vocabulary used for corrections. */
export async function addSearchWords(db: Db, text: string) {
  await db.execute(
    sql`insert into search_words (word) select rolecraft_words(${text}) on conflict do nothing`,
  );
}

/** The cache key of a template: its library and slug. */
export const cacheKey = (lib: Library, slug: string) => `${lib ?? ''}/${slug}`;

export async function notifyChanged(db: Db, lib: Library, slug: string) {
  await db.execute(sql`select pg_notify('rolecraft_templates', ${cacheKey(lib, slug)})`);
}
