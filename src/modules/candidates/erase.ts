// Erasure (GDPR right to be forgotten): the candidate's rows, files and search entries go; the
// audit log keeps what happened, but names the candidate only by a pseudonymous id.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import type { Ctx } from '../../shared/context.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { requireOrg } from '../access/org.ts';
import { recordAudit } from '../audit/record.ts';
import type { FileStorage } from '../files/storage.ts';
import { candidateFiles, uuids } from './repo.ts';
import { emitWebhook } from '../webhooks/events.ts';

/** Stable per candidate and organization, and not reversible to the candidate's id. */
export const pseudonymOf = (candidateId: string, orgId: string) =>
  `erased-${createHash('sha256')
    .update(candidateId + orgId)
    .digest('hex')
    .slice(0, 16)}`;

export const texts = (values: readonly string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/** IP and browser of rows the candidate caused (applying, status page): theirs, not staff's. */
export const CANDIDATE_ORIGIN = sql`actor_type not in ('user', 'api_token')`;

/** Removes stored bytes after the commit; a failure leaves an orphan for the sweep, never a dangling row. */
export async function removeStored(storage: FileStorage, keys: string[]) {
  await Promise.all(keys.map((key) => storage.remove(key).catch(() => {})));
}

export async function eraseCandidate(
  ctx: Ctx,
  storage: FileStorage,
  id: string,
  confirm: string | undefined,
) {
  // The typed confirmation guards against erasing the wrong person; it reveals nothing.
  if (confirm?.trim().toLowerCase() !== id.toLowerCase()) {
    throw invalid(
      'confirmation_required',
      'Erasure cannot be undone: send the candidate’s id as `confirm`.',
      {
        errors: [{ path: 'body/confirm', message: 'Must be the candidate’s id.' }],
      },
    );
  }
  const orgId = requireOrg(ctx);
  const pseudonym = pseudonymOf(id, orgId);
  const keys = await ctx.db.transaction(async (tx) => {
    const [found] = await queryRows<{ requested: boolean }>(
      tx,
      sql`select erasure_requested_at is not null as requested from candidates
          where org_id = ${orgId} and id = ${id} for update`,
    );
    if (!found) throw notFound('The candidate');
    const files = await candidateFiles(tx, orgId, [id]);
    // Events, notes, scorecards, assignments and idempotency keys go with their application
    // (on delete cascade), and the search vector is a column of the application.
    const apps = await queryRows<{ id: string }>(
      tx,
      sql`delete from applications where org_id = ${orgId} and candidate_id = ${id} returning id`,
    );
    await tx.execute(
      sql`delete from files where org_id = ${orgId} and id = any(${uuids(files.map((f) => f.id))})`,
    );
    await tx.execute(sql`delete from candidates where org_id = ${orgId} and id = ${id}`);
    const targets = [id, ...apps.map((a) => a.id)];
    await tx.execute(
      sql`update audit_events set target_id = ${pseudonym}, data = '{}'::jsonb,
            ip = case when ${CANDIDATE_ORIGIN} then null else ip end,
            user_agent = case when ${CANDIDATE_ORIGIN} then null else user_agent end
          where org_id = ${orgId} and target_id = any(${texts(targets)})`,
    );
    // The real id (not the audit pseudonym): receivers must find and erase their copies.
    await emitWebhook(tx, orgId, 'candidate.erased', {
      candidate: { id },
      applicationIds: apps.map((a) => a.id),
    });
    await recordAudit(
      ctx,
      {
        action: 'candidate.erased',
        targetType: 'candidate',
        targetId: pseudonym,
        data: { applications: apps.length, files: files.length, requested: found.requested },
      },
      tx,
    );
    return files.map((f) => f.storageKey);
  });
  await removeStored(storage, keys);
  return { erased: true as const, pseudonym, files: keys.length };
}
