// Writing stage lists and moving applications between stages, inside the caller's transaction.
import { eq, inArray, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import {
  type ApplicationStatus,
  applicationEvents,
  pipelineStages,
  type StageKind,
} from '../../db/schema-applications.ts';
import type { Ctx } from '../../shared/context.ts';
import { newId } from '../../shared/ids.ts';
import { actorLabel } from '../postings/service.ts';
import type { Stage } from './stages.ts';

/** The status an application takes in a stage of this kind (as a move sets it). */
export const statusFor = (kind: StageKind): ApplicationStatus =>
  kind === 'rejected' ? 'rejected' : kind === 'hired' ? 'hired' : 'active';

/**
 * Writes `stages` over the list whose rows are `current`: a given id that is one of them keeps
 * its row, the others are new rows. Rows left out are not deleted here (their applications move
 * first). The unique (list, position) and (list, lower(name)) indexes are checked row by row, so
 * every current row first steps aside, to a negative position and a placeholder name (names
 * cannot hold control characters), then takes its final place.
 */
export async function rewrite(
  tx: Db,
  orgId: string,
  postingId: string | null,
  current: Stage[],
  stages: { id?: string | undefined; name: string; kind: StageKind }[],
): Promise<Stage[]> {
  const kept = new Set(current.map((s) => s.id));
  if (current.length > 0) {
    await tx
      .update(pipelineStages)
      .set({
        position: sql`-1 - ${pipelineStages.position}`,
        name: sql`chr(1) || ${pipelineStages.id}::text`,
      })
      .where(inArray(pipelineStages.id, [...kept]));
  }
  const rows = stages.map(
    (s, position): Stage => ({
      id: s.id && kept.has(s.id) ? s.id : newId(),
      orgId,
      postingId,
      name: s.name,
      kind: s.kind,
      position,
    }),
  );
  for (const row of rows.filter((r) => kept.has(r.id))) {
    await tx
      .update(pipelineStages)
      .set({ name: row.name, kind: row.kind, position: row.position })
      .where(eq(pipelineStages.id, row.id));
  }
  const fresh = rows.filter((r) => !kept.has(r.id));
  if (fresh.length > 0) await tx.insert(pipelineStages).values(fresh);
  return rows;
}

/** Applications of kept stages whose kind changed follow it (hired, active), like a move would. */
export async function syncKinds(tx: Db, current: Stage[], rows: Stage[]) {
  for (const row of rows) {
    const before = current.find((c) => c.id === row.id);
    if (!before || before.kind === row.kind) continue;
    await tx.execute(sql`update applications set status = ${statusFor(row.kind)}, updated_at = now()
      where stage_id = ${row.id} and status not in ('withdrawn', ${statusFor(row.kind)})`);
  }
}

/** Moves a posting's applications from one stage to another, with a timeline event each. */
export async function moveApplications(ctx: Ctx, tx: Db, postingId: string, from: Stage, to: Stage) {
  const moved = await queryRows<{ id: string }>(
    tx,
    sql`update applications set stage_id = ${to.id}, stage_entered_at = now(), updated_at = now(),
          status = case when status = 'withdrawn' then status else ${statusFor(to.kind)} end
        where org_id = ${to.orgId} and posting_id = ${postingId} and stage_id = ${from.id} returning id`,
  );
  const a = ctx.actor;
  const actor = {
    actorType: a.kind === 'token' ? 'api_token' : 'user',
    actorId: a.kind === 'user' ? a.userId : a.kind === 'token' ? a.tokenId : null,
    actorLabel: actorLabel(ctx),
  };
  for (let i = 0; i < moved.length; i += 500) {
    await tx.insert(applicationEvents).values(
      moved.slice(i, i + 500).map(({ id }) => ({
        id: newId(),
        orgId: to.orgId,
        applicationId: id,
        kind: 'stage_changed',
        ...actor,
        fromStageId: from.id,
        toStageId: to.id,
        data: { pipelineChanged: true },
      })),
    );
  }
  return moved.length;
}

/** How many of this posting's applications sit in each stage. */
export async function postingUsage(tx: Db, postingId: string) {
  const rows = await queryRows<{ stageId: string; n: number }>(
    tx,
    sql`select stage_id as "stageId", count(*)::int as n from applications
        where posting_id = ${postingId} group by stage_id`,
  );
  return new Map(rows.map((r) => [r.stageId, r.n]));
}
