// Single-use emailed tokens: stored hashed, with a purpose and an expiry; consuming one is a
// conditional update, so two concurrent uses cannot both succeed.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { emailTokens } from '../../db/schema.ts';
import { AppError } from '../../shared/errors.ts';
import { hashToken, randomToken } from '../../shared/secrets.ts';

export type Purpose = 'verify_email' | 'reset_password' | 'change_email';

export const TOKEN_TTL_MINUTES: Record<Purpose, number> = {
  verify_email: 24 * 60,
  reset_password: 30,
  change_email: 24 * 60,
};

export interface IssueOptions {
  newEmail?: string;
  /** Verification links: the hash of the password chosen by the sign-up that sent the link. */
  passwordHash?: string;
  /** A new link replaces older ones of the same purpose, unless this is false. */
  replace?: boolean;
}

export async function issueEmailToken(db: Db, userId: string, purpose: Purpose, options: IssueOptions = {}) {
  if (options.replace !== false) await revokeEmailTokens(db, userId, [purpose]);
  const token = randomToken();
  await db.insert(emailTokens).values({
    tokenHash: hashToken(token),
    userId,
    purpose,
    newEmail: options.newEmail ?? null,
    passwordHash: options.passwordHash ?? null,
    expiresAt: new Date(Date.now() + TOKEN_TTL_MINUTES[purpose] * 60_000),
  });
  return token;
}

export const invalidLink = () =>
  new AppError(400, 'invalid_token', 'This link is not valid: it was used already, replaced or has expired.');

/** The condition for a token that is known, unused, unexpired and of one of these purposes. */
const usable = (token: string, purposes: Purpose[]) =>
  and(
    eq(emailTokens.tokenHash, hashToken(token)),
    isNull(emailTokens.usedAt),
    sql`${emailTokens.expiresAt} > now()`,
    inArray(emailTokens.purpose, purposes),
  );

/** Marks the token used and returns it, or throws if it is unknown, used, expired or of another purpose. */
export async function consumeEmailToken(db: Db, token: string, purposes: Purpose[]) {
  const [row] = await db
    .update(emailTokens)
    .set({ usedAt: sql`now()` })
    .where(usable(token, purposes))
    .returning();
  if (!row) throw invalidLink();
  return row;
}

/** The token's row if it is still usable, without using it (to check a request before spending the link). */
export async function peekEmailToken(db: Db, token: string, purposes: Purpose[]) {
  const [row] = await db.select().from(emailTokens).where(usable(token, purposes));
  if (!row) throw invalidLink();
  return row;
}

/** Cancels a user's outstanding links, e.g. a pending email change once the password is reset. */
export async function revokeEmailTokens(db: Db, userId: string, purposes: Purpose[]) {
  await db
    .update(emailTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(eq(emailTokens.userId, userId), isNull(emailTokens.usedAt), inArray(emailTokens.purpose, purposes)),
    );
}
