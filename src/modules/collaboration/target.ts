// The application a note or scorecard is about, as the caller may see it (access.ts): another
// organization's application, or one an interviewer is not assigned to, is simply not found.
import { eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { applicationEvents } from '../../db/schema-applications.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { type Viewer, viewerOf, visibleTo } from '../applications/access.ts';
import type { PostingContent } from '../postings/types.ts';

export interface Target {
  viewer: Viewer;
  id: string;
  candidateName: string;
  title: string;
  content: PostingContent;
}

export async function visibleApplication(ctx: Ctx, id: string): Promise<Target> {
  const viewer = viewerOf(ctx);
  const [row] = await queryRows<Omit<Target, 'viewer'>>(
    ctx.db,
    sql`select a.id, c.name as "candidateName", p.title, p.content
        from applications a join candidates c on c.id = a.candidate_id join postings p on p.id = a.posting_id
        where a.org_id = ${viewer.orgId} and a.id = ${id} and ${visibleTo(viewer)}`,
  );
  if (!row) throw notFound('The application');
  return { viewer, ...row };
}

/** Whether this member may see the application (the same rule as for the caller). */
export async function canSee(db: Db, viewer: Viewer, id: string): Promise<boolean> {
  const rows = await queryRows(
    db,
    sql`select 1 from applications a where a.org_id = ${viewer.orgId} and a.id = ${id} and ${visibleTo(viewer)}`,
  );
  return rows.length > 0;
}

export interface Person {
  userId: string;
  email: string;
  /** Name, or the email address when there is none: what notes show as their author. */
  label: string;
}

/** Notes and scorecards are written by people (the permission table keeps tokens out already). */
export async function author(ctx: Ctx): Promise<Person> {
  const a = ctx.actor;
  if (a.kind !== 'user') throw new AppError(403, 'forbidden', 'Notes and scorecards are written by people.');
  const [row] = await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, a.userId));
  return { userId: a.userId, email: a.email, label: row?.name.trim() || a.email };
}

/** A timeline entry: never the content of a note or scorecard (the timeline is for every reader). */
export async function recordEvent(
  db: Db,
  target: Target,
  who: Person,
  kind: string,
  data: Record<string, unknown>,
) {
  await db.insert(applicationEvents).values({
    id: newId(),
    orgId: target.viewer.orgId,
    applicationId: target.id,
    kind,
    actorType: 'user',
    actorId: who.userId,
    actorLabel: who.email,
    data,
  });
}

export const iso = (v: string | Date) => new Date(v).toISOString();
