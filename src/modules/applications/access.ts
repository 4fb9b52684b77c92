// Who may see which application. Tokens and most roles see every application of their
// organization; interviewers only those they are assigned to. Anything not visible answers 404,
// exactly like a missing one.
import { type SQL, sql } from 'drizzle-orm';
import type { Role } from '../access/permissions.ts';
import { requireOrg } from '../access/org.ts';
import type { Ctx } from '../../shared/context.ts';

export interface Viewer {
  orgId: string;
  /** Null for API tokens. */
  userId: string | null;
  /** Null for API tokens (their scopes were checked by the route). */
  role: Role | null;
}

export function viewerOf(ctx: Ctx): Viewer {
  const orgId = requireOrg(ctx);
  const a = ctx.actor;
  if (a.kind === 'user') return { orgId, userId: a.userId, role: a.membership?.role ?? null };
  return { orgId, userId: null, role: null };
}

/** The extra condition on `applications a` for this viewer (none for most). */
export function visibleTo(viewer: Viewer, alias = 'a'): SQL {
  if (viewer.role !== 'interviewer' || !viewer.userId) return sql`true`;
  return sql`exists (select 1 from application_assignments x
                     where x.application_id = ${sql.raw(alias)}.id and x.user_id = ${viewer.userId})`;
}

/** Viewers never see resumes, cover letters, file answers or the text read from them. */
export const seesFiles = (viewer: Viewer) => viewer.role !== 'viewer';
