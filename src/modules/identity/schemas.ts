import { type Static, Type } from '@sinclair/typebox';
import { PERMISSIONS, ROLES } from '../access/permissions.ts';
import { PASSWORD_MAX } from './password.ts';

export const Email = Type.String({ format: 'email', maxLength: 254, examples: ['ada@example.com'] });
/** Length is checked in code points by the password policy; this bound only stops huge bodies. */
export const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX * 4 });
const Token = Type.String({ minLength: 10, maxLength: 200 });
const OtpCode = Type.String({
  maxLength: 40,
  description: 'A 6-digit code from the authenticator app, or a recovery code',
});

export const SignupBody = Type.Object(
  { email: Email, password: Password, name: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export const LoginBody = Type.Object(
  { email: Email, password: Password, code: Type.Optional(OtpCode) },
  { additionalProperties: false },
);
export const ProfileBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }) },
  { additionalProperties: false },
);
export const EmailBody = Type.Object({ email: Email }, { additionalProperties: false });
export const VerifyBody = Type.Object(
  {
    token: Token,
    password: Type.Optional({
      ...Password,
      description: 'Sign-up links: the password chosen at that sign-up (not needed for an email change)',
    }),
  },
  { additionalProperties: false },
);
export const ResetBody = Type.Object({ token: Token, password: Password }, { additionalProperties: false });
export const PasswordChangeBody = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);
export const EmailChangeBody = Type.Object(
  { currentPassword: Password, newEmail: Email },
  { additionalProperties: false },
);
export const PasswordBody = Type.Object({ password: Password }, { additionalProperties: false });
export const CodeBody = Type.Object({ code: OtpCode }, { additionalProperties: false });
export const DisableMfaBody = Type.Object(
  { password: Password, code: OtpCode },
  { additionalProperties: false },
);
export const SwitchOrgBody = Type.Object(
  { organization: Type.String({ maxLength: 63, description: 'The organization’s slug' }) },
  { additionalProperties: false },
);

export const Accepted = Type.Object({ status: Type.Literal('accepted'), message: Type.String() });

const OrgMembership = Type.Object({
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  name: Type.String(),
  role: Type.Union(ROLES.map((r) => Type.Literal(r))),
});

export const Me = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    email: Type.String(),
    name: Type.String(),
    emailVerified: Type.Boolean(),
    platformAdmin: Type.Boolean(),
    mfaEnabled: Type.Boolean(),
    organizations: Type.Array(OrgMembership),
    activeOrganization: Type.Union([OrgMembership, Type.Null()]),
    permissions: Type.Array(Type.Union(Object.keys(PERMISSIONS).map((p) => Type.Literal(p))), {
      description:
        'What the active role may do in the active organization (docs/security.md); the web app hides what it may not. The server checks every request regardless.',
    }),
    csrfToken: Type.String({ description: 'Send as X-CSRF-Token on POST, PUT, PATCH and DELETE' }),
  },
  { $id: 'Me' },
);
export type Me = Static<typeof Me>;

export const Session = Type.Object({
  id: Type.String({ format: 'uuid' }),
  current: Type.Boolean(),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
});
export const SessionList = Type.Object({ data: Type.Array(Session) });
export const SessionParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const TotpSetup = Type.Object({
  secret: Type.String({ description: 'Base32; enter it in the authenticator app if you cannot scan' }),
  otpauthUri: Type.String({ description: 'otpauth:// URI, for a QR code' }),
});
export const RecoveryCodes = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { description: 'Shown once; each works once' }),
});
