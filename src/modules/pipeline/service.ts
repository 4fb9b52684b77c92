// Replacing stage lists: the organization's default and a posting's own. A list is always written
// whole, in one transaction. Applications in a stage that goes away need somewhere to go: an
// explicit move, or, when a posting switches between its own list and the default, the stage
// that takes over (same id given, or the only stage of the same kind). Otherwise 409.
import { inArray, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { pipelineStages } from '../../db/schema-applications.ts';
import { hashEtag } from '../../http/etag.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError, invalid, notFound } from '../../shared/errors.ts';
import { requireOrg } from '../access/org.ts';
import { recordAudit } from '../audit/record.ts';
import type { PostingStageList, PostingStagesBody, StageItem, StageList, StagesBody } from './schemas.ts';
import {
  checkIds,
  checkKindChanges,
  checkList,
  checkMoves,
  impliedTarget,
  inUse,
  movesRejection,
} from './rules.ts';
import { defaultStages, ownStages, type Stage, stageUsage } from './stages.ts';
import { moveApplications, postingUsage, rewrite, syncKinds } from './write.ts';

type IfMatch = (etags: string[]) => void;
const idsOf = (stages: Stage[]) => stages.map((s) => s.id);

const item = (s: Stage): StageItem => ({ id: s.id, name: s.name, kind: s.kind, position: s.position });
const listOf = (stages: Stage[]): StageList => ({ items: stages.map(item) });
const postingListOf = (own: Stage[], defaults: Stage[]): PostingStageList => ({
  custom: own.length > 0,
  items: (own.length > 0 ? own : defaults).map(item),
});
/** A list's ETag is that of its JSON, so the ETag of a GET is what a PUT's If-Match names. */
export const etagOf = (value: StageList | PostingStageList) => hashEtag(JSON.stringify(value));

function hasCode(error: unknown, code: string): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined, d = 0; e && d < 5; d++) {
    if (e.code === code) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** One transaction, serialized per organization; races the checks missed still end as problems. */
async function write<T>(ctx: Ctx, orgId: string, work: (tx: Db) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.transaction(async (tx) => {
      // NO KEY UPDATE: other writes that merely reference the organization are not blocked.
      await tx.execute(sql`select id from organizations where id = ${orgId} for no key update`);
      return work(tx);
    });
  } catch (error) {
    if (hasCode(error, '23503'))
      throw new AppError(409, 'stage_in_use', 'Applications entered a stage that was going away; try again.');
    if (hasCode(error, '23505'))
      throw invalid('duplicate_name', 'Two stages of the list have the same name.');
    throw error;
  }
}

async function requirePosting(db: Db, orgId: string, postingId: string) {
  const [found] = await queryRows(
    db,
    sql`select 1 from postings where org_id = ${orgId} and id = ${postingId}`,
  );
  if (!found) throw notFound('The posting');
}

async function audit(ctx: Ctx, tx: Db, postingId: string | null, rows: Stage[], removed: Stage[], moved = 0) {
  await recordAudit(
    ctx,
    {
      action: 'pipeline.stages_changed',
      targetType: postingId ? 'posting' : 'organization',
      targetId: postingId ?? requireOrg(ctx),
      data: { stages: rows.map((s) => s.name), removed: removed.map((s) => s.name), moved },
    },
    tx,
  );
}

export function pipelineActions() {
  async function defaults(ctx: Ctx): Promise<StageList> {
    return listOf(await defaultStages(ctx.db, requireOrg(ctx)));
  }

  async function replaceDefaults(ctx: Ctx, body: StagesBody, ifMatch: IfMatch): Promise<StageList> {
    const orgId = requireOrg(ctx);
    const stages = checkList(body.stages);
    return write(ctx, orgId, async (tx) => {
      const current = await defaultStages(tx, orgId);
      ifMatch([etagOf(listOf(current))]);
      checkIds(stages, current);
      const kept = new Set(stages.map((s) => s.id));
      const removed = current.filter((s) => !kept.has(s.id));
      const usage = await stageUsage(tx, idsOf(current));
      for (const s of removed) {
        const n = usage.get(s.id) ?? 0;
        if (n > 0) throw inUse(s, n, 'move them to another stage first.');
      }
      checkKindChanges(current, stages, usage);
      const rows = await rewrite(tx, orgId, null, current, stages);
      await syncKinds(tx, current, rows);
      if (removed.length > 0) {
        await tx.delete(pipelineStages).where(inArray(pipelineStages.id, idsOf(removed)));
      }
      await audit(ctx, tx, null, rows, removed);
      return listOf(rows);
    });
  }

  async function forPosting(ctx: Ctx, postingId: string): Promise<PostingStageList> {
    const orgId = requireOrg(ctx);
    await requirePosting(ctx.db, orgId, postingId);
    const own = await ownStages(ctx.db, orgId, postingId);
    return postingListOf(own, own.length > 0 ? [] : await defaultStages(ctx.db, orgId));
  }

  async function replaceForPosting(
    ctx: Ctx,
    postingId: string,
    body: PostingStagesBody,
    ifMatch: IfMatch,
  ): Promise<PostingStageList> {
    const orgId = requireOrg(ctx);
    const stages = checkList(body.stages);
    return write(ctx, orgId, async (tx) => {
      await requirePosting(tx, orgId, postingId);
      const own = await ownStages(tx, orgId, postingId);
      // The first PUT switches the posting from the default list to a list of its own.
      const switching = own.length === 0;
      const current = switching ? await defaultStages(tx, orgId) : own;
      ifMatch([etagOf(postingListOf(own, current))]);
      checkIds(stages, current);
      const kept = new Set(switching ? [] : stages.map((s) => s.id));
      const moves = checkMoves(body.moves ?? [], current, stages, kept);
      const leaving = current.filter((s) => !kept.has(s.id));
      const usage = switching ? await postingUsage(tx, postingId) : await stageUsage(tx, idsOf(current));
      if (!switching) checkKindChanges(current, stages, usage);
      // Where the applications of each stage that goes away end up: an index in the new list.
      const plan: [Stage, number][] = [];
      for (const s of leaving) {
        const n = usage.get(s.id) ?? 0;
        if (n === 0) continue;
        const to = moves.get(s.id) ?? (switching ? impliedTarget(s, stages) : undefined);
        if (to === undefined) {
          throw inUse(
            s,
            n,
            switching
              ? 'no single stage of the new list has its kind: say where they go in `moves`.'
              : 'say where they go in `moves`.',
          );
        }
        const target = stages[to]!;
        if (movesRejection(s.kind, target.kind)) {
          throw invalid(
            'invalid_move',
            `The applications in “${s.name}” cannot go to “${target.name}”: rejecting (or taking back a rejection) is a move of its own, with a reason.`,
          );
        }
        plan.push([s, to]);
      }
      // Ids of default stages only said which stage takes over: the posting's stages are new rows.
      const written = switching ? stages.map((s) => ({ name: s.name, kind: s.kind })) : stages;
      const rows = await rewrite(tx, orgId, postingId, own, written);
      await syncKinds(tx, own, rows);
      let moved = 0;
      for (const [from, to] of plan) moved += await moveApplications(ctx, tx, postingId, from, rows[to]!);
      const removed = switching ? [] : leaving;
      if (removed.length > 0) {
        await tx.delete(pipelineStages).where(inArray(pipelineStages.id, idsOf(removed)));
      }
      await audit(ctx, tx, postingId, rows, removed, moved);
      return postingListOf(rows, []);
    });
  }

  /** Back to the organization's default: applications go to the default stage of their kind. */
  async function resetPosting(ctx: Ctx, postingId: string, ifMatch: IfMatch): Promise<PostingStageList> {
    const orgId = requireOrg(ctx);
    return write(ctx, orgId, async (tx) => {
      await requirePosting(tx, orgId, postingId);
      const own = await ownStages(tx, orgId, postingId);
      const defaultList = await defaultStages(tx, orgId);
      ifMatch([etagOf(postingListOf(own, defaultList))]);
      if (own.length === 0) return postingListOf(own, defaultList);
      const usage = await stageUsage(tx, idsOf(own));
      const plan: [Stage, Stage][] = [];
      for (const s of own) {
        const n = usage.get(s.id) ?? 0;
        if (n === 0) continue;
        const same = defaultList.filter((d) => d.kind === s.kind);
        if (same.length !== 1) {
          throw inUse(s, n, `the default list has no single stage of kind “${s.kind}”; move them first.`);
        }
        plan.push([s, same[0]!]);
      }
      let moved = 0;
      for (const [from, to] of plan) moved += await moveApplications(ctx, tx, postingId, from, to);
      await tx.delete(pipelineStages).where(inArray(pipelineStages.id, idsOf(own)));
      await audit(ctx, tx, postingId, defaultList, own, moved);
      return postingListOf([], defaultList);
    });
  }

  return { defaults, replaceDefaults, forPosting, replaceForPosting, resetPosting };
}

export type PipelineActions = ReturnType<typeof pipelineActions>;
