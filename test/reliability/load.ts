// Helpers of the reliability scripts redis-loss.ts, slow-clients.ts and soak.ts: a database of their
// own on the shared PostgreSQL server, a private redis-server, the app with an employer and open
// jobs made through the API, timed HTTP calls, latency summaries, the checks a script makes, and a
// clean-up that always runs (servers, redis and databases leave nothing behind).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { cpus, totalmem } from 'node:os';
import pg from 'pg';
import { applicantFields, multipart, resumePdf } from '../applications.ts';
import { postingBody } from '../postings.ts';
import { run, type Served, spawnServe, tempDir } from '../process.ts';

/** `--short`: the form CI runs; without it, the full length. */
export const SHORT = process.argv.includes('--short');

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Clean-up: registered as resources are made, run in reverse order on success, failure or Ctrl+C.

const cleanups: { name: string; fn: () => unknown }[] = [];

export function onCleanup(name: string, fn: () => unknown) {
  cleanups.push({ name, fn });
}

async function cleanUp() {
  for (const { name, fn } of cleanups.splice(0).reverse()) {
    try {
      await fn();
    } catch (error) {
      console.error(`clean-up of ${name} failed: ${(error as Error).message}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Checks: each promise a script proves is a named check; the script exits 0 only if all held.

interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}
const results: CheckResult[] = [];

export function check(name: string, ok: boolean, detail = ''): boolean {
  results.push({ name, ok, detail });
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
  return ok;
}

/** A measurement, printed as it is taken (and not a pass/fail check). */
export function measured(label: string, value: string) {
  console.log(`  ·    ${label}: ${value}`);
}

export function section(title: string) {
  console.log(`\n-- ${title}`);
}

/** Runs a script body with clean-up and a summary; the process exits 0 only if every check held. */
export function main(title: string, body: () => Promise<void>) {
  const started = Date.now();
  let interrupted = false;
  const interrupt = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: cleaning up`);
    void cleanUp().then(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  console.log(
    `${title} (${SHORT ? 'short' : 'full'} form) on ${cpus().length} cores, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString()}`,
  );
  body()
    .catch((error: unknown) => {
      check(
        'script ran to the end',
        false,
        error instanceof Error ? (error.stack ?? error.message) : String(error),
      );
    })
    .finally(async () => {
      await cleanUp();
      const failed = results.filter((r) => !r.ok);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `\n${title}: ${failed.length === 0 ? 'all promises held' : `${failed.length} FAILED`} ` +
          `(${results.length} checks, ${seconds} s)`,
      );
      for (const f of failed) console.log(`  FAIL ${f.name}${f.detail ? ` — ${f.detail}` : ''}`);
      process.exit(failed.length === 0 && results.length > 0 ? 0 : 1);
    });
}

// ---------------------------------------------------------------------------------------------
// Latency summaries.

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summarize(times: number[]): Summary {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

export const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
export const fmtSummary = (s: Summary) =>
  `n=${s.n} p50=${ms(s.p50)} p95=${ms(s.p95)} p99=${ms(s.p99)} max=${ms(s.max)}`;

// ---------------------------------------------------------------------------------------------
// A database of our own on the shared PostgreSQL server (never the server itself).

/** The PostgreSQL server to make databases on: DATABASE_URL's server, else the local one. */
const PG_SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function adminUrl(): string {
  const url = new URL(PG_SERVER);
  url.pathname = '/postgres';
  return url.toString();
}

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** CREATE DATABASE rolecraft_rel_<random>; dropped (with force) at clean-up. */
export async function freshDatabase(): Promise<{ url: string; name: string }> {
  const name = `rolecraft_rel_${randomBytes(5).toString('hex')}`;
  await admin(`create database ${pg.escapeIdentifier(name)}`);
  onCleanup(`database ${name}`, () =>
    admin(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`),
  );
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  return { url: url.toString(), name };
}

// ---------------------------------------------------------------------------------------------
// A private redis-server.

export interface PrivateRedis {
  port: number;
  url: string;
  /** The running child (replaced by restart). */
  child(): ChildProcess;
  /** SIGKILL, and wait until it is gone. */
  kill(): Promise<void>;
  /** Start it again on the same port (empty: no persistence). */
  restart(): Promise<void>;
}

async function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function startRedis(port: number): Promise<PrivateRedis> {
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    while (!(await redisPing(port))) {
      if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited (${child.exitCode})`);
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} not ready in 10 s`);
      await sleep(50);
    }
  };
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  };
  onCleanup(`redis-server :${port}`, () => kill());
  await launch();
  return { port, url: `redis://127.0.0.1:${port}`, child: () => child, kill, restart: launch };
}

/** One command to a Redis over RESP (for checks: DBSIZE and the like); the raw reply. */
export async function redisCommand(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(2000);
    socket.once('connect', () =>
      socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`),
    );
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString());
    });
    socket.once('error', reject);
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error('redis command timed out'));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The app.

export interface App {
  served: Served;
  base: string;
  pid: number;
  env: Record<string, string>;
  /** SIGTERM and wait for the exit (SIGKILL after 30 s); its exit code. */
  stop(): Promise<number | null>;
}

/**
 * `rolecraft serve` on `databaseUrl`, with files in a temporary directory, once /readyz answers 200
 * (like test/process.ts startServer, but the child is registered for clean-up the moment it exists,
 * so an interrupted start leaves no server behind); stopped at clean-up.
 */
export async function startApp(databaseUrl: string, env: Record<string, string> = {}): Promise<App> {
  const dataDir = await tempDir('rel');
  onCleanup(`data directory ${dataDir}`, () => rm(dataDir, { recursive: true, force: true }));
  const appEnv = {
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    SHUTDOWN_GRACE_MS: '0',
    ...env,
  };
  const served = await spawnServe(appEnv);
  const { child, base, exited } = served;
  let stopping: Promise<number | null> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    })();
    return stopping;
  };
  onCleanup(`server pid ${child.pid}`, stop);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${served.output()}`);
    if (Date.now() > deadline) throw new Error(`server not ready within 120 s:\n${served.output()}`);
    const ready = await fetch(`${base}/readyz`).catch(() => undefined);
    if (ready?.status === 200) break;
    await sleep(200);
  }
  return { served, base, pid: child.pid!, env: appEnv, stop };
}

/** The resident set size of a process, in MiB (from /proc/<pid>/status). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

// ---------------------------------------------------------------------------------------------
// HTTP: timed calls.

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** Milliseconds from sending to the whole body read. */
  ms: number;
  /** The network error, when there was no answer (status 0). */
  error?: string;
}

export async function call(
  base: string,
  path: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    timeoutMs?: number;
  } = {},
): Promise<Answer> {
  const start = performance.now();
  try {
    const res = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: init.headers ?? {},
      ...(init.body !== undefined
        ? { body: typeof init.body === 'string' ? init.body : new Uint8Array(init.body) }
        : {}),
      signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, ms: performance.now() - start };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      status: 0,
      headers: new Headers(),
      text: '',
      ms: performance.now() - start,
      error: cause?.code ?? cause?.message ?? (error as Error).message,
    };
  }
}

export const jsonOf = <T = Record<string, unknown>>(a: Answer): T => {
  try {
    return JSON.parse(a.text) as T;
  } catch {
    return {} as T;
  }
};

let addressCounter = 0;
/** A client address of its own (for X-Forwarded-For behind TRUST_PROXY=1): per-IP limits stay apart. */
export function freshAddress(): string {
  addressCounter += 1;
  const n = addressCounter;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

// ---------------------------------------------------------------------------------------------
// An employer with open jobs, made the way people do: the CLI, then the HTTP API.

export interface Session {
  cookie: string;
  csrf: string;
  /** A JSON call as the signed-in person (adds `extraHeaders`, e.g. X-Forwarded-For). */
  api(method: string, path: string, body?: unknown, extraHeaders?: Record<string, string>): Promise<Answer>;
}

export async function logIn(
  base: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return call(base, '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
}

export async function signIn(
  base: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Session> {
  const login = await logIn(base, email, password, headers);
  assert.equal(login.status, 200, `log-in answered ${login.status}: ${login.text}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = jsonOf<{ csrfToken: string }>(login).csrfToken;
  return {
    cookie,
    csrf,
    api: (method, path, body, extraHeaders = {}) =>
      call(base, path, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrf,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
          ...extraHeaders,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
  };
}

export interface Employer {
  org: string;
  email: string;
  password: string;
  session: Session;
  jobs: { id: string; slug: string }[];
}

/** An account (CLI), an organization and `jobs` published postings (API), and `applications` applications. */
export async function makeEmployer(
  app: App,
  options: { jobs?: number; applications?: number; headers?: () => Record<string, string> } = {},
): Promise<Employer> {
  const headers = options.headers ?? (() => ({}));
  const email = `owner-${randomBytes(3).toString('hex')}@example.test`;
  const created = await run(['admin', 'create-user', '--email', email], {
    DATABASE_URL: app.env.DATABASE_URL,
  });
  assert.equal(created.code, 0, created.stderr);
  const password = /Password \(shown once\): (\S+)/.exec(created.stdout)?.[1] ?? '';
  const session = await signIn(app.base, email, password, headers());
  const org = `rel-${randomBytes(3).toString('hex')}`;
  const expectOk = async (answer: Promise<Answer>, what: string) => {
    const a = await answer;
    assert.ok(a.status >= 200 && a.status < 300, `${what} answered ${a.status}: ${a.text}`);
    return jsonOf<{ id: string; slug: string }>(a);
  };
  await expectOk(
    session.api('POST', '/api/v1/orgs', { slug: org, name: 'Juniper Freight' }, headers()),
    'org',
  );
  await expectOk(
    session.api('PUT', '/api/v1/me/organization', { organization: org }, headers()),
    'choose org',
  );
  const titles = ['Backend Engineer', 'Data Engineer', 'Product Designer', 'Support Lead', 'SRE'];
  const jobs: { id: string; slug: string }[] = [];
  for (let i = 0; i < (options.jobs ?? 3); i++) {
    const posting = await expectOk(
      session.api(
        'POST',
        '/api/v1/org/postings',
        postingBody({ title: titles[i % titles.length] }),
        headers(),
      ),
      'posting',
    );
    await expectOk(
      session.api('POST', `/api/v1/org/postings/${posting.id}/publish`, undefined, headers()),
      'publish',
    );
    jobs.push({ id: posting.id, slug: posting.slug });
  }
  const employer = { org, email, password, session, jobs };
  for (let i = 0; i < (options.applications ?? 0); i++) {
    const a = await applyTo(app.base, employer, jobs[i % jobs.length]!, headers());
    assert.equal(a.status, 201, `application answered ${a.status}: ${a.text}`);
  }
  return employer;
}

/** The multipart body of an application: the applicant's fields and a small PDF resume. */
export function applicationBody() {
  return multipart(applicantFields({ email: `applicant-${randomUUID()}@example.test` }), [
    { field: 'resume', filename: 'resume.pdf', bytes: resumePdf(), type: 'application/pdf' },
  ]);
}

/** POST an application through the public API, with an Idempotency-Key. */
export function applyTo(
  base: string,
  employer: Employer,
  job: { id: string },
  headers: Record<string, string> = {},
): Promise<Answer> {
  const body = applicationBody();
  return call(base, `/api/v1/boards/${employer.org}/jobs/${job.id}/applications`, {
    method: 'POST',
    headers: { 'content-type': body.contentType, 'idempotency-key': randomUUID(), ...headers },
    body: body.payload,
  });
}

/** Lines of the server's output (pino JSON) whose `msg` contains `text`. */
export function logLines(app: App, text: string): { time: number; msg: string; line: string }[] {
  const found: { time: number; msg: string; line: string }[] = [];
  for (const line of app.served.output().split('\n')) {
    if (!line.includes(text)) continue;
    try {
      const entry = JSON.parse(line) as { time: number; msg: string };
      if (entry.msg?.includes(text)) found.push({ time: entry.time, msg: entry.msg, line });
    } catch {
      // not a log line
    }
  }
  return found;
}
