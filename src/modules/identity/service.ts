// Identity actions: sign-up, verification, log-in (with TOTP), log-out, password reset and
// change, email change. Mail is enqueued after the writes it depends on have committed.
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import { isUniqueViolation } from '../../db/client.ts';
import { recoveryCodes, users } from '../../db/schema.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError, conflict, invalid } from '../../shared/errors.ts';
import { seal, unseal } from '../../shared/sealed.ts';
import { hashToken } from '../../shared/secrets.ts';
import { recordAccountAudit, recordAudit } from '../audit/record.ts';
import type { MailSender } from '../notifications/send.ts';
import {
  consumeEmailToken,
  invalidLink,
  issueEmailToken,
  peekEmailToken,
  revokeEmailTokens,
} from './email-tokens.ts';
import * as mails from './mails.ts';
import { burnPasswordTime, hashPassword, needsRehash, passwordProblem, verifyPassword } from './password.ts';
import { createSession, endOtherSessions, type SessionPolicy } from './sessions.ts';
import { normalizeRecoveryCode, verifyTotp } from './totp.ts';
import {
  findUserByEmail,
  findUserById,
  insertUser,
  membershipsOf,
  type UserRow,
  updateUser,
} from './users.ts';

export interface IdentityDeps {
  config: Config;
  mail: MailSender;
}

const invalidCredentials = () =>
  new AppError(401, 'invalid_credentials', 'The email or password is not right.');
const reauthFailed = () => new AppError(403, 'reauthentication_failed', 'The current password is not right.');

function assertPassword(password: string, context: { email?: string; name?: string }) {
  const problem = passwordProblem(password, context);
  if (problem) throw invalid('weak_password', problem);
}

export function identityActions({ config, mail }: IdentityDeps) {
  const base = config.publicUrl;
  const policy: SessionPolicy = { idleHours: config.sessionIdleHours, maxDays: config.sessionMaxDays };
  // Mail failures must not turn a committed change into an error (the queue retries delivery).
  const send = async (ctx: Ctx, message: Parameters<MailSender['sendEmail']>[0]) => {
    try {
      await mail.sendEmail(message);
    } catch (error) {
      // The request already did its work; the user can ask for the link again.
      void error;
      await recordAudit(ctx, { action: 'mail.enqueue_failed', orgId: null, data: { kind: message.kind } });
    }
  };

  /** Checks the current password before a sensitive change; failures are audited. */
  async function reauthenticate(ctx: Ctx, userId: string, password: string): Promise<UserRow> {
    const user = await findUserById(ctx.db, userId);
    if (user && (await verifyPassword(user.passwordHash, password))) return user;
    await recordAccountAudit(ctx, userId, { action: 'user.reauth_failed' });
    throw reauthFailed();
  }

  /** The TOTP code or recovery code of a user with 2FA on; true when it is good (and now spent). */
  async function checkSecondFactor(ctx: Ctx, user: UserRow, code: string): Promise<boolean> {
    const trimmed = code.trim();
    if (/^\d{6}$/.test(trimmed)) {
      const secret = user.totpSecret ? unseal(user.totpSecret, config.secretKey) : null;
      const step = secret ? verifyTotp(secret, trimmed, user.totpLastStep) : null;
      if (step === null) return false;
      // A secret enrolled before the key was configured is sealed at its next use.
      if (secret && config.secretKey && user.totpSecret === secret) {
        await updateUser(ctx.db, user.id, { totpSecret: seal(secret, config.secretKey) });
      }
      // Conditional on the last step, so the same code cannot be used twice, even concurrently.
      const updated = await ctx.db
        .update(users)
        .set({ totpLastStep: step })
        .where(
          and(eq(users.id, user.id), or(isNull(users.totpLastStep), sql`${users.totpLastStep} < ${step}`)),
        )
        .returning({ id: users.id });
      return updated.length > 0;
    }
    const used = await ctx.db
      .update(recoveryCodes)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(recoveryCodes.userId, user.id),
          eq(recoveryCodes.codeHash, hashToken(normalizeRecoveryCode(trimmed))),
          isNull(recoveryCodes.usedAt),
        ),
      )
      .returning({ userId: recoveryCodes.userId });
    if (used.length > 0) await recordAccountAudit(ctx, user.id, { action: 'user.recovery_code_used' });
    return used.length > 0;
  }

  return {
    checkSecondFactor,

    /** Always answers the same way, whether or not the address has an account (no enumeration). */
    async signup(ctx: Ctx, input: { email: string; password: string; name?: string | undefined }) {
      assertPassword(input.password, input);
      const existing = await findUserByEmail(ctx.db, input.email);
      if (existing) {
        if (existing.disabledAt) {
          await burnPasswordTime(input.password);
          return;
        }
        // Not yet confirmed: this sign-up gets a link of its own, bound to its own password, and
        // earlier links stay valid. Confirming needs the password of the sign-up that sent the
        // link, so whoever signed up with someone else's address cannot keep the account.
        if (!existing.emailVerifiedAt) {
          const passwordHash = await hashPassword(input.password);
          const token = await issueEmailToken(ctx.db, existing.id, 'verify_email', {
            passwordHash,
            replace: false,
          });
          await send(ctx, mails.verifyEmailMail(existing.email, base, token));
          return;
        }
        // As slow as creating an account (one argon2 hash), so timing does not tell that it exists.
        await burnPasswordTime(input.password);
        await send(ctx, mails.accountExistsMail(existing.email, base));
        return;
      }
      let user: UserRow;
      try {
        user = await insertUser(ctx.db, {
          email: input.email,
          password: input.password,
          name: input.name ?? '',
        });
      } catch (error) {
        if (isUniqueViolation(error)) return; // a concurrent sign-up of the same address won
        throw error;
      }
      const token = await issueEmailToken(ctx.db, user.id, 'verify_email', {
        passwordHash: user.passwordHash,
      });
      await recordAccountAudit(ctx, user.id, {
        action: 'user.signed_up',
        actorOverride: { type: 'user', id: user.id, label: user.email },
      });
      await send(ctx, mails.verifyEmailMail(user.email, base, token));
    },

    async resendVerification(ctx: Ctx, email: string) {
      const user = await findUserByEmail(ctx.db, email);
      if (!user || user.emailVerifiedAt || user.disabledAt) return;
      // Without a password of its own, this link confirms with the account's current password.
      const token = await issueEmailToken(ctx.db, user.id, 'verify_email', { replace: false });
      await send(ctx, mails.verifyEmailMail(user.email, base, token));
    },

    /**
     * Confirms a sign-up address (with the password chosen at that sign-up) or a new address
     * after an email change.
     */
    async verifyEmail(ctx: Ctx, token: string, password: string | undefined) {
      const pending = await peekEmailToken(ctx.db, token, ['verify_email', 'change_email']);
      const user = await findUserById(ctx.db, pending.userId);
      if (!user || user.disabledAt) throw invalidLink();
      if (pending.purpose === 'verify_email') {
        if (!password) {
          throw invalid('password_required', 'Enter the password you chose when you signed up.');
        }
        const expected = pending.passwordHash ?? user.passwordHash;
        if (!(await verifyPassword(expected, password))) {
          await recordAccountAudit(ctx, user.id, {
            action: 'user.verification_failed',
            actorOverride: { type: 'anonymous', id: null, label: null },
          });
          throw new AppError(
            403,
            'wrong_password',
            'That is not the password chosen when this link was sent.',
          );
        }
        await consumeEmailToken(ctx.db, token, ['verify_email']);
        await revokeEmailTokens(ctx.db, user.id, ['verify_email']);
        await updateUser(ctx.db, user.id, { passwordHash: expected, emailVerifiedAt: sql`now()` as never });
        await recordAccountAudit(ctx, user.id, {
          action: 'user.email_verified',
          actorOverride: { type: 'user', id: user.id, label: user.email },
        });
        return;
      }
      const row = await consumeEmailToken(ctx.db, token, ['change_email']);
      // Links sent to the old address (a reset, say) must not outlive the change.
      await revokeEmailTokens(ctx.db, user.id, ['reset_password', 'verify_email', 'change_email']);
      try {
        await updateUser(ctx.db, user.id, { email: row.newEmail!, emailVerifiedAt: sql`now()` as never });
      } catch (error) {
        if (isUniqueViolation(error))
          throw conflict('email_taken', 'That address now belongs to another account.');
        throw error;
      }
      await recordAccountAudit(ctx, user.id, {
        action: 'user.email_changed',
        actorOverride: { type: 'user', id: user.id, label: row.newEmail },
      });
      await send(
        ctx,
        mails.securityNoticeMail(user.email, `Your sign-in email was changed to ${row.newEmail}`),
      );
    },

    async login(ctx: Ctx, input: { email: string; password: string; code?: string | undefined }) {
      const user = await findUserByEmail(ctx.db, input.email);
      const failed = async (reason: string, error: AppError) => {
        const event = {
          action: 'auth.login_failed',
          data: { reason },
          actorOverride: { type: 'anonymous', id: null, label: null },
        };
        // A known account's organizations see attempts on it; an unknown address concerns none.
        if (user) await recordAccountAudit(ctx, user.id, event);
        else await recordAudit(ctx, { ...event, orgId: null });
        return error;
      };
      if (!user) {
        await burnPasswordTime(input.password);
        throw await failed('unknown_email', invalidCredentials());
      }
      if (!(await verifyPassword(user.passwordHash, input.password)))
        throw await failed('wrong_password', invalidCredentials());
      if (user.disabledAt)
        throw await failed('disabled', new AppError(403, 'account_disabled', 'This account is disabled.'));
      if (!user.emailVerifiedAt) {
        throw await failed(
          'email_not_verified',
          new AppError(
            403,
            'email_not_verified',
            'Confirm your email address first; we can send the link again.',
          ),
        );
      }
      if (user.totpEnabledAt) {
        if (!input.code)
          throw new AppError(401, 'mfa_required', 'Enter the code from your authenticator app.', {
            mfa: ['totp', 'recovery_code'],
          });
        if (!(await checkSecondFactor(ctx, user, input.code))) {
          throw await failed(
            'wrong_mfa_code',
            new AppError(401, 'invalid_mfa_code', 'That code is not right, or was used already.'),
          );
        }
      }
      if (needsRehash(user.passwordHash)) {
        await updateUser(ctx.db, user.id, { passwordHash: await hashPassword(input.password) });
      }
      const orgs = await membershipsOf(ctx.db, user.id);
      const orgId = orgs[0]?.id ?? null;
      // Always a new session: a session id set before log-in is never promoted (no fixation).
      const session = await createSession(
        ctx.db,
        { userId: user.id, orgId, ip: ctx.ip, userAgent: ctx.userAgent },
        policy,
      );
      await recordAudit(ctx, {
        action: 'auth.login',
        orgId,
        targetType: 'session',
        targetId: session.id,
        data: { mfa: Boolean(user.totpEnabledAt) },
        actorOverride: { type: 'user', id: user.id, label: user.email },
      });
      return { user, sessionToken: session.token, activeOrgId: orgId };
    },

    /** Always answers the same way; mails a 30-minute single-use link when the account exists. */
    async requestPasswordReset(ctx: Ctx, email: string) {
      const user = await findUserByEmail(ctx.db, email);
      if (!user || user.disabledAt) return;
      const token = await issueEmailToken(ctx.db, user.id, 'reset_password');
      await recordAccountAudit(ctx, user.id, {
        action: 'auth.password_reset_requested',
        actorOverride: { type: 'anonymous', id: null, label: null },
      });
      await send(ctx, mails.resetPasswordMail(user.email, base, token));
    },

    async resetPassword(ctx: Ctx, token: string, password: string) {
      // Check the new password before spending the link: a refused password must not use it up.
      const pending = await peekEmailToken(ctx.db, token, ['reset_password']);
      const user = await findUserById(ctx.db, pending.userId);
      if (!user || user.disabledAt) throw invalidLink();
      assertPassword(password, user);
      await consumeEmailToken(ctx.db, token, ['reset_password']);
      // Whoever knew the old password may have asked to move the account to their address.
      await revokeEmailTokens(ctx.db, user.id, ['change_email', 'reset_password', 'verify_email']);
      // Following the link proves the mailbox, so the address counts as verified.
      await updateUser(ctx.db, user.id, {
        passwordHash: await hashPassword(password),
        emailVerifiedAt: user.emailVerifiedAt ?? (sql`now()` as never),
      });
      await endOtherSessions(ctx.db, user.id, null);
      await recordAccountAudit(ctx, user.id, {
        action: 'auth.password_reset',
        actorOverride: { type: 'user', id: user.id, label: user.email },
      });
      await send(ctx, mails.securityNoticeMail(user.email, 'Your password was reset'));
    },

    async changePassword(ctx: Ctx, userId: string, sessionId: string, current: string, next: string) {
      const user = await reauthenticate(ctx, userId, current);
      assertPassword(next, user);
      await updateUser(ctx.db, user.id, { passwordHash: await hashPassword(next) });
      await endOtherSessions(ctx.db, user.id, sessionId);
      await revokeEmailTokens(ctx.db, user.id, ['change_email', 'reset_password']);
      await recordAccountAudit(ctx, user.id, { action: 'user.password_changed' });
      await send(ctx, mails.securityNoticeMail(user.email, 'Your password was changed'));
    },

    /** Mails a confirmation link to the new address; the change happens when it is opened. */
    async requestEmailChange(ctx: Ctx, userId: string, current: string, newEmail: string) {
      const user = await reauthenticate(ctx, userId, current);
      const address = newEmail.trim().toLowerCase();
      // Everything the requester can see (the answer, the notice in their own inbox) is the same
      // whether or not the new address is taken; a taken one simply gets no link.
      await recordAccountAudit(ctx, user.id, { action: 'user.email_change_requested' });
      await send(ctx, mails.securityNoticeMail(user.email, 'A change of your sign-in email was requested'));
      // Earlier requests end either way, so nothing afterwards tells whether the address was taken.
      await revokeEmailTokens(ctx.db, user.id, ['change_email']);
      if (await findUserByEmail(ctx.db, address)) return;
      const token = await issueEmailToken(ctx.db, user.id, 'change_email', { newEmail: address });
      await send(ctx, mails.changeEmailMail(address, base, token));
    },

    reauthenticate,
  };
}

export type IdentityActions = ReturnType<typeof identityActions>;
