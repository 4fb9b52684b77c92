// Shared helpers of the reliability scripts (crash.ts, db-loss.ts): a throwaway PostgreSQL cluster
// of their own (they kill and stop it, so never the shared server on :5432), the app as a child
// process, an employer with a published posting, one application request and the retrying client
// built on it, and small measuring and printing helpers. Everything started here is stopped and
// removed when the script exits, however it exits.
import { type ChildProcess, execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { minimalPdf } from '../../src/modules/files/fixtures.test-helpers.ts';
import { createUser } from '../e2e/app.ts';
import { type Api, signedInApi } from '../e2e/browser.ts';
import { BIN, freePort, startServer } from '../process.ts';
import { postingBody } from '../postings.ts';

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const SHORT = process.argv.includes('--short');

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Cleanup on exit: synchronous, because the 'exit' event runs no asynchronous work.

const cleanups: (() => void)[] = [];

/** Runs `fn` when the script exits (normally, by an exception, or by SIGINT/SIGTERM/SIGHUP). */
export function onExit(fn: () => void): void {
  cleanups.push(fn);
}

function runCleanups() {
  // Newest first: app instances before the database they use, the database before its directory.
  for (const fn of cleanups.splice(0).reverse()) {
    try {
      fn();
    } catch (error) {
      console.error('cleanup failed:', error);
    }
  }
}

/**
 * Instances of the app this process spawned that are still running, found by their parent pid:
 * one being started when the script is interrupted is not in any list yet (startServer returns it
 * only once it is ready).
 */
function appChildren(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …": comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(BIN)) pids.push(Number(entry));
    } catch {
      // It ended meanwhile.
    }
  }
  return pids;
}

onExit(() => {
  for (const pid of existsSync('/proc') ? appChildren() : []) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
});
process.on('exit', runCleanups);
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  process.once(signal, () => {
    runCleanups();
    process.exit(code);
  });
}

// ---------------------------------------------------------------------------------------------
// A private PostgreSQL cluster.

const isRoot = process.getuid?.() === 0;

/** PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user. */
function asPostgres(program: string, args: string[]): [string, string[]] {
  const bin = path.join(PG_BIN, program);
  return isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

/** Runs a PostgreSQL program without blocking the event loop (the load keeps being measured). */
function pgRun(program: string, args: string[], cwd: string, timeoutMs = 60_000): Promise<void> {
  const [file, argv] = asPostgres(program, args);
  return new Promise((resolve, reject) => {
    execFile(file, argv, { cwd, timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error)
        reject(new Error(`${program} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve();
    });
  });
}

function idOf(flag: '-u' | '-g', user: string): number {
  const result = spawnSync('id', [flag, user], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`no user ${user}: ${result.stderr}`);
  return Number(result.stdout.trim());
}

export interface Cluster {
  /** postgres://… of the `rolecraft` database on the cluster (TCP, trust). */
  url: string;
  port: number;
  /** The data directory. */
  dir: string;
  /** pg_ctl stop: 'immediate' is a crash (no checkpoint, recovery on start), 'fast' a clean stop. */
  stop(mode?: 'immediate' | 'fast'): Promise<void>;
  /** pg_ctl start -w: returns once the server accepts connections. */
  start(): Promise<void>;
  /** pg_isready: whether the server accepts connections right now. */
  isReady(): Promise<boolean>;
  /** Stops the server (immediately) and removes its directory; safe to call twice. */
  destroy(): void;
}

/** initdb + pg_ctl start of a throwaway cluster in a temp directory, on a free port. */
export async function startCluster(): Promise<Cluster> {
  const root = mkdtempSync(path.join(tmpdir(), 'rolecraft-pg-'));
  const dir = path.join(root, 'data');
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    if (existsSync(path.join(dir, 'postmaster.pid'))) {
      const [file, argv] = asPostgres('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', '-t', '30', 'stop']);
      const stopped = spawnSync(file, argv, { cwd: root, stdio: 'ignore', timeout: 40_000 });
      if (stopped.status !== 0 && existsSync(path.join(dir, 'postmaster.pid'))) {
        // pg_ctl could not stop it: end the postmaster by its pid (the first line of the pid file).
        const pid = Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
        if (pid > 1) {
          try {
            process.kill(pid, 'SIGQUIT');
          } catch {}
        }
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
  onExit(destroy);
  if (isRoot) chownSync(root, idOf('-u', 'postgres'), idOf('-g', 'postgres'));
  // --no-sync: initdb's files are not under test (the server itself runs with fsync=on).
  await pgRun(
    'initdb',
    ['-D', dir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
    root,
  );
  const port = await freePort();
  // The socket goes to the cluster's own directory rather than /tmp, so that removing the
  // directory leaves nothing behind even if the server did not remove its socket lock file.
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=on`;
  const start = () =>
    pgRun(
      'pg_ctl',
      ['-D', dir, '-l', path.join(root, 'postgres.log'), '-o', options, '-w', '-t', '60', 'start'],
      root,
    );
  await start();
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('create database rolecraft');
  await admin.end();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/rolecraft`,
    port,
    dir,
    stop: (mode = 'immediate') => pgRun('pg_ctl', ['-D', dir, '-m', mode, '-w', '-t', '60', 'stop'], root),
    start,
    isReady: () =>
      new Promise((resolve) => {
        execFile(
          path.join(PG_BIN, 'pg_isready'),
          ['-q', '-h', '127.0.0.1', '-p', String(port), '-t', '1'],
          (error) => resolve(!error),
        );
      }),
    destroy,
  };
}

/** Runs `fn` with a client of the cluster's database. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Applications of the posting without a confirmation mail job (pg-boss queue `email`). The mail is
 * queued after the commit, outside the transaction (apply-routes.ts, afterApply), so a crash or a
 * database loss right after the commit loses it; nothing re-sends it. Reported, not checked.
 * Returns when those applications were made.
 */
export async function unqueuedConfirmations(client: pg.Client, postingId: string): Promise<Date[]> {
  const { rows } = await client.query<{ created_at: Date }>(
    `select a.created_at from applications a where a.posting_id = $1 and not exists (
       select 1 from pgboss.job j where j.name = 'email' and j.data->>'to' = a.email
         and j.data->>'kind' = 'application-confirmation')`,
    [postingId],
  );
  return rows.map((r) => r.created_at);
}

// ---------------------------------------------------------------------------------------------
// The app.

export interface AppInstance {
  base: string;
  pid: number;
  child: ChildProcess;
  /** What the process printed (warnings and errors only: LOG_LEVEL=warn). */
  output(): string;
  exited: Promise<number | null>;
  running(): boolean;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM (graceful: drain, finish in-flight requests), SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

/** `rolecraft serve` on a free port, ready (/readyz 200); rate limits off so the load is not refused. */
export async function startApp(env: Record<string, string>, timeoutMs = 60_000): Promise<AppInstance> {
  const served = await startServer(
    {
      LOG_LEVEL: 'warn',
      RATE_LIMIT_APPLY_PER_HOUR: '0',
      RATE_LIMIT_API_PER_MINUTE: '0',
      ...env,
    },
    timeoutMs,
  );
  const { child } = served;
  const running = () => child.exitCode === null && child.signalCode === null;
  onExit(() => {
    if (running()) child.kill('SIGKILL');
  });
  return {
    base: served.base,
    pid: child.pid!,
    child,
    output: served.output,
    exited: served.exited,
    running,
    kill: (signal) => {
      child.kill(signal);
    },
    async stop(ms = 30_000) {
      if (!running()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      await served.exited;
      clearTimeout(timer);
    },
  };
}

export interface Employer {
  api: Api;
  orgSlug: string;
  postingId: string;
}

/** An owner (made with the CLI), signed in, with an organization and one published posting. */
export async function setupEmployer(base: string, env: Record<string, string>): Promise<Employer> {
  const tag = randomBytes(4).toString('hex');
  const email = `owner-${tag}@example.test`;
  const password = await createUser(env, email);
  const api = await signedInApi(base, email, password);
  const orgSlug = `reliability-${tag}`;
  const expect = async (
    what: string,
    call: Promise<{ status: number; json: Record<string, unknown> }>,
    status: number,
  ) => {
    const res = await call;
    if (res.status !== status) throw new Error(`${what} answered ${res.status}: ${JSON.stringify(res.json)}`);
    return res.json;
  };
  await expect(
    'POST /api/v1/orgs',
    api('POST', '/api/v1/orgs', { slug: orgSlug, name: 'Reliability Co' }),
    201,
  );
  const posting = await expect(
    'POST /api/v1/org/postings',
    api('POST', '/api/v1/org/postings', postingBody()),
    201,
  );
  const postingId = String(posting.id);
  await expect('publish', api('POST', `/api/v1/org/postings/${postingId}/publish`), 200);
  return { api, orgSlug, postingId };
}

// ---------------------------------------------------------------------------------------------
// Applying.

const RESUME = minimalPdf(['Ada Lovelace', 'ada@example.com', 'Node.js, PostgreSQL, Docker and Redis']);

export type ApplyOutcome =
  | {
      kind: 'response';
      status: number;
      /** The problem's `code` on an error answer. */
      code: string | undefined;
      /** The application's id on a 2xx. */
      id: string | undefined;
      replayed: boolean;
      retryAfter: string | null;
      ms: number;
    }
  | { kind: 'error'; error: string; timedOut: boolean; ms: number };

/** One multipart POST of an application (name, email, consent, a PDF resume) with an Idempotency-Key. */
export async function applyOnce(
  base: string,
  org: string,
  postingId: string,
  { key, email, timeoutMs }: { key: string; email: string; timeoutMs: number },
): Promise<ApplyOutcome> {
  const form = new FormData();
  form.set('name', 'Ada Lovelace');
  form.set('email', email);
  form.set('privacyConsent', 'yes');
  form.set('resume', new Blob([new Uint8Array(RESUME)], { type: 'application/pdf' }), 'resume.pdf');
  const started = performance.now();
  try {
    const res = await fetch(`${base}/api/v1/boards/${org}/jobs/${postingId}/applications`, {
      method: 'POST',
      headers: { 'idempotency-key': key },
      body: form,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json().catch(() => ({}))) as { id?: string; code?: string };
    return {
      kind: 'response',
      status: res.status,
      code: body.code,
      id: res.ok ? body.id : undefined,
      replayed: res.headers.get('idempotent-replayed') === 'true',
      retryAfter: res.headers.get('retry-after'),
      ms: performance.now() - started,
    };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    return {
      kind: 'error',
      error: timedOut ? 'timeout' : (e.cause?.code ?? e.cause?.message ?? e.message),
      timedOut,
      ms: performance.now() - started,
    };
  }
}

/** What a retrying client does with an answer: done, try the same request again, or give up. */
export function verdict(outcome: ApplyOutcome): 'acknowledged' | 'retry' | 'refused' {
  if (outcome.kind === 'error') return 'retry';
  if (outcome.status >= 200 && outcome.status < 300 && outcome.id) return 'acknowledged';
  if (outcome.status >= 500) return 'retry';
  // Another request with this key (a retry of ours whose first attempt the server is still
  // finishing, or the attempt a killed instance left) holds it: ask again shortly.
  if (outcome.status === 409 && outcome.code === 'idempotency_in_progress') return 'retry';
  return 'refused';
}

export interface Submission {
  key: string;
  email: string;
}

export interface SubmitResult extends Submission {
  /** The application's id once a 2xx came back. */
  id: string | undefined;
  replayed: boolean;
  attempts: number;
  /** The definitive refusal (a 4xx other than 409 idempotency_in_progress), or 'deadline'. */
  failure: string | undefined;
  /** From the start of the first failed attempt to the acknowledgement (0 when the first one did). */
  recoveryMs: number;
  ackAt: number | undefined;
}

let submissions = 0;

/** A new application: a unique email and its own Idempotency-Key. */
export function newSubmission(prefix: string): Submission {
  submissions += 1;
  const tag = `${prefix}-${submissions}-${randomBytes(3).toString('hex')}`;
  return { key: `rel-${tag}`, email: `${tag}@example.test` };
}

/**
 * Sends the same application (same key, email and body) until it is acknowledged (2xx) or refused
 * (a 4xx other than "in progress"), with an exponential, jittered backoff. The base URL is asked
 * for before every attempt, so a client finds the instance that replaced a killed one.
 */
export async function submitUntilAcknowledged(
  base: () => string,
  org: string,
  postingId: string,
  submission: Submission,
  options: {
    attemptTimeoutMs: number;
    /** Give up (failure 'deadline') after this time (Date.now()), when one is set. */
    deadline: () => number | undefined;
    /** Longest wait between attempts; a Retry-After longer than this is shortened to it. */
    maxBackoffMs: number;
    onAttempt?: (outcome: ApplyOutcome, startedAt: number) => void;
  },
): Promise<SubmitResult> {
  let attempts = 0;
  let firstFailureAt: number | undefined;
  let backoff = 25;
  for (;;) {
    const startedAt = Date.now();
    attempts += 1;
    const outcome = await applyOnce(base(), org, postingId, {
      ...submission,
      timeoutMs: options.attemptTimeoutMs,
    });
    options.onAttempt?.(outcome, startedAt);
    const next = verdict(outcome);
    const result = {
      ...submission,
      attempts,
      replayed: false,
      id: undefined,
      failure: undefined,
      ackAt: undefined,
    };
    if (next === 'acknowledged' && outcome.kind === 'response') {
      const ackAt = Date.now();
      return {
        ...result,
        id: outcome.id,
        replayed: outcome.replayed,
        ackAt,
        recoveryMs: firstFailureAt === undefined ? 0 : ackAt - firstFailureAt,
      };
    }
    firstFailureAt ??= startedAt;
    if (next === 'refused' && outcome.kind === 'response') {
      return { ...result, failure: `${outcome.status} ${outcome.code ?? ''}`.trim(), recoveryMs: 0 };
    }
    const deadline = options.deadline();
    if (deadline !== undefined && Date.now() > deadline)
      return { ...result, failure: 'deadline', recoveryMs: 0 };
    const retryAfterMs =
      outcome.kind === 'response' && outcome.retryAfter ? Number(outcome.retryAfter) * 1000 || 0 : 0;
    backoff = Math.min(backoff * 2, options.maxBackoffMs);
    await sleep(Math.min(Math.max(backoff * (0.5 + Math.random() / 2), retryAfterMs), options.maxBackoffMs));
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring and printing.

/** The p-th percentile (0–100, nearest rank) of `values`; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} ms` : '–');

/** A two-column table: what was measured, and the value. */
export function printTable(title: string, rows: [string, string | number][]): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\n${title}`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
}

/**
 * The app's log (LOG_LEVEL=warn: pino JSON lines) summarised: how often each message came, by
 * level; other lines (a crash's stack trace) as they are. RELIABILITY_APP_LOG=<file> keeps it all.
 */
export function logSummary(output: string, file = process.env.RELIABILITY_APP_LOG): string {
  if (file) writeFileSync(file, output, { flag: 'a' });
  const levels: Record<number, string> = { 40: 'warn', 50: 'error', 60: 'fatal' };
  const counts = new Map<string, number>();
  const raw: string[] = [];
  for (const line of output.split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } | string };
      const err = typeof entry.err === 'string' ? entry.err : entry.err?.message;
      // Drizzle's messages end with "params: …: <the driver's message>"; keep the driver's message.
      const last = err
        ?.split('\n')
        .at(-1)
        ?.replace(/^params: [^:]*: /, '');
      const cause = last ? `: ${last.slice(0, 120)}` : '';
      const what = `${levels[entry.level ?? 0] ?? entry.level} ${entry.msg}${cause}`;
      counts.set(what, (counts.get(what) ?? 0) + 1);
    } catch {
      raw.push(line);
    }
  }
  const lines = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([what, n]) => `  ${n} × ${what}`);
  return [...lines, ...raw.slice(0, 40).map((l) => `  | ${l}`)].join('\n') || '  (nothing)';
}

/** Collects the promises checked; `report()` prints them and gives the exit code. */
export class Checks {
  private readonly results: { ok: boolean; what: string; detail: string }[] = [];

  check(ok: boolean, what: string, detail = ''): boolean {
    this.results.push({ ok, what, detail });
    return ok;
  }

  report(): number {
    console.log('\nChecks');
    for (const r of this.results)
      console.log(`  ${r.ok ? 'ok  ' : 'FAIL'}  ${r.what}${r.detail ? `: ${r.detail}` : ''}`);
    const failed = this.results.filter((r) => !r.ok).length;
    console.log(failed === 0 ? '\nEvery promise held.' : `\n${failed} promise(s) did not hold.`);
    return failed === 0 ? 0 : 1;
  }
}
