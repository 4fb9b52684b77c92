// The durable background job queue: pg-boss, in the application's own database (its `pgboss` schema),
// on PostgreSQL and on the embedded PGlite alike. pg-boss never opens connections of its own: every
// statement goes through Database.executeSql, so there is one code path for both.
//
// Caveat (PGlite): sendEmail must not be called inside a Drizzle transaction callback. PGlite is one
// connection; the insert would wait for that transaction to end, and the transaction for the insert,
// forever. Callers enqueue after commit (a mail lost to a crash between the two is re-requestable).
import PgBoss from 'pg-boss';
import type { Database } from '../db/client.ts';
import { type EmailMessage, type Mailer, redactAddress } from '../modules/notifications/mailer.ts';

export interface JobQueue {
  start(): Promise<void>;
  /** Waits for a delivery in progress, then stops polling. Safe to call twice, or before start(). */
  stop(): Promise<void>;
  /** Stores the message as a job; a worker delivers it, retrying failures. Requires start(). */
  sendEmail(message: EmailMessage): Promise<void>;
  /**
   * Runs `task` on a cron schedule (UTC). pg-boss keeps the schedule in the database and sends one
   * job per tick however many instances run, so the task runs once per tick. Requires start().
   */
  schedule(name: string, cron: string, task: () => Promise<void>): Promise<void>;
  /**
   * A queue of background tasks (e.g. processing a new application): `handler` runs each job, on
   * whichever instance picks it up, retried with backoff when it throws. `concurrency` jobs run at
   * once in this process (default 1): one slow job then does not hold up the others. Requires start().
   */
  define<T extends object>(
    name: string,
    handler: (data: T) => Promise<void>,
    options?: { concurrency?: number },
  ): Promise<void>;
  /** Queues a job for a queue made with define(); `startAfter` delays it (a scheduled retry). */
  enqueue(name: string, data: object, options?: { startAfter?: Date }): Promise<void>;
}

type LogFn = (details: object, message: string) => void;

export interface JobQueueDeps {
  database: Database;
  mailer: Mailer;
  logger: { info: LogFn; warn: LogFn; error: LogFn };
  /**
   * Called with the queue's name each time a job's handler throws (every failed attempt, retried
   * or not); main.ts counts them in rolecraft_jobs_failed_total. It must not throw.
   */
  onJobFailed?: (queue: string) => void;
}

export interface JobQueueOptions {
  /**
   * Seconds added to every retry delay. pg-boss's backoff waits retryDelay + 2^n..2^(n+1) seconds
   * before retry n+1 (n from 0), so the default spreads 5 retries over about 1.5 to 2 minutes.
   * Tests pass 0.
   */
  retryDelaySeconds?: number;
  /** How often pg-boss maintains its queues (expiry, stats, deletion); default 60. */
  superviseIntervalSeconds?: number;
  /** How long stop() waits for a delivery in progress; default 10 s. */
  stopTimeoutMs?: number;
  /** How often a scheduled task's worker looks for its job; default 30 s. Tests pass less. */
  schedulePollSeconds?: number;
}

const EMAIL_QUEUE = 'email';

export function createJobQueue(deps: JobQueueDeps, options: JobQueueOptions = {}): JobQueue {
  const { database, mailer, logger } = deps;
  const failed = (queue: string) => {
    try {
      deps.onJobFailed?.(queue);
    } catch {
      // Counting is best effort; pg-boss must still see the handler's own error.
    }
  };
  const emailJobs = {
    retryLimit: 5,
    retryBackoff: true,
    retryDelay: options.retryDelaySeconds ?? 10,
    // A hung SMTP exchange fails the attempt (and is retried) instead of holding the job.
    expireInSeconds: 120,
    // Completed jobs keep their data, secret links included, until deleted: a day, not pg-boss's week.
    deleteAfterSeconds: 24 * 60 * 60,
  } satisfies PgBoss.QueueOptions;

  // Counts statements and deliveries in flight, so stop() can return only once pg-boss is idle
  // (it leaves a worker's last fetch running) and the caller may close the database.
  let busy = 0;
  const track = async <T>(work: () => Promise<T>): Promise<T> => {
    busy++;
    try {
      return await work();
    } finally {
      busy--;
    }
  };

  const boss = new PgBoss({
    db: {
      // pg-boss's typings say `{ rows }`, but like node-postgres it gets an array of results for
      // multi-statement SQL, and its maintenance reads them all (`results.flatMap(r => r.rows)`).
      executeSql: (text: string, values?: unknown[]) =>
        track(() => database.executeSql(text, values)) as unknown as Promise<{ rows: unknown[] }>,
    },
    // Cron (the auto-close of expired postings): a monitor every 30 s, a worker polling every 30 s.
    schedule: true,
    cronWorkerIntervalSeconds: 30,
    superviseIntervalSeconds: options.superviseIntervalSeconds ?? 60,
    maintenanceIntervalSeconds: 60 * 60,
  });
  // Errors from pg-boss's loops arrive as events; without a listener they would crash the process.
  // Only the message is logged: the event objects can carry SQL parameters, that is, job data.
  boss.on('error', (error: Error & { code?: unknown; queue?: unknown }) => {
    logger.error({ err: error.message, code: error.code, queue: error.queue }, 'job queue error');
  });
  boss.on('warning', (warning) => logger.warn({}, `job queue: ${warning.message}`));

  let state: 'new' | 'starting' | 'started' | 'stopped' = 'new';
  let starting: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;

  async function deliver([job]: PgBoss.JobWithMetadata<EmailMessage>[]): Promise<void> {
    if (!job) return;
    const { kind, to } = job.data;
    const details = { job: job.id, kind, to: redactAddress(to), attempt: job.retryCount + 1 };
    try {
      await track(() => mailer.deliver(job.data));
    } catch (error) {
      failed(EMAIL_QUEUE);
      const last = job.retryCount >= job.retryLimit;
      logger.warn(
        { ...details, err: error instanceof Error ? error.message : String(error) },
        last ? 'email delivery failed; no retries left' : 'email delivery failed; will retry',
      );
      throw error; // pg-boss records the failure and schedules the retry
    }
    logger.info(details, 'email delivered');
  }

  async function doStart(): Promise<void> {
    try {
      await boss.start();
      await boss.createQueue(EMAIL_QUEUE, emailJobs);
      await boss.work<EmailMessage>(
        EMAIL_QUEUE,
        { pollingIntervalSeconds: 0.5, batchSize: 1, includeMetadata: true },
        deliver,
      );
      if (state === 'starting') state = 'started'; // unless stop() was called meanwhile
    } catch (error) {
      await boss.stop({ graceful: false }).catch(() => {});
      state = 'stopped';
      throw error;
    }
  }

  async function doStop(): Promise<void> {
    if (starting) await starting.catch(() => {});
    const timeout = options.stopTimeoutMs ?? 10_000;
    const deadline = Date.now() + timeout;
    // Past the timeout pg-boss marks a delivery still running as failed, so it is retried later.
    await boss.stop({ graceful: true, wait: true, timeout });
    // Two idle checks a tick apart: a fetch that returns a job starts its delivery in between.
    let idleChecks = 0;
    while (idleChecks < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      idleChecks = busy === 0 ? idleChecks + 1 : 0;
    }
  }

  const taskJobs = {
    retryLimit: 5,
    retryBackoff: true,
    retryDelay: options.retryDelaySeconds ?? 10,
    expireInSeconds: 5 * 60,
    deleteAfterSeconds: 24 * 60 * 60,
  } satisfies PgBoss.QueueOptions;

  const periodicJobs = {
    retryLimit: 2,
    expireInSeconds: 10 * 60,
    deleteAfterSeconds: 24 * 60 * 60,
  } satisfies PgBoss.QueueOptions;

  return {
    start() {
      if (state === 'stopped')
        return Promise.reject(new Error('the job queue was stopped; create a new one'));
      if (!starting) {
        state = 'starting';
        starting = doStart();
      }
      return starting;
    },
    stop() {
      const wasStarted = state !== 'new';
      state = 'stopped';
      stopping ??= wasStarted ? doStop() : Promise.resolve();
      return stopping;
    },
    async sendEmail(message) {
      if (state !== 'started') {
        throw new Error(
          state === 'stopped'
            ? 'the job queue is stopped; cannot send email'
            : 'the job queue is not started: call start() before sendEmail()',
        );
      }
      const data: EmailMessage = {
        to: message.to,
        subject: message.subject,
        text: message.text,
        kind: message.kind,
        ...(message.html === undefined ? {} : { html: message.html }),
      };
      const id = await boss.send(EMAIL_QUEUE, data, emailJobs);
      if (!id) throw new Error('the job queue did not accept the email');
    },
    async define(name, handler, options = {}) {
      if (state !== 'started') throw new Error('the job queue is not started: call start() before define()');
      await boss.createQueue(name, taskJobs);
      const run = async ([job]: PgBoss.Job<object>[]) => {
        if (!job) return;
        try {
          await track(() => handler(job.data as never));
        } catch (error) {
          failed(name);
          logger.warn(
            { job: name, id: job.id, err: error instanceof Error ? error.message : String(error) },
            'background job failed',
          );
          throw error;
        }
      };
      // pg-boss 11 runs one job at a time per worker: concurrency means several workers.
      for (let i = 0; i < (options.concurrency ?? 1); i++) {
        await boss.work<object>(name, { pollingIntervalSeconds: 0.5, batchSize: 1 }, run);
      }
    },
    async enqueue(name, data, options = {}) {
      if (state !== 'started') throw new Error('the job queue is not started: call start() before enqueue()');
      const id = await boss.send(name, data, { ...taskJobs, ...options });
      if (!id) throw new Error(`the job queue did not accept a ${name} job`);
    },
    async schedule(name, cron, task) {
      if (state !== 'started')
        throw new Error('the job queue is not started: call start() before schedule()');
      await boss.createQueue(name, periodicJobs);
      await boss.schedule(name, cron, {}, { tz: 'UTC' });
      const pollingIntervalSeconds = options.schedulePollSeconds ?? 30;
      await boss.work(name, { pollingIntervalSeconds, batchSize: 1 }, async () => {
        try {
          await track(task);
        } catch (error) {
          failed(name);
          logger.warn(
            { job: name, err: error instanceof Error ? error.message : String(error) },
            'scheduled job failed',
          );
          throw error;
        }
      });
    },
  };
}
