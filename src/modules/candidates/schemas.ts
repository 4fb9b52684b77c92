// Request and response schemas of the candidates API (/api/v1/org/candidates).
import { type Static, Type } from '@sinclair/typebox';
import { Nullable } from '../../http/nullable.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { ApplicationStatus, StageKind, TimelineEvent } from '../applications/schemas.ts';

const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });

export const IdParams = Type.Object({ id: Uuid });

export const CandidateListQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 200,
        description: 'The start of the name (or of a word in it) or of the email',
      }),
    ),
    erasureRequested: Type.Optional(
      Type.Boolean({ description: 'Only candidates who asked for erasure (or only those who did not)' }),
    ),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type CandidateListQuery = Static<typeof CandidateListQuery>;

export const CandidateSummary = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    email: Nullable(Type.String()),
    applications: Type.Integer({ description: 'Applications you can see' }),
    createdAt: Timestamp,
    lastActivityAt: Timestamp,
    erasureRequestedAt: Nullable(Timestamp),
    exportRequestedAt: Nullable(Timestamp),
  },
  { $id: 'CandidateSummary' },
);
export type CandidateSummary = Static<typeof CandidateSummary>;
export const CandidatePage = pageOf(Type.Ref(CandidateSummary));

const SkillRef = Type.Object({ id: Type.String(), name: Type.String() });

export const CandidateApplication = Type.Object({
  id: Uuid,
  posting: Type.Object({ id: Uuid, title: Type.String() }),
  stage: Type.Object({ id: Uuid, name: Type.String(), kind: StageKind }),
  status: ApplicationStatus,
  score: Nullable(Type.Integer()),
  createdAt: Timestamp,
  skills: Type.Array(Type.String({ description: 'Canonical skill ids found in the resume' })),
});

/** An application's timeline event, with the application it belongs to. */
export const CandidateEvent = Type.Composite([TimelineEvent, Type.Object({ applicationId: Uuid })]);

export const CandidateProfile = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    email: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    createdAt: Timestamp,
    lastActivityAt: Timestamp,
    anonymizedAt: Nullable(Timestamp),
    retention: Type.Object({
      keptUntil: Type.String({
        format: 'date-time',
        description: 'When the data is anonymized unless there is activity or renewed consent before',
      }),
      consentRenewedAt: Nullable(Timestamp),
    }),
    requests: Type.Object({
      erasureRequestedAt: Nullable(Timestamp),
      exportRequestedAt: Nullable(Timestamp),
    }),
    applications: Type.Array(CandidateApplication),
    skills: Type.Array(SkillRef, { description: 'Every skill found in the candidate’s resumes' }),
    timeline: Type.Array(CandidateEvent, { description: 'Newest first, at most 500 events' }),
  },
  { $id: 'CandidateProfile' },
);
export type CandidateProfile = Static<typeof CandidateProfile>;

export const EraseBody = Type.Object(
  {
    confirm: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'The candidate’s id, typed again: erasure cannot be undone',
      }),
    ),
  },
  { additionalProperties: false },
);
export type EraseBody = Static<typeof EraseBody>;

export const EraseResult = Type.Object({
  erased: Type.Literal(true),
  pseudonym: Type.String({ description: 'What the audit log calls the candidate from now on' }),
  files: Type.Integer({ description: 'Stored files deleted' }),
});
export type EraseResult = Static<typeof EraseResult>;
