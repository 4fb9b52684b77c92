// Database sessions: a 256-bit random token in a cookie, only its hash stored. Idle and absolute
// timeouts are checked on every use; last_seen_at is written at most once a minute.
import { createHmac } from 'node:crypto';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { sessions } from '../../db/schema.ts';
import type { Actor } from '../../shared/context.ts';
import { newId } from '../../shared/ids.ts';
import { hashToken, randomToken } from '../../shared/secrets.ts';
import type { Role } from '../access/permissions.ts';

export const SESSION_COOKIE = '__Host-rolecraft_session';
export const MAX_SESSIONS = 50;

export interface SessionPolicy {
  idleHours: number;
  maxDays: number;
}

/** The CSRF token is derived from the session token: nothing to store, and it dies with the session. */
export const csrfTokenFor = (sessionToken: string) =>
  createHmac('sha256', sessionToken).update('rolecraft csrf').digest('base64url');

export async function createSession(
  db: Db,
  input: { userId: string; orgId: string | null; ip?: string | undefined; userAgent?: string | undefined },
  policy: SessionPolicy,
) {
  const token = randomToken();
  const id = newId();
  await db.insert(sessions).values({
    id,
    userId: input.userId,
    tokenHash: hashToken(token),
    activeOrgId: input.orgId,
    ip: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    expiresAt: new Date(Date.now() + policy.maxDays * 86_400_000),
  });
  // Sessions per person are bounded: beyond the newest MAX_SESSIONS, the oldest end.
  await db.execute(
    sql`delete from sessions where user_id = ${input.userId} and id not in (
          select id from sessions where user_id = ${input.userId} order by created_at desc, id desc limit ${MAX_SESSIONS})`,
  );
  return { id, token };
}

interface SessionRow {
  id: string;
  user_id: string;
  email: string;
  platform_admin: boolean;
  totp_enabled: boolean;
  active_org_id: string | null;
  role: Role | null;
  require_mfa: boolean | null;
  stale: boolean;
}

/** The user behind a session token, or null when it is unknown, expired, idle too long or disabled. */
export async function resolveSession(db: Db, token: string, policy: SessionPolicy): Promise<Actor | null> {
  const [row] = await queryRows<SessionRow>(
    db,
    sql`select s.id, s.user_id, u.email, u.platform_admin, u.totp_enabled_at is not null as totp_enabled,
          s.active_org_id, m.role, o.require_mfa,
          s.last_seen_at < now() - interval '1 minute' as stale
        from sessions s
        join users u on u.id = s.user_id and u.disabled_at is null
        left join memberships m on m.org_id = s.active_org_id and m.user_id = s.user_id
        left join organizations o on o.id = m.org_id
        where s.token_hash = ${hashToken(token)}
          and s.expires_at > now()
          and s.last_seen_at > now() - make_interval(hours => ${policy.idleHours})`,
  );
  if (!row) return null;
  if (row.stale) await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.id, row.id));
  return {
    kind: 'user',
    userId: row.user_id,
    email: row.email,
    platformAdmin: row.platform_admin,
    sessionId: row.id,
    mfaEnabled: row.totp_enabled,
    membership:
      row.active_org_id && row.role
        ? { orgId: row.active_org_id, role: row.role, requireMfa: row.require_mfa === true }
        : null,
  };
}

export async function listSessions(db: Db, userId: string) {
  return db
    .select({
      id: sessions.id,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), sql`${sessions.expiresAt} > now()`))
    .orderBy(desc(sessions.lastSeenAt));
}

export async function endSession(db: Db, userId: string, sessionId: string): Promise<boolean> {
  const ended = await db
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  return ended.length > 0;
}

/** Ends every session of a user but one (pass null to end them all). */
export async function endOtherSessions(db: Db, userId: string, keepSessionId: string | null) {
  await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keepSessionId ? ne(sessions.id, keepSessionId) : undefined));
}

export async function setActiveOrg(db: Db, sessionId: string, orgId: string) {
  await db.update(sessions).set({ activeOrgId: orgId }).where(eq(sessions.id, sessionId));
}
