// Notes on an application: everyone who can see the application reads them; people write them.
// Mentioned members get one email each, after the commit, and only if they can see the application.
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { applicationNotes } from '../../db/schema-applications.ts';
import type { Role } from '../access/permissions.ts';
import type { Ctx } from '../../shared/context.ts';
import { newId } from '../../shared/ids.ts';
import { recordAudit } from '../audit/record.ts';
import type { MailSender } from '../notifications/send.ts';
import { excerpt, parseMentions } from './mentions.ts';
import type { Note } from './schemas.ts';
import { author, canSee, iso, type Person, recordEvent, type Target, visibleApplication } from './target.ts';

export interface NoteDeps {
  mail: MailSender;
  publicUrl: string;
}

export interface Log {
  error(details: object, message: string): void;
}

const MAX_NOTES = 500;

interface Member {
  userId: string;
  email: string;
  role: Role;
  disabled: boolean;
}

/** The mentioned members of the organization (by id, for a stable order); strangers drop out. */
async function resolveMentions(db: Db, orgId: string, body: string): Promise<Member[]> {
  const { userIds, emails } = parseMentions(body);
  const list = (values: SQL[]) => sql.join(values, sql`, `);
  const who: SQL[] = [];
  if (userIds.length > 0) who.push(sql`u.id in (${list(userIds.map((id) => sql`${id}::uuid`))})`);
  if (emails.length > 0) who.push(sql`lower(u.email) in (${list(emails.map((e) => sql`${e}`))})`);
  if (who.length === 0) return [];
  return queryRows<Member>(
    db,
    sql`select u.id as "userId", u.email, m.role, u.disabled_at is not null as disabled
        from memberships m join users u on u.id = m.user_id
        where m.org_id = ${orgId} and (${sql.join(who, sql` or `)})
        order by u.id`,
  );
}

export function noteActions({ mail, publicUrl }: NoteDeps) {
  async function list(ctx: Ctx, id: string): Promise<{ items: Note[] }> {
    const target = await visibleApplication(ctx, id);
    // The latest 500, shown oldest first.
    const rows = (
      await ctx.db
        .select()
        .from(applicationNotes)
        .where(and(eq(applicationNotes.orgId, target.viewer.orgId), eq(applicationNotes.applicationId, id)))
        .orderBy(desc(applicationNotes.createdAt), desc(applicationNotes.id))
        .limit(MAX_NOTES)
    ).reverse();
    const mentioned = [...new Set(rows.flatMap((r) => r.mentions))];
    const emails = new Map(
      mentioned.length === 0
        ? []
        : (
            await ctx.db
              .select({ id: users.id, email: users.email })
              .from(users)
              .where(inArray(users.id, mentioned))
              .orderBy(asc(users.id))
          ).map((u) => [u.id, u.email] as const),
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        author: { id: r.authorId, label: r.authorLabel },
        body: r.body,
        // A member whose account is gone drops out of the list; the text keeps the mention.
        mentions: r.mentions.flatMap((userId) => {
          const email = emails.get(userId);
          return email ? [{ userId, email }] : [];
        }),
        createdAt: iso(r.createdAt),
      })),
    };
  }

  async function add(ctx: Ctx, id: string, body: string, log: Log): Promise<Note> {
    const target = await visibleApplication(ctx, id);
    const who = await author(ctx);
    const members = await resolveMentions(ctx.db, target.viewer.orgId, body);
    const noteId = newId();
    const [row] = await ctx.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(applicationNotes)
        .values({
          id: noteId,
          orgId: target.viewer.orgId,
          applicationId: id,
          authorId: who.userId,
          authorLabel: who.label,
          body,
          mentions: members.map((m) => m.userId),
        })
        .returning();
      await recordEvent(tx, target, who, 'note_added', {
        noteId,
        mentions: members.map((m) => m.userId),
      });
      await recordAudit(
        ctx,
        {
          action: 'application.note_added',
          targetType: 'application',
          targetId: id,
          data: { noteId, mentions: members.length },
        },
        tx,
      );
      return inserted;
    });
    // After the commit: mail is never sent from inside a transaction (PGlite has one connection).
    await notify(ctx.db, target, who, members, body, log);
    return {
      id: noteId,
      author: { id: who.userId, label: who.label },
      body,
      mentions: members.map((m) => ({ userId: m.userId, email: m.email })),
      createdAt: iso(row!.createdAt),
    };
  }

  async function notify(db: Db, target: Target, who: Person, members: Member[], body: string, log: Log) {
    for (const m of members) {
      if (m.userId === who.userId || m.disabled) continue;
      // An interviewer not assigned to the application learns nothing of it, not even that it exists.
      if (!(await canSee(db, { orgId: target.viewer.orgId, userId: m.userId, role: m.role }, target.id)))
        continue;
      const about = `${target.candidateName} (${target.title})`;
      try {
        await mail.sendEmail({
          to: m.email,
          kind: 'mention',
          subject: `${who.label} mentioned you in a note about ${about}`
            .replace(/[\r\n]+/g, ' ')
            .slice(0, 300),
          text: `${who.label} mentioned you in a note on the application of ${about}:\n\n${excerpt(body)}\n\nOpen the application: ${publicUrl}/app/applications/${target.id}\n`,
        });
      } catch (error) {
        // The note is saved; a lost notification must not turn that into an error (and a retry into a duplicate).
        log.error({ err: (error as Error).message, application: target.id }, 'mention email not queued');
      }
    }
  }

  return { list, add };
}

export type NoteActions = ReturnType<typeof noteActions>;
