// The authorization matrix: every /api route × every kind of caller (each role, a platform
// administrator, the operator token, a correctly scoped and a wrongly scoped API token, nobody,
// an expired session, a revoked token) × own and another organization's resources.
// The expectations are written out here, from the table in docs/security.md, not derived from the
// code's table: this test is what holds the code to the documentation. A route missing from
// ROUTES fails the first test, so no new route escapes it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { invitations } from '../../src/db/schema.ts';
import { ROLES, type Role, type Scope } from '../../src/modules/access/permissions.ts';
import { createSession } from '../../src/modules/identity/sessions.ts';
import { builtinTaxonomy } from '../../src/modules/skills/taxonomy.ts';
import { templateActions } from '../../src/modules/templates/service.ts';
import { systemCtx } from '../../src/shared/context.ts';
import { newId } from '../../src/shared/ids.ts';
import { hashToken, randomToken } from '../../src/shared/secrets.ts';
import { ADMIN_TOKEN, buildTestApp, type TestApp, templateBody } from '../helpers.ts';
import { postingBody } from '../postings.ts';
import { applicantFields, apply, multipart, resumePdf } from '../applications.ts';
import { postingActions } from '../../src/modules/postings/service.ts';
import { defaultStages } from '../../src/modules/pipeline/stages.ts';
import { addMember, makeApiToken, makeOrg, makeUser, signIn, unique } from '../identity.ts';

/** Who may do what: the permission table of docs/security.md. */
const ROLE_MATRIX: Record<string, readonly Role[]> = {
  'org.read': ROLES,
  'org.update': ['owner', 'admin'],
  'members.read': ROLES,
  'members.manage': ['owner', 'admin'],
  'invitations.manage': ['owner', 'admin'],
  'tokens.manage': ['owner', 'admin'],
  'audit.read': ['owner', 'admin'],
  'webhooks.manage': ['owner', 'admin'],
  'templates.read': ROLES,
  'templates.write': ['owner', 'admin', 'recruiter'],
  'postings.read': ROLES,
  'postings.write': ['owner', 'admin', 'recruiter'],
  'applications.read': ROLES,
  'applications.write': ['owner', 'admin', 'recruiter', 'hiring_manager'],
  'applications.files': ['owner', 'admin', 'recruiter', 'hiring_manager', 'interviewer'],
  'applications.collaborate': ['owner', 'admin', 'recruiter', 'hiring_manager', 'interviewer'],
  'pipeline.manage': ['owner', 'admin', 'recruiter'],
  'candidates.export': ['owner', 'admin'],
  'candidates.erase': ['owner', 'admin'],
};
/** The API-token scope that grants each permission (null: no token may). */
const SCOPE_MATRIX: Record<string, Scope | null> = {
  'org.read': 'org:admin',
  'org.update': 'org:admin',
  'members.read': 'org:admin',
  'members.manage': null,
  'invitations.manage': null,
  'tokens.manage': null,
  'audit.read': 'org:admin',
  'webhooks.manage': 'org:admin',
  'templates.read': 'templates:read',
  'templates.write': 'templates:write',
  'postings.read': 'postings:read',
  'postings.write': 'postings:write',
  'applications.read': 'applications:read',
  'applications.write': 'applications:write',
  'applications.files': 'applications:read',
  'applications.collaborate': null,
  'pipeline.manage': 'applications:write',
  'candidates.export': 'org:admin',
  'candidates.erase': null,
};

type Caller =
  | Role
  | 'platform_admin'
  | 'operator_token'
  | 'scoped_token'
  | 'unscoped_token'
  | 'anonymous'
  | 'expired_session'
  | 'revoked_token';
const CALLERS: Caller[] = [
  ...ROLES,
  'platform_admin',
  'operator_token',
  'scoped_token',
  'unscoped_token',
  'anonymous',
  'expired_session',
  'revoked_token',
];

/** Whose resource a call names: org A's (the caller's), org B's, or one that does not exist. */
type Owner = 'A' | 'B' | 'missing';
interface Env {
  t: TestApp;
  orgs: Record<'A' | 'B', { id: string; slug: string }>;
}
interface Request {
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  /** The resource id in the URL, when there is one. */
  id?: string;
}
/** What a caller sends: the concrete URL (own or other org's resource) and body. */
type Prepare = (
  env: Env,
  owner: Owner,
  self: { userId: string; password: string } | null,
) => Promise<Request>;

interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  access: 'public' | 'user' | 'platform' | keyof typeof ROLE_MATRIX;
  /** The status an allowed caller gets. */
  ok: number;
  prepare?: Prepare;
  /** The route names a resource that belongs to an organization (or a person): test the other one's. */
  tenantResource?: boolean;
}

let env: Env;
const strong = () => `Strong-${randomToken(9)}`;
const orgId = (owner: 'A' | 'B') => env.orgs[owner].id;
const library = () => templateActions({ taxonomy: builtinTaxonomy(), cache: env.t.cache });

async function orgTemplate(owner: Owner) {
  const slug = unique('tpl');
  if (owner === 'missing') return slug;
  await library().create(systemCtx(env.t.database.db), orgId(owner), templateBody({ slug }));
  return slug;
}
async function globalTemplate() {
  const slug = unique('gtpl');
  await library().create(systemCtx(env.t.database.db), null, templateBody({ slug }));
  return slug;
}
async function memberOf(owner: Owner) {
  if (owner === 'missing') return randomUUID();
  const user = await makeUser(env.t.database);
  await addMember(env.t.database, orgId(owner), user.id, 'viewer');
  return user.id;
}
async function invitationIn(owner: Owner) {
  const id = newId();
  if (owner === 'missing') return id;
  await env.t.database.db.insert(invitations).values({
    id,
    orgId: orgId(owner),
    email: `${unique('inv')}@example.test`,
    role: 'viewer',
    tokenHash: hashToken(randomToken()),
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  return id;
}
const tokenIn = async (owner: Owner) =>
  owner === 'missing'
    ? randomUUID()
    : (await makeApiToken(env.t.database, orgId(owner), ['templates:read'])).id;
/** A webhook endpoint of the organization (written directly: registration has its own tests). */
async function webhookIn(owner: Owner) {
  const id = newId();
  if (owner === 'missing') return id;
  await env.t.database.db.execute(
    sql`insert into webhook_endpoints (id, org_id, url, events, secret)
        values (${id}, ${orgId(owner)}, 'https://93.184.216.34/hook', array['posting.published'],
                ${`whsec_${Buffer.alloc(32, 7).toString('base64')}`})`,
  );
  return id;
}
/** An endpoint with one delivered message. */
async function webhookDeliveryIn(owner: Owner) {
  const endpointId = await webhookIn(owner);
  const deliveryId = newId();
  if (owner === 'missing') return { endpointId, deliveryId };
  const messageId = newId();
  await env.t.database.db.execute(
    sql`insert into webhook_messages (id, org_id, type, payload)
        values (${messageId}, ${orgId(owner)}, 'posting.published', '{"type":"posting.published"}'::jsonb)`,
  );
  await env.t.database.db.execute(
    sql`insert into webhook_deliveries (id, message_id, endpoint_id, org_id, status, attempts)
        values (${deliveryId}, ${messageId}, ${endpointId}, ${orgId(owner)}, 'succeeded', 1)`,
  );
  return { endpointId, deliveryId };
}
/** A URL naming a resource, with its id remembered for comparing bodies. */
const at = (url: (id: string) => string, id: string, rest: Omit<Request, 'url' | 'id'> = {}): Request => ({
  url: url(id),
  id,
  ...rest,
});
/** A posting of the organization, moved to the given status through the actions. */
async function orgPosting(owner: Owner, status: 'draft' | 'published' | 'closed' = 'draft') {
  if (owner === 'missing') return randomUUID();
  const ctx = {
    ...systemCtx(env.t.database.db),
    actor: { kind: 'token' as const, tokenId: newId(), name: 'fixture', orgId: orgId(owner), scopes: [] },
  };
  const actions = postingActions({ taxonomy: builtinTaxonomy(), publicUrl: 'http://test' });
  const posting = await actions.create(ctx, postingBody({ title: unique('Engineer') }));
  if (status !== 'draft') await actions.transition(ctx, posting.id, 'publish', undefined);
  if (status === 'closed') await actions.transition(ctx, posting.id, 'close', undefined);
  return posting.id;
}
const postingUrl =
  (suffix = '') =>
  async (_e: Env, owner: Owner) =>
    at((id) => `/api/v1/org/postings/${id}${suffix}`, await orgPosting(owner));
/**
 * An application to a published posting of the organization, made through the public API. The
 * caller (when a person) is assigned to it, so that interviewers, who see only their
 * assignments, see it too; the interviewer rule has its own tests.
 */
async function orgApplication(owner: Owner, self: { userId: string } | null) {
  if (owner === 'missing') return { id: randomUUID(), fileId: randomUUID(), stageId: randomUUID() };
  const postingId = await orgPosting(owner, 'published');
  const res = await apply(env.t.app, env.orgs[owner].slug, postingId, { remoteAddress: nextIp() });
  assert.equal(res.statusCode, 201, res.body);
  const id = (res.json() as { id: string }).id;
  if (self) {
    await env.t.database.db.execute(
      sql`insert into application_assignments (application_id, user_id, org_id) values (${id}, ${self.userId}, ${orgId(owner)})`,
    );
  }
  const [row] = (
    (await env.t.database.db.execute(
      sql`select a.resume_file_id as "fileId", s.id as "stageId" from applications a
          join pipeline_stages s on s.org_id = a.org_id and s.posting_id is null and s.kind = 'screening'
          where a.id = ${id}`,
    )) as unknown as { rows: { fileId: string; stageId: string }[] }
  ).rows;
  return { id, ...row! };
}
const applicationUrl =
  (suffix = '') =>
  async (_e: Env, owner: Owner, self: { userId: string } | null) =>
    at((id) => `/api/v1/org/applications/${id}${suffix}`, (await orgApplication(owner, self)).id);
/** The candidate behind a new application of the organization (the caller assigned, as above). */
async function orgCandidate(owner: Owner, self: { userId: string } | null) {
  const a = await orgApplication(owner, self);
  if (owner === 'missing') return randomUUID();
  const found = (await env.t.database.db.execute(
    sql`select candidate_id as id from applications where id = ${a.id}`,
  )) as unknown as { rows: { id: string }[] };
  return found.rows[0]!.id;
}
const candidateUrl =
  (suffix = '') =>
  async (_e: Env, owner: Owner, self: { userId: string } | null) =>
    at((id) => `/api/v1/org/candidates/${id}${suffix}`, await orgCandidate(owner, self));
const text = { 'content-type': 'text/plain' };
const jd = () => `${unique('Role')}\n\nResponsibilities\n- Build things.\n\nSkills\n- Go\n`;

const ROUTES: RouteCase[] = [
  // Authentication: public by design.
  {
    method: 'POST',
    path: '/api/v1/auth/signup',
    access: 'public',
    ok: 202,
    prepare: async () => ({
      url: '/api/v1/auth/signup',
      payload: { email: `${unique('su')}@example.test`, password: strong() },
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/auth/verify-email',
    access: 'public',
    ok: 400,
    prepare: async () => ({ url: '/api/v1/auth/verify-email', payload: { token: randomToken() } }),
  },
  {
    method: 'POST',
    path: '/api/v1/auth/resend-verification',
    access: 'public',
    ok: 202,
    prepare: async () => ({
      url: '/api/v1/auth/resend-verification',
      payload: { email: `${unique('rv')}@example.test` },
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/auth/login',
    access: 'public',
    ok: 200,
    prepare: async () => {
      const user = await makeUser(env.t.database);
      return { url: '/api/v1/auth/login', payload: { email: user.email, password: user.password } };
    },
  },
  { method: 'POST', path: '/api/v1/auth/logout', access: 'user', ok: 204 },
  {
    method: 'POST',
    path: '/api/v1/auth/password-reset',
    access: 'public',
    ok: 202,
    prepare: async () => ({
      url: '/api/v1/auth/password-reset',
      payload: { email: `${unique('pr')}@example.test` },
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/auth/password-reset/confirm',
    access: 'public',
    ok: 400,
    prepare: async () => ({
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token: randomToken(), password: strong() },
    }),
  },
  // One's own account: signed-in people only.
  { method: 'GET', path: '/api/v1/me', access: 'user', ok: 200 },
  {
    method: 'PATCH',
    path: '/api/v1/me',
    access: 'user',
    ok: 200,
    prepare: async () => ({ url: '/api/v1/me', payload: { name: 'Renamed Person' } }),
  },
  {
    method: 'PUT',
    path: '/api/v1/me/organization',
    access: 'user',
    ok: 200,
    prepare: async () => ({ url: '/api/v1/me/organization', payload: { organization: env.orgs.A.slug } }),
  },
  {
    method: 'POST',
    path: '/api/v1/me/password',
    access: 'user',
    ok: 204,
    prepare: async (_e, _o, self) => ({
      url: '/api/v1/me/password',
      payload: { currentPassword: self?.password ?? 'x', newPassword: strong() },
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/me/email',
    access: 'user',
    ok: 202,
    prepare: async (_e, _o, self) => ({
      url: '/api/v1/me/email',
      payload: { currentPassword: self?.password ?? 'x', newEmail: `${unique('ne')}@example.test` },
    }),
  },
  { method: 'GET', path: '/api/v1/me/sessions', access: 'user', ok: 200 },
  {
    method: 'DELETE',
    path: '/api/v1/me/sessions/:id',
    access: 'user',
    ok: 204,
    tenantResource: true,
    // Own: another session of the caller. Other: a session of someone else.
    prepare: async (_e, owner, self) => {
      if (owner === 'missing') return at((id) => `/api/v1/me/sessions/${id}`, randomUUID());
      const userId = owner === 'A' && self ? self.userId : (await makeUser(env.t.database)).id;
      const policy = { idleHours: 12, maxDays: 30 };
      const { id } = await createSession(env.t.database.db, { userId, orgId: null }, policy);
      return at((i) => `/api/v1/me/sessions/${i}`, id);
    },
  },
  {
    method: 'POST',
    path: '/api/v1/me/mfa/totp/setup',
    access: 'user',
    ok: 200,
    prepare: async (_e, _o, self) => ({
      url: '/api/v1/me/mfa/totp/setup',
      payload: { password: self?.password ?? 'x' },
    }),
  },
  // A fresh account has not started enrolment: 409 is the allowed caller's answer.
  {
    method: 'POST',
    path: '/api/v1/me/mfa/totp/enable',
    access: 'user',
    ok: 409,
    prepare: async () => ({ url: '/api/v1/me/mfa/totp/enable', payload: { code: '123456' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/me/mfa/totp/disable',
    access: 'user',
    ok: 409,
    prepare: async (_e, _o, self) => ({
      url: '/api/v1/me/mfa/totp/disable',
      payload: { password: self?.password ?? 'x', code: '123456' },
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/me/mfa/recovery-codes',
    access: 'user',
    ok: 409,
    prepare: async (_e, _o, self) => ({
      url: '/api/v1/me/mfa/recovery-codes',
      payload: { password: self?.password ?? 'x' },
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/orgs',
    access: 'user',
    ok: 201,
    prepare: async () => ({ url: '/api/v1/orgs', payload: { slug: unique('neworg'), name: 'New Org' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/invitations/accept',
    access: 'user',
    ok: 400,
    prepare: async () => ({ url: '/api/v1/invitations/accept', payload: { token: randomToken() } }),
  },
  // The acting organization.
  { method: 'GET', path: '/api/v1/org', access: 'org.read', ok: 200 },
  {
    method: 'PATCH',
    path: '/api/v1/org',
    access: 'org.update',
    ok: 200,
    prepare: async () => ({ url: '/api/v1/org', payload: { name: 'Renamed' } }),
  },
  { method: 'GET', path: '/api/v1/org/members', access: 'members.read', ok: 200 },
  {
    method: 'PATCH',
    path: '/api/v1/org/members/:userId',
    access: 'members.manage',
    ok: 200,
    tenantResource: true,
    prepare: async (_e, owner) =>
      at((id) => `/api/v1/org/members/${id}`, await memberOf(owner), { payload: { role: 'interviewer' } }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/org/members/:userId',
    access: 'members.manage',
    ok: 204,
    tenantResource: true,
    prepare: async (_e, owner) => at((id) => `/api/v1/org/members/${id}`, await memberOf(owner)),
  },
  {
    method: 'POST',
    path: '/api/v1/org/invitations',
    access: 'invitations.manage',
    ok: 201,
    prepare: async () => ({
      url: '/api/v1/org/invitations',
      payload: { email: `${unique('in')}@example.test`, role: 'viewer' },
    }),
  },
  { method: 'GET', path: '/api/v1/org/invitations', access: 'invitations.manage', ok: 200 },
  {
    method: 'DELETE',
    path: '/api/v1/org/invitations/:id',
    access: 'invitations.manage',
    ok: 204,
    tenantResource: true,
    prepare: async (_e, owner) => at((id) => `/api/v1/org/invitations/${id}`, await invitationIn(owner)),
  },
  {
    method: 'POST',
    path: '/api/v1/org/api-tokens',
    access: 'tokens.manage',
    ok: 201,
    prepare: async () => ({
      url: '/api/v1/org/api-tokens',
      payload: { name: 'ci', scopes: ['templates:read'] },
    }),
  },
  { method: 'GET', path: '/api/v1/org/api-tokens', access: 'tokens.manage', ok: 200 },
  {
    method: 'DELETE',
    path: '/api/v1/org/api-tokens/:id',
    access: 'tokens.manage',
    ok: 204,
    tenantResource: true,
    prepare: async (_e, owner) => at((id) => `/api/v1/org/api-tokens/${id}`, await tokenIn(owner)),
  },
  { method: 'GET', path: '/api/v1/audit-events', access: 'audit.read', ok: 200 },
  { method: 'GET', path: '/api/v1/webhooks/event-types', access: 'webhooks.manage', ok: 200 },
  {
    method: 'POST',
    path: '/api/v1/org/webhooks',
    access: 'webhooks.manage',
    ok: 201,
    prepare: async () => ({
      url: '/api/v1/org/webhooks',
      payload: { url: 'https://93.184.216.34/hook', events: ['posting.published'] },
    }),
  },
  { method: 'GET', path: '/api/v1/org/webhooks', access: 'webhooks.manage', ok: 200 },
  ...(
    [
      ['GET', '', 200, undefined],
      ['PATCH', '', 200, { description: 'changed' }],
      ['DELETE', '', 204, undefined],
      ['POST', '/rotate-secret', 200, undefined],
      ['POST', '/test', 202, undefined],
      ['GET', '/deliveries', 200, undefined],
    ] as const
  ).map(
    ([method, suffix, ok, payload]): RouteCase => ({
      method,
      path: `/api/v1/org/webhooks/:id${suffix}`,
      access: 'webhooks.manage',
      ok,
      tenantResource: true,
      prepare: async (_e, owner) =>
        at((id) => `/api/v1/org/webhooks/${id}${suffix}`, await webhookIn(owner), payload ? { payload } : {}),
    }),
  ),
  ...(
    [
      ['GET', '', 200],
      ['POST', '/redeliver', 202],
    ] as const
  ).map(
    ([method, suffix, ok]): RouteCase => ({
      method,
      path: `/api/v1/org/webhooks/:id/deliveries/:deliveryId${suffix}`,
      access: 'webhooks.manage',
      ok,
      tenantResource: true,
      prepare: async (_e, owner) => {
        const { endpointId, deliveryId } = await webhookDeliveryIn(owner);
        // Another organization's delivery id would differ from a missing one's; the endpoint is what is checked.
        const delivery = owner === 'A' ? deliveryId : '00000000-0000-4000-8000-000000000000';
        return at((id) => `/api/v1/org/webhooks/${id}/deliveries/${delivery}${suffix}`, endpointId);
      },
    }),
  ),
  // The global library: public reads, platform-admin writes.
  { method: 'GET', path: '/api/v1/templates', access: 'public', ok: 200 },
  {
    method: 'GET',
    path: '/api/v1/templates/:slug',
    access: 'public',
    ok: 200,
    prepare: async () => ({ url: `/api/v1/templates/${await globalTemplate()}` }),
  },
  {
    method: 'POST',
    path: '/api/v1/templates',
    access: 'platform',
    ok: 201,
    prepare: async () => ({ url: '/api/v1/templates', payload: templateBody({ slug: unique('new') }) }),
  },
  {
    method: 'POST',
    path: '/api/v1/templates/import',
    access: 'platform',
    ok: 201,
    prepare: async () => ({ url: '/api/v1/templates/import', payload: jd(), headers: text }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/templates/:slug',
    access: 'platform',
    ok: 200,
    prepare: async () => ({
      url: `/api/v1/templates/${await globalTemplate()}`,
      payload: { summary: 'Changed.' },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/templates/:slug',
    access: 'platform',
    ok: 204,
    prepare: async () => ({ url: `/api/v1/templates/${await globalTemplate()}` }),
  },
  {
    method: 'GET',
    path: '/api/v1/templates/:slug/versions',
    access: 'public',
    ok: 200,
    prepare: async () => ({ url: `/api/v1/templates/${await globalTemplate()}/versions` }),
  },
  {
    method: 'GET',
    path: '/api/v1/templates/:slug/versions/:version',
    access: 'public',
    ok: 200,
    prepare: async () => ({ url: `/api/v1/templates/${await globalTemplate()}/versions/1` }),
  },
  {
    method: 'POST',
    path: '/api/v1/templates/:slug/fork',
    access: 'templates.write',
    ok: 201,
    prepare: async () => ({ url: `/api/v1/templates/${await globalTemplate()}/fork`, payload: {} }),
  },
  // The organization's library.
  { method: 'GET', path: '/api/v1/org/templates', access: 'templates.read', ok: 200 },
  {
    method: 'GET',
    path: '/api/v1/org/templates/:slug',
    access: 'templates.read',
    ok: 200,
    tenantResource: true,
    prepare: async (_e, owner) => at((id) => `/api/v1/org/templates/${id}`, await orgTemplate(owner)),
  },
  {
    method: 'POST',
    path: '/api/v1/org/templates',
    access: 'templates.write',
    ok: 201,
    prepare: async () => ({ url: '/api/v1/org/templates', payload: templateBody({ slug: unique('new') }) }),
  },
  {
    method: 'POST',
    path: '/api/v1/org/templates/import',
    access: 'templates.write',
    ok: 201,
    prepare: async () => ({ url: '/api/v1/org/templates/import', payload: jd(), headers: text }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/org/templates/:slug',
    access: 'templates.write',
    ok: 200,
    tenantResource: true,
    prepare: async (_e, owner) =>
      at((id) => `/api/v1/org/templates/${id}`, await orgTemplate(owner), {
        payload: { summary: 'Changed.' },
      }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/org/templates/:slug',
    access: 'templates.write',
    ok: 204,
    tenantResource: true,
    prepare: async (_e, owner) => at((id) => `/api/v1/org/templates/${id}`, await orgTemplate(owner)),
  },
  {
    method: 'GET',
    path: '/api/v1/org/templates/:slug/versions',
    access: 'templates.read',
    ok: 200,
    tenantResource: true,
    prepare: async (_e, owner) =>
      at((id) => `/api/v1/org/templates/${id}/versions`, await orgTemplate(owner)),
  },
  {
    method: 'GET',
    path: '/api/v1/org/templates/:slug/versions/:version',
    access: 'templates.read',
    ok: 200,
    tenantResource: true,
    prepare: async (_e, owner) =>
      at((id) => `/api/v1/org/templates/${id}/versions/1`, await orgTemplate(owner)),
  },
  {
    method: 'GET',
    path: '/api/v1/org/templates/:slug/analysis',
    access: 'templates.read',
    ok: 200,
    tenantResource: true,
    prepare: async (_e, owner) =>
      at((id) => `/api/v1/org/templates/${id}/analysis`, await orgTemplate(owner)),
  },
  // Postings of the acting organization.
  { method: 'GET', path: '/api/v1/org/postings', access: 'postings.read', ok: 200 },
  {
    method: 'POST',
    path: '/api/v1/org/postings',
    access: 'postings.write',
    ok: 201,
    prepare: async () => ({ url: '/api/v1/org/postings', payload: postingBody() }),
  },
  {
    method: 'GET',
    path: '/api/v1/org/postings/:id',
    access: 'postings.read',
    ok: 200,
    tenantResource: true,
    prepare: postingUrl(),
  },
  {
    method: 'PATCH',
    path: '/api/v1/org/postings/:id',
    access: 'postings.write',
    ok: 200,
    tenantResource: true,
    prepare: async (_e, owner) =>
      at((id) => `/api/v1/org/postings/${id}`, await orgPosting(owner), { payload: { summary: 'Changed.' } }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/org/postings/:id',
    access: 'postings.write',
    ok: 204,
    tenantResource: true,
    prepare: postingUrl(),
  },
  {
    method: 'GET',
    path: '/api/v1/org/postings/:id/checks',
    access: 'postings.read',
    ok: 200,
    tenantResource: true,
    prepare: postingUrl('/checks'),
  },
  {
    method: 'GET',
    path: '/api/v1/org/postings/:id/analysis',
    access: 'postings.read',
    ok: 200,
    tenantResource: true,
    prepare: postingUrl('/analysis'),
  },
  {
    method: 'GET',
    path: '/api/v1/org/postings/:id/events',
    access: 'postings.read',
    ok: 200,
    tenantResource: true,
    prepare: postingUrl('/events'),
  },
  {
    method: 'GET',
    path: '/api/v1/org/postings/:id/versions',
    access: 'postings.read',
    ok: 200,
    tenantResource: true,
    prepare: postingUrl('/versions'),
  },
  {
    method: 'GET',
    path: '/api/v1/org/postings/:id/versions/:version',
    access: 'postings.read',
    ok: 200,
    tenantResource: true,
    prepare: postingUrl('/versions/1'),
  },
  {
    method: 'POST',
    path: '/api/v1/org/postings/:id/publish',
    access: 'postings.write',
    ok: 200,
    tenantResource: true,
    prepare: postingUrl('/publish'),
  },
  {
    method: 'POST',
    path: '/api/v1/org/postings/:id/close',
    access: 'postings.write',
    ok: 200,
    tenantResource: true,
    prepare: async (_e, owner) =>
      at((id) => `/api/v1/org/postings/${id}/close`, await orgPosting(owner, 'published')),
  },
  {
    method: 'POST',
    path: '/api/v1/org/postings/:id/reopen',
    access: 'postings.write',
    ok: 200,
    tenantResource: true,
    prepare: async (_e, owner) =>
      at((id) => `/api/v1/org/postings/${id}/reopen`, await orgPosting(owner, 'closed')),
  },
  {
    method: 'POST',
    path: '/api/v1/org/postings/:id/archive',
    access: 'postings.write',
    ok: 200,
    tenantResource: true,
    prepare: postingUrl('/archive'),
  },
  // Quality analysis: public for any text and the global library.
  {
    method: 'POST',
    path: '/api/v1/analyze',
    access: 'public',
    ok: 200,
    prepare: async () => ({ url: '/api/v1/analyze', payload: { text: jd() } }),
  },
  { method: 'GET', path: '/api/v1/analyze/rules', access: 'public', ok: 200 },
  {
    method: 'GET',
    path: '/api/v1/templates/:slug/analysis',
    access: 'public',
    ok: 200,
    prepare: async () => ({ url: `/api/v1/templates/${await globalTemplate()}/analysis` }),
  },
  // The public job board and salary insights: anonymous by design.
  {
    method: 'GET',
    path: '/api/v1/boards/:org/jobs',
    access: 'public',
    ok: 200,
    prepare: async () => ({ url: `/api/v1/boards/${env.orgs.A.slug}/jobs` }),
  },
  {
    method: 'GET',
    path: '/api/v1/boards/:org/jobs/:id',
    access: 'public',
    ok: 200,
    prepare: async () => ({
      url: `/api/v1/boards/${env.orgs.A.slug}/jobs/${await orgPosting('A', 'published')}`,
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/insights/salaries',
    access: 'public',
    ok: 200,
    prepare: async () => ({ url: '/api/v1/insights/salaries?role=engineer&country=DE' }),
  },
  // Applying: anonymous by design.
  {
    method: 'POST',
    path: '/api/v1/boards/:org/jobs/:id/applications',
    access: 'public',
    ok: 201,
    prepare: async () => {
      const body = multipart(applicantFields(), [
        { field: 'resume', filename: 'cv.pdf', bytes: resumePdf() },
      ]);
      return {
        url: `/api/v1/boards/${env.orgs.A.slug}/jobs/${await orgPosting('A', 'published')}/applications`,
        headers: { 'content-type': body.contentType },
        payload: body.payload,
      };
    },
  },
  // Applications: members see them (interviewers only their assignments); files not for viewers.
  { method: 'GET', path: '/api/v1/org/applications', access: 'applications.read', ok: 200 },
  {
    method: 'GET',
    path: '/api/v1/org/postings/:id/applications',
    access: 'applications.read',
    ok: 200,
    tenantResource: true,
    prepare: postingUrl('/applications'),
  },
  {
    method: 'GET',
    path: '/api/v1/org/applications/:id',
    access: 'applications.read',
    ok: 200,
    tenantResource: true,
    prepare: applicationUrl(),
  },
  {
    method: 'GET',
    path: '/api/v1/org/applications/:id/timeline',
    access: 'applications.read',
    ok: 200,
    tenantResource: true,
    prepare: applicationUrl('/timeline'),
  },
  {
    method: 'POST',
    path: '/api/v1/org/applications/:id/move',
    access: 'applications.write',
    ok: 200,
    tenantResource: true,
    prepare: async (_e, owner, self) => {
      const a = await orgApplication(owner, self);
      return at((id) => `/api/v1/org/applications/${id}/move`, a.id, { payload: { stageId: a.stageId } });
    },
  },
  {
    method: 'POST',
    path: '/api/v1/org/applications/bulk-move',
    access: 'applications.write',
    ok: 200,
    prepare: async (_e, _owner, self) => {
      const a = await orgApplication('A', self);
      return { url: '/api/v1/org/applications/bulk-move', payload: { ids: [a.id], stageId: a.stageId } };
    },
  },
  {
    method: 'PUT',
    path: '/api/v1/org/applications/:id/assignments',
    access: 'applications.write',
    ok: 200,
    tenantResource: true,
    prepare: async (_e, owner, self) =>
      at((id) => `/api/v1/org/applications/${id}/assignments`, (await orgApplication(owner, self)).id, {
        payload: { userIds: [] },
      }),
  },
  {
    method: 'GET',
    path: '/api/v1/org/applications/:id/files/:fileId',
    access: 'applications.files',
    ok: 200,
    tenantResource: true,
    prepare: async (_e, owner, self) => {
      const a = await orgApplication(owner, self);
      // Another organization's file id would differ from a missing one's; the application is what is checked.
      const fileId = owner === 'A' ? a.fileId : '00000000-0000-4000-8000-000000000000';
      return at((id) => `/api/v1/org/applications/${id}/files/${fileId}`, a.id);
    },
  },
  // Notes and scorecards: read with the application, written by people who take part in hiring.
  {
    method: 'GET',
    path: '/api/v1/org/applications/:id/notes',
    access: 'applications.read',
    ok: 200,
    tenantResource: true,
    prepare: applicationUrl('/notes'),
  },
  {
    method: 'POST',
    path: '/api/v1/org/applications/:id/notes',
    access: 'applications.collaborate',
    ok: 201,
    tenantResource: true,
    prepare: async (_e, owner, self) =>
      at((id) => `/api/v1/org/applications/${id}/notes`, (await orgApplication(owner, self)).id, {
        payload: { body: 'A note' },
      }),
  },
  {
    method: 'GET',
    path: '/api/v1/org/applications/:id/scorecards/criteria',
    access: 'applications.read',
    ok: 200,
    tenantResource: true,
    prepare: applicationUrl('/scorecards/criteria'),
  },
  {
    method: 'GET',
    path: '/api/v1/org/applications/:id/scorecards',
    access: 'applications.read',
    ok: 200,
    tenantResource: true,
    prepare: applicationUrl('/scorecards'),
  },
  {
    method: 'POST',
    path: '/api/v1/org/applications/:id/scorecards',
    access: 'applications.collaborate',
    ok: 201,
    tenantResource: true,
    prepare: async (_e, owner, self) =>
      at((id) => `/api/v1/org/applications/${id}/scorecards`, (await orgApplication(owner, self)).id, {
        payload: { interview: 'Technical interview', ratings: [], recommendation: 'yes' },
      }),
  },
  // Pipeline stages and candidate email templates: members read, owner/admin/recruiter change.
  { method: 'GET', path: '/api/v1/org/pipeline/stages', access: 'applications.read', ok: 200 },
  {
    method: 'PUT',
    path: '/api/v1/org/pipeline/stages',
    access: 'pipeline.manage',
    ok: 200,
    // The current list sent back as it is: org A's applications sit in these stages.
    prepare: async () => ({
      url: '/api/v1/org/pipeline/stages',
      payload: {
        stages: (await defaultStages(env.t.database.db, orgId('A'))).map(({ id, name, kind }) => ({
          id,
          name,
          kind,
        })),
      },
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/org/postings/:id/stages',
    access: 'applications.read',
    ok: 200,
    tenantResource: true,
    prepare: postingUrl('/stages'),
  },
  {
    method: 'PUT',
    path: '/api/v1/org/postings/:id/stages',
    access: 'pipeline.manage',
    ok: 200,
    tenantResource: true,
    prepare: async (_e, owner) =>
      at((id) => `/api/v1/org/postings/${id}/stages`, await orgPosting(owner), {
        payload: {
          stages: [
            { name: 'Applied', kind: 'applied' },
            { name: 'Hired', kind: 'hired' },
            { name: 'Rejected', kind: 'rejected' },
          ],
        },
      }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/org/postings/:id/stages',
    access: 'pipeline.manage',
    ok: 200,
    tenantResource: true,
    prepare: postingUrl('/stages'),
  },
  { method: 'GET', path: '/api/v1/org/email-templates', access: 'applications.read', ok: 200 },
  {
    method: 'PUT',
    path: '/api/v1/org/email-templates/:kind',
    access: 'pipeline.manage',
    ok: 200,
    prepare: async () => ({
      url: '/api/v1/org/email-templates/rejection',
      payload: { subject: 'About {{job.title}}', body: 'Hello {{candidate.first_name}}' },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/org/email-templates/:kind',
    access: 'pipeline.manage',
    ok: 200,
    prepare: async () => ({ url: '/api/v1/org/email-templates/rejection' }),
  },
  {
    method: 'POST',
    path: '/api/v1/org/email-templates/:kind/preview',
    access: 'applications.read',
    ok: 200,
    prepare: async () => ({ url: '/api/v1/org/email-templates/stage_change/preview', payload: {} }),
  },
  // Candidates: profiles for members; export for admins (and org:admin tokens); erasure in person.
  { method: 'GET', path: '/api/v1/org/candidates', access: 'applications.read', ok: 200 },
  {
    method: 'GET',
    path: '/api/v1/org/candidates/:id',
    access: 'applications.read',
    ok: 200,
    tenantResource: true,
    prepare: candidateUrl(),
  },
  {
    method: 'GET',
    path: '/api/v1/org/candidates/:id/export',
    access: 'candidates.export',
    ok: 200,
    tenantResource: true,
    prepare: candidateUrl('/export'),
  },
  {
    method: 'POST',
    path: '/api/v1/org/candidates/:id/erase',
    access: 'candidates.erase',
    ok: 200,
    tenantResource: true,
    prepare: async (e, owner, self) => {
      const r = await candidateUrl('/erase')(e, owner, self);
      return { ...r, payload: { confirm: r.id } };
    },
  },
  // The skills taxonomy: public.
  { method: 'GET', path: '/api/v1/skills', access: 'public', ok: 200 },
  {
    method: 'GET',
    path: '/api/v1/skills/:id',
    access: 'public',
    ok: 200,
    prepare: async () => ({ url: '/api/v1/skills/postgresql' }),
  },
];

/** What this caller should get from this route (for org A's own resources). */
function expected(route: RouteCase, caller: Caller): number {
  if (route.access === 'public') return route.ok;
  if (caller === 'anonymous' || caller === 'expired_session' || caller === 'revoked_token') return 401;
  const isToken = caller === 'scoped_token' || caller === 'unscoped_token' || caller === 'operator_token';
  if (route.access === 'user') return isToken ? 403 : route.ok;
  if (route.access === 'platform')
    return caller === 'platform_admin' || caller === 'operator_token' ? route.ok : 403;
  if (caller === 'scoped_token') return SCOPE_MATRIX[route.access] ? route.ok : 403;
  if (caller === 'unscoped_token' || caller === 'operator_token' || caller === 'platform_admin') return 403;
  return ROLE_MATRIX[route.access]!.includes(caller) ? route.ok : 403;
}

let ip = 0;
/** Each request from its own address, so the auth flows' per-IP limits stay out of the way. */
const nextIp = () => `10.${(++ip >> 8) & 255}.${ip & 255}.7`;

/** Credentials for one call; a fresh session (or token) every time, as calls may end them. */
async function credentials(route: RouteCase, caller: Caller) {
  const { t } = env;
  const database = t.database;
  const scope = route.access in SCOPE_MATRIX ? SCOPE_MATRIX[route.access] : null;
  switch (caller) {
    case 'anonymous':
      return { headers: {}, self: null };
    case 'operator_token':
      return { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, self: null };
    case 'scoped_token':
    case 'unscoped_token': {
      // The wrong scope: a real one from another area, which must not grant this route.
      const wrong: Scope = scope?.startsWith('templates') ? 'postings:write' : 'templates:write';
      const scopes: Scope[] = caller === 'scoped_token' ? [scope ?? 'org:admin'] : [wrong];
      return { headers: (await makeApiToken(database, orgId('A'), scopes)).headers, self: null };
    }
    case 'revoked_token': {
      const token = await makeApiToken(database, orgId('A'), ['org:admin', 'templates:write']);
      await database.db.execute(sql`update api_tokens set revoked_at = now() where id = ${token.id}`);
      return { headers: token.headers, self: null };
    }
    default: {
      const platformAdmin = caller === 'platform_admin';
      const user = await makeUser(database, { platformAdmin });
      // A platform administrator acts in no organization here, but may switch to one it belongs to.
      const role: Role = caller === 'expired_session' ? 'owner' : platformAdmin ? 'viewer' : caller;
      await addMember(database, orgId('A'), user.id, role);
      const signed = await signIn(database, t.config, user.id, platformAdmin ? null : orgId('A'));
      if (caller === 'expired_session') {
        await database.db.execute(
          sql`update sessions set last_seen_at = now() - interval '13 hours' where id = ${signed.sessionId}`,
        );
      }
      return { headers: signed.headers, self: { userId: user.id, password: user.password } };
    }
  }
}

async function call(route: RouteCase, caller: Caller, owner: Owner) {
  const { headers, self } = await credentials(route, caller);
  const request: Request = route.prepare ? await route.prepare(env, owner, self) : { url: route.path };
  const payload = request.payload ?? (route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
  const isText = typeof payload === 'string';
  const res = await env.t.app.inject({
    method: route.method,
    url: request.url,
    headers: { ...headers, ...request.headers },
    remoteAddress: nextIp(),
    ...(payload === undefined ? {} : isText ? { payload } : { payload: payload as object }),
  });
  return { res, id: request.id };
}

describe('authorization matrix', () => {
  before(async () => {
    const t = await buildTestApp({ env: { RATE_LIMIT_API_PER_MINUTE: '0' } });
    const ownerA = await makeUser(t.database);
    const ownerB = await makeUser(t.database);
    env = { t, orgs: { A: await makeOrg(t.database, ownerA.id), B: await makeOrg(t.database, ownerB.id) } };
  });
  after(() => env.t.close());

  it('covers every /api route the app registers', () => {
    const registered = new Set(
      env.t.app.routeList
        .filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD')
        .map((r) => `${r.method} ${r.url}`),
    );
    const covered = new Set(ROUTES.map((r) => `${r.method} ${r.path}`));
    assert.deepEqual(
      [...registered].filter((r) => !covered.has(r)),
      [],
      'routes missing from the matrix',
    );
    assert.deepEqual(
      [...covered].filter((r) => !registered.has(r)),
      [],
      'matrix rows for routes that do not exist',
    );
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.path} (${route.access})`, async () => {
      const failures: string[] = [];
      for (const caller of CALLERS) {
        const want = expected(route, caller);
        const { res } = await call(route, caller, 'A');
        if (res.statusCode !== want) {
          failures.push(`${caller}: ${res.statusCode} (want ${want}) ${res.body.slice(0, 160)}`);
          continue;
        }
        if (want === 401) assert.equal(res.json().code, 'unauthenticated');
        if (want === 403)
          assert.match(res.json().code, /^(forbidden|insufficient_scope|session_required|no_organization)$/);
        // Another organization's resource (or another person's session) is simply not there:
        // 404, and the same bytes as for an id that never existed.
        if (route.tenantResource && want === route.ok) {
          const [other, missing] = [await call(route, caller, 'B'), await call(route, caller, 'missing')];
          if (other.res.statusCode !== 404) {
            failures.push(
              `${caller} on org B: ${other.res.statusCode} (want 404) ${other.res.body.slice(0, 160)}`,
            );
            continue;
          }
          const same = (r: typeof other) =>
            r.res.body.replaceAll(r.id ?? '', 'ID').replace(/"requestId":"[^"]*"/, '');
          assert.equal(
            same(other),
            same(missing),
            `${caller}: another organization's resource vs a missing one`,
          );
        }
      }
      assert.deepEqual(failures, []);
    });
  }
});
