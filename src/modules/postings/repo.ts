// Posting queries. Every one takes the organization id: another tenant's posting is not there.
import { and, desc, eq, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organizations, postingEvents, postings, postingVersions, users } from '../../db/schema.ts';
import type { PostingContent, PostingStatus } from './types.ts';

export type PostingRow = typeof postings.$inferSelect;
export type NewPostingRow = typeof postings.$inferInsert;

/** The next posting number of the organization; the row lock serialises concurrent creates. */
export async function takeNumber(tx: Db, orgId: string) {
  const [row] = await tx
    .update(organizations)
    .set({ postingSeq: sql`${organizations.postingSeq} + 1` })
    .where(eq(organizations.id, orgId))
    .returning({ number: organizations.postingSeq, orgSlug: organizations.slug });
  return row;
}

export async function orgFacts(db: Db, orgId: string) {
  const [row] = await db
    .select({ slug: organizations.slug, employeeCount: organizations.employeeCount })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  return row;
}

export async function insertPosting(tx: Db, row: NewPostingRow) {
  await tx.insert(postings).values(row);
}

export async function findPosting(db: Db, orgId: string, id: string): Promise<PostingRow | undefined> {
  const [row] = await db
    .select()
    .from(postings)
    .where(and(eq(postings.orgId, orgId), eq(postings.id, id)));
  return row;
}

/** Reads the posting for a write, holding its row until the transaction ends. */
export async function lockPosting(tx: Db, orgId: string, id: string): Promise<PostingRow | undefined> {
  const [row] = await tx
    .select()
    .from(postings)
    .where(and(eq(postings.orgId, orgId), eq(postings.id, id)))
    .for('update');
  return row;
}

export async function updatePosting(tx: Db, id: string, fields: Partial<NewPostingRow>): Promise<PostingRow> {
  const [row] = await tx
    .update(postings)
    .set({ ...fields, updatedAt: fields.updatedAt ?? sql`now()` })
    .where(eq(postings.id, id))
    .returning();
  return row!;
}

export async function deletePosting(tx: Db, id: string) {
  await tx.delete(postings).where(eq(postings.id, id));
}

export async function insertVersion(
  tx: Db,
  posting: { id: string; version: number; content: PostingContent; status: PostingStatus },
  userId: string | null,
) {
  await tx.insert(postingVersions).values({
    postingId: posting.id,
    version: posting.version,
    content: posting.content,
    status: posting.status,
    createdBy: userId,
  });
}

export async function insertEvent(tx: Db, event: typeof postingEvents.$inferInsert) {
  await tx.insert(postingEvents).values(event);
}

export interface ListFilter {
  status?: PostingStatus | undefined;
  q?: string | undefined;
  after?: { updatedAt: string; id: string } | undefined;
  limit: number;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listPostings(db: Db, orgId: string, f: ListFilter) {
  const conditions = [eq(postings.orgId, orgId)];
  if (f.status) conditions.push(eq(postings.status, f.status));
  // Every word must appear in the title or the department.
  for (const word of (f.q ?? '').split(/\s+/).filter(Boolean).slice(0, 10)) {
    const pattern = likePattern(word);
    conditions.push(sql`(${postings.title} ilike ${pattern} or ${postings.department} ilike ${pattern})`);
  }
  if (f.after) {
    conditions.push(
      sql`(${postings.updatedAt}, ${postings.id}) < (${f.after.updatedAt}::timestamptz, ${f.after.id}::uuid)`,
    );
  }
  return db
    .select({
      id: postings.id,
      slug: postings.slug,
      number: postings.number,
      status: postings.status,
      title: postings.title,
      department: postings.department,
      version: postings.version,
      publishedAt: postings.publishedAt,
      validThrough: postings.validThrough,
      updatedAt: postings.updatedAt,
      updatedAtExact: sql<string>`${postings.updatedAt}::text`,
    })
    .from(postings)
    .where(and(...conditions))
    .orderBy(desc(postings.updatedAt), desc(postings.id))
    .limit(f.limit + 1);
}

export async function listVersions(db: Db, postingId: string, before: number | undefined, limit: number) {
  return db
    .select()
    .from(postingVersions)
    .where(
      and(
        eq(postingVersions.postingId, postingId),
        before === undefined ? undefined : lt(postingVersions.version, before),
      ),
    )
    .orderBy(desc(postingVersions.version))
    .limit(limit + 1);
}

export async function getVersion(db: Db, postingId: string, version: number) {
  const [row] = await db
    .select()
    .from(postingVersions)
    .where(and(eq(postingVersions.postingId, postingId), eq(postingVersions.version, version)));
  return row;
}

const MAX_EVENTS = 500;

export async function listEvents(db: Db, postingId: string) {
  return db
    .select({
      from: postingEvents.fromStatus,
      to: postingEvents.toStatus,
      actor: postingEvents.actorLabel,
      reason: postingEvents.reason,
      at: postingEvents.at,
    })
    .from(postingEvents)
    .where(eq(postingEvents.postingId, postingId))
    .orderBy(desc(postingEvents.at), desc(postingEvents.id))
    .limit(MAX_EVENTS);
}

/** Closes every published posting whose valid-through date has passed; returns what it closed. */
export async function closeExpired(tx: Db, now: Date) {
  return tx
    .update(postings)
    .set({ status: 'closed', closedAt: now, updatedAt: now })
    .where(and(eq(postings.status, 'published'), lte(postings.validThrough, now)))
    .returning({ id: postings.id, orgId: postings.orgId, slug: postings.slug, title: postings.title });
}

/** Whether every id belongs to a member of the organization (for hiring teams). */
export async function membersAmong(db: Db, orgId: string, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.execute<{ user_id: string }>(
    sql`select m.user_id from memberships m join ${users} u on u.id = m.user_id
        where m.org_id = ${orgId} and m.user_id in (${sql.join(
          userIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
  const list = (rows as unknown as { rows: { user_id: string }[] }).rows;
  return new Set(list.map((r) => r.user_id));
}
