// Webhook endpoints of the acting organization: register, change, remove, rotate the secret, read
// the delivery log, redeliver, send a test event. Delivery itself is deliver.ts and relay.ts.
import { randomBytes } from 'node:crypto';
import { promises as dns } from 'node:dns';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { decodeCursor, encodeCursor, hasKeys, isTimestampText, isUuid } from '../../http/pagination.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError, conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { seal } from '../../shared/sealed.ts';
import { requireOrg } from '../access/org.ts';
import { recordAudit } from '../audit/record.ts';
import { lockOrg } from '../orgs/repo.ts';
import { emitWebhook, WEBHOOK_CHANNEL, webhookId } from './events.ts';
import { checkUrl, isBlockedAddress, UnsafeUrlError } from './outbound.ts';
import type {
  CreateEndpointBody,
  Delivery,
  DeliveryDetail,
  DeliveryListQuery,
  Endpoint,
  EndpointWithSecret,
  UpdateEndpointBody,
} from './schemas.ts';

/** Endpoints an organization may register: each one is a stream of signed requests to send. */
export const MAX_ENDPOINTS = 20;

export interface WebhookConfig {
  /** WEBHOOKS_ALLOW_PRIVATE: local receivers in development and tests; off by default. */
  allowPrivate: boolean;
  secretKey: Buffer | undefined;
  /** Resolves a host name (DNS by default; tests inject one). */
  lookup?: (hostname: string) => Promise<{ address: string; family: 4 | 6 }[]>;
}

interface EndpointRow {
  id: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  disabled_reason: string | null;
  disabled_at: string | Date | null;
  failing_since: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
}

const iso = (d: string | Date) => new Date(d).toISOString();
const isoOrNull = (d: string | Date | null) => (d === null ? null : iso(d));

const toEndpoint = (r: EndpointRow): Endpoint => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: r.events as Endpoint['events'],
  enabled: r.enabled,
  disabledReason: r.disabled_reason,
  disabledAt: isoOrNull(r.disabled_at),
  failingSince: isoOrNull(r.failing_since),
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

const ENDPOINT_COLUMNS = sql`id, url, description, events, enabled, disabled_reason, disabled_at, failing_since,
  created_at, updated_at`;

/** Standard Webhooks secrets: whsec_ and base64 of 24 to 64 random bytes. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/**
 * The URL checks at registration: the static ones (scheme, credentials, literal addresses,
 * internal names), and the host's current DNS answers. Delivery checks again, since DNS changes.
 */
async function assertSafeUrl(raw: string, config: WebhookConfig): Promise<string> {
  try {
    const url = checkUrl(raw, config.allowPrivate);
    if (!config.allowPrivate && !isIpLiteral(url.hostname)) {
      const addresses = await (config.lookup ?? resolveAll)(url.hostname).catch(() => []);
      if (addresses.some((a) => isBlockedAddress(a.address))) {
        throw new UnsafeUrlError(
          'resolves_to_blocked',
          'The host name resolves to a private or internal address.',
        );
      }
    }
    return url.toString();
  } catch (error) {
    if (!(error instanceof UnsafeUrlError)) throw error;
    throw invalid('webhook_url_not_allowed', `This URL cannot receive webhooks: ${error.message}`, {
      reason: error.reason,
    });
  }
}
const resolveAll = async (host: string) =>
  (await dns.lookup(host, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family as 4 | 6,
  }));
const isIpLiteral = (host: string) => /^[\d.]+$/.test(host) || host.startsWith('[');

async function endpointRow(db: Db, orgId: string, id: string): Promise<EndpointRow> {
  const [row] = await queryRows<EndpointRow>(
    db,
    sql`select ${ENDPOINT_COLUMNS} from webhook_endpoints where org_id = ${orgId} and id = ${id}`,
  );
  if (!row) throw notFound('The webhook endpoint');
  return row;
}

export function webhookActions(config: WebhookConfig) {
  const audit = (ctx: Ctx, db: Db, action: string, id: string, data: Record<string, unknown> = {}) =>
    recordAudit(ctx, { action, targetType: 'webhook_endpoint', targetId: id, data }, db);

  return {
    async create(ctx: Ctx, body: CreateEndpointBody): Promise<EndpointWithSecret> {
      const orgId = requireOrg(ctx);
      const url = await assertSafeUrl(body.url, config);
      const secret = newSecret();
      const row = await ctx.db.transaction(async (tx) => {
        // Counted under the organization's row lock, so concurrent creations cannot both slip under.
        if (!(await lockOrg(tx, orgId))) throw notFound('Organization');
        const [count] = await queryRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from webhook_endpoints where org_id = ${orgId}`,
        );
        if ((count?.n ?? 0) >= MAX_ENDPOINTS) {
          throw conflict(
            'too_many_webhooks',
            `An organization may have at most ${MAX_ENDPOINTS} webhook endpoints.`,
          );
        }
        const id = newId();
        const createdBy = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
        const [inserted] = await queryRows<EndpointRow>(
          tx,
          sql`insert into webhook_endpoints (id, org_id, url, description, events, secret, created_by)
              values (${id}, ${orgId}, ${url}, ${body.description?.trim() ?? ''},
                      ${sql`array[${sql.join(
                        body.events.map((e) => sql`${e}`),
                        sql`, `,
                      )}]::text[]`}, ${seal(secret, config.secretKey)}, ${createdBy})
              returning ${ENDPOINT_COLUMNS}`,
        );
        await audit(ctx, tx, 'webhook.created', id, { url, events: body.events });
        return inserted!;
      });
      return { ...toEndpoint(row), secret };
    },

    async list(ctx: Ctx, query: { limit: number; cursor?: string | undefined }) {
      const orgId = requireOrg(ctx);
      const after = decodeCursor(
        query.cursor,
        (v): v is { t: string; i: string } => hasKeys(v, ['t', 'i']) && isTimestampText(v.t) && isUuid(v.i),
      );
      const rows = await queryRows<EndpointRow & { t: string }>(
        ctx.db,
        sql`select ${ENDPOINT_COLUMNS}, created_at::text as t from webhook_endpoints where org_id = ${orgId}
            ${after ? sql`and (created_at, id) < (${after.t}::timestamptz, ${after.i}::uuid)` : sql``}
            order by created_at desc, id desc limit ${query.limit + 1}`,
      );
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        data: page.map(toEndpoint),
        nextCursor: rows.length > query.limit && last ? encodeCursor({ t: last.t, i: last.id }) : null,
      };
    },

    async get(ctx: Ctx, id: string): Promise<Endpoint> {
      return toEndpoint(await endpointRow(ctx.db, requireOrg(ctx), id));
    },

    async update(ctx: Ctx, id: string, body: UpdateEndpointBody): Promise<Endpoint> {
      const orgId = requireOrg(ctx);
      const url = body.url === undefined ? undefined : await assertSafeUrl(body.url, config);
      return ctx.db.transaction(async (tx) => {
        await endpointRow(tx, orgId, id);
        const sets = [sql`updated_at = now()`];
        if (url !== undefined) sets.push(sql`url = ${url}`);
        if (body.description !== undefined) sets.push(sql`description = ${body.description.trim()}`);
        if (body.events !== undefined) {
          sets.push(
            sql`events = array[${sql.join(
              body.events.map((e) => sql`${e}`),
              sql`, `,
            )}]::text[]`,
          );
        }
        if (body.enabled === true) {
          sets.push(sql`enabled = true, disabled_at = null, disabled_reason = null, failing_since = null`);
        }
        if (body.enabled === false) {
          sets.push(sql`enabled = false, disabled_at = now(), disabled_reason = 'Disabled by a person.'`);
          await tx.execute(sql`update webhook_deliveries set status = 'cancelled', completed_at = now()
            where endpoint_id = ${id} and status = 'pending'`);
        }
        const [row] = await queryRows<EndpointRow>(
          tx,
          sql`update webhook_endpoints set ${sql.join(sets, sql`, `)} where id = ${id} returning ${ENDPOINT_COLUMNS}`,
        );
        await audit(ctx, tx, 'webhook.updated', id, { fields: Object.keys(body).sort() });
        return toEndpoint(row!);
      });
    },

    async remove(ctx: Ctx, id: string): Promise<void> {
      const orgId = requireOrg(ctx);
      await ctx.db.transaction(async (tx) => {
        const row = await endpointRow(tx, orgId, id);
        await tx.execute(sql`delete from webhook_endpoints where id = ${id}`);
        await audit(ctx, tx, 'webhook.deleted', id, { url: row.url });
      });
    },

    async rotateSecret(ctx: Ctx, id: string): Promise<EndpointWithSecret> {
      const orgId = requireOrg(ctx);
      const secret = newSecret();
      return ctx.db.transaction(async (tx) => {
        await endpointRow(tx, orgId, id);
        const [row] = await queryRows<EndpointRow>(
          tx,
          sql`update webhook_endpoints set secret = ${seal(secret, config.secretKey)}, updated_at = now()
              where id = ${id} returning ${ENDPOINT_COLUMNS}`,
        );
        await audit(ctx, tx, 'webhook.secret_rotated', id);
        return { ...toEndpoint(row!), secret };
      });
    },

    async deliveries(ctx: Ctx, id: string, query: DeliveryListQuery) {
      const orgId = requireOrg(ctx);
      await endpointRow(ctx.db, orgId, id);
      const after = decodeCursor(
        query.cursor,
        (v): v is { t: string; i: string } => hasKeys(v, ['t', 'i']) && isTimestampText(v.t) && isUuid(v.i),
      );
      const rows = await queryRows<DeliveryRow & { t: string }>(
        ctx.db,
        sql`select ${DELIVERY_COLUMNS}, d.created_at::text as t
            from webhook_deliveries d join webhook_messages m on m.id = d.message_id
            where d.endpoint_id = ${id} and d.org_id = ${orgId}
            ${query.status ? sql`and d.status = ${query.status}` : sql``}
            ${after ? sql`and (d.created_at, d.id) < (${after.t}::timestamptz, ${after.i}::uuid)` : sql``}
            order by d.created_at desc, d.id desc limit ${query.limit + 1}`,
      );
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        data: page.map(toDelivery),
        nextCursor: rows.length > query.limit && last ? encodeCursor({ t: last.t, i: last.id }) : null,
      };
    },

    async delivery(ctx: Ctx, id: string, deliveryId: string): Promise<DeliveryDetail> {
      const orgId = requireOrg(ctx);
      const [row] = await queryRows<DeliveryRow & { payload: unknown }>(
        ctx.db,
        sql`select ${DELIVERY_COLUMNS}, m.payload
            from webhook_deliveries d join webhook_messages m on m.id = d.message_id
            where d.id = ${deliveryId} and d.endpoint_id = ${id} and d.org_id = ${orgId}`,
      );
      if (!row) throw notFound('The delivery');
      const attempts = await queryRows<{
        attempt: number;
        attempted_at: string | Date;
        status_code: number | null;
        duration_ms: number;
        error: string | null;
        response_body: string | null;
      }>(
        ctx.db,
        sql`select attempt, attempted_at, status_code, duration_ms, error, response_body from webhook_attempts
            where delivery_id = ${deliveryId} order by attempt`,
      );
      return {
        ...toDelivery(row),
        payload: row.payload,
        attemptLog: attempts.map((a) => ({
          attempt: a.attempt,
          attemptedAt: iso(a.attempted_at),
          statusCode: a.status_code,
          durationMs: a.duration_ms,
          error: a.error,
          responseBody: a.response_body,
        })),
      };
    },

    /** Sends the delivery's message again, as a new delivery (same webhook-id) to the same endpoint. */
    async redeliver(ctx: Ctx, id: string, deliveryId: string): Promise<Delivery> {
      const orgId = requireOrg(ctx);
      return ctx.db.transaction(async (tx) => {
        const endpoint = await endpointRow(tx, orgId, id);
        if (!endpoint.enabled) {
          throw new AppError(409, 'webhook_disabled', 'Re-enable the endpoint before redelivering to it.');
        }
        const newDeliveryId = newId();
        const [row] = await queryRows<DeliveryRow>(
          tx,
          sql`with n as (
                insert into webhook_deliveries (id, message_id, endpoint_id, org_id)
                select ${newDeliveryId}, d.message_id, d.endpoint_id, d.org_id from webhook_deliveries d
                where d.id = ${deliveryId} and d.endpoint_id = ${id} and d.org_id = ${orgId}
                returning *
              )
              select ${DELIVERY_COLUMNS} from n d join webhook_messages m on m.id = d.message_id`,
        );
        if (!row) throw notFound('The delivery');
        await tx.execute(sql`select pg_notify(${WEBHOOK_CHANNEL}, ${orgId})`);
        await audit(ctx, tx, 'webhook.redelivered', id, { deliveryId, newDeliveryId });
        return toDelivery(row);
      });
    },

    /** A webhook.test event to this endpoint only. */
    async sendTest(ctx: Ctx, id: string): Promise<{ deliveries: number }> {
      const orgId = requireOrg(ctx);
      return ctx.db.transaction(async (tx) => {
        const endpoint = await endpointRow(tx, orgId, id);
        if (!endpoint.enabled) {
          throw new AppError(409, 'webhook_disabled', 'Re-enable the endpoint before sending to it.');
        }
        const n = await emitWebhook(tx, orgId, 'webhook.test', { endpointId: id }, { endpointId: id });
        return { deliveries: n };
      });
    },
  };
}
export type WebhookActions = ReturnType<typeof webhookActions>;

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  message_id: string;
  type: string;
  status: Delivery['status'];
  attempts: number;
  next_attempt_at: string | Date;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string | Date;
  completed_at: string | Date | null;
}

const DELIVERY_COLUMNS = sql`d.id, d.endpoint_id, d.message_id, m.type, d.status, d.attempts, d.next_attempt_at,
  d.last_status_code, d.last_error, d.created_at, d.completed_at`;

const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  endpointId: r.endpoint_id,
  messageId: webhookId(r.message_id),
  eventType: r.type as Delivery['eventType'],
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
  lastStatusCode: r.last_status_code,
  lastError: r.last_error,
  createdAt: iso(r.created_at),
  completedAt: isoOrNull(r.completed_at),
});
