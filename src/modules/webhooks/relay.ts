// The outbox relay: hands committed deliveries to the job queue. It runs when a NOTIFY from an
// event's transaction arrives (at commit) and on a timer, on every instance; the claiming update
// (FOR UPDATE SKIP LOCKED) gives each delivery to one instance. A delivery whose job was lost (a
// crash between the claim and the queue) is overdue after five minutes and is queued again; the
// attempt's own claim (deliver.ts) keeps a duplicate job from sending twice.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { type DeliveryDeps, deliverOnce } from './deliver.ts';

export const DELIVER_QUEUE = 'webhook-deliver';
const BATCH = 200;

/** Queues (or, inline, runs) every due delivery. Returns how many it handled. */
export async function relayWebhooks(deps: DeliveryDeps): Promise<number> {
  if (!deps.schedule) return runInline(deps);
  const rows = await queryRows<{ id: string; at: string | Date }>(
    deps.db,
    sql`update webhook_deliveries d set queued_at = now()
        where d.id in (
          select id from webhook_deliveries
          where status = 'pending'
            and (queued_at is null or next_attempt_at < now() - interval '5 minutes')
          order by next_attempt_at limit ${BATCH} for update skip locked)
        returning d.id, d.next_attempt_at as at`,
  );
  for (const row of rows) await deps.schedule(row.id, new Date(row.at));
  return rows.length;
}

/** Without a queue: every due attempt, one after another (retries are due later, at their time). */
async function runInline(deps: DeliveryDeps): Promise<number> {
  const due = await dueDeliveries(deps.db);
  for (const id of due) await deliverOnce(deps, id);
  return due.length;
}

const dueDeliveries = async (db: Db) =>
  (
    await queryRows<{ id: string }>(
      db,
      sql`select id from webhook_deliveries where status = 'pending' and next_attempt_at <= now()
          order by next_attempt_at limit ${BATCH}`,
    )
  ).map((r) => r.id);
