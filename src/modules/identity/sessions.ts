// Database sessions: a 256-bit random token in a cookie, only its hash stored. Idle and absolute
// timeouts are checked on every use; last_seen_at is written at most once a minute.
import { createHmac } from 'node:crypto';
import { and, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { memberships, organizations, sessions, users } from '../../db/schema.ts';
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

/**
 * The per-request lookup, as a named prepared statement: PostgreSQL plans this four-table join
 * once per connection instead of on every request (planning cost more than running it).
 */
const buildLookup = (db: Db) =>
  db
    .select({
      id: sessions.id,
      userId: sessions.userId,
      email: users.email,
      platformAdmin: users.platformAdmin,
      totpEnabled: sql<boolean>`${users.totpEnabledAt} is not null`,
      activeOrgId: sessions.activeOrgId,
      role: memberships.role,
      requireMfa: organizations.requireMfa,
      stale: sql<boolean>`${sessions.lastSeenAt} < now() - interval '1 minute'`,
    })
    .from(sessions)
    .innerJoin(users, and(eq(users.id, sessions.userId), isNull(users.disabledAt)))
    .leftJoin(
      memberships,
      and(eq(memberships.orgId, sessions.activeOrgId), eq(memberships.userId, sessions.userId)),
    )
    .leftJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('hash')),
        sql`${sessions.expiresAt} > now()`,
        sql`${sessions.lastSeenAt} > now() - make_interval(hours => ${sql.placeholder('idle')})`,
      ),
    )
    .prepare('rolecraft_resolve_session');

const lookups = new WeakMap<Db, ReturnType<typeof buildLookup>>();

function lookupFor(db: Db) {
  let lookup = lookups.get(db);
  if (!lookup) {
    lookup = buildLookup(db);
    lookups.set(db, lookup);
  }
  return lookup;
}

/** The user behind a session token, or null when it is unknown, expired, idle too long or disabled. */
export async function resolveSession(db: Db, token: string, policy: SessionPolicy): Promise<Actor | null> {
  const [row] = await lookupFor(db).execute({ hash: hashToken(token), idle: policy.idleHours });
  if (!row) return null;
  if (row.stale) await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.id, row.id));
  return {
    kind: 'user',
    userId: row.userId,
    email: row.email,
    platformAdmin: row.platformAdmin,
    sessionId: row.id,
    mfaEnabled: row.totpEnabled,
    membership:
      row.activeOrgId && row.role
        ? { orgId: row.activeOrgId, role: row.role as Role, requireMfa: row.requireMfa === true }
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
