// Candidate queries. Every one takes the organization id; reads take the viewer too, so an
// interviewer's candidate is only what their assigned applications show.
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import type { ApplicationStatus, Consent, Source, StageKind } from '../../db/schema-applications.ts';
import { type Viewer, visibleTo } from '../applications/access.ts';
import type { PostingContent } from '../postings/types.ts';

export const uuids = (ids: readonly string[]) =>
  ids.length === 0
    ? sql`array[]::uuid[]`
    : sql`array[${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}]`;

/** When the candidate's data expires: retention counts from the last activity or renewed consent. */
export const KEPT_UNTIL = sql`greatest(c.last_activity_at, c.consent_renewed_at) + make_interval(months => o.retention_months)`;

/** The candidate has an application this viewer may see (interviewers: an assigned one). */
const seenBy = (viewer: Viewer) =>
  sql`exists (select 1 from applications a where a.org_id = ${viewer.orgId} and a.candidate_id = c.id and ${visibleTo(viewer)})`;

export interface CandidateRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  createdAt: string;
  lastActivityAt: string;
  anonymizedAt: string | null;
  consentRenewedAt: string | null;
  erasureRequestedAt: string | null;
  exportRequestedAt: string | null;
  keptUntil: string;
}

export async function findCandidate(db: Db, viewer: Viewer, id: string): Promise<CandidateRow | undefined> {
  const [row] = await queryRows<CandidateRow>(
    db,
    sql`select c.id, c.name, c.email, c.phone, c.created_at as "createdAt", c.last_activity_at as "lastActivityAt",
               c.anonymized_at as "anonymizedAt", c.consent_renewed_at as "consentRenewedAt",
               c.erasure_requested_at as "erasureRequestedAt", c.export_requested_at as "exportRequestedAt",
               ${KEPT_UNTIL} as "keptUntil"
        from candidates c join organizations o on o.id = c.org_id
        where c.org_id = ${viewer.orgId} and c.id = ${id} and ${seenBy(viewer)}`,
  );
  return row;
}

export interface ListFilter {
  q?: string | undefined;
  erasureRequested?: boolean | undefined;
  after?: { at: string; id: string } | undefined;
}

export interface ListRow {
  id: string;
  name: string;
  email: string | null;
  applications: number;
  createdAt: string;
  lastActivityAt: string;
  erasureRequestedAt: string | null;
  exportRequestedAt: string | null;
  /** Keyset of the list order (PostgreSQL text, exact to the microsecond). */
  at: string;
}

/** LIKE treats % and _ as wildcards: a search for "a_b" means those characters. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listCandidates(db: Db, viewer: Viewer, f: ListFilter, limit: number) {
  const where: SQL[] = [sql`c.org_id = ${viewer.orgId}`, sql`c.anonymized_at is null`, sql`n.count > 0`];
  if (f.q) {
    const prefix = `${likeEscape(f.q)}%`;
    where.push(sql`(c.name ilike ${prefix} or c.name ilike ${`% ${prefix}`} or c.email ilike ${prefix})`);
  }
  if (f.erasureRequested !== undefined)
    where.push(
      f.erasureRequested ? sql`c.erasure_requested_at is not null` : sql`c.erasure_requested_at is null`,
    );
  if (f.after)
    where.push(sql`(c.last_activity_at, c.id) < (${f.after.at}::timestamptz, ${f.after.id}::uuid)`);
  return queryRows<ListRow>(
    db,
    sql`select c.id, c.name, c.email, n.count as applications, c.created_at as "createdAt",
               c.last_activity_at as "lastActivityAt", c.erasure_requested_at as "erasureRequestedAt",
               c.export_requested_at as "exportRequestedAt", c.last_activity_at::text as at
        from candidates c cross join lateral (
          select count(*)::int as count from applications a
          where a.org_id = ${viewer.orgId} and a.candidate_id = c.id and ${visibleTo(viewer)}) n
        where ${sql.join(where, sql` and `)}
        order by c.last_activity_at desc, c.id desc limit ${limit + 1}`,
  );
}

export interface ApplicationRow {
  id: string;
  postingId: string;
  postingTitle: string;
  stageId: string;
  stageName: string;
  stageKind: StageKind;
  status: ApplicationStatus;
  score: number | null;
  skillIds: string[];
  createdAt: string;
}

const APPLICATION = sql`a.id, a.posting_id as "postingId", p.title as "postingTitle", a.stage_id as "stageId",
  s.name as "stageName", s.kind as "stageKind", a.status, a.score, a.skill_ids as "skillIds", a.created_at as "createdAt"`;
const FROM = sql`applications a join postings p on p.id = a.posting_id join pipeline_stages s on s.id = a.stage_id`;

export async function candidateApplications(db: Db, viewer: Viewer, candidateId: string) {
  return queryRows<ApplicationRow>(
    db,
    sql`select ${APPLICATION} from ${FROM}
        where a.org_id = ${viewer.orgId} and a.candidate_id = ${candidateId} and ${visibleTo(viewer)}
        order by a.created_at desc, a.id desc`,
  );
}

/** Everything an export holds about one application (admins only: no visibility condition). */
export interface FullApplicationRow extends ApplicationRow {
  email: string;
  source: Source;
  stageEnteredAt: string;
  rejectionReason: string | null;
  answers: Record<string, unknown>;
  knockouts: string[];
  consent: Consent;
  parseStatus: string;
  resumeText: string | null;
  parsed: unknown;
  match: unknown;
  content: PostingContent;
  updatedAt: string;
}

export async function fullApplications(db: Db, orgId: string, candidateId: string) {
  return queryRows<FullApplicationRow>(
    db,
    sql`select ${APPLICATION}, a.email, a.source, a.stage_entered_at as "stageEnteredAt",
               a.rejection_reason as "rejectionReason", a.answers, a.knockouts, a.consent,
               a.parse_status as "parseStatus", a.resume_text as "resumeText", a.parsed, a.match, p.content,
               a.updated_at as "updatedAt"
        from ${FROM} where a.org_id = ${orgId} and a.candidate_id = ${candidateId}
        order by a.created_at, a.id`,
  );
}

export interface EventRow {
  id: string;
  applicationId: string;
  kind: string;
  actorType: string;
  actorLabel: string | null;
  fromStage: string | null;
  toStage: string | null;
  data: Record<string, unknown>;
  at: string;
}

/** Events of the given applications, newest first. */
export async function events(db: Db, orgId: string, applicationIds: string[], limit: number) {
  if (applicationIds.length === 0) return [];
  return queryRows<EventRow>(
    db,
    sql`select e.id, e.application_id as "applicationId", e.kind, e.actor_type as "actorType",
               e.actor_label as "actorLabel", f.name as "fromStage", t.name as "toStage", e.data, e.at
        from application_events e left join pipeline_stages f on f.id = e.from_stage_id
        left join pipeline_stages t on t.id = e.to_stage_id
        where e.org_id = ${orgId} and e.application_id = any(${uuids(applicationIds)})
        order by e.at desc, e.id desc limit ${limit}`,
  );
}

export async function notes(db: Db, orgId: string, applicationIds: string[]) {
  if (applicationIds.length === 0) return [];
  return queryRows<{ id: string; applicationId: string; author: string; body: string; createdAt: string }>(
    db,
    sql`select id, application_id as "applicationId", author_label as author, body, created_at as "createdAt"
        from application_notes where org_id = ${orgId} and application_id = any(${uuids(applicationIds)})
        order by created_at, id`,
  );
}

export async function scorecards(db: Db, orgId: string, applicationIds: string[]) {
  if (applicationIds.length === 0) return [];
  return queryRows<{
    id: string;
    applicationId: string;
    interview: string;
    ratings: unknown;
    recommendation: string;
    notes: string;
    submittedAt: string;
  }>(
    db,
    sql`select id, application_id as "applicationId", interview, ratings, recommendation, notes,
               submitted_at as "submittedAt"
        from scorecards where org_id = ${orgId} and application_id = any(${uuids(applicationIds)})
        order by submitted_at, id`,
  );
}

export interface FileRow {
  id: string;
  applicationId: string;
  role: 'resume' | 'cover_letter' | 'answer';
  storageKey: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
}

const UUID_TEXT = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/** Every stored file of these candidates' applications: resumes, cover letters, file answers. */
export async function candidateFiles(db: Db, orgId: string, candidateIds: string[]) {
  if (candidateIds.length === 0) return [];
  return queryRows<FileRow>(
    db,
    sql`select distinct on (f.id) f.id, a.id as "applicationId", r.role, f.storage_key as "storageKey",
               f.filename, f.media_type as "mediaType", f.size, f.sha256
        from applications a cross join lateral (
          select a.resume_file_id as fid, 'resume' as role
          union all select a.cover_letter_file_id, 'cover_letter'
          union all select case when v->>'file' ~ ${UUID_TEXT} then (v->>'file')::uuid end, 'answer'
            from jsonb_each(a.answers) as e(k, v) where jsonb_typeof(v) = 'object'
        ) r join files f on f.id = r.fid and f.org_id = a.org_id
        where a.org_id = ${orgId} and a.candidate_id = any(${uuids(candidateIds)})
        order by f.id`,
  );
}
