// Organization, membership and invitation queries. No rules here; every function takes a db or
// a transaction, and every one that reads tenant data takes the organization id.
import { and, asc, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { invitations, memberships, organizations, users } from '../../db/schema.ts';
import type { Role } from '../access/permissions.ts';

export type OrgRow = typeof organizations.$inferSelect;
export type InvitationRow = typeof invitations.$inferSelect;

export async function insertOrg(db: Db, row: typeof organizations.$inferInsert) {
  await db.insert(organizations).values(row);
}

export async function findOrg(db: Db, orgId: string): Promise<OrgRow | undefined> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  return row;
}

export async function updateOrg(db: Db, orgId: string, set: Partial<typeof organizations.$inferInsert>) {
  const [row] = await db
    .update(organizations)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(organizations.id, orgId))
    .returning();
  return row;
}

export async function insertMembership(db: Db, orgId: string, userId: string, role: Role): Promise<boolean> {
  const inserted = await db
    .insert(memberships)
    .values({ orgId, userId, role })
    .onConflictDoNothing()
    .returning({ userId: memberships.userId });
  return inserted.length > 0;
}

/**
 * Locks the organization's row until the transaction ends: creations that must stay under a
 * per-organization limit (invitations, API tokens) count after taking it, one at a time.
 */
export async function lockOrg(tx: Db, orgId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    // Not FOR UPDATE: inserts that reference the row (their foreign keys) need not wait for it.
    .for('no key update');
  return rows.length > 0;
}

/** Locks the person's row, so two concurrent organization creations count their memberships in turn. */
export async function lockUser(tx: Db, userId: string) {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('no key update');
}

export async function countMemberships(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(eq(memberships.userId, userId));
  return row?.n ?? 0;
}

export async function findMembership(db: Db, orgId: string, userId: string) {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row as { role: Role } | undefined;
}

/**
 * The member's role, with the row locked against change (FOR SHARE) until the transaction ends:
 * a concurrent removal or demotion waits, or has committed and is seen.
 */
export async function findMembershipForShare(db: Db, orgId: string, userId: string) {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .for('share');
  return row as { role: Role } | undefined;
}

/**
 * The organization's owners, locked until the transaction ends: a concurrent demotion or removal
 * waits here, then sees the committed roles, so two of them cannot both leave no owner behind.
 */
export async function lockOwners(tx: Db, orgId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'owner')))
    // One lock order for everybody, so two of these cannot deadlock.
    .orderBy(asc(memberships.userId))
    .for('update');
  return rows.map((r) => r.userId);
}

export async function setRole(db: Db, orgId: string, userId: string, role: Role) {
  await db
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
}

export async function deleteMembership(db: Db, orgId: string, userId: string): Promise<boolean> {
  const deleted = await db
    .delete(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .returning({ userId: memberships.userId });
  return deleted.length > 0;
}

const memberColumns = {
  userId: users.id,
  email: users.email,
  name: users.name,
  role: memberships.role,
  totpEnabledAt: users.totpEnabledAt,
  joinedAt: memberships.createdAt,
};
export interface MemberRow {
  userId: string;
  email: string;
  name: string;
  role: string;
  totpEnabledAt: Date | null;
  joinedAt: Date;
}

/** Members in email order (emails are unique), after the cursor's email. */
export async function listMembers(
  db: Db,
  orgId: string,
  after: string | undefined,
  limit: number,
): Promise<MemberRow[]> {
  return db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), after === undefined ? undefined : gt(users.email, after)))
    .orderBy(asc(users.email))
    .limit(limit);
}

export async function findMember(db: Db, orgId: string, userId: string): Promise<MemberRow | undefined> {
  const [row] = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row;
}

export async function isMemberByEmail(db: Db, orgId: string, email: string): Promise<boolean> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(users.email, email)));
  return rows.length > 0;
}

const pending = and(
  isNull(invitations.acceptedAt),
  isNull(invitations.revokedAt),
  sql`${invitations.expiresAt} > now()`,
);

/** Revokes the still-open invitations of an address (a new one replaces them). */
export async function revokePendingFor(db: Db, orgId: string, email: string) {
  return db
    .update(invitations)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(invitations.orgId, orgId), eq(invitations.email, email), pending))
    .returning({ id: invitations.id });
}

export async function countPendingInvitations(db: Db, orgId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(invitations)
    .where(and(eq(invitations.orgId, orgId), pending));
  return row?.n ?? 0;
}

/**
 * Revokes the pending invitations a member sent (all of them, or only those for the given
 * roles): what they may no longer grant must not stay redeemable.
 */
export async function revokePendingInvitedBy(db: Db, orgId: string, userId: string, roles?: readonly Role[]) {
  return db
    .update(invitations)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(invitations.orgId, orgId),
        eq(invitations.invitedBy, userId),
        pending,
        roles === undefined ? undefined : inArray(invitations.role, [...roles]),
      ),
    )
    .returning({ id: invitations.id, email: invitations.email });
}

export async function insertInvitation(db: Db, row: typeof invitations.$inferInsert): Promise<InvitationRow> {
  const [inserted] = await db.insert(invitations).values(row).returning();
  return inserted!;
}

/** Pending invitations, newest first (ids are UUIDv7), before the cursor's id. */
export async function listPendingInvitations(
  db: Db,
  orgId: string,
  before: string | undefined,
  limit: number,
) {
  return db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.orgId, orgId),
        pending,
        before === undefined ? undefined : lt(invitations.id, before),
      ),
    )
    .orderBy(desc(invitations.id))
    .limit(limit);
}

export async function revokeInvitation(db: Db, orgId: string, id: string) {
  const [row] = await db
    .update(invitations)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(invitations.id, id), eq(invitations.orgId, orgId), pending))
    .returning({ id: invitations.id, email: invitations.email });
  return row;
}

export async function findPendingByHash(db: Db, tokenHash: string): Promise<InvitationRow | undefined> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.tokenHash, tokenHash), pending));
  return row;
}

/** Marks the invitation accepted if it is still pending: the one place that makes it single-use. */
export async function markAccepted(db: Db, id: string): Promise<boolean> {
  const updated = await db
    .update(invitations)
    .set({ acceptedAt: sql`now()` })
    .where(and(eq(invitations.id, id), pending))
    .returning({ id: invitations.id });
  return updated.length > 0;
}
