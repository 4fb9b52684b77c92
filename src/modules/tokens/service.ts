// API token actions for the acting organization. The secret exists only in the create response;
// the table keeps its hash (looked up by resolve.ts) and a short prefix to tell tokens apart.
import { and, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { apiTokens } from '../../db/schema.ts';
import { decodeCursor, encodeCursor } from '../../http/pagination.ts';
import type { Ctx } from '../../shared/context.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { hashToken, randomToken } from '../../shared/secrets.ts';
import { recordAudit } from '../audit/record.ts';
import { requireOrg } from '../access/org.ts';
import type { Scope } from '../access/permissions.ts';
import { lockOrg } from '../orgs/repo.ts';
import { TOKEN_PREFIX } from './resolve.ts';
import type { ApiToken, CreatedToken, CreateTokenBody, TokenListQuery } from './schemas.ts';

type TokenRow = typeof apiTokens.$inferSelect;

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The id goes into a uuid comparison: anything else would be a database error, not a 400.
const isIdCursor = (v: Record<string, unknown>): v is { i: string } =>
  typeof v.i === 'string' && UUID.test(v.i);

/** Active (unrevoked, unexpired) tokens an organization may hold at once. */
export const MAX_ACTIVE_TOKENS = 100;
const active = and(
  isNull(apiTokens.revokedAt),
  or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
);

const toApiToken = (r: TokenRow): ApiToken => ({
  id: r.id,
  name: r.name,
  prefix: r.tokenPrefix,
  scopes: r.scopes as Scope[],
  createdAt: iso(r.createdAt),
  createdBy: r.createdBy,
  expiresAt: isoOrNull(r.expiresAt),
  lastUsedAt: isoOrNull(r.lastUsedAt),
  revokedAt: isoOrNull(r.revokedAt),
});

/** A bounded lifetime: a forgotten integration token should not stay valid for ever by accident. */
function expiryOf(expiresAt: string | undefined): Date | null {
  if (expiresAt === undefined) return null;
  const at = new Date(expiresAt);
  const now = new Date();
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() + 1);
  if (!(at > now) || at > limit) {
    throw invalid('invalid_expiry', 'expiresAt must be in the future and at most one year ahead.');
  }
  return at;
}

export async function createToken(ctx: Ctx, input: CreateTokenBody): Promise<CreatedToken> {
  const orgId = requireOrg(ctx);
  const expiresAt = expiryOf(input.expiresAt);
  const token = `${TOKEN_PREFIX}${randomToken()}`;
  const name = input.name.trim();
  const row = await ctx.db.transaction(async (tx) => {
    // Counted under the organization's row lock, so concurrent creations cannot both slip under.
    if (!(await lockOrg(tx, orgId))) throw notFound('Organization');
    const [count] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(apiTokens)
      .where(and(eq(apiTokens.orgId, orgId), active));
    if ((count?.n ?? 0) >= MAX_ACTIVE_TOKENS) {
      throw conflict(
        'too_many_tokens',
        `An organization may have at most ${MAX_ACTIVE_TOKENS} active API tokens; revoke unused ones first.`,
      );
    }
    const [inserted] = await tx
      .insert(apiTokens)
      .values({
        id: newId(),
        orgId,
        name,
        tokenPrefix: token.slice(0, 10),
        tokenHash: hashToken(token),
        scopes: input.scopes,
        createdBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
        expiresAt,
      })
      .returning();
    await recordAudit(
      ctx,
      {
        action: 'token.created',
        targetType: 'api_token',
        targetId: inserted!.id,
        data: { name, scopes: input.scopes },
      },
      tx,
    );
    return inserted!;
  });
  const { createdBy: _, revokedAt: __, ...shown } = toApiToken(row);
  return { ...shown, token };
}

/** Newest first (ids are UUIDv7); revoked tokens only when asked for. */
export async function listTokens(ctx: Ctx, query: TokenListQuery) {
  const orgId = requireOrg(ctx);
  const before = decodeCursor(query.cursor, isIdCursor);
  const rows = await ctx.db
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.orgId, orgId),
        query.includeRevoked ? undefined : isNull(apiTokens.revokedAt),
        before ? lt(apiTokens.id, before.i) : undefined,
      ),
    )
    .orderBy(desc(apiTokens.id))
    .limit(query.limit + 1);
  const data = rows.slice(0, query.limit).map(toApiToken);
  return { data, nextCursor: rows.length > query.limit ? encodeCursor({ i: data.at(-1)!.id }) : null };
}

/** Revocation is idempotent; resolve.ts refuses the token from the next request on. */
export async function revokeToken(ctx: Ctx, id: string) {
  const orgId = requireOrg(ctx);
  await ctx.db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.orgId, orgId), isNull(apiTokens.revokedAt)))
      .returning({ name: apiTokens.name });
    if (revoked) {
      await recordAudit(
        ctx,
        { action: 'token.revoked', targetType: 'api_token', targetId: id, data: { name: revoked.name } },
        tx,
      );
      return;
    }
    const [existing] = await tx
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .where(and(eq(apiTokens.id, id), eq(apiTokens.orgId, orgId)));
    if (!existing) throw notFound('API token');
  });
}

/**
 * Revokes the organization's tokens a member created, inside the caller's transaction: run when
 * the member is removed or loses the right to manage tokens, so their power does not outlive it.
 */
export async function revokeTokensCreatedBy(
  ctx: Ctx,
  tx: Db,
  orgId: string,
  userId: string,
  reason: 'creator_removed' | 'creator_demoted' | 'creator_disabled',
) {
  const revoked = await tx
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.createdBy, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, name: apiTokens.name });
  for (const token of revoked) {
    await recordAudit(
      ctx,
      {
        action: 'token.revoked',
        orgId,
        targetType: 'api_token',
        targetId: token.id,
        data: { name: token.name, reason },
      },
      tx,
    );
  }
  return revoked.length;
}
