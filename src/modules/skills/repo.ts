import { and, asc, eq, gt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { skills } from '../../db/schema.ts';
import type { Skill } from './taxonomy.ts';

const columns = { id: skills.id, name: skills.name, category: skills.category, aliases: skills.aliases };

const searchText = (s: Skill) => [s.name, ...s.aliases].join(' | ').toLowerCase();

/** Writes the taxonomy; existing skills are updated in place so template links survive. */
export async function upsertSkills(db: Db, list: Skill[]) {
  for (let i = 0; i < list.length; i += 200) {
    const batch = list.slice(i, i + 200).map((s) => ({ ...s, searchText: searchText(s) }));
    await db
      .insert(skills)
      .values(batch)
      .onConflictDoUpdate({
        target: skills.id,
        set: {
          name: sql`excluded.name`,
          category: sql`excluded.category`,
          aliases: sql`excluded.aliases`,
          searchText: sql`excluded.search_text`,
        },
      });
  }
}

export async function findSkill(db: Db, id: string): Promise<Skill | undefined> {
  const [row] = await db.select(columns).from(skills).where(eq(skills.id, id));
  return row;
}

/** Alphabetical, after a keyset cursor on (lower(name), id). */
export async function listSkills(
  db: Db,
  category: string | undefined,
  after: [string, string] | undefined,
  limit: number,
) {
  const where: (SQL | undefined)[] = [category ? eq(skills.category, category) : undefined];
  if (after) {
    where.push(
      or(
        gt(sql`lower(${skills.name})`, after[0]),
        and(eq(sql`lower(${skills.name})`, after[0]), gt(skills.id, after[1])),
      ),
    );
  }
  return db
    .select(columns)
    .from(skills)
    .where(and(...where))
    .orderBy(asc(sql`lower(${skills.name})`), asc(skills.id))
    .limit(limit);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Exact names first, then prefixes, then substrings of any name or alias, then words that look alike (typos). */
export async function searchSkills(
  db: Db,
  q: string,
  category: string | undefined,
  offset: number,
  limit: number,
) {
  const needle = q.toLowerCase();
  const like = `%${escapeLike(needle)}%`;
  const prefix = `${escapeLike(needle)}%`;
  return db
    .select(columns)
    .from(skills)
    .where(
      and(
        category ? eq(skills.category, category) : undefined,
        sql`(${skills.searchText} like ${like} or ${needle} <% ${skills.searchText})`,
      ),
    )
    .orderBy(
      sql`lower(${skills.name}) = ${needle} or ${needle} = any(select lower(a) from unnest(${skills.aliases}) a) desc`,
      sql`lower(${skills.name}) like ${prefix} desc`,
      sql`word_similarity(${needle}, ${skills.searchText}) desc`,
      asc(skills.name),
    )
    .offset(offset)
    .limit(limit);
}
