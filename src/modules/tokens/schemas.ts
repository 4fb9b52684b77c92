import { type Static, Type } from '@sinclair/typebox';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { SCOPES } from '../access/permissions.ts';

const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const ScopeSchema = Type.Union(
  SCOPES.map((scope) => Type.Literal(scope)),
  { description: 'A write scope includes the matching read scope' },
);

export const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', examples: ['ATS sync'] }),
    scopes: Type.Array(ScopeSchema, { minItems: 1, maxItems: SCOPES.length, uniqueItems: true }),
    expiresAt: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'In the future, at most one year ahead; none: never expires',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateTokenBody = Static<typeof CreateTokenBody>;

const tokenFields = {
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to tell tokens apart' }),
  scopes: Type.Array(ScopeSchema),
  createdAt: Timestamp,
  expiresAt: NullableTimestamp,
  lastUsedAt: NullableTimestamp,
};

export const ApiToken = Type.Object(
  {
    ...tokenFields,
    createdBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    revokedAt: NullableTimestamp,
  },
  { $id: 'ApiToken' },
);
export type ApiToken = Static<typeof ApiToken>;
export const ApiTokenPage = pageOf(Type.Ref('ApiToken'));

export const CreatedToken = Type.Object({
  ...tokenFields,
  token: Type.String({
    description: 'The secret, shown only in this response; send as Authorization: Bearer',
  }),
});
export type CreatedToken = Static<typeof CreatedToken>;

export const TokenListQuery = Type.Object(
  {
    ...PageQuery,
    includeRevoked: Type.Boolean({ default: false, description: 'List revoked tokens too' }),
  },
  { additionalProperties: false },
);
export type TokenListQuery = Static<typeof TokenListQuery>;

export const TokenParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
