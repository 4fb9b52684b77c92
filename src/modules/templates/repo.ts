// Template queries. No business rules here; every function takes a db or a transaction.
import { and, asc, desc, eq, gt, lt, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { templateSkills, templates, templateVersions } from '../../db/schema.ts';
import type { Template, TemplateSummary, TemplateVersion } from './schemas.ts';
import type { Category, Seniority } from './types.ts';

export type TemplateRow = typeof templates.$inferSelect;
export type NewTemplateRow = typeof templates.$inferInsert;
export interface LinkedSkill {
  label: string;
  skillId: string | null;
}

/** A template's skills, in written order, as one JSON array. */
const skillsJson = sql<LinkedSkill[]>`coalesce((
  select json_agg(json_build_object('label', ts.label, 'skillId', ts.skill_id) order by ts.position)
  from template_skills ts where ts.template_id = ${templates.id}), '[]'::json)`;

const summaryColumns = {
  id: templates.id,
  slug: templates.slug,
  role: templates.role,
  title: templates.title,
  summary: templates.summary,
  category: templates.category,
  seniority: templates.seniority,
  source: templates.source,
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

export async function findBySlug(db: Db, slug: string): Promise<Template | undefined> {
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
    .where(eq(templates.slug, slug));
  return row ? (toSummary(row) as Template) : undefined;
}

export async function findIdBySlug(db: Db, slug: string) {
  const [row] = await db
    .select({ id: templates.id, version: templates.version })
    .from(templates)
    .where(eq(templates.slug, slug));
  return row;
}

export async function slugsStartingWith(db: Db, base: string): Promise<Set<string>> {
  const rows = await db
    .select({ slug: templates.slug })
    .from(templates)
    .where(sql`${templates.slug} = ${base} or ${templates.slug} like ${`${base}-%`}`);
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

function filterSql(f: Filters): SQL[] {
  const where: SQL[] = [];
  if (f.category) where.push(eq(templates.category, f.category));
  if (f.seniority) where.push(eq(templates.seniority, f.seniority));
  if (f.skillId) {
    where.push(
      sql`exists (select 1 from template_skills ts where ts.template_id = ${templates.id} and ts.skill_id = ${f.skillId})`,
    );
  }
  return where;
}

/** The library in slug order, after a keyset cursor. */
export async function listBySlug(db: Db, f: Filters, afterSlug: string | undefined, limit: number) {
  const rows = await db
    .select(summaryColumns)
    .from(templates)
    .where(and(...filterSql(f), afterSlug === undefined ? undefined : gt(templates.slug, afterSlug)))
    .orderBy(asc(templates.slug))
    .limit(limit);
  return rows.map(toSummary);
}

/**
 * Full-text search, ranked: role and title weigh most, then skills (with every alias of a linked
 * skill), then the summary, then the rest of the text.
 */
export async function searchFullText(db: Db, q: string, f: Filters, offset: number, limit: number) {
  const query = sql`websearch_to_tsquery('english', ${q})`;
  const rows = await db
    .select(summaryColumns)
    .from(templates)
    .where(and(sql`search_vector @@ ${query}`, ...filterSql(f)))
    .orderBy(sql`ts_rank_cd(search_vector, ${query}, 32) desc`, asc(templates.slug))
    .offset(offset)
    .limit(limit);
  return rows.map(toSummary);
}

/** Typo-tolerant fallback: trigram similarity of the role, so "backnd develper" still finds it. */
export async function searchFuzzy(db: Db, q: string, f: Filters, offset: number, limit: number) {
  const needle = q.toLowerCase();
  const rows = await db
    .select(summaryColumns)
    .from(templates)
    .where(and(sql`lower(${templates.role}) % ${needle}`, ...filterSql(f)))
    .orderBy(sql`similarity(lower(${templates.role}), ${needle}) desc`, asc(templates.slug))
    .offset(offset)
    .limit(limit);
  return rows.map(toSummary);
}

export async function countTemplates(db: Db): Promise<number> {
  const rows = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from templates`);
  return Number(rows[0]?.n ?? 0);
}

export async function notifyChanged(db: Db, slug: string) {
  await db.execute(sql`select pg_notify('rolecraft_templates', ${slug})`);
}
