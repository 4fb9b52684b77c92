// Redis loss: public pages and the API keep working; the rate limits behave as documented
// (docs/security.md "Rate limits": auth limits fail closed with 503 `rate_limit_unavailable` and
// Retry-After: 10, the /api limit fails open, applications go through, no request waits on the dead
// Redis, the outage is logged once when it starts and once when it ends); recovery is automatic.
//
// A private redis-server on a free port, a database of our own on the shared PostgreSQL server, and
// `rolecraft serve` with REDIS_URL, a low /api limit and TRUST_PROXY=1, so that each probe comes
// from an address of its own (X-Forwarded-For) and only the limit probe trips the limit.
// Before: the pages, reads, a log-in and an application work and the /api limit answers 429.
// Then redis-server is SIGKILLed for 3 s (--short) or 15 s, under traffic; then restarted on the
// same port, and the app (never restarted) must recover on its own.
import { freePort } from '../process.ts';
import {
  type Answer,
  applyTo,
  call,
  check,
  fmtSummary,
  freshAddress,
  freshDatabase,
  jsonOf,
  logIn,
  logLines,
  main,
  makeEmployer,
  measured,
  ms,
  redisCommand,
  SHORT,
  section,
  sleep,
  startApp,
  startRedis,
  summarize,
} from './load.ts';

const OUTAGE_MS = SHORT ? 3_000 : 15_000;
const BASELINE_MS = 3_000;
const API_LIMIT = 20;
/** ioredis retries at most every 5 s (src/http/rate-limit.ts), so recovery must come within that and a margin. */
const RECOVERY_BUDGET_MS = 10_000;
/** No request may wait on the dead Redis: the slowest answer during the outage. */
const MAX_LATENCY_MS = 1_000;
const OUTAGE_LOG = 'rate-limit store unavailable';
const RECOVERY_LOG = 'rate-limit store available again';

const xff = () => ({ 'x-forwarded-for': freshAddress() });

main('Redis loss', async () => {
  section('setup');
  const redis = await startRedis(await freePort());
  const db = await freshDatabase();
  const app = await startApp(db.url, {
    REDIS_URL: redis.url,
    RATE_LIMIT_API_PER_MINUTE: String(API_LIMIT),
    TRUST_PROXY: '1',
  });
  const employer = await makeEmployer(app, { jobs: 2, headers: xff });
  const job = employer.jobs[0]!;
  measured('app', `${app.base} (pid ${app.pid}), redis on port ${redis.port}, database ${db.name}`);
  measured('limits', `RATE_LIMIT_API_PER_MINUTE=${API_LIMIT}, TRUST_PROXY=1 (one address per probe)`);

  const reads: Record<string, () => Promise<Answer>> = {
    'career page': () => call(app.base, `/careers/${employer.org}`, { headers: xff() }),
    'job page': () => call(app.base, `/careers/${employer.org}/jobs/${job.slug}`, { headers: xff() }),
    'board API': () => call(app.base, `/api/v1/boards/${employer.org}/jobs`, { headers: xff() }),
    'signed-in API read': () => employer.session.api('GET', '/api/v1/org/applications', undefined, xff()),
  };
  const login = () => logIn(app.base, employer.email, employer.password, xff());
  const apply = () => applyTo(app.base, employer, job, xff());

  /** API_LIMIT + 1 reads from one address: the last must be 429 when the limit counts. */
  const limitProbe = async () => {
    const headers = xff();
    const answers: Answer[] = [];
    for (let i = 0; i <= API_LIMIT; i++) {
      answers.push(await call(app.base, `/api/v1/boards/${employer.org}/jobs`, { headers }));
    }
    const last = answers.at(-1)!;
    const firstOk = answers.slice(0, API_LIMIT).every((a) => a.status === 200);
    return { ok: firstOk && last.status === 429, last, detail: `${API_LIMIT} × 200 then ${last.status}` };
  };

  section('before the outage');
  for (const [name, read] of Object.entries(reads)) {
    const a = await read();
    check(`${name} answers 200`, a.status === 200, `${a.status} in ${ms(a.ms)}`);
  }
  const before = await login();
  check('log-in answers 200', before.status === 200, `${before.status} in ${ms(before.ms)}`);
  const applied = await apply();
  check('an application is accepted (201)', applied.status === 201, `${applied.status} in ${ms(applied.ms)}`);
  const limited = await limitProbe();
  check(
    `the /api limit answers 429 after ${API_LIMIT} requests from one address`,
    limited.ok && limited.last.headers.has('retry-after'),
    `${limited.detail}, Retry-After: ${limited.last.headers.get('retry-after')}`,
  );
  const keys = Number(/:(\d+)/.exec(await redisCommand(redis.port, 'DBSIZE'))?.[1] ?? 0);
  measured('rate-limit keys in Redis', String(keys));
  // The same traffic as during the outage, with Redis up: the latencies to compare with.
  section(`baseline: the outage's traffic for ${BASELINE_MS / 1000} s with Redis up`);
  const baseline = await traffic(BASELINE_MS, reads, { login, loginEveryMs: 1_000, apply });
  report(baseline);
  check(
    'baseline: reads 200, log-ins 200, applications 201',
    baseline.reads.every((r) => r.answer.status === 200) &&
      baseline.logins.every((a) => a.status === 200) &&
      baseline.applications.every((a) => a.status === 201),
    `${baseline.reads.length} reads, ${baseline.logins.length} log-ins, ${baseline.applications.length} applications`,
  );

  section(`outage: redis-server SIGKILLed for ${OUTAGE_MS / 1000} s`);
  const killedAt = Date.now();
  await redis.kill();
  const during = await traffic(OUTAGE_MS, reads, { login, apply });
  report(during);
  const readsOk = during.reads.every((r) => r.answer.status === 200);
  const readTimes = summarize(during.reads.map((r) => r.answer.ms));
  check(
    'public pages and API reads answer 200 throughout',
    readsOk && during.reads.length > 0,
    `${during.reads.length} reads, ${during.reads.filter((r) => r.answer.status !== 200).length} not 200 ${describeFailures(during.reads)}`,
  );
  check(
    `no request waits on the dead Redis (slowest read < ${MAX_LATENCY_MS} ms)`,
    readTimes.max < MAX_LATENCY_MS,
    `p95 ${ms(readTimes.p95)}, max ${ms(readTimes.max)}`,
  );
  const closed = during.logins.every(
    (a) =>
      a.status === 503 &&
      jsonOf<{ code?: string }>(a).code === 'rate_limit_unavailable' &&
      a.headers.get('retry-after') === '10',
  );
  check(
    'log-in fails closed: 503 rate_limit_unavailable with Retry-After: 10',
    closed && during.logins.length > 0,
    `${during.logins.length} log-ins: ${countBy(during.logins.map((a) => `${a.status} ${jsonOf<{ code?: string }>(a).code ?? ''} retry-after=${a.headers.get('retry-after')}`))}; slowest ${ms(Math.max(...during.logins.map((a) => a.ms)))}`,
  );
  check(
    'applications go through (201)',
    during.applications.length > 0 && during.applications.every((a) => a.status === 201),
    `${during.applications.length} applications: ${countBy(during.applications.map((a) => String(a.status)))}; slowest ${ms(Math.max(...during.applications.map((a) => a.ms)))}`,
  );
  const outageLines = logLines(app, OUTAGE_LOG);
  check(
    'the outage is logged once when it starts',
    outageLines.length === 1,
    `${outageLines.length} "${OUTAGE_LOG}…" line(s)${outageLines[0] ? `, ${outageLines[0].time - killedAt} ms after the kill` : ''}`,
  );

  section('recovery: redis-server restarted on the same port (the app is not restarted)');
  await redis.restart();
  const restartedAt = Date.now();
  // Reads keep going while we wait for log-in to come back.
  let recovered = 0;
  const recovering = traffic(RECOVERY_BUDGET_MS + 2_000, reads, {
    // Every 100 ms: refused log-ins (503) are not counted, so polling costs no attempts.
    loginEveryMs: 100,
    login: async () => {
      if (recovered) return undefined;
      const a = await login();
      if (a.status === 200) recovered = Date.now();
      return a;
    },
    stop: () => recovered !== 0,
  });
  const after = await recovering;
  const recoveryMs = recovered ? recovered - restartedAt : Number.POSITIVE_INFINITY;
  check(
    `log-in works again within ${RECOVERY_BUDGET_MS / 1000} s of the restart, without restarting the app`,
    recoveryMs <= RECOVERY_BUDGET_MS && app.served.child.exitCode === null,
    `${Number.isFinite(recoveryMs) ? `${recoveryMs} ms` : 'never'} after the restart (outage ${recovered ? recovered - killedAt : '∞'} ms in all); ` +
      `log-ins while waiting: ${countBy(after.logins.map((a) => String(a.status)))}`,
  );
  check(
    'reads stayed 200 during the recovery',
    after.reads.every((r) => r.answer.status === 200),
    `${after.reads.length} reads, ${fmtSummary(summarize(after.reads.map((r) => r.answer.ms)))}`,
  );
  const again = await limitProbe();
  const keysAfter = Number(/:(\d+)/.exec(await redisCommand(redis.port, 'DBSIZE'))?.[1] ?? 0);
  check(
    'rate limiting counts again in the restarted Redis',
    again.ok && keysAfter > 0,
    `${again.detail}; ${keysAfter} rate-limit keys in the new Redis`,
  );
  const appliedAfter = await apply();
  check(
    'applications are accepted after recovery (201)',
    appliedAfter.status === 201,
    String(appliedAfter.status),
  );
  await sleep(200);
  const recoveryLines = logLines(app, RECOVERY_LOG);
  const outageLinesAfter = logLines(app, OUTAGE_LOG);
  check(
    'the outage is logged once when it ends',
    recoveryLines.length === 1 && outageLinesAfter.length === 1,
    `${recoveryLines.length} "${RECOVERY_LOG}" line(s)${recoveryLines[0] ? `, ${recoveryLines[0].time - restartedAt} ms after the restart` : ''}; ${outageLinesAfter.length} outage line(s) in all`,
  );
});

interface Traffic {
  reads: { name: string; answer: Answer; at: number }[];
  logins: Answer[];
  applications: Answer[];
}

interface TrafficOptions {
  login?: () => Promise<Answer | undefined>;
  /** Log-ins count against the per-account limit (10 per 15 min) whenever Redis is up. */
  loginEveryMs?: number;
  apply?: () => Promise<Answer>;
  stop?: () => boolean;
}

/**
 * Traffic for `durationMs` (or until `stop()`): three read workers cycling through `reads`, a
 * log-in every 300 ms (or `loginEveryMs`) and an application every 500 ms, when given.
 */
async function traffic(
  durationMs: number,
  reads: Record<string, () => Promise<Answer>>,
  { login, loginEveryMs = 300, apply, stop = () => false }: TrafficOptions,
): Promise<Traffic> {
  const end = Date.now() + durationMs;
  const going = () => Date.now() < end && !stop();
  const out: Traffic = { reads: [], logins: [], applications: [] };
  const entries = Object.entries(reads);
  const reader = async (offset: number) => {
    for (let i = offset; going(); i++) {
      const [name, read] = entries[i % entries.length]!;
      const at = Date.now();
      out.reads.push({ name, answer: await read(), at });
    }
  };
  const every = async (period: number, fn: () => Promise<Answer | undefined>, into: Answer[]) => {
    while (going()) {
      const started = Date.now();
      const a = await fn();
      if (a) into.push(a);
      await sleep(Math.max(0, period - (Date.now() - started)));
    }
  };
  await Promise.all([
    reader(0),
    reader(1),
    reader(2),
    login ? every(loginEveryMs, login, out.logins) : undefined,
    apply ? every(500, apply, out.applications) : undefined,
  ]);
  return out;
}

function report(t: Traffic) {
  const names = [...new Set(t.reads.map((r) => r.name))];
  for (const name of names) {
    measured(name, fmtSummary(summarize(t.reads.filter((r) => r.name === name).map((r) => r.answer.ms))));
  }
  measured('all reads', fmtSummary(summarize(t.reads.map((r) => r.answer.ms))));
  measured('log-ins', fmtSummary(summarize(t.logins.map((a) => a.ms))));
  measured('applications', fmtSummary(summarize(t.applications.map((a) => a.ms))));
}

function countBy(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${n} × ${v}`).join(', ') || 'none';
}

function describeFailures(reads: Traffic['reads']): string {
  const bad = reads.filter((r) => r.answer.status !== 200).slice(0, 3);
  return bad
    .map((r) => `(${r.name}: ${r.answer.status} ${r.answer.error ?? r.answer.text.slice(0, 120)})`)
    .join(' ');
}
