// The public job-board API's shapes: what an integrator knows from the Greenhouse Job Board API
// and the Lever Postings API (a list with optional content, one job with its application form).
import { type Static, Type } from '@sinclair/typebox';
import { Nullable } from '../../http/nullable.ts';
import { OrgSlug } from '../orgs/schemas.ts';
import { EmploymentType, Location, PostingContent, Salary, WorkplaceType } from '../postings/schemas.ts';

export const BoardParams = Type.Object({ org: Type.String({ maxLength: 63 }) });
export const BoardJobParams = Type.Object({
  org: Type.String({ maxLength: 63 }),
  id: Type.String({ maxLength: 110, description: 'The posting id (or its slug)' }),
});

export const BoardFilters = {
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Full-text search (web-search syntax)' })),
  location: Type.Optional(
    Type.String({ maxLength: 200, description: 'A location facet value, e.g. "Berlin, DE" or "Remote"' }),
  ),
  department: Type.Optional(Type.String({ maxLength: 100 })),
  employmentType: Type.Optional(Type.Union([EmploymentType, Type.Literal('')])),
  workplaceType: Type.Optional(Type.Union([WorkplaceType, Type.Literal('')])),
  pay: Type.Optional(
    Type.String({
      pattern: '^([A-Z]{3} [0-9]{1,9})?$',
      description:
        'Pays at least this much a year, as "CUR amount", e.g. "USD 100000" (a salary facet value)',
    }),
  ),
};

export const BoardListQuery = Type.Object(
  {
    ...BoardFilters,
    content: Type.Boolean({ default: false, description: 'Include each job’s full description (HTML)' }),
    facets: Type.Boolean({
      default: false,
      description: 'Include counts by department, location, type and pay',
    }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
  },
  { additionalProperties: false },
);
export type BoardListQuery = Static<typeof BoardListQuery>;

const FacetValue = Type.Object({ value: Type.String(), count: Type.Integer() });
export const Facets = Type.Object({
  department: Type.Array(FacetValue),
  location: Type.Array(FacetValue),
  employmentType: Type.Array(FacetValue),
  workplaceType: Type.Array(FacetValue),
  pay: Type.Array(FacetValue, { description: 'Values like "USD 100000": jobs paying at least that a year' }),
});
export type Facets = Static<typeof Facets>;

export const BoardJob = Type.Object({
  id: Type.String({ format: 'uuid' }),
  referenceNumber: Type.String(),
  title: Type.String(),
  url: Type.String({ description: 'The job page on the career site' }),
  applyUrl: Type.String(),
  department: Nullable(Type.String()),
  locations: Type.Array(Location),
  locationNames: Type.Array(Type.String()),
  workplaceType: WorkplaceType,
  applicantLocationRequirements: Type.Array(Type.String()),
  employmentType: Nullable(EmploymentType),
  salary: Nullable(Salary),
  datePosted: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  validThrough: Nullable(Type.String({ format: 'date-time' })),
  content: Type.Optional(Type.String({ description: 'The description as HTML (with content=true)' })),
});
export type BoardJob = Static<typeof BoardJob>;

export const BoardPage = Type.Object({
  organization: Type.Object({ slug: OrgSlug, name: Type.String(), url: Type.String() }),
  total: Type.Integer({ description: 'Jobs matching the filters' }),
  data: Type.Array(BoardJob),
  facets: Type.Optional(Facets),
  nextCursor: Nullable(Type.String()),
});
export type BoardPage = Static<typeof BoardPage>;

export const FormField = Type.Object({
  id: Type.String(),
  type: Type.String(),
  label: Type.String(),
  required: Type.Boolean(),
  helpText: Type.Optional(Type.String()),
  options: Type.Optional(Type.Array(Type.String())),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  consentText: Type.Optional(Type.String()),
  accept: Type.Optional(Type.Array(Type.String(), { description: 'File fields: accepted types' })),
  maxBytes: Type.Optional(Type.Integer()),
});

export const BoardJobDetail = Type.Composite([
  BoardJob,
  Type.Object({
    content: Type.String({ description: 'The description as HTML' }),
    sections: Type.Pick(PostingContent, [
      'summary',
      'responsibilities',
      'qualifications',
      'preferredQualifications',
      'extraSections',
      'faqs',
      'requiredSkills',
      'preferredSkills',
      'experienceMonths',
      'educationLevel',
    ]),
    applicationForm: Type.Object({
      fields: Type.Array(FormField, { description: 'Standard fields every application has' }),
      questions: Type.Array(FormField, { description: 'The posting’s screening questions' }),
    }),
  }),
]);
export type BoardJobDetail = Static<typeof BoardJobDetail>;

export const SalaryQuery = Type.Object(
  {
    role: Type.String({
      minLength: 2,
      maxLength: 100,
      description: 'Words of the job title, e.g. backend developer',
    }),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
  },
  { additionalProperties: false },
);
export type SalaryQuery = Static<typeof SalaryQuery>;

export const SalaryInsights = Type.Object({
  role: Type.String(),
  country: Type.String(),
  available: Type.Boolean({
    description: 'false when fewer than 5 postings from at least 3 organizations contribute',
  }),
  minimum: Type.Object({ postings: Type.Integer(), organizations: Type.Integer() }),
  results: Type.Array(
    Type.Object({
      currency: Type.String(),
      period: Type.Literal('YEAR'),
      sampleSize: Type.Integer(),
      organizations: Type.Integer(),
      p25: Type.Number(),
      p50: Type.Number(),
      p75: Type.Number(),
    }),
  ),
});
export type SalaryInsights = Static<typeof SalaryInsights>;
