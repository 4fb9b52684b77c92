// Moving applications through their posting's pipeline, one or many at once: all or nothing,
// each move an event (actor and time: the stage history) and an audit entry. Candidate emails
// for moves that asked to notify go out after the commit.
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { applicationEvents, applications } from '../../db/schema-applications.ts';
import type { Ctx } from '../../shared/context.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { recordAudit } from '../audit/record.ts';
import { postingStages, type Stage } from '../pipeline/stages.ts';
import { actorLabel } from '../postings/service.ts';
import { viewerOf } from './access.ts';
import type { MoveBody } from './schemas.ts';
import { emitWebhook } from '../webhooks/events.ts';

export interface Moved {
  applicationId: string;
  stage: Stage;
  /** A rejection email may go out: the first rejection of this application. */
  firstRejection: boolean;
  notify: boolean;
}

/** The webhook events of one move: always stage_changed, and hired or rejected by the stage's kind. */
async function emitStageChange(
  tx: Parameters<typeof emitWebhook>[0],
  orgId: string,
  row: { id: string; postingId: string; stageId: string },
  stage: Stage,
) {
  const data = {
    application: { id: row.id, postingId: row.postingId },
    from: { stageId: row.stageId },
    to: { stageId: stage.id, name: stage.name, kind: stage.kind },
  };
  await emitWebhook(tx, orgId, 'application.stage_changed', data);
  if (stage.kind === 'hired') await emitWebhook(tx, orgId, 'application.hired', data);
  if (stage.kind === 'rejected') await emitWebhook(tx, orgId, 'application.rejected', data);
}

/** Moves applications of one organization to a stage; all or nothing. */
export async function moveApplications(
  ctx: Ctx,
  ids: string[],
  body: MoveBody,
  onMoved?: (orgId: string, moves: Moved[]) => Promise<void>,
) {
  const viewer = viewerOf(ctx);
  const moved: Moved[] = [];
  const unchanged: string[] = [];
  await ctx.db.transaction(async (tx) => {
    const rows = await queryRows<{
      id: string;
      postingId: string;
      stageId: string;
      status: string;
      rejectionMailedAt: string | null;
    }>(
      tx,
      sql`select a.id, a.posting_id as "postingId", a.stage_id as "stageId", a.status,
                 a.rejection_mailed_at as "rejectionMailedAt"
          from applications a where a.org_id = ${viewer.orgId}
            and a.id in (${sql.join(
              ids.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})
          order by a.id for update`,
    );
    if (rows.length !== ids.length)
      throw notFound(ids.length === 1 ? 'The application' : 'One of the applications');
    const stagesByPosting = new Map<string, Stage[]>();
    for (const row of rows) {
      if (!stagesByPosting.has(row.postingId)) {
        stagesByPosting.set(row.postingId, await postingStages(tx, viewer.orgId, row.postingId));
      }
    }
    for (const row of rows) {
      const stage = stagesByPosting.get(row.postingId)!.find((s) => s.id === body.stageId);
      if (!stage)
        throw invalid('invalid_stage', 'That stage is not in the pipeline of every application’s posting.');
      if (row.status === 'withdrawn') throw conflict('withdrawn', 'A withdrawn application cannot be moved.');
      if (stage.kind === 'rejected' && !body.reason) {
        throw invalid('reason_required', 'Give a reason when rejecting (it is kept with the application).');
      }
    }
    for (const row of rows) {
      const stage = stagesByPosting.get(row.postingId)!.find((s) => s.id === body.stageId)!;
      if (row.stageId === stage.id) {
        unchanged.push(row.id);
        continue;
      }
      const status = stage.kind === 'rejected' ? 'rejected' : stage.kind === 'hired' ? 'hired' : 'active';
      await tx
        .update(applications)
        .set({
          stageId: stage.id,
          stageEnteredAt: new Date(),
          status,
          rejectionReason: stage.kind === 'rejected' ? (body.reason ?? null) : null,
          updatedAt: new Date(),
        })
        .where(eq(applications.id, row.id));
      await tx.insert(applicationEvents).values({
        id: newId(),
        orgId: viewer.orgId,
        applicationId: row.id,
        kind: 'stage_changed',
        actorType: ctx.actor.kind === 'token' ? 'api_token' : 'user',
        actorId:
          ctx.actor.kind === 'user'
            ? ctx.actor.userId
            : ctx.actor.kind === 'token'
              ? ctx.actor.tokenId
              : null,
        actorLabel: actorLabel(ctx),
        fromStageId: row.stageId,
        toStageId: stage.id,
        data: body.reason ? { reason: body.reason } : {},
      });
      await tx.execute(sql`update candidates set last_activity_at = now()
        where id = (select candidate_id from applications where id = ${row.id})`);
      await emitStageChange(tx, viewer.orgId, row, stage);
      await recordAudit(
        ctx,
        {
          action: 'application.stage_changed',
          targetType: 'application',
          targetId: row.id,
          data: { to: stage.name, kind: stage.kind },
        },
        tx,
      );
      moved.push({
        applicationId: row.id,
        stage,
        firstRejection: stage.kind === 'rejected' && row.rejectionMailedAt === null,
        notify: body.notify === true,
      });
    }
  });
  if (onMoved && moved.some((m) => m.notify)) await onMoved(viewer.orgId, moved);
  return { moved: moved.map((m) => m.applicationId), unchanged };
}
