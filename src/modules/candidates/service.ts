// Candidate actions for members and API tokens: the list, the profile (every application, the
// skills found in the resumes, the timeline of everything that happened), export and erasure.
import { decodeCursor, encodeCursor, hasKeys, isTimestampText, isUuid } from '../../http/pagination.ts';
import type { Ctx } from '../../shared/context.ts';
import { notFound } from '../../shared/errors.ts';
import { viewerOf } from '../applications/access.ts';
import type { HiringDeps } from '../applications/deps.ts';
import { eraseCandidate } from './erase.ts';
import { exportCandidate } from './export.ts';
import * as repo from './repo.ts';
import type { CandidateListQuery, CandidateProfile, CandidateSummary } from './schemas.ts';
import { actorOf, iso, isoOrNull, person } from './view.ts';

const TIMELINE_MAX = 500;

const isCursor = (v: Record<string, unknown>): v is { at: string; id: string } =>
  hasKeys(v, ['at', 'id']) && isTimestampText(v.at) && isUuid(v.id);

export function candidateActions(deps: HiringDeps) {
  const { taxonomy, storage } = deps;

  async function visible(ctx: Ctx, id: string) {
    const viewer = viewerOf(ctx);
    const row = await repo.findCandidate(ctx.db, viewer, id);
    // Another organization's candidate, or one an interviewer is not assigned to: not there.
    if (!row) throw notFound('The candidate');
    return { viewer, row };
  }

  async function list(ctx: Ctx, q: CandidateListQuery) {
    const viewer = viewerOf(ctx);
    const rows = await repo.listCandidates(
      ctx.db,
      viewer,
      {
        q: q.q?.trim() || undefined,
        erasureRequested: q.erasureRequested,
        after: decodeCursor(q.cursor, isCursor),
      },
      q.limit,
    );
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      data: page.map(
        (r): CandidateSummary => ({
          id: r.id,
          name: r.name,
          email: r.email,
          applications: r.applications,
          createdAt: iso(r.createdAt),
          lastActivityAt: iso(r.lastActivityAt),
          erasureRequestedAt: isoOrNull(r.erasureRequestedAt),
          exportRequestedAt: isoOrNull(r.exportRequestedAt),
        }),
      ),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ at: last.at, id: last.id }) : null,
    };
  }

  /** The union of the skills found in the candidate's resumes, with their names. */
  function skillsOf(apps: { skillIds: string[] }[]) {
    const ids = [...new Set(apps.flatMap((a) => a.skillIds))].sort();
    return ids.map((id) => ({ id, name: taxonomy.get(id)?.name ?? id }));
  }

  async function profile(ctx: Ctx, id: string): Promise<CandidateProfile> {
    const { viewer, row } = await visible(ctx, id);
    const apps = await repo.candidateApplications(ctx.db, viewer, id);
    const events = await repo.events(
      ctx.db,
      viewer.orgId,
      apps.map((a) => a.id),
      TIMELINE_MAX,
    );
    return {
      ...person(row),
      applications: apps.map((a) => ({
        id: a.id,
        posting: { id: a.postingId, title: a.postingTitle },
        stage: { id: a.stageId, name: a.stageName, kind: a.stageKind },
        status: a.status,
        score: a.score,
        createdAt: iso(a.createdAt),
        skills: a.skillIds,
      })),
      skills: skillsOf(apps),
      timeline: events.map((e) => ({
        id: e.id,
        applicationId: e.applicationId,
        kind: e.kind,
        actor: actorOf(e),
        fromStage: e.fromStage,
        toStage: e.toStage,
        data: e.data,
        at: iso(e.at),
      })),
    };
  }

  return {
    list,
    profile,
    export: async (ctx: Ctx, id: string) => {
      const { viewer, row } = await visible(ctx, id);
      return exportCandidate(ctx, { storage, skillsOf }, viewer.orgId, row);
    },
    erase: (ctx: Ctx, id: string, confirm: string | undefined) => eraseCandidate(ctx, storage, id, confirm),
  };
}

export type CandidateActions = ReturnType<typeof candidateActions>;
