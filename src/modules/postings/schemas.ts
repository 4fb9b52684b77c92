// Request and response schemas for postings: they validate input, type the handlers and document
// the API. Limits on every string and array keep a posting bounded (it is rendered on every page).
import { type Static, Type } from '@sinclair/typebox';
import { Nullable } from '../../http/nullable.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { ExtraSection, Faq, Slug } from '../templates/schemas.ts';
import {
  EDUCATION_LEVELS,
  EMPLOYMENT_TYPES,
  HIRING_ROLES,
  POSTING_STATUSES,
  QUESTION_TYPES,
  SALARY_PERIODS,
  WORKPLACE_TYPES,
} from './types.ts';

const Str = (maxLength: number, extra: object = {}) => Type.String({ maxLength, ...extra });
const NonBlank = (maxLength: number) => Str(maxLength, { minLength: 1, pattern: '\\S' });
const Items = (maxItems: number, maxLength: number) => Type.Array(NonBlank(maxLength), { maxItems });
// Unsafe keeps the union's JSON Schema and gives it the literal type TypeBox cannot infer from a map.
const Enum = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>(
    Type.Union(
      values.map((v) => Type.Literal(v)),
      description ? { description } : {},
    ),
  );
const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2, e.g. US' });

export const PostingStatus = Enum(POSTING_STATUSES);
export const EmploymentType = Enum(EMPLOYMENT_TYPES, 'schema.org employmentType');
export const WorkplaceType = Enum(WORKPLACE_TYPES);

export const Location = Type.Object(
  {
    city: Type.Optional(NonBlank(100)),
    region: Type.Optional(
      Str(100, {
        minLength: 1,
        description: 'State or province: ISO 3166-2 code without the country (NY) or name',
      }),
    ),
    countryCode: CountryCode,
    postalCode: Type.Optional(Str(20, { minLength: 1, pattern: '^[A-Za-z0-9 -]+$' })),
  },
  { additionalProperties: false },
);

export const Salary = Type.Object(
  {
    min: Nullable(Type.Number({ minimum: 0, maximum: 1e9 })),
    max: Nullable(Type.Number({ minimum: 0, maximum: 1e9 })),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, e.g. USD' }),
    period: Enum(SALARY_PERIODS),
  },
  { additionalProperties: false, description: 'A range; pay-transparency rules may require both ends' },
);

export const Question = Type.Object(
  {
    id: Type.Optional(
      Type.String({ pattern: '^[a-z0-9_-]{1,40}$', description: 'Stable id; generated when missing' }),
    ),
    type: Enum(QUESTION_TYPES),
    label: NonBlank(300),
    required: Type.Boolean({ default: false }),
    helpText: Type.Optional(Str(1000)),
    options: Type.Optional(Type.Array(NonBlank(200), { minItems: 2, maxItems: 50 })),
    knockoutAnswer: Type.Optional(
      Type.Boolean({ description: 'yes_no only: this answer flags the application for review' }),
    ),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    consentText: Type.Optional(Str(5000, { minLength: 1 })),
  },
  { additionalProperties: false },
);

export const TeamMember = Type.Object(
  { userId: Uuid, role: Enum(HIRING_ROLES) },
  { additionalProperties: false },
);

const contentFields = {
  title: Type.String({
    minLength: 1,
    maxLength: 80,
    pattern: '\\S',
    description: 'At most 80 characters, without salary or location',
  }),
  department: Nullable(NonBlank(100)),
  summary: Str(20_000),
  responsibilities: Items(50, 2000),
  qualifications: Items(50, 2000),
  preferredQualifications: Items(50, 2000),
  extraSections: Type.Array(ExtraSection, { maxItems: 20 }),
  faqs: Type.Array(Faq, { maxItems: 30 }),
  requiredSkills: Items(50, 200),
  preferredSkills: Items(50, 200),
  locations: Type.Array(Location, { maxItems: 50 }),
  workplaceType: WorkplaceType,
  applicantLocationRequirements: Type.Array(CountryCode, {
    maxItems: 250,
    description: 'Remote jobs: the countries applicants must live in; empty means anywhere',
  }),
  employmentType: Nullable(EmploymentType),
  salary: Nullable(Salary),
  validThrough: Nullable(Timestamp),
  experienceMonths: Nullable(Type.Integer({ minimum: 0, maximum: 600 })),
  educationLevel: Nullable(Enum(EDUCATION_LEVELS, 'schema.org credentialCategory')),
  questions: Type.Array(Question, { maxItems: 50 }),
  hiringTeam: Type.Array(TeamMember, { maxItems: 50 }),
};

/** Input: everything optional; creating from a template fills what is not given. */
export const PostingInput = Type.Partial(Type.Object(contentFields, { additionalProperties: false }), {
  additionalProperties: false,
});
export type PostingInput = Static<typeof PostingInput>;

export const PostingCreate = Type.Composite(
  [
    PostingInput,
    Type.Object({
      template: Type.Optional(
        Type.Object(
          {
            slug: Slug,
            library: Type.Union([Type.Literal('organization'), Type.Literal('global')], {
              default: 'organization',
            }),
          },
          { additionalProperties: false },
        ),
      ),
    }),
  ],
  {
    additionalProperties: false,
    description:
      'From a template (its content copied for editing; fields given here override it) or from scratch (title required).',
  },
);
export type PostingCreate = Static<typeof PostingCreate>;

export const PostingPatch = Type.Partial(Type.Object(contentFields, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
});
export type PostingPatch = Static<typeof PostingPatch>;

export const PostingContent = Type.Object({
  ...contentFields,
  questions: Type.Array(Type.Composite([Question, Type.Object({ id: Type.String() })])),
});

const SkillRef = Type.Object({ label: Type.String(), skillId: Nullable(Type.String()) });

export const CheckItem = Type.Object({
  code: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
  rule: Type.Optional(Type.String({ description: 'Pay-transparency rule id' })),
  source: Type.Optional(Type.String()),
});
export type CheckItem = Static<typeof CheckItem>;

export const PublishCheck = Type.Object({
  ok: Type.Boolean({ description: 'Whether publishing would succeed' }),
  errors: Type.Array(CheckItem),
  warnings: Type.Array(CheckItem),
  payTransparency: Type.Union([Type.Literal('required'), Type.Literal('recommended'), Type.Literal('none')]),
});
export type PublishCheck = Static<typeof PublishCheck>;

export const Posting = Type.Object({
  id: Uuid,
  slug: Type.String(),
  referenceNumber: Type.String(),
  status: PostingStatus,
  version: Type.Integer(),
  templateId: Nullable(Uuid),
  content: PostingContent,
  skills: Type.Object({ required: Type.Array(SkillRef), preferred: Type.Array(SkillRef) }),
  url: Nullable(Type.String({ description: 'The public job page, once published' })),
  firstPublishedAt: Nullable(Timestamp),
  publishedAt: Nullable(Timestamp),
  closedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Posting = Static<typeof Posting>;

export const PostingSummary = Type.Object({
  id: Uuid,
  slug: Type.String(),
  referenceNumber: Type.String(),
  status: PostingStatus,
  title: Type.String(),
  department: Nullable(Type.String()),
  version: Type.Integer(),
  publishedAt: Nullable(Timestamp),
  validThrough: Nullable(Timestamp),
  updatedAt: Timestamp,
});
export type PostingSummary = Static<typeof PostingSummary>;
export const PostingPage = pageOf(PostingSummary);
export type PostingPage = Static<typeof PostingPage>;

export const PostingListQuery = Type.Object(
  {
    status: Type.Optional(PostingStatus),
    q: Type.Optional(Str(200, { description: 'Words in the title or department' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type PostingListQuery = Static<typeof PostingListQuery>;

export const IdParams = Type.Object({ id: Uuid });
export const VersionParams = Type.Object({
  id: Uuid,
  version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});

export const TransitionBody = Type.Object(
  { reason: Type.Optional(Str(500, { description: 'Recorded in the posting’s history' })) },
  { additionalProperties: false },
);

export const PostingEvent = Type.Object({
  from: PostingStatus,
  to: PostingStatus,
  actor: Type.String({ description: 'Who: a person’s email, an API token’s name, or "system"' }),
  reason: Nullable(Type.String()),
  at: Timestamp,
});
export const PostingEventList = Type.Object({ items: Type.Array(PostingEvent) });

export const PostingVersion = Type.Object({
  version: Type.Integer(),
  status: PostingStatus,
  createdAt: Timestamp,
  content: PostingContent,
});
export const PostingVersionPage = pageOf(PostingVersion);
export const VersionListQuery = Type.Object(PageQuery, { additionalProperties: false });
