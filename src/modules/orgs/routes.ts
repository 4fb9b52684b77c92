// Organizations (/api/v1/orgs, /api/v1/org), their members and invitations. Thin: the access
// check has run (http/auth.ts); the actions in service.ts hold the rules.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { ctxOf } from '../../http/context.ts';
import { SESSION_ONLY, TOKEN_OR_SESSION } from '../../http/openapi.ts';
import { setNextLink } from '../../http/pagination.ts';
import { problemResponses as errors } from '../../http/problem.ts';
import type { MailSender } from '../notifications/send.ts';
import type { RateLimits } from '../../http/rate-limit.ts';
import * as s from './schemas.ts';
import { invitationActions } from './invitations.ts';
import { orgActions } from './service.ts';

export interface OrgRouteDeps {
  db: Db;
  onPublicChange?: (orgId: string) => void;
  config: Config;
  mail: MailSender;
  limits: RateLimits;
}

const tags = ['Organizations'];
// Organization data must never sit in a shared or browser cache.
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'private, no-store');

export const orgRoutes: FastifyPluginAsyncTypebox<OrgRouteDeps> = async (app, deps) => {
  const { db } = deps;
  const orgs = orgActions({ publicUrl: deps.config.publicUrl, onPublicChange: deps.onPublicChange });
  const invitations = invitationActions(deps);
  app.addSchema(s.Organization);
  app.addSchema(s.Member);
  app.addSchema(s.Invitation);

  app.post(
    '/api/v1/orgs',
    {
      config: { access: 'user' },
      schema: {
        tags,
        summary: 'Create an organization (you become its owner, and it becomes your active one)',
        description:
          'A person may belong to at most 50 organizations when creating another (409 `too_many_organizations`); a taken slug is 409 `slug_taken`.',
        security: SESSION_ONLY,
        body: s.CreateOrgBody,
        response: { 201: Type.Ref('Organization'), ...errors(400, 401, 403, 409, 415) },
      },
    },
    async (request, reply) => {
      const org = await orgs.createOrg(ctxOf(request, db), request.body);
      return noStore(reply).code(201).header('location', '/api/v1/org').send(org);
    },
  );

  app.get(
    '/api/v1/org',
    {
      config: { access: 'org.read' },
      schema: {
        tags,
        summary: 'The organization you act in',
        security: TOKEN_OR_SESSION,
        response: { 200: Type.Ref('Organization'), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => noStore(reply).send(await orgs.getOrg(ctxOf(request, db))),
  );

  app.patch(
    '/api/v1/org',
    {
      config: { access: 'org.update' },
      schema: {
        tags,
        summary: 'Change the organization’s name, website, logo or two-factor requirement',
        description:
          'Turning `requireMfa` on needs two-factor authentication on the caller’s own account (409 `mfa_required_first`); members without it then get 403 `mfa_required`. API tokens may not change `requireMfa` (403 `forbidden`).',
        security: TOKEN_OR_SESSION,
        body: s.UpdateOrgBody,
        response: { 200: Type.Ref('Organization'), ...errors(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request, reply) => noStore(reply).send(await orgs.updateOrg(ctxOf(request, db), request.body)),
  );

  app.get(
    '/api/v1/org/members',
    {
      config: { access: 'members.read' },
      schema: {
        tags,
        summary: 'The organization’s members, in email order',
        security: TOKEN_OR_SESSION,
        querystring: s.ListQuery,
        response: { 200: s.MemberPage, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const page = await orgs.listMembers(ctxOf(request, db), request.query);
      setNextLink(request, reply, page.nextCursor);
      return noStore(reply).send(page);
    },
  );

  app.patch(
    '/api/v1/org/members/:userId',
    {
      config: { access: 'members.manage' },
      schema: {
        tags,
        summary: 'Change a member’s role',
        description:
          'Signed-in people only. Only owners may grant or take away `owner` (403 `forbidden`); the last owner cannot be demoted (409 `last_owner`). A member who stops being an owner or admin loses the API tokens they created and their pending invitations (an owner who becomes an admin: their pending owner invitations).',
        security: SESSION_ONLY,
        params: s.MemberParams,
        body: s.RoleBody,
        response: { 200: Type.Ref('Member'), ...errors(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request, reply) =>
      noStore(reply).send(
        await orgs.changeRole(ctxOf(request, db), request.params.userId, request.body.role),
      ),
  );

  app.delete(
    '/api/v1/org/members/:userId',
    {
      config: { access: 'members.manage' },
      schema: {
        tags,
        summary: 'Remove a member from the organization',
        description:
          'Signed-in people only. Only owners may remove owners (403 `forbidden`); never the last owner (409 `last_owner`). The API tokens the member created and their pending invitations are revoked with the membership.',
        security: SESSION_ONLY,
        params: s.MemberParams,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await orgs.removeMember(ctxOf(request, db), request.params.userId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/org/invitations',
    {
      config: { access: 'invitations.manage' },
      // Invitation mail carries text the inviter chose: limited per inviter and per address.
      preHandler: deps.limits.invitations,
      schema: {
        tags,
        summary: 'Invite someone by email',
        description:
          'Signed-in people only. Mails a single-use link valid for 7 days. A pending invitation for the same address is replaced. Only owners may invite owners. An organization has at most 200 pending invitations (409 `too_many_invitations`); a person may send 50 invitations an hour, and an address receives at most 3 an hour (429).',
        security: SESSION_ONLY,
        body: s.InvitationBody,
        response: { 201: Type.Ref('Invitation'), ...errors(400, 401, 403, 404, 409, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const invitation = await invitations.invite(ctxOf(request, db), request.body);
      return noStore(reply).code(201).send(invitation);
    },
  );

  app.get(
    '/api/v1/org/invitations',
    {
      config: { access: 'invitations.manage' },
      schema: {
        tags,
        summary: 'Pending invitations, newest first',
        security: SESSION_ONLY,
        querystring: s.ListQuery,
        response: { 200: s.InvitationPage, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const page = await invitations.listInvitations(ctxOf(request, db), request.query);
      setNextLink(request, reply, page.nextCursor);
      return noStore(reply).send(page);
    },
  );

  app.delete(
    '/api/v1/org/invitations/:id',
    {
      config: { access: 'invitations.manage' },
      schema: {
        tags,
        summary: 'Revoke a pending invitation',
        security: SESSION_ONLY,
        params: s.InvitationParams,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await invitations.revokeInvitation(ctxOf(request, db), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/invitations/accept',
    {
      config: { access: 'user' },
      schema: {
        tags,
        summary: 'Accept an invitation with the emailed token',
        description:
          'The signed-in account’s verified email must be the invited address. Joins the organization and makes it the active one. The inviter must still be an owner or admin who may grant the invited role; otherwise the invitation is not valid (400 `invalid_token`).',
        security: SESSION_ONLY,
        body: s.AcceptBody,
        response: { 200: s.Accepted, ...errors(400, 401, 403, 409, 415) },
      },
    },
    async (request, reply) =>
      noStore(reply).send(await invitations.acceptInvitation(ctxOf(request, db), request.body.token)),
  );
};
