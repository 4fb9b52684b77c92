// The daily retention run. Each organization keeps candidate data `retention_months` after the
// candidate's last activity (or renewed consent): 30 days before that the candidate is asked to
// renew consent by email, and once it has passed their data is anonymized. Stage, status, score
// and dates stay, so reports still count the application.
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { systemCtx } from '../../shared/context.ts';
import type { HiringDeps } from '../applications/deps.ts';
import { statusUrl } from '../applications/apply-target.ts';
import { emailTemplate, firstName, renderEmail } from '../applications/emails.ts';
import { recordAudit } from '../audit/record.ts';
import { CANDIDATE_ORIGIN, removeStored, texts } from './erase.ts';
import { candidateFiles, KEPT_UNTIL, uuids } from './repo.ts';

const BATCH = 500;
export const RENEWAL_NOTICE_DAYS = 30;
export const ANONYMIZED_NAME = 'Anonymized candidate';

export async function applyRetention(deps: HiringDeps, now = new Date()) {
  const { sent: reminded, failures } = await remind(deps, now);
  const anonymized = await anonymize(deps, now);
  // Failed emails are reported after the anonymization ran: one bad address must not stop it.
  if (failures.length > 0)
    throw new AggregateError(failures, `${failures.length} consent-renewal emails failed`);
  return { anonymized, reminded };
}

interface Due {
  id: string;
  orgId: string;
  name: string;
  email: string;
}

/**
 * Consent-renewal emails. The claim (renewal_mailed_at) is set by the same statement that picks
 * the candidates, and the mail goes out after it committed: a crash loses an email, never sends
 * one twice. A candidate is due once per period: activity or renewed consent after the email
 * makes them due again when the new period nears its end.
 */
async function remind(deps: HiringDeps, now: Date) {
  const at = now.toISOString();
  let sent = 0;
  const failures: unknown[] = [];
  let key: Buffer | undefined;
  for (;;) {
    // least(): a run with a past `now` must not pick the candidates it has just mailed again.
    const due = await queryRows<Due>(
      deps.db,
      sql`with due as (
            select c.id from candidates c join organizations o on o.id = c.org_id
            where c.anonymized_at is null and c.email is not null
              and ${KEPT_UNTIL} > ${at}::timestamptz
              and ${KEPT_UNTIL} <= ${at}::timestamptz + make_interval(days => ${RENEWAL_NOTICE_DAYS})
              and (c.renewal_mailed_at is null
                   or c.renewal_mailed_at < least(greatest(c.last_activity_at, c.consent_renewed_at), ${at}::timestamptz))
            order by c.id limit ${BATCH} for update of c skip locked)
          update candidates c set renewal_mailed_at = ${at}::timestamptz from due where c.id = due.id
          returning c.id, c.org_id as "orgId", c.name, c.email`,
    );
    if (due.length === 0) break;
    key ??= await deps.linkKey();
    // The link goes to the candidate's latest application: its status page offers renewal.
    const latest = await queryRows<{
      candidateId: string;
      applicationId: string;
      title: string;
      orgName: string;
      orgSlug: string;
    }>(
      deps.db,
      sql`select distinct on (a.candidate_id) a.candidate_id as "candidateId", a.id as "applicationId",
                 p.title, o.name as "orgName", o.slug as "orgSlug"
          from applications a join postings p on p.id = a.posting_id join organizations o on o.id = a.org_id
          where a.candidate_id = any(${uuids(due.map((d) => d.id))})
          order by a.candidate_id, a.created_at desc, a.id desc`,
    );
    const byCandidate = new Map(latest.map((l) => [l.candidateId, l]));
    const templates = new Map<string, Awaited<ReturnType<typeof emailTemplate>>>();
    for (const c of due) {
      const app = byCandidate.get(c.id);
      if (!app) continue;
      try {
        if (!templates.has(c.orgId))
          templates.set(c.orgId, await emailTemplate(deps.db, c.orgId, 'consent_renewal'));
        const { subject, body } = renderEmail(templates.get(c.orgId)!, {
          'candidate.name': c.name,
          'candidate.first_name': firstName(c.name),
          'job.title': app.title,
          'org.name': app.orgName,
          status_url: statusUrl(deps.publicUrl, app.orgSlug, app.applicationId, key, now),
        });
        await deps.mail.sendEmail({ to: c.email, kind: 'consent-renewal', subject, text: body });
        sent++;
      } catch (error) {
        // One failed email must not stop the others.
        failures.push(error);
      }
    }
    if (due.length < BATCH) break;
  }
  return { sent, failures };
}

/** Anonymizes expired candidates, a batch per transaction; stored files go after each commit. */
async function anonymize(deps: HiringDeps, now: Date): Promise<number> {
  const at = now.toISOString();
  let total = 0;
  for (;;) {
    const { count, keys } = await deps.db.transaction(async (tx) => {
      const due = await queryRows<{ id: string; orgId: string }>(
        tx,
        sql`select c.id, c.org_id as "orgId" from candidates c join organizations o on o.id = c.org_id
            where c.anonymized_at is null and ${KEPT_UNTIL} <= ${at}::timestamptz
            order by c.id limit ${BATCH} for update of c skip locked`,
      );
      if (due.length === 0) return { count: 0, keys: [] as string[] };
      const ids = due.map((d) => d.id);
      const keys: string[] = [];
      for (const orgId of new Set(due.map((d) => d.orgId))) {
        const inOrg = due.filter((d) => d.orgId === orgId).map((d) => d.id);
        const files = await candidateFiles(tx, orgId, inOrg);
        keys.push(...files.map((f) => f.storageKey));
        await tx.execute(
          sql`delete from files where org_id = ${orgId} and id = any(${uuids(files.map((f) => f.id))})`,
        );
      }
      const apps = await queryRows<{ id: string }>(
        tx,
        sql`update applications set email = 'anonymized-' || id || '@invalid', answers = '{}'::jsonb,
              resume_text = null, parsed = null, match = null, parse_error = null, skill_ids = '{}',
              search = ''::tsvector, resume_file_id = null, cover_letter_file_id = null, updated_at = ${at}::timestamptz
            where candidate_id = any(${uuids(ids)}) returning id`,
      );
      const appIds = uuids(apps.map((a) => a.id));
      // Free text written about the person goes too; ratings and recommendations stay for reports.
      await tx.execute(sql`delete from application_notes where application_id = any(${appIds})`);
      await tx.execute(sql`update scorecards set notes = '' where application_id = any(${appIds})`);
      await tx.execute(sql`delete from idempotency_keys where application_id = any(${appIds})`);
      // Audit rows keep their (now anonymous) targets; file names and the candidate's IP go.
      await tx.execute(
        sql`update audit_events set data = data - 'filename' - 'email' - 'name',
              ip = case when ${CANDIDATE_ORIGIN} then null else ip end,
              user_agent = case when ${CANDIDATE_ORIGIN} then null else user_agent end
            where org_id = any(${uuids([...new Set(due.map((d) => d.orgId))])})
              and target_id = any(${texts([...ids, ...apps.map((a) => a.id)])})`,
      );
      await tx.execute(
        sql`update candidates set name = ${ANONYMIZED_NAME}, email = null, phone = null,
              anonymized_at = ${at}::timestamptz, renewal_mailed_at = null,
              erasure_requested_at = null, export_requested_at = null
            where id = any(${uuids(ids)})`,
      );
      const ctx = systemCtx(tx);
      for (const d of due) {
        await recordAudit(
          ctx,
          {
            action: 'candidate.anonymized',
            orgId: d.orgId,
            targetType: 'candidate',
            targetId: d.id,
            data: {},
          },
          tx,
        );
      }
      return { count: due.length, keys };
    });
    await removeStored(deps.storage, keys);
    total += count;
    if (count < BATCH) break;
  }
  return total;
}
