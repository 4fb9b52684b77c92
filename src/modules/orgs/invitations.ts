// Invitations: an admin invites an address with a role; the mailed single-use link (7 days) lets
// the person signed in with that verified address join. Only hashes of the tokens are stored.
import type { Config } from '../../config.ts';
import { decodeCursor, encodeCursor } from '../../http/pagination.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError, conflict, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { hashToken, randomToken } from '../../shared/secrets.ts';
import { requireOrg } from '../access/org.ts';
import { canAssignRole, type Role, roleAllows } from '../access/permissions.ts';
import { recordAudit } from '../audit/record.ts';
import { setActiveOrg } from '../identity/sessions.ts';
import { findUserById, normalizeEmail } from '../identity/users.ts';
import type { EmailMessage } from '../notifications/mailer.ts';
import type { MailSender } from '../notifications/send.ts';
import * as repo from './repo.ts';
import type * as s from './schemas.ts';
import { forbidden, iso, loadOrg, MAX_ORGS_PER_USER, roleOf, userOf } from './service.ts';

export interface InvitationDeps {
  config: Config;
  mail: MailSender;
}

const INVITATION_DAYS = 7;
/** Pending invitations an organization may have at once. */
export const MAX_PENDING_INVITATIONS = 200;
// One answer for unknown, expired, revoked and used tokens: it tells a guesser nothing.
const invalidInvitation = () =>
  new AppError(
    400,
    'invalid_token',
    'This invitation is not valid: it may have expired, been revoked or been used.',
  );
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The id goes into a uuid comparison: anything else would be a database error, not a 400.
const isIdCursor = (v: Record<string, unknown>): v is { i: string } =>
  typeof v.i === 'string' && UUID.test(v.i);

const toInvitation = (i: repo.InvitationRow): s.Invitation => ({
  id: i.id,
  email: i.email,
  role: i.role as Role,
  expiresAt: iso(i.expiresAt),
  createdAt: iso(i.createdAt),
  invitedBy: i.invitedBy,
});

export function invitationActions({ config, mail }: InvitationDeps) {
  // Sent after the commit; a mail that cannot be queued must not turn the invitation into an error.
  async function send(ctx: Ctx, message: EmailMessage) {
    try {
      await mail.sendEmail(message);
    } catch {
      await recordAudit(ctx, { action: 'mail.enqueue_failed', data: { kind: message.kind } });
    }
  }

  return {
    async invite(ctx: Ctx, input: s.InvitationBody): Promise<s.Invitation> {
      const actor = userOf(ctx);
      const org = await loadOrg(ctx);
      if (!canAssignRole(roleOf(ctx), input.role)) throw forbidden('Only an owner may invite an owner.');
      const email = normalizeEmail(input.email);
      if (await repo.isMemberByEmail(ctx.db, org.id, email)) {
        throw conflict('already_member', `${email} is already a member of this organization.`);
      }
      const token = randomToken();
      const inviter = await findUserById(ctx.db, actor.userId);
      const row = await ctx.db.transaction(async (tx) => {
        // Counted under the organization's row lock, so concurrent invitations cannot both slip
        // under; after replacing this address's pending one, so re-inviting at the limit works.
        if (!(await repo.lockOrg(tx, org.id))) throw notFound('Organization');
        const replaced = await repo.revokePendingFor(tx, org.id, email);
        if ((await repo.countPendingInvitations(tx, org.id)) >= MAX_PENDING_INVITATIONS) {
          throw conflict(
            'too_many_invitations',
            `An organization may have at most ${MAX_PENDING_INVITATIONS} pending invitations; revoke some first.`,
          );
        }
        const inserted = await repo.insertInvitation(tx, {
          id: newId(),
          orgId: org.id,
          email,
          role: input.role,
          tokenHash: hashToken(token),
          invitedBy: actor.userId,
          expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
        });
        await recordAudit(
          ctx,
          {
            action: 'invitation.created',
            targetType: 'invitation',
            targetId: inserted.id,
            data: { email, role: input.role, replaced: replaced.map((r) => r.id) },
          },
          tx,
        );
        return inserted;
      });
      const from = inviter ? inviter.name || inviter.email : actor.email;
      await send(ctx, invitationMail(email, config.publicUrl, token, org.name, from, input.role));
      return toInvitation(row);
    },

    async listInvitations(ctx: Ctx, query: s.ListQuery) {
      const orgId = requireOrg(ctx);
      const before = decodeCursor(query.cursor, isIdCursor);
      const rows = await repo.listPendingInvitations(ctx.db, orgId, before?.i, query.limit + 1);
      const data = rows.slice(0, query.limit).map(toInvitation);
      return { data, nextCursor: rows.length > query.limit ? encodeCursor({ i: data.at(-1)!.id }) : null };
    },

    async revokeInvitation(ctx: Ctx, id: string) {
      const orgId = requireOrg(ctx);
      await ctx.db.transaction(async (tx) => {
        const revoked = await repo.revokeInvitation(tx, orgId, id);
        if (!revoked) throw notFound('Invitation');
        await recordAudit(
          ctx,
          {
            action: 'invitation.revoked',
            targetType: 'invitation',
            targetId: id,
            data: { email: revoked.email },
          },
          tx,
        );
      });
    },

    async acceptInvitation(ctx: Ctx, token: string): Promise<s.Accepted> {
      const actor = userOf(ctx);
      const invitation = await repo.findPendingByHash(ctx.db, hashToken(token));
      if (!invitation) throw invalidInvitation();
      const user = await findUserById(ctx.db, actor.userId);
      if (
        !user ||
        user.emailVerifiedAt === null ||
        normalizeEmail(user.email) !== normalizeEmail(invitation.email)
      ) {
        throw new AppError(
          403,
          'invitation_email_mismatch',
          'This invitation is for another email address; sign in with that (verified) address to accept it.',
        );
      }
      const orgId = invitation.orgId;
      const role = invitation.role as Role;
      await ctx.db.transaction(async (tx) => {
        // The inviter's power must still stand: a member who may still grant this role. Their
        // membership stays locked until the commit, so a concurrent removal or demotion either
        // waits for this acceptance or has committed and is seen here. Invitations without an
        // inviter (sent by API tokens before they lost the right) stand on nobody's power.
        const inviter = invitation.invitedBy
          ? await repo.findMembershipForShare(tx, orgId, invitation.invitedBy)
          : undefined;
        const inviterAccount = invitation.invitedBy
          ? await findUserById(tx, invitation.invitedBy)
          : undefined;
        if (
          !inviter ||
          !inviterAccount ||
          inviterAccount.disabledAt !== null ||
          !roleAllows(inviter.role, 'invitations.manage') ||
          !canAssignRole(inviter.role, role)
        ) {
          throw invalidInvitation();
        }
        // The membership cap holds here too, counted under the same lock as creating an org.
        await repo.lockUser(tx, user.id);
        if ((await repo.countMemberships(tx, user.id)) >= MAX_ORGS_PER_USER) {
          throw conflict(
            'too_many_organizations',
            `A person may belong to at most ${MAX_ORGS_PER_USER} organizations.`,
          );
        }
        // Conditional on still being pending, so two concurrent accepts cannot both get through.
        if (!(await repo.markAccepted(tx, invitation.id))) throw invalidInvitation();
        if (!(await repo.insertMembership(tx, orgId, user.id, role))) {
          throw conflict('already_member', 'You are already a member of this organization.');
        }
        await setActiveOrg(tx, actor.sessionId, orgId);
        await recordAudit(
          ctx,
          {
            action: 'invitation.accepted',
            orgId,
            targetType: 'invitation',
            targetId: invitation.id,
            data: { role },
          },
          tx,
        );
      });
      const org = await repo.findOrg(ctx.db, orgId);
      if (!org) throw invalidInvitation();
      return { organization: { id: org.id, slug: org.slug, name: org.name, role } };
    },
  };
}

// The token travels in the URL fragment, which browsers never send to servers (see identity/mails.ts).
function invitationMail(
  to: string,
  base: string,
  token: string,
  orgName: string,
  inviter: string,
  role: Role,
): EmailMessage {
  const oneLine = (text: string) => text.replace(/[\r\n\t]+/g, ' ').trim();
  return {
    to,
    kind: 'invitation',
    subject: oneLine(`${inviter} invited you to ${orgName} on Rolecraft`),
    text: `${oneLine(inviter)} invited you to join ${oneLine(orgName)} on Rolecraft as ${role.replace('_', ' ')}.\n\nAccept the invitation by opening this link (valid for ${INVITATION_DAYS} days, once):\n${base}/app/invitations/accept#token=${token}\n\nSign in (or sign up) with this address first. If you did not expect this invitation, ignore this message.\n\n— Rolecraft`,
  };
}
