// Crash: rounds of `kill -9` of the app while 50 clients submit applications with Idempotency-Keys
// and retry. Afterwards every application that got a 2xx exists exactly once, and the database and
// the file storage hold nothing that no application owns.
//
//   node --import tsx test/reliability/crash.ts [--short]     (20 rounds; --short: 3)
//
// Each client sends a sequence of distinct applications (a unique email and key each) and retries
// the same request (same key, email and body) on a network error, a 5xx or 409
// idempotency_in_progress, until it gets a 2xx. A kill lands in the middle of requests: before the
// transaction (nothing written), inside it (PostgreSQL rolls it back when the connection drops), or
// after the commit and before the answer (the retry gets the same application back, replayed).
//
// Files: submit.ts stores the uploaded bytes before the transaction and removes them when it fails,
// which a killed process cannot do. So a kill between the two leaves a file that no row names; the
// app's hourly sweep (files/sweep.ts) deletes such files once they are an hour old, which this
// short run does not wait for. They are reported, told apart from leaks by their time: a file
// written before the last kill may be a kill's leftover; one written after it (by the instance that
// was never killed) is a leak and fails the run. RELIABILITY_STRICT_FILES=1 fails on both.
//
// Also reported, not checked: acknowledged applications whose confirmation mail was not queued
// when the run ended (it is queued after the commit; a kill loses what is not queued yet, and the
// app's ten-minute sweep queues it once the application is five minutes old).
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type AppInstance,
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

const CLIENTS = 50;
const ROUNDS = SHORT ? 3 : 20;
// Load between kills, from the moment the new instance is ready. An application alone takes tens of
// milliseconds, but a new instance meets all 50 clients at once and gets through about 30 a second
// on this machine, so with 1–2 s most kills land while nearly every client has a request in flight
// (before, inside or just after its transaction), which is the point.
const LOAD_MS = SHORT ? 1000 : 2000;
// A request the server is working on answers within a second or two even on a loaded 2-core
// machine; 15 s only catches a hung request (counted and reported, then retried).
const ATTEMPT_TIMEOUT_MS = 15_000;
// Backoff between retries grows from 50 ms to this; instances take seconds (3–5 here) to restart,
// so a client finds the new one within half a second of it being ready.
const MAX_BACKOFF_MS = 500;
// After the load stops, each client finishes the application it is on (retrying) within this.
const DRAIN_MS = 60_000;
const STRICT_FILES = process.env.RELIABILITY_STRICT_FILES === '1';

const runStarted = Date.now();
const cluster = await startCluster();
const files = mkdtempSync(path.join(tmpdir(), 'rolecraft-crash-files-'));
onExit(() => rmSync(files, { recursive: true, force: true }));
const env = { DATABASE_URL: cluster.url, FILE_STORAGE_DIR: files };

interface Instance {
  app: AppInstance;
  readyAt: number;
  killedAt?: number;
  exitSignal?: string | null;
}
const instances: Instance[] = [];
async function launch(): Promise<Instance> {
  const app = await startApp(env);
  const instance = { app, readyAt: Date.now() };
  instances.push(instance);
  return instance;
}

let current = await launch();
const { orgSlug, postingId } = await setupEmployer(current.app.base, env);

// What the clients saw.
const counts = new Map<string, number>();
const count = (what: string) => counts.set(what, (counts.get(what) ?? 0) + 1);
const onAttempt = (outcome: ApplyOutcome) => {
  if (outcome.kind === 'error') count(outcome.timedOut ? 'timeout' : `network error (${outcome.error})`);
  else if (outcome.status < 300) count(outcome.replayed ? `${outcome.status} replayed` : `${outcome.status}`);
  else count(`${outcome.status}${outcome.code ? ` ${outcome.code}` : ''}`);
};

let stopping = false;
let drainDeadline: number | undefined;
const results: SubmitResult[] = [];
async function client(n: number) {
  while (!stopping) {
    const submission = newSubmission(`c${n}`);
    results.push(
      await submitUntilAcknowledged(() => current.app.base, orgSlug, postingId, submission, {
        attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
        deadline: () => drainDeadline,
        maxBackoffMs: MAX_BACKOFF_MS,
        onAttempt,
      }),
    );
  }
}

const loadStarted = Date.now();
const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));
const restarts: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  await sleep(LOAD_MS);
  const killed = current;
  killed.killedAt = Date.now();
  killed.app.kill('SIGKILL');
  await killed.app.exited;
  killed.exitSignal = killed.app.child.signalCode;
  current = await launch();
  restarts.push(current.readyAt - killed.killedAt);
  console.log(
    `round ${round}/${ROUNDS}: killed pid ${killed.app.pid}, pid ${current.app.pid} ready after ${ms(current.readyAt - killed.killedAt)}`,
  );
}
// Some load on the last instance too, which is then stopped gracefully, never killed.
await sleep(LOAD_MS);
stopping = true;
const stoppedAt = Date.now();
drainDeadline = stoppedAt + DRAIN_MS;
await Promise.all(clients);
const drainedMs = Date.now() - stoppedAt;
const loadMs = stoppedAt - loadStarted;
await current.app.stop();
const lastKillAt = Math.max(...instances.map((i) => i.killedAt ?? 0));

// ---------------------------------------------------------------------------------------------
// What the database and the storage directory hold.

const acknowledged = results.filter((r) => r.id !== undefined);
const refused = results.filter((r) => r.failure !== undefined);
const db = await withClient(cluster.url, async (c) => {
  const one = async (sql: string, params: unknown[] = []) =>
    Number((await c.query<{ n: string }>(sql, params)).rows[0]!.n);
  return {
    applications: (
      await c.query<{ id: string; email: string; key: string | null }>(
        `select a.id, a.email, k.key from applications a
         left join idempotency_keys k on k.application_id = a.id where a.posting_id = $1`,
        [postingId],
      )
    ).rows,
    allApplications: await one('select count(*) as n from applications'),
    duplicateEmails: await one(
      'select count(*) as n from (select email from applications group by posting_id, email having count(*) > 1) d',
    ),
    candidatesWithoutApplication: await one(
      'select count(*) as n from candidates c where not exists (select 1 from applications a where a.candidate_id = c.id)',
    ),
    // Submissions here carry only a resume; cover letters and file answers are checked too.
    filesWithoutApplication: await one(
      `select count(*) as n from files f where not exists (
         select 1 from applications a where a.resume_file_id = f.id or a.cover_letter_file_id = f.id
           or a.answers::text like '%' || f.id::text || '%')`,
    ),
    applicationsWithoutResume: await one(
      'select count(*) as n from applications where resume_file_id is null',
    ),
    keysWithoutApplication: await one(
      'select count(*) as n from idempotency_keys k where k.application_id is null or not exists (select 1 from applications a where a.id = k.application_id)',
    ),
    applicationsWithoutOneKey: await one(
      `select count(*) as n from applications a
       where (select count(*) from idempotency_keys k where k.application_id = a.id) <> 1`,
    ),
    applicationsWithoutOneAppliedEvent: await one(
      `select count(*) as n from applications a
       where (select count(*) from application_events e where e.application_id = a.id and e.kind = 'applied') <> 1`,
    ),
    unqueuedConfirmations: await unqueuedConfirmations(c, postingId),
    storageKeys: (await c.query<{ storage_key: string }>('select storage_key from files')).rows.map(
      (r) => r.storage_key,
    ),
  };
});

// Every entry under the storage directory: <2 hex>/<32 hex> are stored files, .tmp-… half-written.
const onDisk: { name: string; temp: boolean; mtimeMs: number }[] = [];
for (const shard of readdirSync(files, { withFileTypes: true })) {
  if (!shard.isDirectory()) {
    onDisk.push({ name: shard.name, temp: false, mtimeMs: statSync(path.join(files, shard.name)).mtimeMs });
    continue;
  }
  for (const file of readdirSync(path.join(files, shard.name))) {
    const { mtimeMs } = statSync(path.join(files, shard.name, file));
    onDisk.push({ name: file, temp: file.startsWith('.tmp-'), mtimeMs });
  }
}
const rowKeys = new Set(db.storageKeys);
const diskKeys = new Set(onDisk.filter((f) => !f.temp).map((f) => f.name));
const unreferenced = onDisk.filter((f) => f.temp || !rowKeys.has(f.name));
const leftByKills = unreferenced.filter((f) => f.mtimeMs <= lastKillAt);
const leaked = unreferenced.filter((f) => f.mtimeMs > lastKillAt);
const unqueuedByKills = db.unqueuedConfirmations.filter((at) => at.getTime() <= lastKillAt).length;
const rowsWithoutFile = db.storageKeys.filter((k) => !diskKeys.has(k));

// ---------------------------------------------------------------------------------------------
// The promises.

const checks = new Checks();
const byId = new Map(db.applications.map((a) => [a.id, a]));
const wrongAck = acknowledged.filter((r) => {
  const row = byId.get(r.id!);
  return !row || row.email !== r.email || row.key !== r.key;
});
const ackEmails = new Set(acknowledged.map((r) => r.email));
const unacknowledged = db.applications.filter((a) => !ackEmails.has(a.email));
const ackIds = new Map<string, number>();
for (const r of acknowledged) ackIds.set(r.id!, (ackIds.get(r.id!) ?? 0) + 1);
const sharedIds = [...ackIds.values()].filter((n) => n > 1).length;

checks.check(
  instances.slice(0, -1).every((i) => i.exitSignal === 'SIGKILL'),
  `${ROUNDS} instances were killed with SIGKILL`,
);
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
  wrongAck.length === 0,
  'every acknowledged application exists, with its email and Idempotency-Key',
  wrongAck.length
    ? `${wrongAck.length} missing or different, e.g. ${wrongAck[0]!.email} → ${wrongAck[0]!.id}`
    : '',
);
checks.check(sharedIds === 0, 'no two applications were acknowledged with the same id', `${sharedIds}`);
checks.check(
  db.duplicateEmails === 0,
  'no email applied twice to the posting',
  `${db.duplicateEmails} duplicated`,
);
checks.check(
  db.applications.length === ackEmails.size && db.allApplications === db.applications.length,
  'applications in the database = acknowledged applications',
  `${db.applications.length} rows, ${ackEmails.size} acknowledged, ${unacknowledged.length} without acknowledgement`,
);
checks.check(
  db.candidatesWithoutApplication === 0,
  'no candidate without an application',
  `${db.candidatesWithoutApplication}`,
);
checks.check(
  db.filesWithoutApplication === 0,
  'no file row without an application',
  `${db.filesWithoutApplication}`,
);
checks.check(
  db.applicationsWithoutResume === 0,
  'every application has its resume row',
  `${db.applicationsWithoutResume}`,
);
checks.check(
  db.keysWithoutApplication === 0 && db.applicationsWithoutOneKey === 0,
  'idempotency keys and applications match one to one',
  `${db.keysWithoutApplication} keys without application, ${db.applicationsWithoutOneKey} applications without exactly one key`,
);
checks.check(
  db.applicationsWithoutOneAppliedEvent === 0,
  'every application has exactly one "applied" event',
  `${db.applicationsWithoutOneAppliedEvent}`,
);
checks.check(
  rowsWithoutFile.length === 0,
  'every file row has its bytes on disk',
  `${rowsWithoutFile.length} missing`,
);
checks.check(
  leaked.length === 0,
  'no unreferenced file written after the last kill (a leak without a crash)',
  `${leaked.length}`,
);
if (STRICT_FILES || leftByKills.length === 0) {
  checks.check(leftByKills.length === 0, 'no unreferenced file left by a kill -9', `${leftByKills.length}`);
}

const attempts = results.reduce((n, r) => n + r.attempts, 0);
const waits = results.filter((r) => r.id && r.recoveryMs > 0).map((r) => r.recoveryMs);
printTable(`Crash: ${ROUNDS} rounds of kill -9 under ${CLIENTS} clients (${SHORT ? 'short' : 'full'} form)`, [
  ['rounds (kill -9, restart)', ROUNDS],
  ['load', `${(loadMs / 1000).toFixed(1)} s, then ${ms(drainedMs)} for clients to finish`],
  [
    'restart (kill → new instance ready)',
    `median ${ms(percentile(restarts, 50))}, max ${ms(Math.max(...restarts))}`,
  ],
  ['requests sent', attempts],
  ['retries', attempts - results.length],
  [
    'applications acknowledged',
    `${acknowledged.length} (${acknowledged.filter((r) => r.replayed).length} of them as a replay)`,
  ],
  ['applications refused / unfinished', refused.length],
  ['applications in the database', db.applications.length],
  ['duplicates', db.duplicateEmails + sharedIds],
  [
    'orphan rows (candidates, files, keys, events)',
    db.candidatesWithoutApplication +
      db.filesWithoutApplication +
      db.keysWithoutApplication +
      db.applicationsWithoutOneKey +
      db.applicationsWithoutOneAppliedEvent,
  ],
  ['file rows without bytes', rowsWithoutFile.length],
  ['files on disk', `${onDisk.length} (${onDisk.filter((f) => f.temp).length} half-written temp files)`],
  [
    'unreferenced files left by kill -9',
    `${leftByKills.length}${leftByKills.length ? ' (the hourly sweep deletes them once an hour old)' : ''}`,
  ],
  ['unreferenced files leaked otherwise', leaked.length],
  [
    'confirmation mails not yet queued (the sweep will)',
    `${db.unqueuedConfirmations.length}: ${unqueuedByKills} applied to killed instances, ${db.unqueuedConfirmations.length - unqueuedByKills} to the last one (SIGTERM)`,
  ],
  [
    'client waits for recovery',
    `${waits.length} applications; median ${ms(percentile(waits, 50))}, p95 ${ms(percentile(waits, 95))}, max ${ms(Math.max(0, ...waits))}`,
  ],
  ['run time', `${((Date.now() - runStarted) / 1000).toFixed(0)} s`],
]);
printTable(
  'Answers the clients got (all attempts)',
  [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([what, n]) => [what, n]),
);
if (leftByKills.length > 0) {
  console.log(
    `\nNOTE: ${leftByKills.length} stored file(s) without a row, written before a kill -9 (submit.ts stores` +
      ' files before its transaction); the hourly sweep deletes them once an hour old. Not counted as a' +
      ' failure unless RELIABILITY_STRICT_FILES=1.',
  );
}
const code = checks.report();
console.log(
  `\nThe instances' logs (warnings and errors, by message):\n${logSummary(instances.map((i) => i.app.output()).join('\n'))}`,
);
process.exit(code);
