import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../test/helpers.ts';
import { linkIn, type SmtpCapture, startSmtpCapture } from '../../test/mail.ts';
import { loadConfig } from '../config.ts';
import { type Database, queryRows } from '../db/client.ts';
import { loadMigrations, migrate } from '../db/migrate.ts';
import { createMailer, type EmailMessage } from '../modules/notifications/mailer.ts';
import { formatOutbox, listOutbox } from '../modules/notifications/outbox.ts';
import { createJobQueue, type JobQueue, type JobQueueOptions } from './queue.ts';

interface LogEntry {
  level: 'info' | 'warn' | 'error';
  details: object;
  message: string;
}

function recordingLogger() {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (details: object, message: string) => {
    entries.push({ level, details, message });
  };
  return { entries, logger: { info: at('info'), warn: at('warn'), error: at('error') } };
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function freshDatabase(): Promise<TestDatabase> {
  const testDb = await createTestDatabase();
  await migrate(testDb.database, await loadMigrations());
  return testDb;
}

interface EmailJobRow {
  state: string;
  retry_count: number;
}

const emailJobs = (database: Database) =>
  queryRows<EmailJobRow>(database.db, sql`select state, retry_count from pgboss.job where name = 'email'`);

const verifyMail = (to: string, token: string): EmailMessage => ({
  to,
  subject: 'Confirm your email address',
  text: `Welcome to Rolecraft.\n\nConfirm your address: http://127.0.0.1:3000/verify-email?token=${token}\n`,
  html: `<p>Confirm your address: <a href="http://127.0.0.1:3000/verify-email?token=${token}">confirm</a></p>`,
  kind: 'verify-email',
});

/** A migrated database, a queue over it and a mailer; everything is closed by `close`. */
async function setUp(env: Record<string, string>, options: JobQueueOptions = {}) {
  const testDb = await freshDatabase();
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const mailer = createMailer(config, testDb.database);
  const log = recordingLogger();
  const queue = createJobQueue({ database: testDb.database, mailer, logger: log.logger }, options);
  await queue.start();
  return {
    database: testDb.database,
    queue,
    log,
    async close() {
      await queue.stop();
      await mailer.close();
      await testDb.drop();
    },
  };
}

describe('Database.executeSql (what pg-boss runs on)', () => {
  let testDb: TestDatabase;
  before(async () => {
    testDb = await createTestDatabase();
  });
  after(() => testDb.drop());

  it('returns one result for one statement and one per statement for several, like node-postgres', async () => {
    const single = await testDb.database.executeSql('select 1 as a');
    assert.deepEqual(single, { rows: [{ a: 1 }], rowCount: 1 });
    const several = await testDb.database.executeSql(
      'begin; select 1 as a; select 2 as b union all select 3; commit;',
    );
    assert.ok(Array.isArray(several));
    assert.deepEqual(
      several.map((r) => r.rows),
      [[], [{ a: 1 }], [{ b: 2 }, { b: 3 }], []],
    );
    const withParams = await testDb.database.executeSql('select $1::int + 1 as n, $2::text[] as t', [
      41,
      ['x', 'y'],
    ]);
    assert.deepEqual(withParams, { rows: [{ n: 42, t: ['x', 'y'] }], rowCount: 1 });
  });

  it('leaves no aborted transaction behind when a script that opened one fails', async () => {
    await assert.rejects(
      testDb.database.executeSql('begin; select 1; select 1/0; commit;'),
      /division by zero/,
    );
    assert.deepEqual(await testDb.database.executeSql('select 2 as ok'), { rows: [{ ok: 2 }], rowCount: 1 });
  });
});

describe('email job queue', () => {
  let capture: SmtpCapture;
  before(async () => {
    capture = await startSmtpCapture();
  });
  after(() => capture.close());

  it('delivers a queued email over SMTP with its subject and bodies intact, logging no secrets', async () => {
    const env = { SMTP_URL: capture.url, MAIL_FROM: 'Rolecraft <no-reply@rolecraft.test>' };
    const ctx = await setUp(env);
    try {
      await ctx.queue.sendEmail(verifyMail('jane.doe@example.com', 'tok-SMTP-1'));
      const mail = await capture.waitFor((m) => m.to.includes('jane.doe@example.com'));
      assert.equal(mail.subject, 'Confirm your email address');
      assert.equal(mail.from, '"Rolecraft" <no-reply@rolecraft.test>');
      assert.equal(linkIn(mail, '/verify-email'), 'http://127.0.0.1:3000/verify-email?token=tok-SMTP-1');
      assert.match(mail.text, /^Welcome to Rolecraft\./);
      assert.match(mail.html ?? '', /<a href="http:\/\/127\.0\.0\.1:3000\/verify-email\?token=tok-SMTP-1">/);
      assert.throws(() => linkIn(mail, '/reset-password'), /no link to \/reset-password in mail/);

      const delivered = await until(
        async () => ctx.log.entries.find((e) => e.message === 'email delivered'),
        'the delivery log line',
      );
      assert.deepEqual(
        { ...delivered.details, job: undefined },
        { job: undefined, kind: 'verify-email', to: 'j***@example.com', attempt: 1 },
      );
      assert.ok(!JSON.stringify(ctx.log.entries).includes('tok-SMTP-1'));
      assert.ok(!JSON.stringify(ctx.log.entries).includes('jane.doe'));
      await until(
        async () => ((await emailJobs(ctx.database))[0]?.state === 'completed' ? true : undefined),
        'the job to complete',
      );
    } finally {
      await ctx.close();
    }
  });

  it('retries a delivery the SMTP server refused, until it succeeds', async () => {
    const flaky = await startSmtpCapture({ rejectFirst: 1 });
    const ctx = await setUp({ SMTP_URL: flaky.url }, { retryDelaySeconds: 0 });
    try {
      await ctx.queue.sendEmail({
        to: 'sam@example.com',
        subject: 'Reset your password',
        text: 'Reset it here: http://127.0.0.1:3000/reset-password?token=tok-RETRY\n',
        kind: 'password-reset',
      });
      const mail = await flaky.waitFor((m) => m.subject === 'Reset your password', 20_000);
      assert.equal(linkIn(mail, '/reset-password'), 'http://127.0.0.1:3000/reset-password?token=tok-RETRY');
      assert.equal(flaky.messages.length, 1);

      const failed = ctx.log.entries.filter((e) => e.level === 'warn');
      assert.equal(failed.length, 1);
      assert.equal(failed[0]?.message, 'email delivery failed; will retry');
      assert.match(JSON.stringify(failed[0]?.details), /"attempt":1.*451/);
      const job = await until(async () => {
        const [row] = await emailJobs(ctx.database);
        return row?.state === 'completed' ? row : undefined;
      }, 'the retried job to complete');
      assert.equal(job.retry_count, 1);
      assert.ok(ctx.log.entries.some((e) => e.message === 'email delivered' && 'attempt' in e.details));
    } finally {
      await ctx.close();
      await flaky.close();
    }
  });

  it('keeps a failing job for a retry when nothing listens at SMTP_URL', async () => {
    const gone = await startSmtpCapture();
    const url = gone.url;
    await gone.close(); // the port is free now: connections are refused
    const ctx = await setUp({ SMTP_URL: url });
    try {
      await ctx.queue.sendEmail(verifyMail('kim@example.com', 'tok-REFUSED'));
      const warning = await until(
        async () => ctx.log.entries.find((e) => e.level === 'warn'),
        'the failed attempt to be logged',
      );
      assert.equal(warning.message, 'email delivery failed; will retry');
      assert.match(JSON.stringify(warning.details), /ECONNREFUSED|connect/i);
      const [job] = await until(async () => {
        const rows = await emailJobs(ctx.database);
        return rows[0]?.state === 'retry' ? rows : undefined;
      }, 'the job to wait for its retry');
      assert.equal(job?.retry_count, 0);
    } finally {
      await ctx.close();
    }
  });

  it('puts mail in the database outbox without SMTP_URL, newest first', async () => {
    const ctx = await setUp({});
    try {
      await ctx.queue.sendEmail(verifyMail('ann@example.com', 'tok-OUTBOX-1'));
      await ctx.queue.sendEmail({
        to: 'bob@example.com',
        subject: 'You are invited to Acme on Rolecraft',
        text: 'Join here: http://127.0.0.1:3000/invitations/tok-OUTBOX-2\n',
        kind: 'invitation',
      });
      const rows = await until(async () => {
        const listed = await listOutbox(ctx.database);
        return listed.length === 2 ? listed : undefined;
      }, 'two outbox rows');
      assert.deepEqual(
        rows.map((r) => [r.kind, r.to, r.subject]),
        [
          ['invitation', 'bob@example.com', 'You are invited to Acme on Rolecraft'],
          ['verify-email', 'ann@example.com', 'Confirm your email address'],
        ],
      );
      assert.ok(rows[1]!.text.includes('/verify-email?token=tok-OUTBOX-1'));
      assert.ok(rows[0]!.createdAt instanceof Date && rows[0]!.createdAt >= rows[1]!.createdAt);
      assert.equal((await listOutbox(ctx.database, 1)).length, 1);

      const text = formatOutbox(rows);
      assert.match(text, /^2 messages, newest first\n/);
      assert.ok(text.indexOf('bob@example.com') < text.indexOf('ann@example.com'));
      assert.match(text, /Subject: Confirm your email address\n\nWelcome to Rolecraft\./);
      assert.ok(text.includes('http://127.0.0.1:3000/invitations/tok-OUTBOX-2'));
      assert.match(formatOutbox([]), /outbox is empty/);
    } finally {
      await ctx.close();
    }
  });

  it("runs pg-boss's maintenance (multi-statement SQL) with no error or warning", async () => {
    const ctx = await setUp({}, { superviseIntervalSeconds: 1 });
    try {
      await ctx.queue.sendEmail(verifyMail('mo@example.com', 'tok-MAINT'));
      await until(
        async () => {
          const [row] = await queryRows<{ monitored: boolean; counted: number | null }>(
            ctx.database.db,
            sql`select monitor_on is not null as monitored, total_count as counted
                from pgboss.queue where name = 'email'`,
          );
          return row?.monitored && row.counted !== null ? row : undefined;
        },
        'the queue to be monitored',
        10_000,
      );
      await until(async () => ((await listOutbox(ctx.database)).length === 1 ? true : undefined), 'delivery');
      assert.deepEqual(
        ctx.log.entries.filter((e) => e.level !== 'info'),
        [],
      );
    } finally {
      await ctx.close();
    }
  });

  it('refuses sendEmail before start() and after stop(); stop() is idempotent', async () => {
    const testDb = await freshDatabase();
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const mailer = createMailer(config, testDb.database);
    const { logger } = recordingLogger();
    try {
      const idle = createJobQueue({ database: testDb.database, mailer, logger });
      await assert.rejects(idle.sendEmail(verifyMail('a@example.com', 'x')), /not started: call start\(\)/);
      await idle.stop();
      await idle.stop();
      await assert.rejects(idle.start(), /was stopped/);

      const queue: JobQueue = createJobQueue({ database: testDb.database, mailer, logger });
      await Promise.all([queue.start(), queue.start()]);
      await Promise.all([queue.stop(), queue.stop()]);
      await queue.stop();
      await assert.rejects(queue.sendEmail(verifyMail('a@example.com', 'x')), /job queue is stopped/);
    } finally {
      await mailer.close();
      await testDb.drop();
    }
  });

  it('runs jobs of a queue side by side when asked for concurrency, and delays a job by startAfter', async () => {
    const env = await setUp({});
    try {
      // Two jobs that each wait for the other: they finish only if they run at the same time.
      let arrived = 0;
      let release!: () => void;
      const both = new Promise<void>((resolve) => {
        release = resolve;
      });
      const done: string[] = [];
      await env.queue.define<{ n: string }>(
        'test-concurrent',
        async ({ n }) => {
          if (++arrived === 2) release();
          await both;
          done.push(n);
        },
        { concurrency: 2 },
      );
      await env.queue.enqueue('test-concurrent', { n: 'a' });
      await env.queue.enqueue('test-concurrent', { n: 'b' });
      await until(async () => (done.length === 2 ? true : undefined), 'two concurrent jobs');
      assert.deepEqual(done.sort(), ['a', 'b']);

      const later = new Date(Date.now() + 60_000);
      await env.queue.enqueue('test-concurrent', { n: 'c' }, { startAfter: later });
      const [job] = await queryRows<{ start_after: string }>(
        env.database.db,
        sql`select start_after from pgboss.job where name = 'test-concurrent' and data->>'n' = 'c'`,
      );
      assert.ok(Math.abs(new Date(job!.start_after).getTime() - later.getTime()) < 1000, 'start_after kept');
    } finally {
      await env.close();
    }
  });

  it('keeps a schedule in the database and runs its task once per job, logging a failure', async () => {
    const env = await setUp({}, { schedulePollSeconds: 0.5 });
    try {
      let runs = 0;
      await env.queue.schedule('test-periodic', '*/5 * * * *', async () => {
        runs++;
        if (runs === 2) throw new Error('task failed on purpose');
      });
      const [row] = await queryRows<{ cron: string; timezone: string }>(
        env.database.db,
        sql`select cron, timezone from pgboss.schedule where name = 'test-periodic'`,
      );
      assert.deepEqual(row, { cron: '*/5 * * * *', timezone: 'UTC' });
      // What the cron monitor does on each tick: one job for the schedule's queue.
      const send = sql`insert into pgboss.job (name, data) values ('test-periodic', '{}'::jsonb)`;
      await env.database.db.execute(send);
      await until(async () => (runs === 1 ? true : undefined), 'the first run');
      await env.database.db.execute(send);
      await until(async () => (runs === 2 ? true : undefined), 'the second run');
      await until(
        async () => (env.log.entries.some((e) => e.message === 'scheduled job failed') ? true : undefined),
        'the failure to be logged',
      );
      assert.equal(runs, 2);
    } finally {
      await env.close();
    }
  });

  it('refuses schedule() before start()', async () => {
    const testDb = await freshDatabase();
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const mailer = createMailer(config, testDb.database);
    try {
      const idle = createJobQueue({ database: testDb.database, mailer, logger: recordingLogger().logger });
      await assert.rejects(
        idle.schedule('x', '* * * * *', async () => {}),
        /not started/,
      );
      await idle.stop();
    } finally {
      await mailer.close();
      await testDb.drop();
    }
  });

  it('lets the process exit after stop(): pg-boss leaves no timers or handles behind', async () => {
    // A child process does what the server does, then must end on its own (no process.exit).
    const testDb = await freshDatabase();
    const moduleUrl = (p: string) => new URL(p, import.meta.url).href;
    const script = `
      import { openDatabase } from ${JSON.stringify(moduleUrl('../db/client.ts'))};
      import { migrate } from ${JSON.stringify(moduleUrl('../db/migrate.ts'))};
      import { loadConfig } from ${JSON.stringify(moduleUrl('../config.ts'))};
      import { createMailer } from ${JSON.stringify(moduleUrl('../modules/notifications/mailer.ts'))};
      import { listOutbox } from ${JSON.stringify(moduleUrl('../modules/notifications/outbox.ts'))};
      import { createJobQueue } from ${JSON.stringify(moduleUrl('./queue.ts'))};
      const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
      await migrate(database);
      const mailer = createMailer(loadConfig({ LOG_LEVEL: 'silent' }), database);
      const noop = () => {};
      const queue = createJobQueue({ database, mailer, logger: { info: noop, warn: noop, error: console.error } });
      await queue.start();
      await queue.sendEmail({ to: 'x@example.com', subject: 'Hi', text: 'Hello', kind: 'invitation' });
      while ((await listOutbox(database)).length === 0) await new Promise((r) => setTimeout(r, 50));
      await queue.stop();
      await queue.stop();
      await mailer.close();
      await database.close();
      console.log('closed');
    `;
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: testDb.url },
      });
      let output = '';
      child.stdout.on('data', (d) => {
        output += d;
      });
      child.stderr.on('data', (d) => {
        output += d;
      });
      let closedAt = 0;
      child.stdout.on('data', () => {
        if (!closedAt && output.includes('closed')) closedAt = Date.now();
      });
      const code = await new Promise<number | null>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`the child did not exit within 30 s:\n${output}`));
        }, 30_000);
        child.on('exit', (exitCode) => {
          clearTimeout(timer);
          resolve(exitCode);
        });
      });
      assert.equal(code, 0, output);
      assert.equal(output.trim(), 'closed');
      // pg-boss's stop() leaves at most a one-second poll of its stopped workers behind.
      assert.ok(Date.now() - closedAt < 3000, `exited ${Date.now() - closedAt} ms after closing`);
    } finally {
      await testDb.drop();
    }
  });
});
