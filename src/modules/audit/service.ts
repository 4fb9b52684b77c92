// Reading the audit log of the acting organization, newest first, keyset-paginated by id (UUIDv7).
import { and, desc, eq, gte, like, lt, lte } from 'drizzle-orm';
import { auditEvents } from '../../db/schema.ts';
import { decodeCursor, encodeCursor } from '../../http/pagination.ts';
import type { Ctx } from '../../shared/context.ts';
import { requireOrg } from '../access/org.ts';
import type { AuditEvent, AuditQuery } from './schemas.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The id goes into a uuid comparison: anything else would be a database error, not a 400.
const isIdCursor = (v: Record<string, unknown>): v is { i: string } =>
  typeof v.i === 'string' && UUID.test(v.i);

export async function listAuditEvents(ctx: Ctx, query: AuditQuery) {
  const orgId = requireOrg(ctx);
  const before = decodeCursor(query.cursor, isIdCursor);
  const action = query.action;
  const rows = await ctx.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.orgId, orgId),
        action
          ? action.endsWith('.')
            ? like(auditEvents.action, `${action}%`)
            : eq(auditEvents.action, action)
          : undefined,
        query.actorId ? eq(auditEvents.actorId, query.actorId) : undefined,
        query.since ? gte(auditEvents.createdAt, new Date(query.since)) : undefined,
        query.until ? lte(auditEvents.createdAt, new Date(query.until)) : undefined,
        before ? lt(auditEvents.id, before.i) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(query.limit + 1);
  const data: AuditEvent[] = rows.slice(0, query.limit).map((r) => ({
    id: r.id,
    action: r.action,
    actor: { type: r.actorType, id: r.actorId, label: r.actorLabel },
    target: r.targetType ? { type: r.targetType, id: r.targetId } : null,
    ip: r.ip,
    userAgent: r.userAgent,
    data: r.data,
    createdAt: new Date(r.createdAt).toISOString(),
  }));
  return { data, nextCursor: rows.length > query.limit ? encodeCursor({ i: data.at(-1)!.id }) : null };
}
