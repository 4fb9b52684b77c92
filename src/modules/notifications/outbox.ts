// The database outbox that holds mail when SMTP_URL is unset; `rolecraft mail` shows it in development.
import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../db/client.ts';

export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  kind: string;
  createdAt: Date;
}

/** The newest messages first. */
export async function listOutbox(database: Database, limit = 20): Promise<OutboxMail[]> {
  const rows = await queryRows<{
    id: string;
    to_address: string;
    subject: string;
    text_body: string;
    kind: string;
    created_at: Date | string;
  }>(
    database.db,
    sql`select id, to_address, subject, text_body, kind, created_at from mail_outbox
        order by created_at desc, id desc limit ${Math.max(0, Math.trunc(limit))}`,
  );
  return rows.map((r) => ({
    id: r.id,
    to: r.to_address,
    subject: r.subject,
    text: r.text_body,
    kind: r.kind,
    createdAt: new Date(r.created_at),
  }));
}

/** Plain text for a terminal: a header line per message, then its text in full (links included). */
export function formatOutbox(rows: readonly OutboxMail[]): string {
  if (rows.length === 0) return 'The outbox is empty (mail is kept here when SMTP_URL is not set).\n';
  const blocks = rows.map((m) =>
    [
      `--- ${m.createdAt.toISOString()}  ${m.kind}  ${m.id}`,
      `To:      ${m.to}`,
      `Subject: ${m.subject}`,
      '',
      m.text.trimEnd(),
    ].join('\n'),
  );
  const count = `${rows.length} message${rows.length === 1 ? '' : 's'}, newest first`;
  return `${count}\n\n${blocks.join('\n\n')}\n`;
}
