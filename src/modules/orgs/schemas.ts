import { type Static, Type } from '@sinclair/typebox';
import { Nullable } from '../../http/nullable.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { ROLES } from '../access/permissions.ts';
import { Email } from '../identity/schemas.ts';

const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });

export const RoleSchema = Type.Union(
  ROLES.map((r) => Type.Literal(r)),
  { description: 'owner, admin, recruiter, hiring_manager, interviewer or viewer' },
);

export const OrgSlug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$', examples: ['acme'] });
const OrgName = Type.String({ minLength: 1, maxLength: 200 });
// http(s) only: these end up as links on pages, and javascript: URLs must never get there.
const WebUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 });
// Shown next to the consent checkbox of every application form: https only.
const PrivacyUrl = Type.String({
  format: 'uri',
  pattern: '^https://',
  maxLength: 500,
  description: 'The privacy notice linked from application forms (default: the career site’s own page)',
});

export const CreateOrgBody = Type.Object(
  { slug: OrgSlug, name: OrgName, website: Type.Optional(WebUrl), logoUrl: Type.Optional(WebUrl) },
  { additionalProperties: false },
);
export type CreateOrgBody = Static<typeof CreateOrgBody>;

export const UpdateOrgBody = Type.Object(
  {
    name: Type.Optional(OrgName),
    website: Type.Optional(Nullable(WebUrl)),
    logoUrl: Type.Optional(Nullable(WebUrl)),
    requireMfa: Type.Optional(
      Type.Boolean({
        description: 'Members must have two-factor authentication on to act in the organization',
      }),
    ),
    employeeCount: Type.Optional(
      Nullable(
        Type.Integer({
          minimum: 0,
          maximum: 10_000_000,
          description: 'How many people the organization employs; pay-transparency rules depend on it',
        }),
      ),
    ),
    brandColor: Type.Optional(
      Nullable(
        Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: 'The career site’s colour, e.g. #0f766e' }),
      ),
    ),
    careersIntro: Type.Optional(
      Type.String({ maxLength: 2000, description: 'The career site’s introduction' }),
    ),
    retentionMonths: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 120,
        description:
          'Months candidate data is kept after the last activity; then it is anonymized (a consent-renewal email goes out 30 days before)',
      }),
    ),
    privacyUrl: Type.Optional(Nullable(PrivacyUrl)),
    consentText: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 1000,
          // Blank text would put an empty consent checkbox on the form: null restores the default.
          pattern: '\\S',
          description: 'The consent applicants give (null: a sentence naming the organization)',
        }),
      ),
    ),
  },
  { additionalProperties: false, description: 'Only the fields sent change; null clears a nullable field' },
);
export type UpdateOrgBody = Static<typeof UpdateOrgBody>;

export const Organization = Type.Object(
  {
    id: Uuid,
    slug: Type.String(),
    name: Type.String(),
    website: Nullable(Type.String()),
    logoUrl: Nullable(Type.String()),
    requireMfa: Type.Boolean(),
    employeeCount: Nullable(Type.Integer()),
    brandColor: Nullable(Type.String()),
    careersIntro: Type.String(),
    careersUrl: Type.String({ description: 'The public career site' }),
    retentionMonths: Type.Integer({ description: 'Months candidate data is kept after the last activity' }),
    privacyUrl: Nullable(Type.String()),
    consentText: Nullable(Type.String()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Organization' },
);
export type Organization = Static<typeof Organization>;

export const Member = Type.Object(
  {
    userId: Uuid,
    email: Type.String(),
    name: Type.String(),
    role: RoleSchema,
    mfaEnabled: Type.Boolean(),
    joinedAt: Timestamp,
  },
  { $id: 'Member' },
);
export type Member = Static<typeof Member>;
export const MemberPage = pageOf(Type.Ref('Member'));

export const ListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type ListQuery = Static<typeof ListQuery>;

export const MemberParams = Type.Object({ userId: Uuid });
export const RoleBody = Type.Object({ role: RoleSchema }, { additionalProperties: false });

export const InvitationBody = Type.Object(
  { email: Email, role: RoleSchema },
  { additionalProperties: false },
);
export type InvitationBody = Static<typeof InvitationBody>;

export const Invitation = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    role: RoleSchema,
    expiresAt: Timestamp,
    createdAt: Timestamp,
    invitedBy: Nullable(Type.String({ format: 'uuid', description: 'The inviting user' })),
  },
  { $id: 'Invitation' },
);
export type Invitation = Static<typeof Invitation>;
export const InvitationPage = pageOf(Type.Ref('Invitation'));
export const InvitationParams = Type.Object({ id: Uuid });

export const AcceptBody = Type.Object(
  { token: Type.String({ minLength: 10, maxLength: 200, description: 'From the invitation link' }) },
  { additionalProperties: false },
);
export const Accepted = Type.Object({
  organization: Type.Object({ id: Uuid, slug: Type.String(), name: Type.String(), role: RoleSchema }),
});
export type Accepted = Static<typeof Accepted>;
