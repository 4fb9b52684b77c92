// Request and response schemas of the pipeline API: stage lists and candidate email templates.
import { type Static, Type } from '@sinclair/typebox';
import { EMAIL_KINDS, EMAIL_VARIABLES } from '../applications/emails.ts';
import { STAGE_KINDS } from '../../db/schema-applications.ts';

const Uuid = Type.String({ format: 'uuid' });
const uuid = (description: string) => Type.String({ format: 'uuid', description });
export const MAX_STAGES = 20;
/** One of these strings, typed as such (a plain Union of a mapped array types as `string`). */
const literals = <T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));
const StageKind = literals(STAGE_KINDS);

// No $id: the applications plugin registers `PipelineStage` in its own (sibling) scope.
export const StageItem = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: StageKind,
  position: Type.Integer(),
});
export type StageItem = Static<typeof StageItem>;

export const StageInput = Type.Object(
  {
    id: Type.Optional(uuid('An existing stage of this list: keeps its id')),
    // No control characters: names are shown in emails and kept unique case-insensitively.
    name: Type.String({ minLength: 1, maxLength: 60, pattern: '^[^\\x00-\\x1f\\x7f]+$' }),
    kind: StageKind,
  },
  { additionalProperties: false },
);
export type StageInput = Static<typeof StageInput>;

const Stages = Type.Array(StageInput, {
  minItems: 2,
  maxItems: MAX_STAGES,
  description:
    'The whole list, in order: exactly one `applied` stage, first; at least one `hired`; exactly one `rejected`; names unique (case-insensitive).',
});

export const StagesBody = Type.Object({ stages: Stages }, { additionalProperties: false });
export type StagesBody = Static<typeof StagesBody>;

export const StageMove = Type.Object(
  {
    from: uuid('A stage of the posting’s current list'),
    to: Type.Integer({ minimum: 0, maximum: MAX_STAGES - 1, description: 'Index in the new list' }),
  },
  { additionalProperties: false },
);
export type StageMove = Static<typeof StageMove>;

export const PostingStagesBody = Type.Object(
  {
    stages: Stages,
    moves: Type.Optional(
      Type.Array(StageMove, {
        maxItems: MAX_STAGES,
        description: 'Where the applications of a stage that goes away move to',
      }),
    ),
  },
  { additionalProperties: false },
);
export type PostingStagesBody = Static<typeof PostingStagesBody>;

export const StageList = Type.Object({ items: Type.Array(StageItem) });
export type StageList = Static<typeof StageList>;

export const PostingStageList = Type.Object({
  custom: Type.Boolean({ description: 'The posting has its own list (false: the organization’s default)' }),
  items: Type.Array(StageItem),
});
export type PostingStageList = Static<typeof PostingStageList>;

export const EmailKind = literals(EMAIL_KINDS);

const Subject = Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\r\\n]+$' });
const Body = Type.String({ minLength: 1, maxLength: 20_000 });

export const EmailTemplateItem = Type.Object({
  kind: EmailKind,
  subject: Type.String(),
  body: Type.String(),
  custom: Type.Boolean({ description: 'The organization’s own text (false: the built-in one)' }),
  variables: Type.Array(literals(EMAIL_VARIABLES), { description: 'Written `{{name}}`' }),
});
export type EmailTemplateItem = Static<typeof EmailTemplateItem>;
export const EmailTemplateList = Type.Object({ items: Type.Array(EmailTemplateItem) });

export const EmailTemplateBody = Type.Object(
  { subject: Subject, body: Body },
  { additionalProperties: false },
);
export type EmailTemplateBody = Static<typeof EmailTemplateBody>;

export const PreviewBody = Type.Object(
  {
    subject: Type.Optional(Subject),
    body: Type.Optional(Body),
    applicationId: Type.Optional(uuid('Fill the variables from this application')),
  },
  { additionalProperties: false },
);
export type PreviewBody = Static<typeof PreviewBody>;
export const Preview = Type.Object({ subject: Type.String(), body: Type.String() });

export const PostingParams = Type.Object({ id: Uuid });
export const KindParams = Type.Object({ kind: EmailKind });
