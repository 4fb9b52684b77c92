// Candidate emails from the organization's templates (or the built-in text): confirmation,
// rejection, stage change and consent renewal. Variables are written {{name}}; unknown ones are
// left as they are so a typo shows in the preview instead of vanishing.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { emailTemplates } from '../../db/schema-applications.ts';

export const EMAIL_KINDS = ['confirmation', 'rejection', 'stage_change', 'consent_renewal'] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export const EMAIL_VARIABLES = [
  'candidate.name',
  'candidate.first_name',
  'job.title',
  'org.name',
  'stage.name',
  'status_url',
] as const;
export type EmailVariables = Partial<Record<(typeof EMAIL_VARIABLES)[number], string>>;

export const DEFAULT_EMAILS: Record<EmailKind, { subject: string; body: string }> = {
  confirmation: {
    subject: 'We received your application for {{job.title}}',
    body: 'Hello {{candidate.first_name}},\n\nThank you for applying for {{job.title}} at {{org.name}}. We have received your application and will be in touch.\n\nYou can see the status of your application, or withdraw it, here:\n{{status_url}}\n\nBest regards,\n{{org.name}}',
  },
  rejection: {
    subject: 'Your application for {{job.title}}',
    body: 'Hello {{candidate.first_name}},\n\nThank you for your interest in {{job.title}} at {{org.name}} and for the time you spent applying. After careful consideration we have decided not to move forward with your application.\n\nWe wish you all the best.\n\n{{org.name}}',
  },
  stage_change: {
    subject: 'An update on your application for {{job.title}}',
    body: 'Hello {{candidate.first_name}},\n\nYour application for {{job.title}} at {{org.name}} has moved to: {{stage.name}}.\n\nSee its status: {{status_url}}\n\n{{org.name}}',
  },
  consent_renewal: {
    subject: '{{org.name}} would like to keep your application on file',
    body: 'Hello {{candidate.first_name}},\n\n{{org.name}} keeps candidate data for a limited time. Your data will be anonymized in 30 days unless you agree to let us keep it for future openings.\n\nTo keep it, open your status page and choose "Keep my data": {{status_url}}\n\n{{org.name}}',
  },
};

export function renderEmail(template: { subject: string; body: string }, vars: EmailVariables) {
  const fill = (text: string) =>
    text.replace(
      /\{\{\s*([a-z_.]{1,40})\s*\}\}/g,
      (whole, name: string) => vars[name as keyof EmailVariables] ?? whole,
    );
  // A subject is one line: a variable must not smuggle a header break into it.
  return {
    subject: fill(template.subject)
      .replace(/[\r\n]+/g, ' ')
      .slice(0, 300),
    body: fill(template.body),
  };
}

export async function emailTemplate(db: Db, orgId: string, kind: EmailKind) {
  const [row] = await db
    .select({ subject: emailTemplates.subject, body: emailTemplates.body })
    .from(emailTemplates)
    .where(and(eq(emailTemplates.orgId, orgId), eq(emailTemplates.kind, kind)));
  return row ?? DEFAULT_EMAILS[kind];
}

export const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;
