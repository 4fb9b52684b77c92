import type { EmailMessage } from './mailer.ts';

/** What actions need to send mail: the job queue in the app, anything with sendEmail in tests. */
export interface MailSender {
  sendEmail(message: EmailMessage): Promise<void>;
}
