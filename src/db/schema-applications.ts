// Drizzle tables of migrations/0007_applications.sql (candidates, applications and the pipeline).
import { customType, integer, jsonb, pgTable, primaryKey, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { tz } from './schema.ts';

export const STAGE_KINDS = [
  'applied',
  'screening',
  'interview',
  'offer',
  'hired',
  'rejected',
  'custom',
] as const;
export type StageKind = (typeof STAGE_KINDS)[number];
export const APPLICATION_STATUSES = ['active', 'rejected', 'withdrawn', 'hired'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const SOURCES = ['career_site', 'api', 'referral', 'sourced', 'agency', 'other'] as const;
export type Source = (typeof SOURCES)[number];
export type ParseStatus = 'pending' | 'done' | 'failed' | 'none';

export interface Consent {
  text: string;
  privacyUrl: string;
  at: string;
}

/** Written with SQL (to_tsvector); never read back by the app. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const appSecrets = pgTable('app_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
});

export const pipelineStages = pgTable('pipeline_stages', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  postingId: uuid('posting_id'),
  name: text('name').notNull(),
  kind: text('kind').$type<StageKind>().notNull(),
  position: integer('position').notNull(),
});

export const candidates = pgTable('candidates', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  email: text('email'),
  name: text('name').notNull(),
  phone: text('phone'),
  createdAt: tz('created_at').notNull().defaultNow(),
  lastActivityAt: tz('last_activity_at').notNull().defaultNow(),
  consentRenewedAt: tz('consent_renewed_at'),
  renewalMailedAt: tz('renewal_mailed_at'),
  anonymizedAt: tz('anonymized_at'),
  erasureRequestedAt: tz('erasure_requested_at'),
  exportRequestedAt: tz('export_requested_at'),
});

export const files = pgTable('files', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  storageKey: text('storage_key').notNull(),
  filename: text('filename').notNull(),
  mediaType: text('media_type').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  createdAt: tz('created_at').notNull().defaultNow(),
});

export const applications = pgTable('applications', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  postingId: uuid('posting_id').notNull(),
  candidateId: uuid('candidate_id').notNull(),
  email: text('email').notNull(),
  stageId: uuid('stage_id').notNull(),
  stageEnteredAt: tz('stage_entered_at').notNull().defaultNow(),
  status: text('status').$type<ApplicationStatus>().notNull().default('active'),
  rejectionReason: text('rejection_reason'),
  rejectionMailedAt: tz('rejection_mailed_at'),
  /** The confirmation email was queued (null: not yet; see sendMissingConfirmations). */
  confirmationQueuedAt: tz('confirmation_queued_at'),
  source: text('source').$type<Source>().notNull(),
  answers: jsonb('answers').$type<Record<string, unknown>>().notNull(),
  knockouts: text('knockouts').array().notNull(),
  consent: jsonb('consent').$type<Consent>().notNull(),
  resumeFileId: uuid('resume_file_id'),
  coverLetterFileId: uuid('cover_letter_file_id'),
  parseStatus: text('parse_status').$type<ParseStatus>().notNull().default('pending'),
  parseError: text('parse_error'),
  resumeText: text('resume_text'),
  parsed: jsonb('parsed'),
  match: jsonb('match'),
  score: smallint('score'),
  skillIds: text('skill_ids').array().notNull(),
  search: tsvector('search').notNull(),
  createdAt: tz('created_at').notNull().defaultNow(),
  updatedAt: tz('updated_at').notNull().defaultNow(),
});

export const applicationEvents = pgTable('application_events', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  applicationId: uuid('application_id').notNull(),
  kind: text('kind').notNull(),
  actorType: text('actor_type').notNull(),
  actorId: uuid('actor_id'),
  actorLabel: text('actor_label'),
  fromStageId: uuid('from_stage_id'),
  toStageId: uuid('to_stage_id'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  at: tz('at').notNull().defaultNow(),
});

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    orgId: uuid('org_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    applicationId: uuid('application_id'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] })],
);

export const applicationAssignments = pgTable(
  'application_assignments',
  {
    applicationId: uuid('application_id').notNull(),
    userId: uuid('user_id').notNull(),
    orgId: uuid('org_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.userId] })],
);

export const applicationNotes = pgTable('application_notes', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  applicationId: uuid('application_id').notNull(),
  authorId: uuid('author_id'),
  authorLabel: text('author_label').notNull(),
  body: text('body').notNull(),
  mentions: uuid('mentions').array().notNull(),
  createdAt: tz('created_at').notNull().defaultNow(),
});

export const scorecards = pgTable('scorecards', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  applicationId: uuid('application_id').notNull(),
  authorId: uuid('author_id').notNull(),
  interview: text('interview').notNull(),
  ratings: jsonb('ratings').$type<{ criterion: string; rating: number }[]>().notNull(),
  recommendation: text('recommendation').notNull(),
  notes: text('notes').notNull(),
  submittedAt: tz('submitted_at').notNull().defaultNow(),
});

export const emailTemplates = pgTable(
  'email_templates',
  {
    orgId: uuid('org_id').notNull(),
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.kind] })],
);
