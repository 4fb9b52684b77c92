// Seeding: the skills taxonomy and the built-in template library, through the same parser users use.
import { eq, sql } from 'drizzle-orm';
import type { Db } from './db/client.ts';
import { appState } from './db/schema.ts';
import { upsertSkills } from './modules/skills/repo.ts';
import type { Taxonomy } from './modules/skills/taxonomy.ts';
import { builtinFiles, importFiles, type ImportResult } from './modules/templates/library.ts';
import type { TemplateActions } from './modules/templates/service.ts';
import { systemCtx } from './shared/context.ts';

const SEEDED_KEY = 'builtin_library_seeded';

export async function seed(db: Db, taxonomy: Taxonomy, actions: TemplateActions): Promise<ImportResult[]> {
  await upsertSkills(db, taxonomy.skills);
  const results = await importFiles(systemCtx(db), actions, await builtinFiles(), 'builtin');
  await db
    .insert(appState)
    .values({ key: SEEDED_KEY, value: { at: new Date().toISOString() } })
    .onConflictDoUpdate({ target: appState.key, set: { value: sql`excluded.value`, updatedAt: sql`now()` } });
  return results;
}

/** First start only: a library an operator has since pruned is not refilled on restart. */
export async function isSeeded(db: Db): Promise<boolean> {
  const rows = await db.select().from(appState).where(eq(appState.key, SEEDED_KEY));
  return rows.length > 0;
}
