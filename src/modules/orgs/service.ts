// Organization actions: the organization itself and its members (invitations: invitations.ts).
// Permissions have been checked by the route's access; the rules that depend on roles (only
// owners touch owners, one owner always stays) are checked here, inside the transaction that writes.
import { type Db, isUniqueViolation } from '../../db/client.ts';
import { decodeCursor, encodeCursor } from '../../http/pagination.ts';
import type { Actor, Ctx } from '../../shared/context.ts';
import { AppError, conflict, invalid, notFound } from '../../shared/errors.ts';
import { safeOrigin } from '../../shared/urls.ts';
import { newId } from '../../shared/ids.ts';
import { recordAudit } from '../audit/record.ts';
import { requireOrg } from '../access/org.ts';
import { canAssignRole, ROLES, type Role, roleAllows } from '../access/permissions.ts';
import { setActiveOrg } from '../identity/sessions.ts';
import { revokeTokensCreatedBy } from '../tokens/service.ts';
import * as repo from './repo.ts';
import type * as s from './schemas.ts';

type UserActor = Extract<Actor, { kind: 'user' }>;

export const iso = (d: Date | string) => new Date(d).toISOString();
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);
const lastOwner = () => conflict('last_owner', 'An organization must keep at least one owner.');

export function userOf(ctx: Ctx): UserActor {
  if (ctx.actor.kind !== 'user')
    throw new AppError(403, 'session_required', 'Only signed-in people can do this.');
  return ctx.actor;
}

/**
 * The acting person's role, for role rules. Managing members and invitations is for people only
 * (access/permissions.ts); refusing anyone else here too keeps it so if the table ever changes.
 */
export function roleOf(ctx: Ctx): Role {
  const actor = userOf(ctx);
  if (!actor.membership) throw forbidden('This needs a member of the organization.');
  return actor.membership.role;
}

/** Organizations one person may belong to when creating another. */
export const MAX_ORGS_PER_USER = 50;

export type WithdrawReason = 'creator_removed' | 'creator_demoted' | 'creator_disabled';

/**
 * A member was removed or disabled (`to` null) or their role changed: in the same transaction,
 * take back what they handed out and may no longer hand out: the API tokens they created once they
 * may not manage tokens, and their pending invitations once they may not invite (or may not grant
 * that role).
 */
export async function withdrawGrants(
  ctx: Ctx,
  tx: Db,
  orgId: string,
  userId: string,
  to: Role | null,
  reason: WithdrawReason = to === null ? 'creator_removed' : 'creator_demoted',
) {
  if (to === null || !roleAllows(to, 'tokens.manage')) {
    await revokeTokensCreatedBy(ctx, tx, orgId, userId, reason);
  }
  const roles =
    to === null || !roleAllows(to, 'invitations.manage')
      ? undefined
      : ROLES.filter((r) => !canAssignRole(to, r));
  if (roles?.length === 0) return;
  const revoked = await repo.revokePendingInvitedBy(tx, orgId, userId, roles);
  for (const invitation of revoked) {
    await recordAudit(
      ctx,
      {
        action: 'invitation.revoked',
        orgId,
        targetType: 'invitation',
        targetId: invitation.id,
        data: { email: invitation.email, reason },
      },
      tx,
    );
  }
}

/** Role rules are checked at request time and again under the owners lock, against committed roles. */
function assertOwnerNow(ctx: Ctx, owners: string[]) {
  if (ctx.actor.kind !== 'user' || !owners.includes(ctx.actor.userId)) {
    throw forbidden('Only an owner may grant, take away or remove the owner role.');
  }
}

export async function loadOrg(ctx: Ctx) {
  const org = await repo.findOrg(ctx.db, requireOrg(ctx));
  if (!org) throw notFound('Organization');
  return org;
}

export const toOrganizationAt = (o: repo.OrgRow, publicUrl: string): s.Organization => ({
  id: o.id,
  slug: o.slug,
  name: o.name,
  website: o.website,
  logoUrl: o.logoUrl,
  requireMfa: o.requireMfa,
  employeeCount: o.employeeCount,
  brandColor: o.brandColor,
  careersIntro: o.careersIntro,
  careersUrl: `${publicUrl}/careers/${o.slug}`,
  retentionMonths: o.retentionMonths,
  privacyUrl: o.privacyUrl,
  consentText: o.consentText,
  createdAt: iso(o.createdAt),
  updatedAt: iso(o.updatedAt),
});

const toMember = (r: repo.MemberRow): s.Member => ({
  userId: r.userId,
  email: r.email,
  name: r.name,
  role: r.role as Role,
  mfaEnabled: r.totpEnabledAt !== null,
  joinedAt: iso(r.joinedAt),
});

// The email goes into a text comparison: PostgreSQL refuses NUL characters with an error, not a 400.
const isEmailCursor = (v: Record<string, unknown>): v is { e: string } =>
  typeof v.e === 'string' && v.e.length <= 320 && !v.e.includes('\u0000');

/** A logo is shown on career pages and allowed by their CSP: its origin must be a plain host. */
function assertLogoUrl(url: string | null | undefined) {
  if (url && !safeOrigin(url)) {
    throw invalid('invalid_logo_url', 'The logo URL must be an http(s) address with a plain host name.', {
      errors: [{ path: 'body/logoUrl', message: 'Not a plain http(s) URL.' }],
    });
  }
}

export interface OrgActionDeps {
  publicUrl: string;
  /** Called when what the career site shows of the organization changes. */
  onPublicChange?: (orgId: string) => void;
}

export function orgActions({ publicUrl, onPublicChange }: OrgActionDeps) {
  const toOrganization = (o: repo.OrgRow) => toOrganizationAt(o, publicUrl);
  return {
    async createOrg(ctx: Ctx, input: s.CreateOrgBody): Promise<s.Organization> {
      const actor = userOf(ctx);
      assertLogoUrl(input.logoUrl);
      const id = newId();
      try {
        await ctx.db.transaction(async (tx) => {
          // Counted under a lock on the person's row, so concurrent creations count in turn.
          await repo.lockUser(tx, actor.userId);
          if ((await repo.countMemberships(tx, actor.userId)) >= MAX_ORGS_PER_USER) {
            throw conflict(
              'too_many_organizations',
              `A person may belong to at most ${MAX_ORGS_PER_USER} organizations; leave one before creating another.`,
            );
          }
          await repo.insertOrg(tx, {
            id,
            slug: input.slug,
            name: input.name.trim(),
            website: input.website ?? null,
            logoUrl: input.logoUrl ?? null,
            requireMfa: false,
          });
          await repo.insertMembership(tx, id, actor.userId, 'owner');
          await setActiveOrg(tx, actor.sessionId, id);
          await recordAudit(
            ctx,
            {
              action: 'org.created',
              orgId: id,
              targetType: 'organization',
              targetId: id,
              data: { slug: input.slug },
            },
            tx,
          );
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict('slug_taken', `The slug "${input.slug}" is taken.`);
        throw error;
      }
      const org = await repo.findOrg(ctx.db, id);
      return toOrganization(org!);
    },

    getOrg: async (ctx: Ctx) => toOrganization(await loadOrg(ctx)),

    async updateOrg(ctx: Ctx, patch: s.UpdateOrgBody): Promise<s.Organization> {
      assertLogoUrl(patch.logoUrl);
      const current = await loadOrg(ctx);
      const next = {
        ...patch,
        ...(patch.name === undefined ? {} : { name: patch.name.trim() }),
        ...(patch.brandColor ? { brandColor: patch.brandColor.toLowerCase() } : {}),
        ...(patch.careersIntro === undefined ? {} : { careersIntro: patch.careersIntro.trim() }),
      };
      const changed = (Object.keys(next) as (keyof typeof next)[]).filter(
        (key) => next[key] !== undefined && next[key] !== current[key],
      );
      if (changed.length === 0) return toOrganization(current);
      // The requirement protects the organization from stolen passwords; a (possibly leaked) API
      // token must not be able to turn it off, nor on to lock people out.
      if (changed.includes('requireMfa') && ctx.actor.kind !== 'user') {
        throw forbidden('Only people with two-factor authentication may change the two-factor requirement.');
      }
      // Whoever turns the requirement on must meet it, or they would lock themselves out at once.
      if (patch.requireMfa === true && ctx.actor.kind === 'user' && !ctx.actor.mfaEnabled) {
        throw conflict('mfa_required_first', 'Turn on two-factor authentication for your own account first.');
      }
      const set = Object.fromEntries(changed.map((key) => [key, next[key]]));
      const updated = await ctx.db.transaction(async (tx) => {
        const row = await repo.updateOrg(tx, current.id, set);
        await recordAudit(
          ctx,
          {
            action: 'org.updated',
            targetType: 'organization',
            targetId: current.id,
            data: { fields: changed },
          },
          tx,
        );
        return row;
      });
      if (!updated) throw notFound('Organization');
      onPublicChange?.(updated.id);
      return toOrganization(updated);
    },

    async listMembers(ctx: Ctx, query: s.ListQuery) {
      const orgId = requireOrg(ctx);
      const after = decodeCursor(query.cursor, isEmailCursor);
      const rows = await repo.listMembers(ctx.db, orgId, after?.e, query.limit + 1);
      const data = rows.slice(0, query.limit).map(toMember);
      return { data, nextCursor: rows.length > query.limit ? encodeCursor({ e: data.at(-1)!.email }) : null };
    },

    async changeRole(ctx: Ctx, userId: string, role: Role): Promise<s.Member> {
      const orgId = requireOrg(ctx);
      const target = await repo.findMembership(ctx.db, orgId, userId);
      if (!target) throw notFound('Member');
      const actorRole = roleOf(ctx);
      if (!canAssignRole(actorRole, target.role) || !canAssignRole(actorRole, role)) {
        throw forbidden('Only an owner may grant or take away the owner role.');
      }
      await ctx.db.transaction(async (tx) => {
        const owners = await repo.lockOwners(tx, orgId);
        // Read again under the lock: a concurrent change may have committed since.
        const now = await repo.findMembership(tx, orgId, userId);
        if (!now) throw notFound('Member');
        if (now.role === 'owner' || role === 'owner') assertOwnerNow(ctx, owners);
        if (now.role === 'owner' && role !== 'owner' && owners.length <= 1) throw lastOwner();
        if (now.role === role) return;
        await repo.setRole(tx, orgId, userId, role);
        await recordAudit(
          ctx,
          {
            action: 'member.role_changed',
            targetType: 'user',
            targetId: userId,
            data: { from: now.role, to: role },
          },
          tx,
        );
        await withdrawGrants(ctx, tx, orgId, userId, role);
      });
      const member = await repo.findMember(ctx.db, orgId, userId);
      if (!member) throw notFound('Member');
      return toMember(member);
    },

    async removeMember(ctx: Ctx, userId: string) {
      const orgId = requireOrg(ctx);
      const target = await repo.findMembership(ctx.db, orgId, userId);
      if (!target) throw notFound('Member');
      if (!canAssignRole(roleOf(ctx), target.role)) throw forbidden('Only an owner may remove an owner.');
      await ctx.db.transaction(async (tx) => {
        const owners = await repo.lockOwners(tx, orgId);
        const now = await repo.findMembership(tx, orgId, userId);
        if (!now) throw notFound('Member');
        if (now.role === 'owner') {
          assertOwnerNow(ctx, owners);
          if (owners.length <= 1) throw lastOwner();
        }
        await repo.deleteMembership(tx, orgId, userId);
        await recordAudit(
          ctx,
          { action: 'member.removed', targetType: 'user', targetId: userId, data: { role: now.role } },
          tx,
        );
        await withdrawGrants(ctx, tx, orgId, userId, null);
      });
    },
  };
}

export type OrgActions = ReturnType<typeof orgActions>;
