// API tokens at request time: looked up by hash, refused once revoked or expired (checked on
// every request, so revocation takes effect on the next one).
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { apiTokens } from '../../db/schema.ts';
import type { Actor } from '../../shared/context.ts';
import { hashToken } from '../../shared/secrets.ts';
import type { Scope } from '../access/permissions.ts';

export const TOKEN_PREFIX = 'rc_';

/** A named prepared statement: planned once per connection, not on every request. */
const buildLookup = (db: Db) =>
  db
    .select({
      id: apiTokens.id,
      orgId: apiTokens.orgId,
      name: apiTokens.name,
      scopes: apiTokens.scopes,
      // Last use is kept to the minute: one write a minute per token, not one per request.
      stale: sql<boolean>`(${apiTokens.lastUsedAt} is null or ${apiTokens.lastUsedAt} < now() - interval '1 minute')`,
    })
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, sql.placeholder('hash')),
        isNull(apiTokens.revokedAt),
        sql`(${apiTokens.expiresAt} is null or ${apiTokens.expiresAt} > now())`,
      ),
    )
    .prepare('rolecraft_resolve_token');

const lookups = new WeakMap<Db, ReturnType<typeof buildLookup>>();

export async function resolveApiToken(db: Db, token: string): Promise<Actor | null> {
  let lookup = lookups.get(db);
  if (!lookup) {
    lookup = buildLookup(db);
    lookups.set(db, lookup);
  }
  const [row] = await lookup.execute({ hash: hashToken(token) });
  if (!row) return null;
  if (row.stale) await db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, row.id));
  return { kind: 'token', tokenId: row.id, name: row.name, orgId: row.orgId, scopes: row.scopes as Scope[] };
}
