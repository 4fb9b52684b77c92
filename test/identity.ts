// Test factories for accounts: users, organizations, memberships, signed-in sessions and API
// tokens, made through the same functions the app uses (no mocks), skipping slow flows.
import { randomBytes } from 'node:crypto';
import type { Config } from '../src/config.ts';
import type { Database } from '../src/db/client.ts';
import { apiTokens, memberships } from '../src/db/schema.ts';
import type { Role, Scope } from '../src/modules/access/permissions.ts';
import { createOrganizationWithOwner, createUser } from '../src/modules/identity/bootstrap.ts';
import { SESSION_COOKIE, createSession, csrfTokenFor } from '../src/modules/identity/sessions.ts';
import { newId } from '../src/shared/ids.ts';
import { hashToken, randomToken } from '../src/shared/secrets.ts';

export const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export async function makeUser(
  database: Database,
  options: { platformAdmin?: boolean; email?: string } = {},
) {
  const email = options.email ?? `${unique('user')}@example.test`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const { user } = await createUser(database.db, {
    email,
    password,
    platformAdmin: options.platformAdmin ?? false,
  });
  return { id: user.id, email, password };
}

export async function makeOrg(database: Database, ownerId: string, slug = unique('org')) {
  return createOrganizationWithOwner(database.db, { slug, name: `Org ${slug}` }, ownerId);
}

export async function addMember(database: Database, orgId: string, userId: string, role: Role) {
  await database.db.insert(memberships).values({ orgId, userId, role });
}

export interface Signed {
  sessionId: string;
  token: string;
  /** Cookie and CSRF headers: enough for any request. */
  headers: Record<string, string>;
}

export async function signIn(
  database: Database,
  config: Config,
  userId: string,
  orgId: string | null,
): Promise<Signed> {
  const policy = { idleHours: config.sessionIdleHours, maxDays: config.sessionMaxDays };
  const { id, token } = await createSession(database.db, { userId, orgId }, policy);
  return {
    sessionId: id,
    token,
    headers: { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrfTokenFor(token) },
  };
}

export async function makeApiToken(database: Database, orgId: string, scopes: Scope[]) {
  const token = `rc_${randomToken()}`;
  const id = newId();
  await database.db.insert(apiTokens).values({
    id,
    orgId,
    name: unique('token'),
    tokenPrefix: token.slice(0, 10),
    tokenHash: hashToken(token),
    scopes,
  });
  return { id, token, headers: { authorization: `Bearer ${token}` } };
}

/** A user with the given role in a new or given organization, signed in there. */
export async function member(database: Database, config: Config, orgId: string, role: Role) {
  const user = await makeUser(database);
  await addMember(database, orgId, user.id, role);
  return { ...user, ...(await signIn(database, config, user.id, orgId)) };
}
