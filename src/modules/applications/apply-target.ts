// What applying to one posting needs to know, and what follows a new application: the
// confirmation email with the candidate's status link, and the background processing job.
import { eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { organizations } from '../../db/schema.ts';
import type { EmployerRow } from '../careers/repo.ts';
import type { MailSender } from '../notifications/send.ts';
import type { PublicPosting } from '../postings/types.ts';
import { signLink } from '../../shared/signed-links.ts';
import { emailTemplate, firstName, renderEmail } from './emails.ts';
import type { Moved } from './moves.ts';
import type { Applied, ApplyTarget } from './submit.ts';

export const STATUS_LINK = 'application-status';
/** How long a status link works; every email about the application carries a fresh one. */
export const STATUS_LINK_DAYS = 180;

export const defaultConsentText = (orgName: string) =>
  `I agree that ${orgName} stores and processes the information in my application to consider me for this job, as the privacy notice explains.`;

export async function applyTarget(
  db: Db,
  publicUrl: string,
  org: EmployerRow,
  posting: PublicPosting,
): Promise<ApplyTarget> {
  const [settings] = await db
    .select({ consentText: organizations.consentText, privacyUrl: organizations.privacyUrl })
    .from(organizations)
    .where(eq(organizations.id, org.id));
  return {
    orgId: org.id,
    postingId: posting.id,
    questions: posting.content.questions,
    consentText: settings?.consentText || defaultConsentText(org.name),
    privacyUrl: settings?.privacyUrl || `${publicUrl}/careers/${org.slug}/privacy`,
  };
}

export function statusUrl(
  publicUrl: string,
  orgSlug: string,
  applicationId: string,
  key: Buffer,
  now = new Date(),
) {
  const expires = new Date(now.getTime() + STATUS_LINK_DAYS * 86_400_000);
  return `${publicUrl}/careers/${orgSlug}/application?token=${signLink(key, STATUS_LINK, applicationId, expires)}`;
}

export interface AfterApplyDeps {
  db: Db;
  mail: MailSender;
  publicUrl: string;
  linkKey: () => Promise<Buffer>;
  /** Queues the background processing (text extraction, skills, match score). */
  process: (applicationId: string) => Promise<void>;
}

/** The candidate's confirmation email (the organization's template) with their status link. */
async function sendConfirmation(
  deps: Omit<AfterApplyDeps, 'process'>,
  org: Pick<EmployerRow, 'id' | 'slug' | 'name'>,
  jobTitle: string,
  applied: Pick<Applied, 'id' | 'email' | 'name'>,
) {
  const url = statusUrl(deps.publicUrl, org.slug, applied.id, await deps.linkKey());
  const template = await emailTemplate(deps.db, org.id, 'confirmation');
  const { subject, body } = renderEmail(template, {
    'candidate.name': applied.name,
    'candidate.first_name': firstName(applied.name),
    'job.title': jobTitle,
    'org.name': org.name,
    status_url: url,
  });
  await deps.mail.sendEmail({ to: applied.email, kind: 'application-confirmation', subject, text: body });
}

/** After the commit (never inside the transaction): confirmation email, then processing. */
export async function afterApply(deps: AfterApplyDeps, org: EmployerRow, jobTitle: string, applied: Applied) {
  await sendConfirmation(deps, org, jobTitle, applied);
  await deps.db.execute(sql`update applications set confirmation_queued_at = now() where id = ${applied.id}`);
  await deps.process(applied.id);
}

/**
 * Confirmations that never reached the mail queue (the process died between the commit and the
 * queue, or the queue refused): claimed in one statement, so two instances never both send one,
 * and released again when queueing fails. Only recent applications: a confirmation days late
 * would confuse more than it helps.
 */
export async function sendMissingConfirmations(
  deps: Omit<AfterApplyDeps, 'process'>,
  olderThanMs = 5 * 60_000,
): Promise<number> {
  const claimed = await queryRows<{
    id: string;
    email: string;
    name: string;
    title: string;
    orgId: string;
    orgSlug: string;
    orgName: string;
  }>(
    deps.db,
    sql`update applications a set confirmation_queued_at = now()
        from candidates c, postings p, organizations o
        where a.id in (
            select id from applications
            where confirmation_queued_at is null and status <> 'withdrawn'
              and created_at < now() - ${olderThanMs} * interval '1 millisecond'
              and created_at > now() - interval '2 days'
            order by created_at limit 100 for update skip locked)
          and c.id = a.candidate_id and p.id = a.posting_id and o.id = a.org_id
        returning a.id, a.email, c.name, p.title, o.id as "orgId", o.slug as "orgSlug", o.name as "orgName"`,
  );
  let sent = 0;
  for (const row of claimed) {
    try {
      await sendConfirmation(deps, { id: row.orgId, slug: row.orgSlug, name: row.orgName }, row.title, row);
      sent++;
    } catch (error) {
      await deps.db.execute(sql`update applications set confirmation_queued_at = null where id = ${row.id}`);
      throw error;
    }
  }
  return sent;
}

/**
 * Candidate emails after moves that asked to notify: the rejection template (at most once per
 * application: the claim on rejection_mailed_at is atomic) or the stage-change template.
 */
export async function notifyMoves(deps: AfterApplyDeps, orgId: string, moves: Moved[]) {
  const key = await deps.linkKey();
  for (const move of moves.filter((m) => m.notify)) {
    const rejection = move.stage.kind === 'rejected';
    if (rejection) {
      const claimed = await queryRows<{ id: string }>(
        deps.db,
        sql`update applications set rejection_mailed_at = now()
            where id = ${move.applicationId} and rejection_mailed_at is null returning id`,
      );
      if (claimed.length === 0) continue;
    }
    const [row] = await queryRows<{
      email: string;
      name: string;
      title: string;
      orgName: string;
      orgSlug: string;
    }>(
      deps.db,
      sql`select a.email, c.name, p.title, o.name as "orgName", o.slug as "orgSlug"
          from applications a join candidates c on c.id = a.candidate_id join postings p on p.id = a.posting_id
          join organizations o on o.id = a.org_id where a.id = ${move.applicationId} and a.org_id = ${orgId}`,
    );
    if (!row) continue;
    const template = await emailTemplate(deps.db, orgId, rejection ? 'rejection' : 'stage_change');
    const { subject, body } = renderEmail(template, {
      'candidate.name': row.name,
      'candidate.first_name': firstName(row.name),
      'job.title': row.title,
      'org.name': row.orgName,
      'stage.name': move.stage.name,
      status_url: statusUrl(deps.publicUrl, row.orgSlug, move.applicationId, key),
    });
    await deps.mail.sendEmail({
      to: row.email,
      kind: rejection ? 'application-rejection' : 'application-stage',
      subject,
      text: body,
    });
  }
}
