// Drizzle table definitions mirroring migrations/*.sql (the SQL files are the source of truth;
// generated columns such as templates.search_vector are left out because the app never writes them).
import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
  slug: text('slug').notNull().unique(),
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
  slug: text('slug').notNull(),
  category: text('category').notNull(),
  seniority: text('seniority').notNull(),
});
