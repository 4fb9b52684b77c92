// Schemas of the analysis endpoints: what goes in (text, a structured document, optionally the
// facts of a posting) and the analysis that comes out.
import { type Static, Type } from '@sinclair/typebox';
import { ExtraSection, Faq } from '../templates/schemas.ts';
import { EmploymentType, Location, Salary, WorkplaceType } from '../postings/schemas.ts';
import { Nullable } from '../../http/nullable.ts';

/** Anyone may ask for an analysis: a job description is far shorter than this. */
export const MAX_ANALYZE_CHARS = 200_000;

const Items = (maxItems: number, maxLength: number) => Type.Array(Type.String({ maxLength }), { maxItems });

export const AnalysisDocument = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300 }),
    summary: Type.String({ maxLength: 20_000, default: '' }),
    responsibilities: Items(100, 2000),
    qualifications: Items(100, 2000),
    preferredQualifications: Items(100, 2000),
    skills: Items(100, 200),
    extraSections: Type.Array(ExtraSection, { maxItems: 30 }),
    faqs: Type.Array(Faq, { maxItems: 50 }),
  },
  { additionalProperties: false },
);

export const PostingContext = Type.Object(
  {
    locations: Type.Array(Location, { maxItems: 50, default: [] }),
    workplaceType: Type.Optional(WorkplaceType),
    applicantLocationRequirements: Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), {
      maxItems: 250,
      default: [],
    }),
    employmentType: Type.Optional(Nullable(EmploymentType)),
    salary: Type.Optional(Nullable(Salary)),
    employeeCount: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 10_000_000 }))),
  },
  {
    additionalProperties: false,
    description: 'Analyze as a posting: pay-transparency, location and employment-type rules run too',
  },
);
export type PostingContext = Static<typeof PostingContext>;

export const AnalyzeBody = Type.Object(
  {
    text: Type.Optional(
      Type.String({
        maxLength: MAX_ANALYZE_CHARS,
        description: 'A job description as plain text or Markdown',
      }),
    ),
    document: Type.Optional(AnalysisDocument),
    posting: Type.Optional(PostingContext),
  },
  { additionalProperties: false, description: 'Send `text` or `document` (not both).' },
);
export type AnalyzeBody = Static<typeof AnalyzeBody>;

const Span = Type.Object({
  field: Type.String({ description: 'e.g. summary, responsibilities.3, faqs.1.answer' }),
  start: Type.Integer({ description: 'UTF-16 offset into the field' }),
  end: Type.Integer(),
  text: Type.String(),
});

export const Analysis = Type.Object({
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  findings: Type.Array(
    Type.Object({
      rule: Type.String(),
      severity: Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('error')]),
      message: Type.String(),
      explanation: Type.String(),
      suggestion: Type.String(),
      span: Type.Union([Span, Type.Null()]),
      source: Type.String(),
    }),
  ),
  omittedFindings: Type.Integer({
    description: 'Findings not listed because their rule already had 25 (the score counts them)',
  }),
  gender: Type.Object({
    masculine: Type.Array(Type.String()),
    feminine: Type.Array(Type.String()),
    balance: Type.String(),
  }),
  readability: Type.Object({
    words: Type.Integer(),
    sentences: Type.Integer(),
    syllables: Type.Integer(),
    fleschReadingEase: Type.Number(),
    fleschKincaidGrade: Type.Number(),
  }),
  counts: Type.Object({
    responsibilities: Type.Integer(),
    requirements: Type.Integer(),
    words: Type.Integer(),
  }),
  rulesVersion: Type.String(),
});

export const RuleList = Type.Object({
  rulesVersion: Type.String(),
  rules: Type.Array(
    Type.Object({
      id: Type.String(),
      severity: Type.String(),
      description: Type.String(),
      source: Type.String(),
      maxPenalty: Type.Number(),
    }),
  ),
});
