// Request and response schemas of the organization's applications API (/api/v1/org/applications).
import { type Static, Type } from '@sinclair/typebox';
import { Nullable } from '../../http/nullable.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { APPLICATION_STATUSES, SOURCES, STAGE_KINDS } from '../../db/schema-applications.ts';

const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const literals = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));

export const StageKind = literals(STAGE_KINDS);
export const ApplicationStatus = literals(APPLICATION_STATUSES);
export const Source = literals(SOURCES);

export const Stage = Type.Object(
  { id: Uuid, name: Type.String(), kind: StageKind, position: Type.Integer() },
  { $id: 'PipelineStage' },
);
export type Stage = Static<typeof Stage>;

const SkillRef = Type.Object({ id: Type.String(), name: Type.String() });
export const Match = Type.Object(
  {
    score: Nullable(Type.Integer({ minimum: 0, maximum: 100 })),
    required: Type.Object({ matched: Type.Array(SkillRef), missing: Type.Array(SkillRef) }),
    preferred: Type.Object({ matched: Type.Array(SkillRef), missing: Type.Array(SkillRef) }),
    extra: Type.Array(SkillRef),
    unlinked: Type.Array(Type.String()),
    explanation: Type.String(),
  },
  {
    $id: 'MatchScore',
    description:
      'Advisory only: it sorts and explains, it never rejects anyone. Required skills weigh 3, preferred 1; score = matched weight ÷ total weight × 100.',
  },
);

export const ApplicationSummary = Type.Object(
  {
    id: Uuid,
    posting: Type.Object({ id: Uuid, title: Type.String() }),
    candidate: Type.Object({ id: Uuid, name: Type.String(), email: Type.String() }),
    stage: Stage,
    stageEnteredAt: Timestamp,
    status: ApplicationStatus,
    source: Source,
    score: Nullable(Type.Integer()),
    /** Questions answered with their knock-out answer (flagged, never rejected). */
    knockouts: Type.Array(Type.String()),
    parseStatus: literals(['pending', 'done', 'failed', 'none'] as const),
    skills: Type.Array(Type.String({ description: 'Canonical skill ids found in the resume' })),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'ApplicationSummary' },
);
export type ApplicationSummary = Static<typeof ApplicationSummary>;
export const ApplicationPage = pageOf(Type.Ref(ApplicationSummary));

export const FileInfo = Type.Object({
  id: Uuid,
  role: literals(['resume', 'cover_letter', 'answer'] as const),
  filename: Type.String(),
  mediaType: Type.String(),
  size: Type.Integer(),
});

export const StageVisit = Type.Object({
  stage: Type.Object({ id: Uuid, name: Type.String(), kind: StageKind }),
  enteredAt: Timestamp,
  leftAt: Nullable(Timestamp),
  seconds: Type.Integer({ description: 'Time in the stage (until now for the current one)' }),
  by: Type.String(),
});

export const ApplicationDetail = Type.Composite(
  [
    Type.Omit(ApplicationSummary, []),
    Type.Object({
      phone: Nullable(Type.String()),
      answers: Type.Array(
        Type.Object({
          questionId: Type.String(),
          label: Type.String(),
          type: Type.String(),
          answer: Type.Unknown(),
          knockout: Type.Boolean(),
        }),
      ),
      consent: Type.Object({ text: Type.String(), privacyUrl: Type.String(), at: Timestamp }),
      rejectionReason: Nullable(Type.String()),
      parseError: Nullable(Type.String()),
      match: Nullable(Type.Ref(Match)),
      contacts: Nullable(
        Type.Unknown({ description: 'Contact details read from the resume (not for viewers)' }),
      ),
      resumeText: Nullable(
        Type.String({
          description:
            'The text read from the resume (at most 100,000 characters), for a preview; null until it is read, when it could not be, and for viewers',
        }),
      ),
      files: Type.Array(FileInfo, { description: 'Empty for viewers, who may not see files' }),
      stageHistory: Type.Array(StageVisit),
      assignedTo: Type.Array(Uuid),
      otherApplications: Type.Array(
        Type.Object({
          id: Uuid,
          postingTitle: Type.String(),
          status: ApplicationStatus,
          createdAt: Timestamp,
        }),
      ),
    }),
  ],
  { $id: 'ApplicationDetail' },
);
export type ApplicationDetail = Static<typeof ApplicationDetail>;

const csv = (description: string) => Type.Optional(Type.String({ maxLength: 1000, description }));

export const ApplicationListQuery = Type.Object(
  {
    stage: csv('Stage ids or kinds, comma-separated (e.g. `interview,offer`)'),
    status: csv('Statuses, comma-separated (`active,hired`); default all'),
    scoreMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    scoreMax: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    skill: csv('Skills (names, aliases or ids), comma-separated: applications whose resume has all of them'),
    source: csv('Sources, comma-separated'),
    createdFrom: Type.Optional(Type.String({ format: 'date-time' })),
    createdTo: Type.Optional(Type.String({ format: 'date-time' })),
    knockout: Type.Optional(
      Type.Boolean({ description: 'Only applications flagged by a knock-out answer (or only unflagged)' }),
    ),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words in the name, email or resume text' })),
    sort: Type.Optional(literals(['newest', 'oldest', 'score'] as const)),
    postingId: Type.Optional(Uuid),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ApplicationListQuery = Static<typeof ApplicationListQuery>;

export const MoveBody = Type.Object(
  {
    stageId: Uuid,
    reason: Type.Optional(
      Type.String({ minLength: 1, maxLength: 500, description: 'Required when moving to a rejected stage' }),
    ),
    notify: Type.Optional(
      Type.Boolean({
        description: 'Email the candidate (rejection or stage-change template); default false',
      }),
    ),
  },
  { additionalProperties: false },
);
export type MoveBody = Static<typeof MoveBody>;

export const BulkMoveBody = Type.Composite(
  [MoveBody, Type.Object({ ids: Type.Array(Uuid, { minItems: 1, maxItems: 100, uniqueItems: true }) })],
  { additionalProperties: false },
);
export type BulkMoveBody = Static<typeof BulkMoveBody>;

export const BulkMoveResult = Type.Object({
  moved: Type.Array(Uuid),
  unchanged: Type.Array(Uuid, { description: 'Already in that stage' }),
});

export const TimelineEvent = Type.Object({
  id: Uuid,
  kind: Type.String(),
  actor: Type.String(),
  fromStage: Nullable(Type.String()),
  toStage: Nullable(Type.String()),
  data: Type.Unknown(),
  at: Timestamp,
});
export const Timeline = Type.Object({ items: Type.Array(TimelineEvent) });

export const AssignBody = Type.Object(
  { userIds: Type.Array(Uuid, { maxItems: 20, uniqueItems: true }) },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ id: Uuid });
export const FileParams = Type.Object({ id: Uuid, fileId: Uuid });
