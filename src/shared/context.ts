import type { Db } from '../db/client.ts';
import type { Role, Scope } from '../modules/access/permissions.ts';

/** The organization a request acts in, resolved by authentication. */
export interface Membership {
  orgId: string;
  role: Role;
  requireMfa: boolean;
}

/**
 * Who is acting. `admin` is the operator's bootstrap token (ROLECRAFT_ADMIN_TOKEN): it writes the
 * global template library and nothing else. `system` is the CLI and the seed.
 */
export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'system' }
  | { kind: 'admin' }
  | {
      kind: 'user';
      userId: string;
      email: string;
      platformAdmin: boolean;
      sessionId: string;
      mfaEnabled: boolean;
      membership: Membership | null;
    }
  | { kind: 'token'; tokenId: string; name: string; orgId: string; scopes: readonly Scope[] };

export interface Ctx {
  db: Db;
  actor: Actor;
  requestId: string;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export const systemCtx = (db: Db): Ctx => ({ db, actor: { kind: 'system' }, requestId: 'system' });

/** The organization the actor acts in (sessions: the active one; tokens: their own), if any. */
export function orgIdOf(actor: Actor): string | null {
  if (actor.kind === 'user') return actor.membership?.orgId ?? null;
  if (actor.kind === 'token') return actor.orgId;
  return null;
}
