// Application actions for members and API tokens: lists, the full application, its timeline,
// moving through stages (one or many), interviewer assignment and file downloads (audited).
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { memberships } from '../../db/schema.ts';
import { applicationAssignments, applicationEvents } from '../../db/schema-applications.ts';
import { decodeCursor, encodeCursor, hasKeys, isTimestampText, isUuid } from '../../http/pagination.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { recordAudit } from '../audit/record.ts';
import type { FileStorage } from '../files/storage.ts';
import { actorLabel } from '../postings/service.ts';
import type { Taxonomy } from '../skills/taxonomy.ts';
import { seesFiles, type Viewer, viewerOf } from './access.ts';
import { moveApplications, type Moved } from './moves.ts';
import * as repo from './repo.ts';
import type {
  ApplicationDetail,
  ApplicationListQuery,
  ApplicationSummary,
  BulkMoveBody,
  MoveBody,
} from './schemas.ts';

export interface ApplicationActionDeps {
  storage: FileStorage;
  taxonomy: Taxonomy;
  /** After a commit: candidate emails for moves that asked to notify. */
  onMoved?: (orgId: string, moves: Moved[]) => Promise<void>;
}

const iso = (v: string | Date) => new Date(v).toISOString();
const list = (csv: string | undefined) =>
  (csv ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .slice(0, 50);

export function toSummary(r: repo.SummaryRow): ApplicationSummary {
  return {
    id: r.id,
    posting: { id: r.postingId, title: r.postingTitle },
    candidate: { id: r.candidateId, name: r.name, email: r.email },
    stage: { id: r.stageId, name: r.stageName, kind: r.stageKind, position: r.stagePosition },
    stageEnteredAt: iso(r.stageEnteredAt),
    status: r.status,
    source: r.source,
    score: r.score,
    knockouts: r.knockouts,
    parseStatus: r.parseStatus,
    skills: r.skillIds,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

type Cursor = { at: string; id: string } | { score: number; id: string };
const isCursor = (v: Record<string, unknown>): v is Cursor =>
  (hasKeys(v, ['at', 'id']) && isTimestampText(v.at) && isUuid(v.id)) ||
  (hasKeys(v, ['score', 'id']) &&
    Number.isInteger(v.score) &&
    (v.score as number) >= -1 &&
    (v.score as number) <= 100 &&
    isUuid(v.id));

export function applicationActions(deps: ApplicationActionDeps) {
  const { storage, taxonomy } = deps;

  async function visible(ctx: Ctx, id: string) {
    const viewer = viewerOf(ctx);
    const row = await repo.findApplication(ctx.db, viewer, id);
    if (!row) throw notFound('The application');
    return { viewer, row };
  }

  async function listPage(ctx: Ctx, q: ApplicationListQuery) {
    const viewer = viewerOf(ctx);
    const stages = list(q.stage);
    const sort = q.sort ?? 'newest';
    const cursor = decodeCursor(q.cursor, isCursor);
    if (cursor && 'score' in cursor !== (sort === 'score')) {
      throw new AppError(
        400,
        'invalid_cursor',
        'The cursor belongs to another sort order; start again from the first page.',
      );
    }
    const filter: repo.ListFilter = {
      postingId: q.postingId,
      stageIds: stages.filter(isUuid),
      stageKinds: stages.filter((s) => !isUuid(s)),
      statuses: list(q.status),
      sources: list(q.source),
      skillIds: list(q.skill).map((label) => taxonomy.link(label)?.id ?? label.toLowerCase()),
      scoreMin: q.scoreMin,
      scoreMax: q.scoreMax,
      createdFrom: q.createdFrom,
      createdTo: q.createdTo,
      knockout: q.knockout,
      q: q.q?.trim() || undefined,
    };
    const order: repo.ListOrder =
      sort === 'score'
        ? { sort, after: cursor as { score: number; id: string } | undefined }
        : { sort: sort as 'newest' | 'oldest', after: cursor as { at: string; id: string } | undefined };
    const rows = await repo.listApplications(ctx.db, viewer, filter, order, q.limit);
    // A posting's list: another organization's posting is not there (404), not an empty list.
    // Rows found prove the posting is the organization's; only an empty page needs the check.
    if (q.postingId && rows.length === 0) {
      const [found] = await queryRows(
        ctx.db,
        sql`select 1 from postings where org_id = ${viewer.orgId} and id = ${q.postingId}`,
      );
      if (!found) throw notFound('The posting');
    }
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    const more = rows.length > q.limit && last;
    return {
      data: page.map(toSummary),
      nextCursor: more
        ? encodeCursor(
            sort === 'score' ? { score: last.score ?? -1, id: last.id } : { at: last.at, id: last.id },
          )
        : null,
    };
  }

  async function get(ctx: Ctx, id: string): Promise<ApplicationDetail> {
    const { viewer, row } = await visible(ctx, id);
    const files = seesFiles(viewer);
    const [events, assigned, others] = await Promise.all([
      repo.applicationEvents(ctx.db, viewer.orgId, id),
      repo.assignees(ctx.db, id),
      repo.otherApplications(ctx.db, viewer, row.candidateId, id),
    ]);
    const answerFiles = Object.values(row.answers)
      .map((a) => (a && typeof a === 'object' && 'file' in a ? String((a as { file: string }).file) : null))
      .filter((v): v is string => v !== null && isUuid(v));
    const fileRows = files
      ? await repo.applicationFiles(
          ctx.db,
          viewer.orgId,
          [row.resumeFileId, row.coverLetterFileId, ...answerFiles].filter((v): v is string => !!v),
        )
      : [];
    const role = (fid: string) =>
      fid === row.resumeFileId
        ? ('resume' as const)
        : fid === row.coverLetterFileId
          ? ('cover_letter' as const)
          : ('answer' as const);
    const questions = new Map(row.content.questions.map((q) => [q.id, q]));
    return {
      ...toSummary(row),
      phone: row.phone,
      answers: Object.entries(row.answers).map(([questionId, answer]) => {
        const q = questions.get(questionId);
        return {
          questionId,
          label: q?.label ?? questionId,
          type: q?.type ?? 'unknown',
          answer: !files && q?.type === 'file' ? null : answer,
          knockout: row.knockouts.includes(questionId),
        };
      }),
      consent: row.consent,
      rejectionReason: row.rejectionReason,
      parseError: row.parseError,
      match: (row.match as ApplicationDetail['match']) ?? null,
      contacts: files ? (row.parsed?.contacts ?? null) : null,
      resumeText: files ? row.resumeText : null,
      files: fileRows.map((f) => ({
        id: f.id,
        role: role(f.id),
        filename: f.filename,
        mediaType: f.mediaType,
        size: f.size,
      })),
      stageHistory: stageHistory(events, row),
      assignedTo: assigned,
      otherApplications: others.map((o) => ({ ...o, createdAt: iso(o.createdAt) })),
    };
  }

  function stageHistory(events: repo.EventRow[], row: repo.DetailRow): ApplicationDetail['stageHistory'] {
    const visits = events.filter((e) => e.toStageId && (e.kind === 'applied' || e.kind === 'stage_changed'));
    return visits.map((e, i) => {
      const next = visits[i + 1];
      const leftAt = next ? iso(next.at) : null;
      const end = next ? new Date(next.at).getTime() : Date.now();
      return {
        stage: { id: e.toStageId!, name: e.toStage ?? '', kind: e.toStageKind ?? row.stageKind },
        enteredAt: iso(e.at),
        leftAt,
        seconds: Math.max(0, Math.round((end - new Date(e.at).getTime()) / 1000)),
        by: e.actorType === 'candidate' ? 'candidate' : (e.actorLabel ?? e.actorType),
      };
    });
  }

  async function timeline(ctx: Ctx, id: string) {
    const { viewer } = await visible(ctx, id);
    const events = await repo.applicationEvents(ctx.db, viewer.orgId, id);
    return {
      items: events.map((e) => ({
        id: e.id,
        kind: e.kind,
        actor: e.actorType === 'candidate' ? 'candidate' : (e.actorLabel ?? e.actorType),
        fromStage: e.fromStage,
        toStage: e.toStage,
        data: e.data,
        at: iso(e.at),
      })),
    };
  }

  const moveMany = (ctx: Ctx, ids: string[], body: MoveBody) =>
    moveApplications(ctx, ids, body, deps.onMoved);

  async function move(ctx: Ctx, id: string, body: MoveBody) {
    await moveMany(ctx, [id], body);
    return get(ctx, id);
  }

  const bulkMove = (ctx: Ctx, body: BulkMoveBody) =>
    moveMany(ctx, body.ids, { stageId: body.stageId, reason: body.reason, notify: body.notify });

  async function file(ctx: Ctx, id: string, fileId: string) {
    const { viewer, row } = await visible(ctx, id);
    if (!seesFiles(viewer)) throw new AppError(403, 'forbidden', 'Your role may not open candidates’ files.');
    const owned = [
      row.resumeFileId,
      row.coverLetterFileId,
      ...Object.values(row.answers).map((a) => (a as { file?: string })?.file),
    ];
    if (!owned.includes(fileId)) throw notFound('The file');
    const [info] = await repo.applicationFiles(ctx.db, viewer.orgId, [fileId]);
    if (!info) throw notFound('The file');
    const bytes = await storage.get(info.storageKey);
    await recordAudit(ctx, {
      action: 'application.file_downloaded',
      targetType: 'application',
      targetId: id,
      data: { fileId, filename: info.filename },
    });
    return { ...info, bytes };
  }

  async function assign(ctx: Ctx, id: string, userIds: string[]) {
    const { viewer } = await visible(ctx, id);
    if (userIds.length > 0) {
      const members = await ctx.db
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.orgId, viewer.orgId), inArray(memberships.userId, userIds)));
      if (members.length !== userIds.length)
        throw invalid('not_a_member', 'Only members of the organization can be assigned.');
    }
    await ctx.db.transaction(async (tx) => {
      await tx.delete(applicationAssignments).where(eq(applicationAssignments.applicationId, id));
      if (userIds.length > 0) {
        await tx
          .insert(applicationAssignments)
          .values(userIds.map((userId) => ({ applicationId: id, userId, orgId: viewer.orgId })));
      }
      await tx.insert(applicationEvents).values({
        id: newId(),
        orgId: viewer.orgId,
        applicationId: id,
        kind: 'assigned',
        actorType: ctx.actor.kind === 'token' ? 'api_token' : 'user',
        actorId: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
        actorLabel: actorLabel(ctx),
        data: { userIds },
      });
      await recordAudit(
        ctx,
        { action: 'application.assigned', targetType: 'application', targetId: id, data: { userIds } },
        tx,
      );
    });
    return { userIds: [...userIds].sort() };
  }

  return { list: listPage, get, timeline, move, bulkMove, file, assign, visible };
}

export type ApplicationActions = ReturnType<typeof applicationActions>;
export type { Viewer, Db, Moved };
