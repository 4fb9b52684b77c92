// Drizzle table definitions mirroring migrations/*.sql (the SQL files are the source of truth;
// generated columns such as templates.search_vector are left out because the app never writes them).
import {
  bigint,
  boolean,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { PostingContent, PostingStatus } from '../modules/postings/types.ts';
import type { ExtraSection, Faq } from '../modules/templates/types.ts';

export const appState = pgTable('app_state', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const skills = pgTable('skills', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  category: text('category').notNull(),
  aliases: text('aliases').array().notNull(),
  searchText: text('search_text').notNull(),
});

export const templates = pgTable('templates', {
  id: uuid('id').primaryKey(),
  /** Null: the global library; otherwise the organization's own. */
  orgId: uuid('org_id'),
  forkedFrom: uuid('forked_from'),
  slug: text('slug').notNull(),
  role: text('role').notNull(),
  title: text('title').notNull(),
  summary: text('summary').notNull(),
  category: text('category').notNull(),
  seniority: text('seniority').notNull(),
  responsibilities: jsonb('responsibilities').$type<string[]>().notNull(),
  qualifications: jsonb('qualifications').$type<string[]>().notNull(),
  faqs: jsonb('faqs').$type<Faq[]>().notNull(),
  extraSections: jsonb('extra_sections').$type<ExtraSection[]>().notNull(),
  metadata: jsonb('metadata').$type<Record<string, string>>().notNull(),
  source: text('source').$type<'builtin' | 'user'>().notNull(),
  version: integer('version').notNull(),
  searchSkills: text('search_skills').notNull(),
  searchBody: text('search_body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const templateSkills = pgTable(
  'template_skills',
  {
    templateId: uuid('template_id')
      .notNull()
      .references(() => templates.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    label: text('label').notNull(),
    skillId: text('skill_id').references(() => skills.id, { onDelete: 'set null' }),
  },
  (t) => [primaryKey({ columns: [t.templateId, t.position] })],
);

export const templateVersions = pgTable(
  'template_versions',
  {
    templateId: uuid('template_id')
      .notNull()
      .references(() => templates.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    content: jsonb('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.templateId, t.version] })],
);

/** One row per template for search; its tsvector columns (head, body) are used through raw SQL only. */
export const templateSearch = pgTable('template_search', {
  templateId: uuid('template_id')
    .primaryKey()
    .references(() => templates.id, { onDelete: 'cascade' }),
  orgId: uuid('org_id'),
  slug: text('slug').notNull(),
  category: text('category').notNull(),
  seniority: text('seniority').notNull(),
});

export const tz = (name: string) => timestamp(name, { withTimezone: true });

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  emailVerifiedAt: tz('email_verified_at'),
  platformAdmin: boolean('platform_admin').notNull(),
  disabledAt: tz('disabled_at'),
  totpSecret: text('totp_secret'),
  totpEnabledAt: tz('totp_enabled_at'),
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  createdAt: tz('created_at').notNull().defaultNow(),
  updatedAt: tz('updated_at').notNull().defaultNow(),
});

export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    userId: uuid('user_id').notNull(),
    codeHash: text('code_hash').notNull(),
    usedAt: tz('used_at'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey(),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  website: text('website'),
  logoUrl: text('logo_url'),
  requireMfa: boolean('require_mfa').notNull(),
  employeeCount: integer('employee_count'),
  brandColor: text('brand_color'),
  careersIntro: text('careers_intro').notNull().default(''),
  postingSeq: integer('posting_seq').notNull().default(0),
  retentionMonths: integer('retention_months').notNull().default(24),
  privacyUrl: text('privacy_url'),
  consentText: text('consent_text'),
  createdAt: tz('created_at').notNull().defaultNow(),
  updatedAt: tz('updated_at').notNull().defaultNow(),
});

export const memberships = pgTable(
  'memberships',
  {
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id').notNull(),
    role: text('role').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] })],
);

export const sessions = pgTable('sessions', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  activeOrgId: uuid('active_org_id'),
  ip: text('ip'),
  userAgent: text('user_agent'),
  createdAt: tz('created_at').notNull().defaultNow(),
  lastSeenAt: tz('last_seen_at').notNull().defaultNow(),
  expiresAt: tz('expires_at').notNull(),
});

export const emailTokens = pgTable('email_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull(),
  purpose: text('purpose').$type<'verify_email' | 'reset_password' | 'change_email'>().notNull(),
  newEmail: text('new_email'),
  passwordHash: text('password_hash'),
  expiresAt: tz('expires_at').notNull(),
  usedAt: tz('used_at'),
  createdAt: tz('created_at').notNull().defaultNow(),
});

export const invitations = pgTable('invitations', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  email: text('email').notNull(),
  role: text('role').notNull(),
  tokenHash: text('token_hash').notNull(),
  invitedBy: uuid('invited_by'),
  expiresAt: tz('expires_at').notNull(),
  acceptedAt: tz('accepted_at'),
  revokedAt: tz('revoked_at'),
  createdAt: tz('created_at').notNull().defaultNow(),
});

export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  name: text('name').notNull(),
  tokenPrefix: text('token_prefix').notNull(),
  tokenHash: text('token_hash').notNull(),
  scopes: text('scopes').array().notNull(),
  createdBy: uuid('created_by'),
  expiresAt: tz('expires_at'),
  lastUsedAt: tz('last_used_at'),
  revokedAt: tz('revoked_at'),
  createdAt: tz('created_at').notNull().defaultNow(),
});

export const auditEvents = pgTable('audit_events', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id'),
  actorType: text('actor_type').notNull(),
  actorId: uuid('actor_id'),
  actorLabel: text('actor_label'),
  action: text('action').notNull(),
  targetType: text('target_type'),
  targetId: text('target_id'),
  ip: text('ip'),
  userAgent: text('user_agent'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  createdAt: tz('created_at').notNull().defaultNow(),
});

const money = (name: string) => numeric(name, { mode: 'number' });

export const postings = pgTable('postings', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  number: integer('number').notNull(),
  slug: text('slug').notNull(),
  status: text('status').$type<PostingStatus>().notNull(),
  templateId: uuid('template_id'),
  version: integer('version').notNull(),
  content: jsonb('content').$type<PostingContent>().notNull(),
  title: text('title').notNull(),
  department: text('department'),
  employmentType: text('employment_type'),
  workplaceType: text('workplace_type').notNull(),
  countries: text('countries').array().notNull(),
  locationKeys: text('location_keys').array().notNull(),
  salaryCurrency: text('salary_currency'),
  salaryPeriod: text('salary_period'),
  salaryMin: money('salary_min'),
  salaryMax: money('salary_max'),
  annualMin: money('annual_min'),
  annualMax: money('annual_max'),
  searchText: text('search_text').notNull(),
  validThrough: tz('valid_through'),
  firstPublishedAt: tz('first_published_at'),
  publishedAt: tz('published_at'),
  closedAt: tz('closed_at'),
  createdBy: uuid('created_by'),
  createdAt: tz('created_at').notNull().defaultNow(),
  updatedAt: tz('updated_at').notNull().defaultNow(),
});

export const postingVersions = pgTable(
  'posting_versions',
  {
    postingId: uuid('posting_id').notNull(),
    version: integer('version').notNull(),
    content: jsonb('content').$type<PostingContent>().notNull(),
    status: text('status').$type<PostingStatus>().notNull(),
    createdBy: uuid('created_by'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.postingId, t.version] })],
);

export const postingEvents = pgTable('posting_events', {
  id: uuid('id').primaryKey(),
  postingId: uuid('posting_id').notNull(),
  orgId: uuid('org_id').notNull(),
  fromStatus: text('from_status').$type<PostingStatus>().notNull(),
  toStatus: text('to_status').$type<PostingStatus>().notNull(),
  actorUserId: uuid('actor_user_id'),
  actorLabel: text('actor_label').notNull(),
  reason: text('reason'),
  at: tz('at').notNull().defaultNow(),
});
