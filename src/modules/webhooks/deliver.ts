// One delivery attempt: claim it, sign the message (Standard Webhooks), POST it through the
// SSRF-safe client, log the attempt, then finish, schedule the next attempt, or give up. Giving up
// on an endpoint that has failed for a day disables it and tells the organization's admins.
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { type Db, queryRows } from '../../db/client.ts';
import { newId } from '../../shared/ids.ts';
import { unseal } from '../../shared/sealed.ts';
import type { MailSender } from '../notifications/send.ts';
import { webhookId } from './events.ts';
import { type OutboundOptions, type OutboundResult, postJson, UnsafeUrlError } from './outbound.ts';

/**
 * Seconds to wait before each retry: the Standard Webhooks schedule (5 s, 5 min, 30 min, 2 h,
 * 5 h, 10 h, 10 h), eight attempts over about 27 hours.
 */
export const RETRY_SCHEDULE_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600];
/** An endpoint whose every attempt has failed for this long is disabled when a delivery gives up. */
export const DISABLE_AFTER_MS = 24 * 3600 * 1000;
const RESPONSE_KEPT = 1024;

export interface DeliveryDeps {
  db: Db;
  secretKey: Buffer | undefined;
  outbound: Omit<OutboundOptions, 'lookup'> & Pick<OutboundOptions, 'lookup'>;
  mail: MailSender;
  publicUrl: string;
  /** Seconds before retry n (index n - 1); tests shorten it. */
  retrySchedule?: readonly number[];
  /** Queues an attempt due at `at` (the job queue); null: the relay runs due attempts inline (tests). */
  schedule: ((deliveryId: string, at: Date) => Promise<void>) | null;
  onOutcome?: (outcome: 'success' | 'failure' | 'refused' | 'disabled') => void;
  log: { warn(details: object, message: string): void };
}

interface Claimed {
  id: string;
  attempts: number;
  endpointId: string;
  orgId: string;
  url: string;
  secret: string;
  messageId: string;
  payload: unknown;
  failingSince: string | null;
}

/**
 * Takes the delivery's next attempt if it is still pending and due: the update is the claim, so
 * two workers (or a duplicate job) never send the same attempt twice.
 */
async function claim(db: Db, deliveryId: string): Promise<Claimed | undefined> {
  const [row] = await queryRows<Claimed>(
    db,
    sql`update webhook_deliveries d set attempts = d.attempts + 1, next_attempt_at = now() + interval '10 minutes'
        from webhook_endpoints e, webhook_messages m
        where d.id = ${deliveryId} and d.status = 'pending' and d.next_attempt_at <= now()
          and e.id = d.endpoint_id and e.enabled and m.id = d.message_id
        returning d.id, d.attempts, e.id as "endpointId", d.org_id as "orgId", e.url, e.secret,
                  m.id as "messageId", m.payload, e.failing_since as "failingSince"`,
  );
  return row;
}

/** Headers of the Standard Webhooks specification; webhook-id is the message's, stable across retries. */
export function signedHeaders(secret: string, messageId: string, body: string, at = new Date()) {
  const signature = new Webhook(secret).sign(webhookId(messageId), at, body);
  return {
    'webhook-id': webhookId(messageId),
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

async function send(deps: DeliveryDeps, d: Claimed, body: string) {
  const started = Date.now();
  try {
    const headers = signedHeaders(unseal(d.secret, deps.secretKey), d.messageId, body);
    const result: OutboundResult = await postJson(d.url, body, headers, deps.outbound);
    const ok = result.status >= 200 && result.status < 300;
    const note =
      result.status >= 300 && result.status < 400
        ? `redirect to ${result.location ?? '?'} not followed`
        : null;
    return {
      ok,
      status: result.status,
      error: note,
      body: result.body.slice(0, RESPONSE_KEPT),
      ms: result.durationMs,
    };
  } catch (error) {
    const refused = error instanceof UnsafeUrlError;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, status: null, error: message, body: null, ms: Date.now() - started, refused };
  }
}

/** Runs one attempt of a delivery. Returns what happened (nothing when it was not due or not pending). */
export async function deliverOnce(deps: DeliveryDeps, deliveryId: string) {
  const d = await claim(deps.db, deliveryId);
  if (!d) return null;
  const body = JSON.stringify(d.payload);
  const outcome = await send(deps, d, body);
  await queryRows(
    deps.db,
    sql`insert into webhook_attempts (id, delivery_id, attempt, status_code, duration_ms, error, response_body)
        values (${newId()}, ${d.id}, ${d.attempts}, ${outcome.status}, ${Math.round(outcome.ms)},
                ${outcome.error}, ${outcome.body})`,
  );
  if (outcome.ok) {
    await deps.db.execute(sql`
      update webhook_deliveries set status = 'succeeded', completed_at = now(), last_status_code = ${outcome.status},
        last_error = null where id = ${d.id}`);
    await deps.db.execute(sql`update webhook_endpoints set failing_since = null where id = ${d.endpointId}`);
    deps.onOutcome?.('success');
    return { status: 'succeeded' as const, attempt: d.attempts };
  }
  deps.onOutcome?.('refused' in outcome && outcome.refused ? 'refused' : 'failure');
  await deps.db.execute(sql`update webhook_endpoints set failing_since = coalesce(failing_since, now())
    where id = ${d.endpointId}`);
  const schedule = deps.retrySchedule ?? RETRY_SCHEDULE_SECONDS;
  const wait = schedule[d.attempts - 1];
  if (wait !== undefined) {
    // The database's clock, like the claim's: a job must not come due before its attempt does.
    const [next] = await queryRows<{ at: string | Date }>(
      deps.db,
      sql`update webhook_deliveries set next_attempt_at = now() + ${wait} * interval '1 second', queued_at = null,
            last_status_code = ${outcome.status}, last_error = ${outcome.error} where id = ${d.id}
          returning next_attempt_at as at`,
    );
    const at = new Date(next!.at);
    if (deps.schedule) {
      await deps.schedule(d.id, at);
      await deps.db.execute(sql`update webhook_deliveries set queued_at = now() where id = ${d.id}`);
    }
    return { status: 'retrying' as const, attempt: d.attempts, nextAttemptAt: at };
  }
  await deps.db.execute(sql`
    update webhook_deliveries set status = 'failed', completed_at = now(), last_status_code = ${outcome.status},
      last_error = ${outcome.error} where id = ${d.id}`);
  await disableIfDead(deps, d);
  return { status: 'failed' as const, attempt: d.attempts };
}

/**
 * Retries exhausted: if nothing has reached the endpoint for a day, it is disabled (its pending
 * deliveries cancelled) and the organization's owners and admins are told by email.
 */
async function disableIfDead(deps: DeliveryDeps, d: Claimed) {
  const [disabled] = await queryRows<{ url: string }>(
    deps.db,
    sql`update webhook_endpoints set enabled = false, disabled_at = now(), updated_at = now(),
          disabled_reason = 'Every delivery failed for more than a day; re-enable it once the receiver works.'
        where id = ${d.endpointId} and enabled and failing_since <= now() - ${`${DISABLE_AFTER_MS / 1000} seconds`}::interval
        returning url`,
  );
  if (!disabled) return;
  deps.onOutcome?.('disabled');
  await deps.db.execute(sql`update webhook_deliveries set status = 'cancelled', completed_at = now()
    where endpoint_id = ${d.endpointId} and status = 'pending'`);
  const admins = await queryRows<{ email: string; org: string }>(
    deps.db,
    sql`select u.email, o.name as org from memberships m join users u on u.id = m.user_id
        join organizations o on o.id = m.org_id
        where m.org_id = ${d.orgId} and m.role in ('owner', 'admin') and u.disabled_at is null`,
  );
  for (const admin of admins) {
    try {
      await deps.mail.sendEmail({
        to: admin.email,
        kind: 'webhook-disabled',
        subject: `A webhook endpoint of ${admin.org} was disabled`,
        text: [
          `Rolecraft could not deliver events to ${disabled.url} for more than a day, so the endpoint was disabled.`,
          'Events are no longer sent to it. Once the receiver works, re-enable it in Settings → Webhooks',
          `(${deps.publicUrl}/app/settings/webhooks), and redeliver what it missed from its delivery log.`,
        ].join('\n'),
      });
    } catch (error) {
      deps.log.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'webhook-disabled mail not queued',
      );
    }
  }
}
