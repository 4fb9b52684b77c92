// TOTP enrolment: a secret is stored on setup and takes effect once a code from it is confirmed;
// confirming issues ten single-use recovery codes (stored hashed, shown once).
import { eq, sql } from 'drizzle-orm';
import { recoveryCodes } from '../../db/schema.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError, conflict } from '../../shared/errors.ts';
import { hashToken } from '../../shared/secrets.ts';
import { seal, unseal } from '../../shared/sealed.ts';
import { recordAccountAudit } from '../audit/record.ts';
import type { IdentityActions } from './service.ts';
import { endOtherSessions } from './sessions.ts';
import { newRecoveryCodes, newTotpSecret, normalizeRecoveryCode, totpUri, verifyTotp } from './totp.ts';
import { findUserById, updateUser } from './users.ts';

const wrongCode = () => new AppError(422, 'invalid_mfa_code', 'That code is not right, or was used already.');

async function replaceRecoveryCodes(ctx: Ctx, userId: string) {
  const codes = newRecoveryCodes();
  await ctx.db.transaction(async (tx) => {
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await tx
      .insert(recoveryCodes)
      .values(codes.map((c) => ({ userId, codeHash: hashToken(normalizeRecoveryCode(c)) })));
  });
  return codes;
}

export function mfaActions(identity: IdentityActions, key: Buffer | undefined) {
  return {
    async setup(ctx: Ctx, userId: string, password: string) {
      const user = await identity.reauthenticate(ctx, userId, password);
      if (user.totpEnabledAt)
        throw conflict('mfa_already_enabled', 'Two-factor authentication is on already.');
      const secret = newTotpSecret();
      await updateUser(ctx.db, user.id, { totpSecret: seal(secret, key), totpLastStep: null });
      return { secret, otpauthUri: totpUri(secret, user.email) };
    },

    async enable(ctx: Ctx, userId: string, sessionId: string, code: string) {
      const user = await findUserById(ctx.db, userId);
      if (!user?.totpSecret) throw conflict('mfa_not_set_up', 'Start with POST /api/v1/me/mfa/totp/setup.');
      if (user.totpEnabledAt)
        throw conflict('mfa_already_enabled', 'Two-factor authentication is on already.');
      const step = verifyTotp(unseal(user.totpSecret, key), code, null);
      if (step === null) throw wrongCode();
      await updateUser(ctx.db, user.id, { totpEnabledAt: sql`now()` as never, totpLastStep: step });
      const codes = await replaceRecoveryCodes(ctx, user.id);
      // Sessions opened with the password alone should not outlive the switch to 2FA.
      await endOtherSessions(ctx.db, user.id, sessionId);
      await recordAccountAudit(ctx, user.id, { action: 'user.mfa_enabled' });
      return { recoveryCodes: codes };
    },

    async disable(ctx: Ctx, userId: string, password: string, code: string) {
      const user = await identity.reauthenticate(ctx, userId, password);
      if (!user.totpEnabledAt) throw conflict('mfa_not_enabled', 'Two-factor authentication is off.');
      if (!(await identity.checkSecondFactor(ctx, user, code))) throw wrongCode();
      await updateUser(ctx.db, user.id, { totpSecret: null, totpEnabledAt: null, totpLastStep: null });
      await ctx.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
      await recordAccountAudit(ctx, user.id, { action: 'user.mfa_disabled' });
    },

    async regenerateRecoveryCodes(ctx: Ctx, userId: string, password: string) {
      const user = await identity.reauthenticate(ctx, userId, password);
      if (!user.totpEnabledAt) throw conflict('mfa_not_enabled', 'Two-factor authentication is off.');
      const codes = await replaceRecoveryCodes(ctx, user.id);
      await recordAccountAudit(ctx, user.id, { action: 'user.recovery_codes_regenerated' });
      return { recoveryCodes: codes };
    },
  };
}
