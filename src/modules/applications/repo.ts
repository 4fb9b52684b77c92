// Application queries. Every one takes the organization id, and lists and look-ups take the
// viewer's visibility condition (access.ts): what a viewer may not see is simply not there.
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import type {
  ApplicationStatus,
  Consent,
  ParseStatus,
  Source,
  StageKind,
} from '../../db/schema-applications.ts';
import type { PostingContent } from '../postings/types.ts';
import { type Viewer, visibleTo } from './access.ts';

export interface SummaryRow {
  id: string;
  postingId: string;
  postingTitle: string;
  candidateId: string;
  name: string;
  email: string;
  stageId: string;
  stageName: string;
  stageKind: StageKind;
  stagePosition: number;
  stageEnteredAt: string;
  status: ApplicationStatus;
  source: Source;
  score: number | null;
  knockouts: string[];
  parseStatus: ParseStatus;
  skillIds: string[];
  createdAt: string;
  updatedAt: string;
  /** Keyset of the list order (created_at as PostgreSQL text, exact to the microsecond). */
  at: string;
}

const SUMMARY = sql`a.id, a.posting_id as "postingId", p.title as "postingTitle", a.candidate_id as "candidateId",
  c.name, a.email, a.stage_id as "stageId", s.name as "stageName", s.kind as "stageKind",
  s.position as "stagePosition", a.stage_entered_at as "stageEnteredAt", a.status, a.source, a.score,
  a.knockouts, a.parse_status as "parseStatus", a.skill_ids as "skillIds", a.created_at as "createdAt",
  a.updated_at as "updatedAt", a.created_at::text as at`;
const FROM = sql`applications a join candidates c on c.id = a.candidate_id join postings p on p.id = a.posting_id
  join pipeline_stages s on s.id = a.stage_id`;

export interface ListFilter {
  postingId?: string | undefined;
  stageIds: string[];
  stageKinds: string[];
  statuses: string[];
  sources: string[];
  skillIds: string[];
  scoreMin?: number | undefined;
  scoreMax?: number | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  knockout?: boolean | undefined;
  q?: string | undefined;
}

export type ListOrder =
  | { sort: 'newest' | 'oldest'; after?: { at: string; id: string } | undefined }
  | { sort: 'score'; after?: { score: number; id: string } | undefined };

const uuids = (ids: string[]) =>
  sql`array[${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]`;
const texts = (values: string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

function conditions(viewer: Viewer, f: ListFilter): SQL[] {
  const where: SQL[] = [sql`a.org_id = ${viewer.orgId}`, visibleTo(viewer)];
  if (f.postingId) where.push(sql`a.posting_id = ${f.postingId}`);
  if (f.stageIds.length > 0 || f.stageKinds.length > 0) {
    const parts: SQL[] = [];
    if (f.stageIds.length > 0) parts.push(sql`a.stage_id = any(${uuids(f.stageIds)})`);
    if (f.stageKinds.length > 0) parts.push(sql`s.kind = any(${texts(f.stageKinds)})`);
    where.push(sql`(${sql.join(parts, sql` or `)})`);
  }
  if (f.statuses.length > 0) where.push(sql`a.status = any(${texts(f.statuses)})`);
  if (f.sources.length > 0) where.push(sql`a.source = any(${texts(f.sources)})`);
  if (f.skillIds.length > 0) where.push(sql`a.skill_ids @> ${texts(f.skillIds)}`);
  if (f.scoreMin !== undefined) where.push(sql`a.score >= ${f.scoreMin}`);
  if (f.scoreMax !== undefined) where.push(sql`a.score <= ${f.scoreMax}`);
  if (f.createdFrom) where.push(sql`a.created_at >= ${f.createdFrom}::timestamptz`);
  if (f.createdTo) where.push(sql`a.created_at < ${f.createdTo}::timestamptz`);
  if (f.knockout !== undefined)
    where.push(f.knockout ? sql`cardinality(a.knockouts) > 0` : sql`cardinality(a.knockouts) = 0`);
  if (f.q) {
    // Names and emails are indexed word for word ('simple'), resume text with English stemming.
    where.push(sql`(a.search @@ websearch_to_tsquery('simple', ${f.q}) or a.search @@ websearch_to_tsquery('english', ${f.q})
      or a.email = ${f.q.trim().toLowerCase()})`);
  }
  return where;
}

export async function listApplications(
  db: Db,
  viewer: Viewer,
  f: ListFilter,
  order: ListOrder,
  limit: number,
) {
  const where = conditions(viewer, f);
  let orderBy: SQL;
  if (order.sort === 'score') {
    if (order.after)
      where.push(sql`(coalesce(a.score, -1), a.id) < (${order.after.score}, ${order.after.id}::uuid)`);
    orderBy = sql`coalesce(a.score, -1) desc, a.id desc`;
  } else if (order.sort === 'oldest') {
    if (order.after)
      where.push(sql`(a.created_at, a.id) > (${order.after.at}::timestamptz, ${order.after.id}::uuid)`);
    orderBy = sql`a.created_at asc, a.id asc`;
  } else {
    if (order.after)
      where.push(sql`(a.created_at, a.id) < (${order.after.at}::timestamptz, ${order.after.id}::uuid)`);
    orderBy = sql`a.created_at desc, a.id desc`;
  }
  return queryRows<SummaryRow>(
    db,
    sql`select ${SUMMARY} from ${FROM} where ${sql.join(where, sql` and `)} order by ${orderBy} limit ${limit + 1}`,
  );
}

export interface DetailRow extends SummaryRow {
  phone: string | null;
  answers: Record<string, unknown>;
  consent: Consent;
  rejectionReason: string | null;
  parseError: string | null;
  match: unknown;
  parsed: { contacts?: unknown } | null;
  content: PostingContent;
  resumeFileId: string | null;
  coverLetterFileId: string | null;
  resumeText: string | null;
}

export async function findApplication(db: Db, viewer: Viewer, id: string): Promise<DetailRow | undefined> {
  const [row] = await queryRows<DetailRow>(
    db,
    sql`select ${SUMMARY}, c.phone, a.answers, a.consent, a.rejection_reason as "rejectionReason",
               a.parse_error as "parseError", a.match, a.parsed, p.content,
               a.resume_file_id as "resumeFileId", a.cover_letter_file_id as "coverLetterFileId",
               a.resume_text as "resumeText"
        from ${FROM} where a.org_id = ${viewer.orgId} and a.id = ${id} and ${visibleTo(viewer)}`,
  );
  return row;
}

export interface EventRow {
  id: string;
  kind: string;
  actorType: string;
  actorLabel: string | null;
  fromStage: string | null;
  toStage: string | null;
  toStageId: string | null;
  toStageKind: StageKind | null;
  data: Record<string, unknown>;
  at: string;
}

export async function applicationEvents(db: Db, orgId: string, id: string): Promise<EventRow[]> {
  return queryRows<EventRow>(
    db,
    sql`select e.id, e.kind, e.actor_type as "actorType", e.actor_label as "actorLabel", f.name as "fromStage",
               t.name as "toStage", e.to_stage_id as "toStageId", t.kind as "toStageKind", e.data, e.at
        from application_events e left join pipeline_stages f on f.id = e.from_stage_id
        left join pipeline_stages t on t.id = e.to_stage_id
        where e.org_id = ${orgId} and e.application_id = ${id} order by e.at, e.id limit 1000`,
  );
}

export async function applicationFiles(db: Db, orgId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return queryRows<{ id: string; filename: string; mediaType: string; size: number; storageKey: string }>(
    db,
    sql`select id, filename, media_type as "mediaType", size, storage_key as "storageKey" from files
        where org_id = ${orgId} and id = any(${uuids(ids)})`,
  );
}

export async function assignees(db: Db, id: string): Promise<string[]> {
  const rows = await queryRows<{ userId: string }>(
    db,
    sql`select user_id as "userId" from application_assignments where application_id = ${id} order by user_id`,
  );
  return rows.map((r) => r.userId);
}

export async function otherApplications(db: Db, viewer: Viewer, candidateId: string, except: string) {
  return queryRows<{ id: string; postingTitle: string; status: ApplicationStatus; createdAt: string }>(
    db,
    sql`select a.id, p.title as "postingTitle", a.status, a.created_at as "createdAt"
        from applications a join postings p on p.id = a.posting_id
        where a.org_id = ${viewer.orgId} and a.candidate_id = ${candidateId} and a.id <> ${except}
          and ${visibleTo(viewer)} order by a.created_at desc limit 50`,
  );
}
