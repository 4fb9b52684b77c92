// Delivers one email: over SMTP when SMTP_URL is set, else into the database outbox
// (development: `rolecraft mail` lists it). Bodies hold secret links, so nothing here logs them.
import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { newId } from '../../shared/ids.ts';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What the mail is for ('verify-email', 'password-reset', 'invitation'): safe to log. */
  kind: string;
}

export interface Mailer {
  deliver(message: EmailMessage): Promise<void>;
  close(): Promise<void>;
}

export function createMailer(config: Config, database: Database): Mailer {
  return config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : outboxMailer(database);
}

function smtpMailer(url: string, from: string): Mailer {
  // No pool: a connection per message leaves no idle socket behind, and mail volume is low.
  // Short timeouts make a dead server fail the attempt (and the queue retry it) quickly.
  const transport = nodemailer.createTransport(
    { url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
    { from },
  );
  return {
    async deliver(message) {
      await transport.sendMail({
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html === undefined ? {} : { html: message.html }),
      });
    },
    async close() {
      transport.close();
    },
  };
}

function outboxMailer(database: Database): Mailer {
  return {
    async deliver(message) {
      await database.db.execute(sql`
        insert into mail_outbox (id, to_address, subject, text_body, html_body, kind)
        values (${newId()}, ${message.to}, ${message.subject}, ${message.text}, ${message.html ?? null}, ${message.kind})`);
    },
    async close() {},
  };
}

/** 'jane.doe@example.com' -> 'j***@example.com': enough to tell mails apart in logs. */
export function redactAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '***';
  return `${address[0]}***${address.slice(at)}`;
}
