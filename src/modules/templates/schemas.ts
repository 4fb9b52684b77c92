import { type Static, Type } from '@sinclair/typebox';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { CATEGORIES, SENIORITIES } from './types.ts';

const Str = (maxLength: number, extra: object = {}) => Type.String({ maxLength, ...extra });
const Items = (maxItems: number, maxLength: number) =>
  Type.Array(Str(maxLength, { minLength: 1 }), { maxItems });

export const Category = Type.Union(
  CATEGORIES.map((c) => Type.Literal(c)),
  { description: 'Job family' },
);
export const Seniority = Type.Union(SENIORITIES.map((s) => Type.Literal(s)));
export const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,99}$', maxLength: 100 });

export const Faq = Type.Object(
  { question: Str(500, { minLength: 1 }), answer: Str(10_000, { minLength: 1 }) },
  { additionalProperties: false },
);
export const ExtraSection = Type.Object(
  {
    heading: Str(200, { minLength: 1 }),
    items: Type.Optional(Items(100, 2000)),
    text: Type.Optional(Str(20_000)),
  },
  { additionalProperties: false },
);
const Metadata = Type.Record(Type.String({ maxLength: 60 }), Str(500), { maxProperties: 50 });

/** The parser's output: the content of a template. */
const contentFields = {
  role: Str(200, { minLength: 1 }),
  title: Str(300, { minLength: 1 }),
  summary: Str(20_000),
  responsibilities: Items(100, 2000),
  qualifications: Items(100, 2000),
  skills: Items(100, 200),
  faqs: Type.Array(Faq, { maxItems: 50 }),
  extraSections: Type.Array(ExtraSection, { maxItems: 30 }),
  metadata: Metadata,
};
export const ParsedTemplate = Type.Object(contentFields);

export const TemplateCreate = Type.Object(
  {
    ...contentFields,
    title: Type.Optional(contentFields.title),
    summary: Type.Optional(contentFields.summary),
    responsibilities: Type.Optional(contentFields.responsibilities),
    qualifications: Type.Optional(contentFields.qualifications),
    skills: Type.Optional(contentFields.skills),
    faqs: Type.Optional(contentFields.faqs),
    extraSections: Type.Optional(contentFields.extraSections),
    metadata: Type.Optional(contentFields.metadata),
    slug: Type.Optional(Slug),
    category: Type.Optional(Category),
    seniority: Type.Optional(Seniority),
  },
  { additionalProperties: false },
);
export type TemplateCreate = Static<typeof TemplateCreate>;

export const TemplatePatch = Type.Partial(
  Type.Object(
    { ...contentFields, category: Category, seniority: Seniority },
    { additionalProperties: false },
  ),
  { additionalProperties: false, minProperties: 1 },
);
export type TemplatePatch = Static<typeof TemplatePatch>;

export const TemplateSkill = Type.Object({
  label: Type.String({ description: 'The skill as written in the template' }),
  skillId: Type.Union([Type.String(), Type.Null()], {
    description: 'Canonical skill in the taxonomy, if known',
  }),
});

const common = {
  id: Type.String({ format: 'uuid' }),
  slug: Slug,
  role: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  category: Category,
  seniority: Seniority,
  skills: Type.Array(TemplateSkill),
  source: Type.Union([Type.Literal('builtin'), Type.Literal('user')]),
  library: Type.Union([Type.Literal('global'), Type.Literal('organization')], {
    description: 'The built-in global library, or the organization’s own',
  }),
  forkedFrom: Type.Union([Slug, Type.Null()], { description: 'The global template this was forked from' }),
  version: Type.Integer({ minimum: 1 }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
};

export const Template = Type.Object({
  ...common,
  responsibilities: Type.Array(Type.String()),
  qualifications: Type.Array(Type.String()),
  faqs: Type.Array(Faq),
  extraSections: Type.Array(ExtraSection),
  metadata: Type.Record(Type.String(), Type.String()),
});
export type Template = Static<typeof Template>;

export const TemplateSummary = Type.Object(common);
export type TemplateSummary = Static<typeof TemplateSummary>;
export const TemplatePage = Type.Composite([
  pageOf(TemplateSummary),
  Type.Object({
    correctedQuery: Type.Optional(
      Type.String({
        description: 'Set when nothing matched `q` as typed and these corrected words were searched instead',
      }),
    ),
  }),
]);
export type TemplatePage = Static<typeof TemplatePage>;

export const TemplateListQuery = Type.Object(
  {
    q: Type.Optional(Str(200, { description: 'Web-search syntax: "exact phrase", -exclude, or' })),
    category: Type.Optional(Category),
    seniority: Type.Optional(Seniority),
    skill: Type.Optional(
      Str(100, { description: 'Canonical skill id or any of its names, e.g. postgresql' }),
    ),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export const OrgTemplateListQuery = Type.Composite(
  [
    TemplateListQuery,
    Type.Object({
      library: Type.Union([Type.Literal('organization'), Type.Literal('all')], {
        default: 'organization',
        description: '`all` lists and searches the organization’s library and the global one',
      }),
    }),
  ],
  { additionalProperties: false },
);
export type OrgTemplateListQuery = Static<typeof OrgTemplateListQuery>;
export type TemplateListQuery = Static<typeof TemplateListQuery>;

export const SlugParams = Type.Object({ slug: Str(100) });
export const VersionParams = Type.Object({
  slug: Str(100),
  version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});

export const TemplateVersion = Type.Object({
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  content: Type.Object({
    ...contentFields,
    category: Category,
    seniority: Seniority,
  }),
});
export type TemplateVersion = Static<typeof TemplateVersion>;
export const VersionPage = pageOf(TemplateVersion);
export const VersionListQuery = Type.Object(PageQuery, { additionalProperties: false });

export const ImportQuery = Type.Object(
  { dryRun: Type.Boolean({ default: false, description: 'Only parse; store nothing' }) },
  { additionalProperties: false },
);

export const ForkBody = Type.Object(
  { slug: Type.Optional(Slug) },
  { additionalProperties: false, description: 'The slug in the organization’s library (default: the same)' },
);
