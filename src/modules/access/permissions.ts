// The permission table: which roles and which API-token scopes may do what. This is the one
// place that grants access; routes declare the permission they need and http/auth.ts checks it.
// docs/security.md shows the same table, and test/api/authorization.test.ts holds every route to it.

export const ROLES = ['owner', 'admin', 'recruiter', 'hiring_manager', 'interviewer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const SCOPES = [
  'templates:read',
  'templates:write',
  'postings:read',
  'postings:write',
  'applications:read',
  'applications:write',
  'org:admin',
] as const;
export type Scope = (typeof SCOPES)[number];

const EVERYONE = ROLES;
const ADMINS = ['owner', 'admin'] as const;

interface Rule {
  roles: readonly Role[];
  /** The API-token scope that grants it; null: people only (no API token may do it). */
  scope: Scope | null;
}

export const PERMISSIONS = {
  'org.read': { roles: EVERYONE, scope: 'org:admin' },
  'org.update': { roles: ADMINS, scope: 'org:admin' },
  'members.read': { roles: EVERYONE, scope: 'org:admin' },
  // People only: granting access to people (roles, removals, invitations) would let a leaked
  // token make its holder a member who then mints tokens of their own.
  'members.manage': { roles: ADMINS, scope: null },
  'invitations.manage': { roles: ADMINS, scope: null },
  // A token that could mint tokens would outlive its own revocation.
  'tokens.manage': { roles: ADMINS, scope: null },
  'audit.read': { roles: ADMINS, scope: 'org:admin' },
  // Webhook endpoints receive the organization's events, signed with a secret only admins see.
  'webhooks.manage': { roles: ADMINS, scope: 'org:admin' },
  'templates.read': { roles: EVERYONE, scope: 'templates:read' },
  'templates.write': { roles: ['owner', 'admin', 'recruiter'], scope: 'templates:write' },
  // Drafts are internal; every member may read them (published ones are public anyway).
  'postings.read': { roles: EVERYONE, scope: 'postings:read' },
  // Creating, editing and moving a posting through its lifecycle (publish, close, reopen, archive).
  'postings.write': { roles: ['owner', 'admin', 'recruiter'], scope: 'postings:write' },
  // Applications and candidates. Every member reads what their role lets them see: interviewers
  // only the applications they are assigned to, viewers never resumes or other files.
  'applications.read': { roles: EVERYONE, scope: 'applications:read' },
  // Moving through stages, rejecting, assigning interviewers, emailing candidates.
  'applications.write': {
    roles: ['owner', 'admin', 'recruiter', 'hiring_manager'],
    scope: 'applications:write',
  },
  // Resumes, cover letters and file answers; every download is audited.
  'applications.files': {
    roles: ['owner', 'admin', 'recruiter', 'hiring_manager', 'interviewer'],
    scope: 'applications:read',
  },
  // Notes and scorecards are written by people, under their own name.
  'applications.collaborate': {
    roles: ['owner', 'admin', 'recruiter', 'hiring_manager', 'interviewer'],
    scope: null,
  },
  // Pipeline stages and the candidate email templates.
  'pipeline.manage': { roles: ['owner', 'admin', 'recruiter'], scope: 'applications:write' },
  // Everything held about one candidate, as a download (GDPR access and portability).
  'candidates.export': { roles: ADMINS, scope: 'org:admin' },
  // Erasure cannot be undone: an administrator, in person.
  'candidates.erase': { roles: ADMINS, scope: null },
} as const satisfies Record<string, Rule>;
export type Permission = keyof typeof PERMISSIONS;

/** A write scope includes the matching read. */
const IMPLIED: Partial<Record<Scope, Scope[]>> = {
  'templates:write': ['templates:read'],
  'postings:write': ['postings:read'],
  'applications:write': ['applications:read'],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly Role[]).includes(role);
}

export function scopesAllow(scopes: readonly Scope[], permission: Permission): boolean {
  const needed = PERMISSIONS[permission].scope;
  if (needed === null) return false;
  return scopes.some((s) => s === needed || IMPLIED[s]?.includes(needed));
}

/**
 * What a route requires: nothing (`public`), a signed-in person (`user`: sessions only, for
 * one's own account), a platform administrator (`platform`: the global library), or a
 * permission in the acting organization.
 */
export type Access = 'public' | 'user' | 'platform' | Permission;

/** Roles only an owner may grant or take away. */
export const canAssignRole = (actorRole: Role, role: Role) => role !== 'owner' || actorRole === 'owner';
