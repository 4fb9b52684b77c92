// API tokens at request time: looked up by hash, refused once revoked or expired (checked on
// every request, so revocation takes effect on the next one).
import { eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { apiTokens } from '../../db/schema.ts';
import type { Actor } from '../../shared/context.ts';
import { hashToken } from '../../shared/secrets.ts';
import type { Scope } from '../access/permissions.ts';

export const TOKEN_PREFIX = 'rc_';

interface TokenRow {
  id: string;
  org_id: string;
  name: string;
  scopes: Scope[];
  stale: boolean;
}

export async function resolveApiToken(db: Db, token: string): Promise<Actor | null> {
  const [row] = await queryRows<TokenRow>(
    db,
    sql`select id, org_id, name, scopes,
          (last_used_at is null or last_used_at < now() - interval '1 minute') as stale
        from api_tokens
        where token_hash = ${hashToken(token)} and revoked_at is null
          and (expires_at is null or expires_at > now())`,
  );
  if (!row) return null;
  // Last use is kept to the minute: one write a minute per token, not one per request.
  if (row.stale) await db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, row.id));
  return { kind: 'token', tokenId: row.id, name: row.name, orgId: row.org_id, scopes: row.scopes };
}
