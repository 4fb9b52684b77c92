// Test helpers: a real database per test file (PGlite in memory, or a fresh database on the
// PostgreSQL server named by DATABASE_URL) and the app built on it. No database mocks.
import { BoardIndexes } from '../src/modules/careers/board-index/registry.ts';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { type AppDeps, buildApp } from '../src/app.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { type Database, openDatabase } from '../src/db/client.ts';
import { loadMigrations, type Migration, migrate } from '../src/db/migrate.ts';
import type { EmailMessage } from '../src/modules/notifications/mailer.ts';
import type { MailSender } from '../src/modules/notifications/send.ts';
import { builtinTaxonomy } from '../src/modules/skills/taxonomy.ts';
import { TemplateCache } from '../src/modules/templates/cache.ts';
import { templateActions } from '../src/modules/templates/service.ts';
import { seed } from '../src/seed.ts';
import { tempDir } from './process.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

export interface TestDatabase {
  database: Database;
  url: string | undefined;
  drop(): Promise<void>;
}

/** A new, empty database: in-memory PGlite, or CREATE DATABASE on the server in DATABASE_URL. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({});
    return { database, url: undefined, drop: () => database.close() };
  }
  const base = new URL(serverUrl);
  const name = `${base.pathname.slice(1) || 'rolecraft'}_t${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl.replace(base.pathname, '/postgres') });
  await admin.connect();
  await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  return {
    database,
    url: url.toString(),
    async drop() {
      await database.close();
      const client = new pg.Client({ connectionString: serverUrl.replace(base.pathname, '/postgres') });
      await client.connect();
      await client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      await client.end();
    },
  };
}

/** Collects mail in memory; tests of the real pipeline (queue + SMTP) use test/mail.ts instead. */
export class MailSink implements MailSender {
  readonly messages: EmailMessage[] = [];
  async sendEmail(message: EmailMessage) {
    this.messages.push(message);
  }
  /** The token in the last link to `path` (links carry it in the fragment: …#token=…). */
  lastToken(path: string, to?: string): string {
    const message = this.messages.findLast((m) => m.text.includes(`${path}#token=`) && (!to || m.to === to));
    const token = message && new RegExp(`${path}#token=([\\w-]+)`).exec(message.text)?.[1];
    if (!token) throw new Error(`no mail with a ${path} link${to ? ` to ${to}` : ''}`);
    return token;
  }
}

export interface TestApp {
  app: FastifyInstance;
  mailSink: MailSink;
  database: Database;
  cache: TemplateCache;
  config: Config;
  migrations: Migration[];
  close(): Promise<void>;
}

export interface TestAppOptions {
  seed?: boolean;
  env?: Record<string, string>;
  /** Where the app's mail goes; a MailSink by default. */
  mail?: MailSender;
  /** Capture the app's log lines (at debug level) instead of discarding them. */
  logStream?: NodeJS.WritableStream;
  /** Webhook delivery knobs (a DNS stand-in, a short retry schedule). */
  webhooks?: AppDeps['webhooks'];
  /** The in-memory board search (e.g. with a threshold low enough for a test's few postings). */
  boardIndexes?: AppDeps['boardIndexes'];
}

/**
 * The in-memory board search for every organization, built on its first search, when a suite is
 * re-run through `withBoardIndex` (test/api/*-indexed.test.ts); otherwise the default (SQL for
 * organizations this small).
 */
export function boardIndexesIfAsked(): AppDeps['boardIndexes'] {
  return process.env.ROLECRAFT_TEST_BOARD_INDEX === '1'
    ? new BoardIndexes({ minPostings: 1, eager: true })
    : undefined;
}

/** A migrated (and by default seeded) database with the app on top, driven through app.inject. */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const testDb = await createTestDatabase();
  const { database } = testDb;
  const migrations = await loadMigrations();
  await migrate(database, migrations);
  const taxonomy = builtinTaxonomy();
  const cache = new TemplateCache();
  if (options.seed !== false) await seed(database.db, taxonomy, templateActions({ taxonomy, cache }));
  // Uploaded files go to a directory of this test app's own, removed on close.
  const files = await mkdtemp(path.join(tmpdir(), 'rolecraft-files-'));
  const config = loadConfig({
    ROLECRAFT_ADMIN_TOKEN: ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    FILE_STORAGE_DIR: files,
    ...options.env,
  });
  const mailSink = new MailSink();
  const mail = options.mail ?? mailSink;
  const logger = options.logStream ? { level: 'debug', stream: options.logStream } : false;
  const app = await buildApp({
    config,
    database,
    migrations,
    taxonomy,
    cache,
    mail,
    logger,
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    ...(options.boardIndexes ? { boardIndexes: options.boardIndexes } : {}),
  });
  await app.ready();
  return {
    app,
    mailSink,
    database,
    cache,
    config,
    migrations,
    async close() {
      await app.close();
      await testDb.drop();
      await rm(files, { recursive: true, force: true });
    },
  };
}

/** A minimal valid template body for POST /api/v1/templates. */
export function templateBody(overrides: Record<string, unknown> = {}) {
  return {
    role: 'Platform Engineer',
    summary: 'As a Platform Engineer, you will build the paved road our engineers ship on.',
    responsibilities: ['Run the Kubernetes platform.', 'Own the CI/CD pipelines.'],
    qualifications: ['3+ years of infrastructure experience.'],
    skills: ['Kubernetes', 'Terraform', 'Postgres'],
    faqs: [{ question: 'What does a Platform Engineer do?', answer: 'They build internal platforms.' }],
    ...overrides,
  };
}

export interface ProcessDatabase {
  /** DATABASE_URL of a fresh database, or DATA_DIR of a fresh embedded one. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A fresh, empty database for a separate `rolecraft` process, of the kind this run tests. */
export async function processDatabase(prefix: string): Promise<ProcessDatabase> {
  if (!process.env.DATABASE_URL) {
    const dir = await tempDir(prefix);
    return { env: { DATA_DIR: dir }, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const db = await createTestDatabase();
  await db.database.close();
  return { env: { DATABASE_URL: db.url! }, drop: () => db.drop() };
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Headers = Record<string, string>;

/** One request through app.inject, with a JSON body when one is given. */
export const send = (
  app: FastifyInstance,
  method: Method,
  url: string,
  headers: Headers = {},
  payload?: object,
) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

export const json = (res: { body: string }) => JSON.parse(res.body);
