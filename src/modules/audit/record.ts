// Writing audit events. Callers pass what happened and to what; who, from where and when come
// from the context. Never pass a secret in `data`: the canary test greps the table for them.
import { eq } from 'drizzle-orm';
import { auditEvents, memberships } from '../../db/schema.ts';
import type { Db } from '../../db/client.ts';
import { type Ctx, orgIdOf } from '../../shared/context.ts';
import { newId } from '../../shared/ids.ts';

export interface AuditInput {
  action: string;
  /** Defaults to the organization the actor acts in. */
  orgId?: string | null;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
  /** For events without a signed-in actor (a failed log-in): who it was about. */
  actorOverride?: { type: string; id: string | null; label: string | null };
}

function actorFields(ctx: Ctx) {
  const a = ctx.actor;
  switch (a.kind) {
    case 'user':
      return { actorType: 'user', actorId: a.userId, actorLabel: a.email };
    case 'token':
      return { actorType: 'api_token', actorId: a.tokenId, actorLabel: a.name };
    default:
      return { actorType: a.kind, actorId: null, actorLabel: null };
  }
}

export async function recordAudit(ctx: Ctx, input: AuditInput, db: Db = ctx.db) {
  const actor = input.actorOverride
    ? {
        actorType: input.actorOverride.type,
        actorId: input.actorOverride.id,
        actorLabel: input.actorOverride.label,
      }
    : actorFields(ctx);
  await db.insert(auditEvents).values({
    id: newId(),
    orgId: input.orgId === undefined ? orgIdOf(ctx.actor) : input.orgId,
    ...actor,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    ip: ctx.ip ?? null,
    userAgent: ctx.userAgent ?? null,
    data: input.data ?? {},
  });
}

/**
 * Account events (password, 2FA, email, failed log-ins) concern every organization the person
 * belongs to: one event per organization, so each one's admins see them (one without an
 * organization if there is none).
 */
export async function recordAccountAudit(ctx: Ctx, userId: string, input: Omit<AuditInput, 'orgId'>) {
  const orgs = await ctx.db
    .select({ orgId: memberships.orgId })
    .from(memberships)
    .where(eq(memberships.userId, userId));
  const orgIds = orgs.length > 0 ? orgs.map((o) => o.orgId) : [null];
  for (const orgId of orgIds) {
    await recordAudit(ctx, { targetType: 'user', targetId: userId, ...input, orgId });
  }
}
