// Accounts made by the operator, not by sign-up: `rolecraft admin create-user` and the demo
// organization on the embedded default's first start.
import type { Db } from '../../db/client.ts';
import { appState, memberships, organizations } from '../../db/schema.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { systemCtx } from '../../shared/context.ts';
import { recordAccountAudit } from '../audit/record.ts';
import { withdrawGrants } from '../orgs/service.ts';
import { endOtherSessions } from './sessions.ts';
import { newId } from '../../shared/ids.ts';
import { isUniqueViolation } from '../../db/client.ts';
import type { Role } from '../access/permissions.ts';
import { passwordProblem } from './password.ts';
import { randomToken } from '../../shared/secrets.ts';
import { findUserByEmail, insertUser, membershipsOf, type UserRow, updateUser } from './users.ts';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@]{2,63}$/;

export async function createUser(
  db: Db,
  input: { email: string; password?: string; name?: string; platformAdmin?: boolean },
): Promise<{ user: UserRow; password: string; generated: boolean }> {
  if (!EMAIL.test(input.email.trim()))
    throw invalid('invalid_email', `"${input.email}" is not an email address.`);
  const generated = input.password === undefined;
  const password = input.password ?? randomToken(18);
  const problem = passwordProblem(password, { email: input.email });
  if (problem) throw invalid('weak_password', problem);
  if (await findUserByEmail(db, input.email))
    throw conflict('email_taken', `${input.email} already has an account.`);
  try {
    const user = await insertUser(db, { ...input, password, verified: true });
    return { user, password, generated };
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('email_taken', `${input.email} already has an account.`);
    throw error;
  }
}

export async function createOrganizationWithOwner(
  db: Db,
  org: { slug: string; name: string; website?: string | null },
  ownerId: string,
  role: Role = 'owner',
) {
  const id = newId();
  await db.transaction(async (tx) => {
    await tx
      .insert(organizations)
      .values({ id, slug: org.slug, name: org.name, website: org.website ?? null, requireMfa: false });
    await tx.insert(memberships).values({ orgId: id, userId: ownerId, role });
  });
  return { id, slug: org.slug };
}

const DEMO_MARKER = 'demo_account';

/**
 * On the embedded default's first start (never in production): a demo organization and its
 * owner, so a new user can sign in at once. Returns the credentials to print, once.
 */
export async function createDemoAccount(db: Db): Promise<{ email: string; password: string } | null> {
  const inserted = await db
    .insert(appState)
    .values({ key: DEMO_MARKER, value: { createdAt: new Date().toISOString() } })
    .onConflictDoNothing()
    .returning();
  if (inserted.length === 0) return null;
  const email = 'admin@demo.rolecraft.test';
  const { user, password } = await createUser(db, { email, name: 'Demo Admin' });
  await createOrganizationWithOwner(db, { slug: 'demo', name: 'Demo Company' }, user.id);
  return { email, password };
}

/**
 * Disables (or re-enables) an account. Disabling ends all its sessions and revokes the API tokens
 * and pending invitations it created, in one transaction, each revocation audited.
 */
export async function setUserDisabled(db: Db, email: string, disabled: boolean) {
  const user = await findUserByEmail(db, email);
  if (!user) throw notFound(`The account ${email}`);
  await db.transaction(async (tx) => {
    const ctx = systemCtx(tx);
    await updateUser(tx, user.id, { disabledAt: disabled ? new Date() : null });
    await recordAccountAudit(ctx, user.id, { action: disabled ? 'user.disabled' : 'user.enabled' });
    if (!disabled) return;
    await endOtherSessions(tx, user.id, null);
    // What the person handed out stops working with them, as when a member is removed.
    for (const org of await membershipsOf(tx, user.id)) {
      await withdrawGrants(ctx, tx, org.id, user.id, null, 'creator_disabled');
    }
  });
  return user;
}
