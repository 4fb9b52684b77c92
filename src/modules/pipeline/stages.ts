// Pipeline stages: each organization has a default list, created on first use, and a posting may
// have its own list instead (written whole by PUT …/postings/:id/stages). An application always sits
// in one stage of its posting's list.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { pipelineStages, type StageKind } from '../../db/schema-applications.ts';
import { newId } from '../../shared/ids.ts';

export const DEFAULT_STAGES: { name: string; kind: StageKind }[] = [
  { name: 'Applied', kind: 'applied' },
  { name: 'Screening', kind: 'screening' },
  { name: 'Interview', kind: 'interview' },
  { name: 'Offer', kind: 'offer' },
  { name: 'Hired', kind: 'hired' },
  { name: 'Rejected', kind: 'rejected' },
];

export type Stage = typeof pipelineStages.$inferSelect;

/** The organization's default stages, created (once, whoever asks first) when missing. */
export async function defaultStages(db: Db, orgId: string): Promise<Stage[]> {
  const existing = await db
    .select()
    .from(pipelineStages)
    .where(and(eq(pipelineStages.orgId, orgId), isNull(pipelineStages.postingId)))
    .orderBy(asc(pipelineStages.position));
  if (existing.length > 0) return existing;
  await db
    .insert(pipelineStages)
    .values(DEFAULT_STAGES.map((s, position) => ({ id: newId(), orgId, postingId: null, ...s, position })))
    .onConflictDoNothing();
  return db
    .select()
    .from(pipelineStages)
    .where(and(eq(pipelineStages.orgId, orgId), isNull(pipelineStages.postingId)))
    .orderBy(asc(pipelineStages.position));
}

/** The stages a posting's applications move through: its own list, or the organization's. */
export async function postingStages(db: Db, orgId: string, postingId: string): Promise<Stage[]> {
  const own = await ownStages(db, orgId, postingId);
  return own.length > 0 ? own : defaultStages(db, orgId);
}

/** The posting's own list: empty while it uses the organization's default. */
export function ownStages(db: Db, orgId: string, postingId: string): Promise<Stage[]> {
  return db
    .select()
    .from(pipelineStages)
    .where(and(eq(pipelineStages.orgId, orgId), eq(pipelineStages.postingId, postingId)))
    .orderBy(asc(pipelineStages.position));
}

/** Where new applications start: the first stage of kind `applied` (or simply the first). */
export function entryStage(stages: Stage[]): Stage {
  return stages.find((s) => s.kind === 'applied') ?? stages[0]!;
}

/** How many applications sit in each of the given stages (a stage in use cannot be removed). */
export async function stageUsage(db: Db, stageIds: string[]): Promise<Map<string, number>> {
  if (stageIds.length === 0) return new Map();
  const rows = (await db.execute(
    sql`select stage_id, count(*)::int as n from applications
        where stage_id in (${sql.join(
          stageIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) group by stage_id`,
  )) as unknown as { rows: { stage_id: string; n: number }[] };
  return new Map(rows.rows.map((r) => [r.stage_id, r.n]));
}
