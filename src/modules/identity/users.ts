// User queries. Emails are stored lower-cased and trimmed: one account per mailbox.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { memberships, organizations, users } from '../../db/schema.ts';
import { newId } from '../../shared/ids.ts';
import type { Role } from '../access/permissions.ts';
import { hashPassword } from './password.ts';

export type UserRow = typeof users.$inferSelect;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)));
  return row;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export interface NewUser {
  email: string;
  password: string;
  name?: string;
  platformAdmin?: boolean;
  verified?: boolean;
}

/** Inserts a user (the password must already have passed the policy). */
export async function insertUser(db: Db, input: NewUser): Promise<UserRow> {
  const [row] = await db
    .insert(users)
    .values({
      id: newId(),
      email: normalizeEmail(input.email),
      name: input.name?.trim() ?? '',
      passwordHash: await hashPassword(input.password),
      platformAdmin: input.platformAdmin ?? false,
      emailVerifiedAt: input.verified ? sql`now()` : null,
    })
    .returning();
  return row!;
}

export async function updateUser(db: Db, id: string, set: Partial<typeof users.$inferInsert>) {
  await db
    .update(users)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(users.id, id));
}

export interface MembershipSummary {
  id: string;
  slug: string;
  name: string;
  role: Role;
}

/** The organizations a user belongs to, oldest membership first. */
export async function membershipsOf(db: Db, userId: string): Promise<MembershipSummary[]> {
  const rows = await db
    .select({
      id: organizations.id,
      slug: organizations.slug,
      name: organizations.name,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt), asc(organizations.slug));
  return rows as MembershipSummary[];
}

export async function membershipIn(db: Db, userId: string, orgSlug: string) {
  const [row] = await db
    .select({ id: organizations.id, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.userId, userId), eq(organizations.slug, orgSlug)));
  return row;
}
