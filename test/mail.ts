// A real SMTP server on a free local port for tests: the app sends through SMTP_URL, the test
// reads what arrived (and the links in it) instead of mocking the mailer.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  /** Envelope recipients (RCPT TO). */
  to: string[];
  /** The From header as mailparser renders it, e.g. `"Rolecraft" <no-reply@example.com>`. */
  from: string;
  subject: string;
  text: string;
  html?: string;
}

export interface SmtpCapture {
  /** smtp://127.0.0.1:PORT, for SMTP_URL. */
  url: string;
  messages: CapturedMail[];
  /** The first message, received or still to come, that matches. */
  waitFor(predicate: (m: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  close(): Promise<void>;
}

export interface SmtpCaptureOptions {
  /** Answer the first n messages with a temporary failure (451), as a struggling server would. */
  rejectFirst?: number;
}

export async function startSmtpCapture(options: SmtpCaptureOptions = {}): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const waiters = new Set<(m: CapturedMail) => void>();
  let toReject = options.rejectFirst ?? 0;

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    closeTimeout: 1000,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          if (toReject > 0) {
            toReject--;
            callback(Object.assign(new Error('try again later (test)'), { responseCode: 451 }));
            return;
          }
          const mail: CapturedMail = {
            to: session.envelope.rcptTo.map((a) => a.address),
            from: parsed.from?.text ?? '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            ...(typeof parsed.html === 'string' ? { html: parsed.html } : {}),
          };
          messages.push(mail);
          for (const waiter of waiters) waiter(mail);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(predicate, timeoutMs = 10_000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = (m: CapturedMail) => {
          if (!predicate(m)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(m);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const got = messages.map((m) => `"${m.subject}" to ${m.to.join(', ')}`).join('; ') || 'none';
          reject(new Error(`no matching mail within ${timeoutMs} ms; received: ${got}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first URL in the mail's text whose path starts with pathPrefix (e.g. '/verify-email'). */
export function linkIn(mail: CapturedMail, pathPrefix: string): string {
  const urls = mail.text.match(/https?:\/\/[^\s<>"')\]]+/g) ?? [];
  const link = urls.find((u) => URL.canParse(u) && new URL(u).pathname.startsWith(pathPrefix));
  if (!link) {
    throw new Error(
      `no link to ${pathPrefix} in mail "${mail.subject}" to ${mail.to.join(', ')}; links: ${urls.join(', ') || 'none'}`,
    );
  }
  return link;
}
