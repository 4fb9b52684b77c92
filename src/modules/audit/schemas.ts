import { type Static, Type } from '@sinclair/typebox';
import { PageQuery, pageOf } from '../../http/pagination.ts';

export const AuditEvent = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    action: Type.String({ examples: ['auth.login'] }),
    actor: Type.Object({
      type: Type.String({ examples: ['user', 'api_token', 'system', 'anonymous'] }),
      id: Type.Union([Type.String(), Type.Null()]),
      label: Type.Union([Type.String(), Type.Null()]),
    }),
    target: Type.Union([
      Type.Object({ type: Type.String(), id: Type.Union([Type.String(), Type.Null()]) }),
      Type.Null(),
    ]),
    ip: Type.Union([Type.String(), Type.Null()]),
    userAgent: Type.Union([Type.String(), Type.Null()]),
    data: Type.Record(Type.String(), Type.Unknown()),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'AuditEvent' },
);
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditPage = pageOf(Type.Ref('AuditEvent'));

export const AuditQuery = Type.Object(
  {
    ...PageQuery,
    action: Type.Optional(
      Type.String({
        maxLength: 100,
        pattern: '^[a-z_.]+$',
        description: 'Exact action, or a prefix ending in "." (auth.)',
      }),
    ),
    actorId: Type.Optional(Type.String({ format: 'uuid' })),
    since: Type.Optional(Type.String({ format: 'date-time' })),
    until: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;
