// Database loss: PostgreSQL stops (`pg_ctl stop -m immediate`, a crash: no checkpoint, recovery on
// start) under load, stays down, then starts again. During the outage the API answers quickly (503
// with Retry-After where it needs the database) and never hangs; it recovers within 10 s of
// PostgreSQL accepting connections, without a restart; no acknowledged write is lost.
//
//   node --import tsx test/reliability/db-loss.ts [--short]     (10 s outage; --short: 3 s)
//
// Load: 10 clients submitting applications (Idempotency-Key, retrying the same request on a
// network error, a 5xx or 409 idempotency_in_progress) and 5 clients reading the public job list
// and /readyz. Every request's start, duration and answer is recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type ApplyOutcome,
  Checks,
  logSummary,
  ms,
  newSubmission,
  onExit,
  percentile,
  printTable,
  SHORT,
  type SubmitResult,
  setupEmployer,
  sleep,
  startApp,
  startCluster,
  submitUntilAcknowledged,
  unqueuedConfirmations,
  withClient,
} from './lib.ts';

const WRITERS = 10;
const READERS = 5;
const WARM_UP_MS = SHORT ? 3000 : 5000;
const OUTAGE_MS = SHORT ? 3000 : 10_000;
const AFTER_MS = SHORT ? 3000 : 5000;
// The promise: an answer within 2 s (the pool's connection timeout) while the database is down.
// Checked against 2.5 s: the margin is for this 2-core machine running the load generator, the
// app and PostgreSQL's restart at once (scheduling delays, not waiting on the database). The
// maximum is reported exactly.
const OUTAGE_ANSWER_MS = 2000;
const OUTAGE_LIMIT_MS = 2500;
// Recovery: from pg_isready succeeding to /readyz 200 and an application acknowledged.
const RECOVERY_LIMIT_MS = 10_000;
// Any request taking this long has hung: a failure, whenever it happens.
const HANG_MS = 10_000;
// Impatient clients on purpose (Retry-After says 5 s): more requests land in the outage.
const MAX_BACKOFF_MS = 500;
const READ_PAUSE_MS = 50;
const DRAIN_MS = 30_000;

const runStarted = Date.now();
const cluster = await startCluster();
const files = mkdtempSync(path.join(tmpdir(), 'rolecraft-dbloss-files-'));
onExit(() => rmSync(files, { recursive: true, force: true }));
const env = { DATABASE_URL: cluster.url, FILE_STORAGE_DIR: files };
const app = await startApp(env);
const { orgSlug, postingId } = await setupEmployer(app.base, env);

type Kind = 'apply' | 'jobs' | 'readyz';
interface Sample {
  kind: Kind;
  start: number;
  ms: number;
  status?: number;
  retryAfter?: boolean;
  error?: string;
  timedOut?: boolean;
}
const samples: Sample[] = [];

function recordApply(outcome: ApplyOutcome, start: number) {
  samples.push(
    outcome.kind === 'error'
      ? { kind: 'apply', start, ms: outcome.ms, error: outcome.error, timedOut: outcome.timedOut }
      : {
          kind: 'apply',
          start,
          ms: outcome.ms,
          status: outcome.status,
          retryAfter: outcome.retryAfter !== null,
        },
  );
}

async function get(kind: Kind, url: string): Promise<Sample> {
  const start = Date.now();
  const t0 = performance.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(HANG_MS) });
    await res.arrayBuffer();
    const sample = {
      kind,
      start,
      ms: performance.now() - t0,
      status: res.status,
      retryAfter: res.headers.has('retry-after'),
    };
    samples.push(sample);
    return sample;
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    const timedOut = e.name === 'TimeoutError';
    const sample = {
      kind,
      start,
      ms: performance.now() - t0,
      error: timedOut ? 'timeout' : (e.cause?.code ?? e.message),
      timedOut,
    };
    samples.push(sample);
    return sample;
  }
}

let stopping = false;
let drainDeadline: number | undefined;
// Should the app exit, clients give up at once instead of retrying against nothing.
void app.exited.then(() => {
  drainDeadline = 0;
});
const results: SubmitResult[] = [];
async function writer(n: number) {
  while (!stopping && app.running()) {
    results.push(
      await submitUntilAcknowledged(() => app.base, orgSlug, postingId, newSubmission(`w${n}`), {
        attemptTimeoutMs: HANG_MS,
        deadline: () => drainDeadline,
        maxBackoffMs: MAX_BACKOFF_MS,
        onAttempt: recordApply,
      }),
    );
  }
}
async function reader() {
  while (!stopping && app.running()) {
    await get('jobs', `${app.base}/api/v1/boards/${orgSlug}/jobs`);
    await get('readyz', `${app.base}/readyz`);
    await sleep(READ_PAUSE_MS);
  }
}
const load = [
  ...Array.from({ length: WRITERS }, (_, n) => writer(n)),
  ...Array.from({ length: READERS }, () => reader()),
];

await sleep(WARM_UP_MS);
const stopIssued = Date.now();
await cluster.stop('immediate');
const downAt = Date.now();
console.log(
  `PostgreSQL stopped (-m immediate) in ${ms(downAt - stopIssued)}; down for ${OUTAGE_MS / 1000} s`,
);
await sleep(OUTAGE_MS);

// Start it again; meanwhile note when it accepts connections (pg_isready every 20 ms) and probe
// the app: /readyz every 100 ms until 200, and a new application until acknowledged. PostgreSQL
// came back between the start of the last pg_isready that failed and the end of the first that
// succeeded; recovery is counted from the former, so it is an upper bound (never negative).
const startIssued = Date.now();
let upAt: number | undefined;
// The start of the last pg_isready that failed: the database was down at some moment after it.
let lastDownSeen = downAt;
const started = cluster.start();
const isUp = (async () => {
  for (;;) {
    const polled = Date.now();
    if (await cluster.isReady()) break;
    lastDownSeen = polled;
    await sleep(20);
  }
  upAt = Date.now();
})();
// Probing stops after a minute (or when the app is gone): a failure, reported below.
const probeDeadline = startIssued + 60_000;
const readyzOk = (async () => {
  while (Date.now() < probeDeadline && app.running()) {
    const s = await get('readyz', `${app.base}/readyz`);
    if (s.status === 200) return Date.now();
    await sleep(100);
  }
  return Number.NaN;
})();
const applied = submitUntilAcknowledged(() => app.base, orgSlug, postingId, newSubmission('probe'), {
  attemptTimeoutMs: HANG_MS,
  deadline: () => (app.running() ? probeDeadline : 0),
  maxBackoffMs: 200,
  onAttempt: recordApply,
}).then((r) => {
  results.push(r);
  return r.ackAt ?? Number.NaN;
});
await Promise.all([started, isUp]);
const [readyzAt, appliedAt] = await Promise.all([readyzOk, applied]);
const up = upAt!;
const back = lastDownSeen;
const recoveredAt = Math.max(readyzAt, appliedAt);
console.log(
  `PostgreSQL accepting after ${ms(up - startIssued)}; app recovered ${ms(recoveredAt - back)} later`,
);

await sleep(AFTER_MS);
stopping = true;
drainDeadline = app.running() ? Date.now() + DRAIN_MS : 0;
await Promise.all(load);
const samePid = app.running();
const output = app.output();
await app.stop();

// ---------------------------------------------------------------------------------------------
// The promises.

const checks = new Checks();
const during = samples.filter((s) => s.start >= stopIssued && s.start < up);
const inFlightAtStop = samples.filter((s) => s.start < stopIssued && s.start + s.ms > stopIssued);
const label = (s: Sample) =>
  s.error
    ? `error ${s.error}`
    : `${s.status}${s.status === 503 ? (s.retryAfter ? ' with Retry-After' : ' WITHOUT Retry-After') : ''}`;
const tally = (list: Sample[]) => {
  const byKind = new Map<string, Map<string, number>>();
  for (const s of list) {
    const m = byKind.get(s.kind) ?? new Map<string, number>();
    m.set(label(s), (m.get(label(s)) ?? 0) + 1);
    byKind.set(s.kind, m);
  }
  return [...byKind.entries()].map(
    ([kind, m]) => [kind, [...m.entries()].map(([l, n]) => `${n} × ${l}`).join(', ')] as [string, string],
  );
};
const maxDuring = Math.max(0, ...during.map((s) => s.ms));
const slow = during.filter((s) => s.ms > OUTAGE_LIMIT_MS);
// Needing the database (applications, /readyz): 503 with Retry-After. The job list may also be
// 200 from the cache. A 2xx needing the database is fine if the database was there for it: the
// request ended before the stop completed or after the last moment it was seen down (requests
// starting just before PostgreSQL accepts again may well reach it).
const dbSeen = (s: Sample) => s.start + s.ms < downAt || s.start + s.ms > lastDownSeen;
const acceptable = (s: Sample) =>
  s.status === 503
    ? s.retryAfter === true
    : s.status !== undefined && s.status < 300 && ((s.kind === 'jobs' && s.status === 200) || dbSeen(s));
const unacceptable = during.filter((s) => !acceptable(s));
const inFlightWrong = inFlightAtStop.filter((s) => !acceptable(s));
const hung = samples.filter((s) => s.timedOut);
const failedAnyTime = samples.filter((s) => s.error);

checks.check(during.length > 0, 'requests were made during the outage', `${during.length}`);
checks.check(
  slow.length === 0,
  `every request started during the outage answered within ${OUTAGE_LIMIT_MS} ms`,
  `max ${ms(maxDuring)}${slow.length ? `, ${slow.length} slower` : ''}`,
);
checks.check(
  unacceptable.length === 0,
  'requests started during the outage: 503 with Retry-After (or 200 from a cache, or 2xx once PostgreSQL is back)',
  unacceptable.length
    ? tally(unacceptable)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')
    : '',
);
checks.check(
  inFlightWrong.length === 0,
  'requests in flight at the stop: a 2xx, or 503 with Retry-After',
  inFlightWrong.length
    ? tally(inFlightWrong)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')
    : '',
);
checks.check(hung.length === 0, `no request hung (client timeout ${HANG_MS / 1000} s)`, `${hung.length}`);
checks.check(
  failedAnyTime.length === 0,
  'no request failed without an HTTP answer',
  failedAnyTime.length
    ? tally(failedAnyTime)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')
    : '',
);
checks.check(
  Number.isFinite(recoveredAt) && recoveredAt - back <= RECOVERY_LIMIT_MS,
  `recovered (/readyz 200 and an application acknowledged) within ${RECOVERY_LIMIT_MS / 1000} s of PostgreSQL accepting connections`,
  `/readyz after ${ms(readyzAt - back)}, application after ${ms(appliedAt - back)}`,
);
checks.check(
  samePid,
  `the same app process served throughout (pid ${app.pid}, never restarted)`,
  samePid ? '' : `it exited (code ${app.child.exitCode}, signal ${app.child.signalCode})`,
);

const acknowledged = results.filter((r) => r.id !== undefined);
const refused = results.filter((r) => r.failure !== undefined);
const { rows, unqueued } = await withClient(cluster.url, async (c) => ({
  rows: (
    await c.query<{ id: string; email: string }>('select id, email from applications where posting_id = $1', [
      postingId,
    ])
  ).rows,
  unqueued: await unqueuedConfirmations(c, postingId),
}));
const byId = new Map(rows.map((r) => [r.id, r.email]));
const lost = acknowledged.filter((r) => byId.get(r.id!) !== r.email);
const ackEmails = new Set(acknowledged.map((r) => r.email));
checks.check(
  refused.length === 0,
  'no application was refused or left unfinished',
  refused.length
    ? refused
        .slice(0, 5)
        .map((r) => `${r.email}: ${r.failure}`)
        .join('; ')
    : '',
);
checks.check(
  lost.length === 0,
  'no acknowledged application was lost',
  `${lost.length} of ${acknowledged.length} missing`,
);
checks.check(
  rows.length === ackEmails.size,
  'applications in the database = acknowledged applications',
  `${rows.length} rows, ${ackEmails.size} acknowledged`,
);

const latencies = (list: Sample[]) =>
  `${list.length} requests; median ${ms(
    percentile(
      list.map((s) => s.ms),
      50,
    ),
  )}, p99 ${ms(
    percentile(
      list.map((s) => s.ms),
      99,
    ),
  )}, max ${ms(Math.max(0, ...list.map((s) => s.ms)))}`;
printTable(
  `Database loss: ${OUTAGE_MS / 1000} s outage under ${WRITERS} writers and ${READERS} readers (${SHORT ? 'short' : 'full'} form)`,
  [
    ['stop -m immediate took', ms(downAt - stopIssued)],
    ['outage (stop issued → pg_isready)', ms(up - stopIssued)],
    ['requests started in the outage', latencies(during)],
    [
      `  answered within ${OUTAGE_ANSWER_MS} ms`,
      `${during.filter((s) => s.ms <= OUTAGE_ANSWER_MS).length} of ${during.length}`,
    ],
    ...tally(during).map(([kind, v]) => [`  ${kind}`, v] as [string, string]),
    ['requests in flight at the stop', latencies(inFlightAtStop)],
    ...tally(inFlightAtStop).map(([kind, v]) => [`  ${kind}`, v] as [string, string]),
    [
      'PostgreSQL start (start issued → pg_isready)',
      `${ms(up - startIssued)} (came back within the last ${ms(up - back)} of it)`,
    ],
    ['PostgreSQL back → /readyz 200 (at most)', ms(readyzAt - back)],
    ['PostgreSQL back → application acknowledged (at most)', ms(appliedAt - back)],
    ['app process', `pid ${app.pid}, ${samePid ? 'never restarted' : 'EXITED'}`],
    ['requests in total', latencies(samples)],
    [
      'applications acknowledged',
      `${acknowledged.length} (${acknowledged.filter((r) => r.replayed).length} as a replay)`,
    ],
    ['applications in the database', rows.length],
    ['acknowledged but lost', lost.length],
    ['hung requests (> 10 s)', hung.length],
    ['confirmation mails not yet queued (the sweep will)', unqueued.length],
    ['run time', `${((Date.now() - runStarted) / 1000).toFixed(0)} s`],
  ],
);
const code = checks.report();
console.log(`\nThe app's log (warnings and errors, by message):\n${logSummary(output)}`);
process.exit(code);
