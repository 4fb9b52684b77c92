// The event types an endpoint can subscribe to, and the outbox write that records one. Actions
// call emitWebhook inside the transaction of the change it reports: the event exists if and only
// if the change committed. Payloads carry ids and facts, never personal data; receivers fetch
// details through the API with a token of their own.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { newId } from '../../shared/ids.ts';

export const WEBHOOK_EVENTS = {
  'posting.published': 'A posting was published (or republished) on the career site',
  'posting.closed': 'A posting was closed, by hand or at its valid-through date',
  'posting.reopened': 'A closed or archived posting was published again',
  'posting.archived': 'A posting was archived',
  'application.created': 'A candidate applied (career site, board API or a recruiter)',
  'application.stage_changed': 'An application moved to another pipeline stage',
  'application.hired': 'An application moved to a stage of kind "hired"',
  'application.rejected': 'An application moved to a stage of kind "rejected"',
  'scorecard.submitted': 'An interviewer submitted a scorecard',
  'candidate.erased': 'A candidate and their applications were erased (GDPR); erase your copies too',
  'webhook.test': 'Sent on request from the endpoint page, to check a receiver',
} as const;
export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];

/** The webhook-id of a message: its uuid as Standard Webhooks' msg_ ids look. */
export const webhookId = (messageId: string) => `msg_${messageId.replaceAll('-', '')}`;

/** NOTIFY channel: sent in the event's transaction, so it arrives (at every instance) on commit. */
export const WEBHOOK_CHANNEL = 'rolecraft_webhooks';

/**
 * Records an event for every enabled endpoint of the organization subscribed to it: one message
 * and a pending delivery per endpoint, in the caller's transaction. Without a subscriber nothing
 * is written (one indexed look-up), so organizations without webhooks pay almost nothing.
 */
export async function emitWebhook(
  tx: Db,
  orgId: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
  only?: { endpointId: string },
): Promise<number> {
  const messageId = newId();
  const payload = JSON.stringify({ type, timestamp: new Date().toISOString(), data });
  const endpointFilter = only ? sql`and e.id = ${only.endpointId}` : sql`and ${type} = any(e.events)`;
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`with e as (
          select e.id from webhook_endpoints e where e.org_id = ${orgId} and e.enabled ${endpointFilter}
        ), m as (
          insert into webhook_messages (id, org_id, type, payload)
          select ${messageId}, ${orgId}, ${type}, ${payload}::jsonb where exists (select 1 from e)
          returning id
        ), d as (
          insert into webhook_deliveries (id, message_id, endpoint_id, org_id)
          select gen_random_uuid(), m.id, e.id, ${orgId} from m cross join e
          returning 1
        )
        select count(*)::int as n from d`,
  );
  const n = row?.n ?? 0;
  if (n > 0) await tx.execute(sql`select pg_notify(${WEBHOOK_CHANNEL}, ${orgId})`);
  return n;
}
