// Authentication (/api/v1/auth/*) and one's own account (/api/v1/me*).
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { ctxOf } from '../../http/context.ts';
import { SESSION_ONLY } from '../../http/openapi.ts';
import { problemResponses } from '../../http/problem.ts';
import type { RateLimits } from '../../http/rate-limit.ts';
import type { Actor, Ctx } from '../../shared/context.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { type Permission, PERMISSIONS, roleAllows } from '../access/permissions.ts';
import { recordAccountAudit } from '../audit/record.ts';
import type { MailSender } from '../notifications/send.ts';
import { mfaActions } from './mfa.ts';
import * as s from './schemas.ts';
import { identityActions } from './service.ts';
import { SESSION_COOKIE, csrfTokenFor, endSession, listSessions, setActiveOrg } from './sessions.ts';
import { findUserById, membershipIn, membershipsOf, updateUser } from './users.ts';

export interface IdentityRouteDeps {
  db: Db;
  config: Config;
  mail: MailSender;
  limits: RateLimits;
}

type UserActor = Extract<Actor, { kind: 'user' }>;
/** Routes with access 'user' have made sure of this. */
const userOf = (request: FastifyRequest) => request.actor as UserActor;

const ACCEPTED = (message: string) => ({ status: 'accepted' as const, message });
const errors = problemResponses;
const authTags = ['Authentication'];
const meTags = ['Account'];

async function meOf(
  ctx: Ctx,
  userId: string,
  activeOrgId: string | null,
  sessionToken: string,
): Promise<s.Me> {
  const user = await findUserById(ctx.db, userId);
  if (!user) throw new AppError(401, 'unauthenticated', 'Sign in again.');
  const organizations = await membershipsOf(ctx.db, user.id);
  const active = organizations.find((o) => o.id === activeOrgId) ?? null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerifiedAt !== null,
    platformAdmin: user.platformAdmin,
    mfaEnabled: user.totpEnabledAt !== null,
    organizations,
    activeOrganization: active,
    permissions: active ? PERMISSION_NAMES.filter((p) => roleAllows(active.role, p)) : [],
    csrfToken: csrfTokenFor(sessionToken),
  };
}

const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

export const identityRoutes: FastifyPluginAsyncTypebox<IdentityRouteDeps> = async (app, deps) => {
  const { db, config, limits } = deps;
  const identity = identityActions(deps);
  const mfa = mfaActions(identity, config.secretKey);
  app.addSchema(s.Me);

  const setSessionCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'lax',
      maxAge: config.sessionMaxDays * 86_400,
    });
  const clearSessionCookie = (reply: FastifyReply) =>
    reply.clearCookie(SESSION_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'lax' });
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

  app.post(
    '/api/v1/auth/signup',
    {
      config: { access: 'public' },
      preHandler: limits.signup,
      schema: {
        tags: authTags,
        summary: 'Sign up with email and password',
        description:
          'Mails a verification link. The answer is the same whether or not the address already has an account (that address gets a notice instead), so sign-up cannot be used to find accounts. Passwords: 8–128 characters, any characters, not a common password.',
        body: s.SignupBody,
        response: { 202: s.Accepted, ...errors(400, 415, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      await identity.signup(ctxOf(request, db), request.body);
      return reply.code(202).send(ACCEPTED('Check your inbox for a link to confirm your address.'));
    },
  );

  app.post(
    '/api/v1/auth/verify-email',
    {
      config: { access: 'public' },
      preHandler: limits.verify,
      schema: {
        tags: authTags,
        summary: 'Confirm an email address (sign-up or email change) with the emailed token',
        description:
          'A sign-up link also needs the password chosen at that sign-up (403 `wrong_password` otherwise; the link stays valid), so that whoever signed up first with somebody else’s address cannot keep the account.',
        body: s.VerifyBody,
        response: { 204: Type.Null(), ...errors(400, 403, 409, 415, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      await identity.verifyEmail(ctxOf(request, db), request.body.token, request.body.password);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/resend-verification',
    {
      config: { access: 'public' },
      preHandler: limits.verification,
      schema: {
        tags: authTags,
        summary: 'Send the verification link again',
        body: s.EmailBody,
        response: { 202: s.Accepted, ...errors(400, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      await identity.resendVerification(ctxOf(request, db), request.body.email);
      return reply
        .code(202)
        .send(ACCEPTED('If the address has an unconfirmed account, a new link is on its way.'));
    },
  );

  app.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public' },
      preHandler: limits.login,
      schema: {
        tags: authTags,
        summary: 'Log in',
        description:
          'Sets the `__Host-rolecraft_session` cookie (Secure, HttpOnly, SameSite=Lax) to a new session and returns the account with its `csrfToken`. With two-factor authentication on, a first attempt without `code` answers 401 `mfa_required`.',
        body: s.LoginBody,
        response: { 200: Type.Ref('Me'), ...errors(400, 401, 403, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request, db);
      const { user, sessionToken, activeOrgId } = await identity.login(ctx, request.body);
      setSessionCookie(reply, sessionToken);
      return noStore(reply).send(await meOf(ctx, user.id, activeOrgId, sessionToken));
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'user' },
      schema: {
        tags: authTags,
        summary: 'Log out (ends this session)',
        security: SESSION_ONLY,
        response: { 204: Type.Null(), ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      const actor = userOf(request);
      const ctx = ctxOf(request, db);
      await endSession(db, actor.userId, actor.sessionId);
      await recordAccountAudit(ctx, actor.userId, {
        action: 'session.ended',
        targetType: 'session',
        targetId: actor.sessionId,
        data: { reason: 'logout' },
      });
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/password-reset',
    {
      config: { access: 'public' },
      preHandler: limits.passwordReset,
      schema: {
        tags: authTags,
        summary: 'Ask for a password reset link',
        description:
          'Mails a single-use link valid for 30 minutes. Answers the same whether or not the account exists.',
        body: s.EmailBody,
        response: { 202: s.Accepted, ...errors(400, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      await identity.requestPasswordReset(ctxOf(request, db), request.body.email);
      return reply.code(202).send(ACCEPTED('If the address has an account, a reset link is on its way.'));
    },
  );

  app.post(
    '/api/v1/auth/password-reset/confirm',
    {
      config: { access: 'public' },
      preHandler: limits.passwordReset,
      schema: {
        tags: authTags,
        summary: 'Set a new password with the emailed token',
        description: 'Ends every session of the account.',
        body: s.ResetBody,
        response: { 204: Type.Null(), ...errors(400, 409, 415, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      await identity.resetPassword(ctxOf(request, db), request.body.token, request.body.password);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/me',
    {
      config: { access: 'user' },
      schema: {
        tags: meTags,
        summary: 'The signed-in account, its organizations and the CSRF token',
        security: SESSION_ONLY,
        response: { 200: Type.Ref('Me'), ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      const actor = userOf(request);
      const me = await meOf(
        ctxOf(request, db),
        actor.userId,
        actor.membership?.orgId ?? null,
        request.sessionToken!,
      );
      return noStore(reply).send(me);
    },
  );

  app.patch(
    '/api/v1/me',
    {
      config: { access: 'user' },
      schema: {
        tags: meTags,
        summary: 'Change the name shown to colleagues (in notes, scorecards, mentions and the audit log)',
        security: SESSION_ONLY,
        body: s.ProfileBody,
        response: { 200: Type.Ref('Me'), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = userOf(request);
      const ctx = ctxOf(request, db);
      const name = request.body.name.trim();
      await updateUser(db, actor.userId, { name });
      await recordAccountAudit(ctx, actor.userId, {
        action: 'account.name_changed',
        targetType: 'user',
        targetId: actor.userId,
      });
      const me = await meOf(ctx, actor.userId, actor.membership?.orgId ?? null, request.sessionToken!);
      return noStore(reply).send(me);
    },
  );

  app.put(
    '/api/v1/me/organization',
    {
      config: { access: 'user' },
      schema: {
        tags: meTags,
        summary: 'Switch the organization this session acts in',
        security: SESSION_ONLY,
        body: s.SwitchOrgBody,
        response: { 200: Type.Ref('Me'), ...errors(400, 401, 403, 404, 415) },
      },
    },
    async (request, reply) => {
      const actor = userOf(request);
      const membership = await membershipIn(db, actor.userId, request.body.organization);
      if (!membership) throw notFound(`Organization "${request.body.organization}"`);
      await setActiveOrg(db, actor.sessionId, membership.id);
      return noStore(reply).send(
        await meOf(ctxOf(request, db), actor.userId, membership.id, request.sessionToken!),
      );
    },
  );

  app.post(
    '/api/v1/me/password',
    {
      config: { access: 'user' },
      preHandler: limits.reauth,
      schema: {
        tags: meTags,
        summary: 'Change the password (needs the current one; ends other sessions)',
        security: SESSION_ONLY,
        body: s.PasswordChangeBody,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 415, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const actor = userOf(request);
      const { currentPassword, newPassword } = request.body;
      await identity.changePassword(
        ctxOf(request, db),
        actor.userId,
        actor.sessionId,
        currentPassword,
        newPassword,
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/email',
    {
      config: { access: 'user' },
      preHandler: [...limits.reauth, ...limits.verification],
      schema: {
        tags: meTags,
        summary: 'Change the sign-in email (needs the password; confirmed by a link to the new address)',
        security: SESSION_ONLY,
        body: s.EmailChangeBody,
        response: { 202: s.Accepted, ...errors(400, 401, 403, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const actor = userOf(request);
      await identity.requestEmailChange(
        ctxOf(request, db),
        actor.userId,
        request.body.currentPassword,
        request.body.newEmail,
      );
      return reply.code(202).send(ACCEPTED('Open the link we sent to the new address to finish the change.'));
    },
  );

  app.get(
    '/api/v1/me/sessions',
    {
      config: { access: 'user' },
      schema: {
        tags: meTags,
        summary: 'The account’s active sessions',
        security: SESSION_ONLY,
        response: { 200: s.SessionList, ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      const actor = userOf(request);
      const rows = await listSessions(db, actor.userId);
      const iso = (d: Date | string) => new Date(d).toISOString();
      const data = rows.map((r) => ({
        ...r,
        current: r.id === actor.sessionId,
        createdAt: iso(r.createdAt),
        lastSeenAt: iso(r.lastSeenAt),
        expiresAt: iso(r.expiresAt),
      }));
      return noStore(reply).send({ data });
    },
  );

  app.delete(
    '/api/v1/me/sessions/:id',
    {
      config: { access: 'user' },
      schema: {
        tags: meTags,
        summary: 'End one of the account’s sessions',
        security: SESSION_ONLY,
        params: s.SessionParams,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = userOf(request);
      if (!(await endSession(db, actor.userId, request.params.id))) throw notFound('Session');
      await recordAccountAudit(ctxOf(request, db), actor.userId, {
        action: 'session.ended',
        targetType: 'session',
        targetId: request.params.id,
        data: { reason: 'ended_by_user' },
      });
      if (request.params.id === actor.sessionId) clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/mfa/totp/setup',
    {
      config: { access: 'user' },
      preHandler: limits.reauth,
      schema: {
        tags: meTags,
        summary: 'Start enrolling an authenticator app (needs the password)',
        security: SESSION_ONLY,
        body: s.PasswordBody,
        response: { 200: s.TotpSetup, ...errors(400, 401, 403, 409, 415, 429, 503) },
      },
    },
    async (request, reply) =>
      noStore(reply).send(await mfa.setup(ctxOf(request, db), userOf(request).userId, request.body.password)),
  );

  app.post(
    '/api/v1/me/mfa/totp/enable',
    {
      config: { access: 'user' },
      schema: {
        tags: meTags,
        summary: 'Turn on two-factor authentication with a code from the app; returns recovery codes once',
        security: SESSION_ONLY,
        body: s.CodeBody,
        response: { 200: s.RecoveryCodes, ...errors(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const actor = userOf(request);
      return noStore(reply).send(
        await mfa.enable(ctxOf(request, db), actor.userId, actor.sessionId, request.body.code),
      );
    },
  );

  app.post(
    '/api/v1/me/mfa/totp/disable',
    {
      config: { access: 'user' },
      preHandler: limits.reauth,
      schema: {
        tags: meTags,
        summary: 'Turn off two-factor authentication (needs the password and a code)',
        security: SESSION_ONLY,
        body: s.DisableMfaBody,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 409, 415, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      await mfa.disable(ctxOf(request, db), userOf(request).userId, request.body.password, request.body.code);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/mfa/recovery-codes',
    {
      config: { access: 'user' },
      preHandler: limits.reauth,
      schema: {
        tags: meTags,
        summary: 'Replace the recovery codes (needs the password); returns the new ones once',
        security: SESSION_ONLY,
        body: s.PasswordBody,
        response: { 200: s.RecoveryCodes, ...errors(400, 401, 403, 409, 415, 429, 503) },
      },
    },
    async (request, reply) =>
      noStore(reply).send(
        await mfa.regenerateRecoveryCodes(ctxOf(request, db), userOf(request).userId, request.body.password),
      ),
  );
};
