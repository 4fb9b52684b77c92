// Soak: mixed load at half the measured maximum for 10 minutes (--short: 30 s) with no errors, p99
// within budget and memory flat after warm-up; then SIGTERM under load drains: every request that
// had started completes, /readyz answers 503 during the grace period, and the process exits 0.
//
// `rolecraft serve` on a database of our own (PostgreSQL), SHUTDOWN_GRACE_MS=2000, the per-IP
// limits off (the load comes from one address; the limits are not what is measured). An employer
// with three published jobs and some applications, made through the CLI and the API.
// 1. The maximum: autocannon, 50 connections, 5 s (after 2 s of warm-up), over the read mix: career
//    page, board API, a job page, a job in the API, and the signed-in list of applications.
// 2. The soak: the same mix at half that rate (autocannon overallRate) in slices (1 min; --short:
//    10 s), plus two applications a second (multipart with a PDF resume and an Idempotency-Key;
//    every tenth sent twice, which must replay the same application). The server's RSS is sampled
//    every 5 s (--short: 1 s); after the warm-up (1 min; --short: 10 s) the mean of the last third
//    must be within 15% of the first third's (--short: 30%, as 30 s is mostly warm-up).
// 3. Drain: 20 applications whose bodies are still arriving, and a load balancer's worth of reads
//    (routed while /readyz answers 200); SIGTERM; the uploads finish after the grace period.
//    main.ts: /readyz 503 for SHUTDOWN_GRACE_MS, then app.close() (no new connections, in-flight
//    requests finish), then the queue and the database close.
import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  type Answer,
  applicationBody,
  call,
  check,
  fmtSummary,
  freshDatabase,
  main,
  makeEmployer,
  measured,
  ms,
  rssMiB,
  SHORT,
  section,
  sleep,
  startApp,
  summarize,
} from './load.ts';

const SOAK_MS = SHORT ? 30_000 : 600_000;
const SLICE_MS = SHORT ? 10_000 : 60_000;
const WARMUP_MS = SHORT ? 10_000 : 60_000;
const RSS_EVERY_MS = SHORT ? 1_000 : 5_000;
const APPLICATIONS_PER_SECOND = 2;
const P99_BUDGET_MS = 250;
const P99_HARD_LIMIT_MS = 1_000;
/** 15% over 10 minutes; 30 s cannot tell warm-up from growth that well, so the short form allows 30%. */
const RSS_GROWTH_LIMIT = SHORT ? 0.3 : 0.15;
const GRACE_MS = 2_000;
const IN_FLIGHT = 20;

main('Soak and graceful shutdown', async () => {
  section('setup');
  const db = await freshDatabase();
  const app = await startApp(db.url, {
    LOG_LEVEL: 'warn',
    SHUTDOWN_GRACE_MS: String(GRACE_MS),
    RATE_LIMIT_API_PER_MINUTE: '0',
    RATE_LIMIT_APPLY_PER_HOUR: '0',
  });
  const employer = await makeEmployer(app, { jobs: 3, applications: 20 });
  const [job] = employer.jobs;
  measured(
    'app',
    `${app.base} (pid ${app.pid}), database ${db.name}, ${employer.jobs.length} jobs, 20 applications`,
  );
  const mix: autocannon.Request[] = [
    { method: 'GET', path: `/careers/${employer.org}` },
    { method: 'GET', path: `/api/v1/boards/${employer.org}/jobs` },
    { method: 'GET', path: `/careers/${employer.org}/jobs/${job!.slug}` },
    { method: 'GET', path: `/api/v1/boards/${employer.org}/jobs/${job!.id}` },
    { method: 'GET', path: '/api/v1/org/applications', headers: { cookie: employer.session.cookie } },
  ];
  measured('read mix', mix.map((r) => r.path).join(', '));

  section('the maximum: 50 connections, 5 s');
  await cannon(app.base, mix, { connections: 50, durationMs: 2_000 });
  const max = await cannon(app.base, mix, { connections: 50, durationMs: 5_000 });
  measured('maximum', `${max.rps.toFixed(0)} req/s, ${fmtSummary(max.latency)}, ${max.failures} failed`);
  check('no errors at the maximum', max.failures === 0, describe(max));
  const rate = Math.max(20, Math.floor(max.rps / 2));

  section(
    `soak: ${rate} req/s (half) for ${SOAK_MS / 1000} s, plus ${APPLICATIONS_PER_SECOND} applications/s`,
  );
  const rss: { at: number; mib: number }[] = [];
  const soakStart = Date.now();
  const sampler = setInterval(
    () => rss.push({ at: Date.now() - soakStart, mib: rssMiB(app.pid) }),
    RSS_EVERY_MS,
  );
  rss.push({ at: 0, mib: rssMiB(app.pid) });
  let soaking = true;
  const applying = applications(app.base, employer, () => soaking);
  const slices: Cannon[] = [];
  while (Date.now() - soakStart < SOAK_MS - 500) {
    const slice = await cannon(app.base, mix, {
      connections: 16,
      overallRate: rate,
      durationMs: Math.min(SLICE_MS, SOAK_MS - (Date.now() - soakStart)),
    });
    slices.push(slice);
    measured(
      `  +${((Date.now() - soakStart) / 1000).toFixed(0).padStart(3)} s`,
      `${slice.rps.toFixed(0)} req/s, p50 ${ms(slice.latency.p50)}, p99 ${ms(slice.latency.p99)}, max ${ms(slice.latency.max)}, ` +
        `${slice.failures} failed, RSS ${rss.at(-1)!.mib.toFixed(0)} MiB`,
    );
  }
  soaking = false;
  const applied = await applying;
  clearInterval(sampler);
  const reads = summarize(slices.flatMap((s) => s.times));
  const total = slices.reduce((n, s) => n + s.requests, 0);
  const failed = slices.reduce((n, s) => n + s.failures, 0);
  measured('reads', `${total} requests, ${failed} failed, ${fmtSummary(reads)}`);
  measured(
    'applications',
    `${applied.answers.length} posted, ${applied.replays} replayed with their Idempotency-Key, ${fmtSummary(summarize(applied.answers.map((a) => a.ms)))}`,
  );
  check(
    'no errors: every read answered 2xx',
    failed === 0 && total > 0,
    `${total} reads, ${failed} not 2xx or failed ${slices.map(describe).filter(Boolean).join('; ')}`,
  );
  check(
    'every application was accepted (201), every replay answered the same application',
    applied.answers.length > 0 && applied.bad.length === 0,
    applied.bad.length ? applied.bad.slice(0, 5).join('; ') : `${applied.answers.length} applications`,
  );
  const posts = summarize(applied.answers.map((a) => a.ms));
  const all = summarize([...slices.flatMap((s) => s.times), ...applied.answers.map((a) => a.ms)]);
  measured('all requests', fmtSummary(all));
  check(
    `p99 of all requests under ${P99_HARD_LIMIT_MS} ms (hard limit); budget ${P99_BUDGET_MS} ms: ${all.p99 <= P99_BUDGET_MS ? 'met' : 'MISSED'}`,
    all.p99 <= P99_HARD_LIMIT_MS,
    `p99 ${ms(all.p99)} (reads ${ms(reads.p99)}, applications ${ms(posts.p99)})`,
  );
  const settled = rss.filter((s) => s.at >= WARMUP_MS);
  const third = Math.max(1, Math.floor(settled.length / 3));
  const mean = (xs: { mib: number }[]) => xs.reduce((n, x) => n + x.mib, 0) / xs.length;
  const first = mean(settled.slice(0, third));
  const last = mean(settled.slice(-third));
  const growth = (last - first) / first;
  measured(
    'RSS',
    `${rss[0]!.mib.toFixed(0)} MiB at the start, max ${Math.max(...rss.map((s) => s.mib)).toFixed(0)} MiB; ` +
      `${rss.length} samples every ${RSS_EVERY_MS / 1000} s`,
  );
  check(
    `memory flat after ${WARMUP_MS / 1000} s of warm-up (last third ≤ first third + ${RSS_GROWTH_LIMIT * 100}%)`,
    settled.length >= 3 && growth <= RSS_GROWTH_LIMIT,
    `first third ${first.toFixed(1)} MiB, last third ${last.toFixed(1)} MiB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%)`,
  );

  // Which request costs what once the soak has added its applications (one at a time, no load).
  for (const r of mix) {
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      times.push(
        (await call(app.base, r.path!, { headers: (r.headers ?? {}) as Record<string, string> })).ms,
      );
    }
    measured(`  alone, after the soak: GET ${r.path}`, fmtSummary(summarize(times)));
  }

  section(`SIGTERM under load (SHUTDOWN_GRACE_MS=${GRACE_MS})`);
  await drain(app, employer, db.url);
});

interface Cannon {
  rps: number;
  requests: number;
  failures: number;
  latency: ReturnType<typeof summarize>;
  times: number[];
  codes: Record<string, number>;
  errors: number;
}

/** autocannon over the mix; every response time is kept (for percentiles over the whole soak). */
async function cannon(
  base: string,
  requests: autocannon.Request[],
  options: { connections: number; durationMs: number; overallRate?: number },
): Promise<Cannon> {
  const times: number[] = [];
  const codes: Record<string, number> = {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: options.connections,
        duration: Math.max(1, Math.round(options.durationMs / 1000)),
        requests,
        ...(options.overallRate ? { overallRate: options.overallRate } : {}),
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, status, _bytes, time) => {
      times.push(time);
      codes[status] = (codes[status] ?? 0) + 1;
    });
  });
  const requestsDone = times.length;
  return {
    rps: requestsDone / result.duration,
    requests: requestsDone,
    failures: result.non2xx + result.errors + result.timeouts,
    latency: summarize(times),
    times,
    codes,
    errors: result.errors + result.timeouts,
  };
}

function describe(c: Cannon): string {
  if (c.failures === 0) return '';
  return `status codes ${JSON.stringify(c.codes)}, ${c.errors} connection errors or timeouts`;
}

/** Applications at a steady rate while `going()`; every tenth is sent again with the same key and body. */
async function applications(
  base: string,
  employer: { org: string; jobs: { id: string }[] },
  going: () => boolean,
) {
  const answers: Answer[] = [];
  const bad: string[] = [];
  let replays = 0;
  for (let i = 0; going(); i++) {
    const started = Date.now();
    const job = employer.jobs[i % employer.jobs.length]!;
    const body = applicationBody();
    const key = randomUUID();
    const post = () =>
      call(base, `/api/v1/boards/${employer.org}/jobs/${job.id}/applications`, {
        method: 'POST',
        headers: { 'content-type': body.contentType, 'idempotency-key': key },
        body: body.payload,
      });
    const a = await post();
    answers.push(a);
    if (a.status !== 201) bad.push(`${a.status} ${a.error ?? a.text.slice(0, 200)}`);
    if (i % 10 === 0 && a.status === 201) {
      const again = await post();
      replays++;
      const same =
        (JSON.parse(again.text || '{}') as { id?: string }).id === (JSON.parse(a.text) as { id: string }).id;
      if (again.status !== 201 || again.headers.get('idempotent-replayed') !== 'true' || !same) {
        bad.push(
          `replay answered ${again.status}, replayed=${again.headers.get('idempotent-replayed')}, same id: ${same}`,
        );
      }
    }
    await sleep(Math.max(0, 1000 / APPLICATIONS_PER_SECOND - (Date.now() - started)));
  }
  return { answers, bad, replays };
}

/** An application whose body arrives in pieces: half now, the rest when `finish()` is called. */
function slowApplication(base: string, org: string, jobId: string, email: string) {
  const url = new URL(`/api/v1/boards/${org}/jobs/${jobId}/applications`, base);
  const body = applicationBody();
  // applicationBody() picks its own address; put ours in, to find the application afterwards.
  const payload = Buffer.from(
    body.payload.toString('latin1').replace(/applicant-[\w-]+@example\.test/, email),
    'latin1',
  );
  const half = Math.floor(payload.length / 2);
  let startedAt = 0;
  let req: ReturnType<typeof httpRequest> | undefined;
  const result = new Promise<{ status: number; error?: string; endedAt: number; text: string }>((resolve) => {
    req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent: false,
        headers: {
          'content-type': body.contentType,
          'content-length': payload.length,
          'idempotency-key': randomUUID(),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, endedAt: Date.now(), text }));
      },
    );
    req.on('error', (error) => resolve({ status: 0, error: error.message, endedAt: Date.now(), text: '' }));
    req.write(payload.subarray(0, half));
    startedAt = Date.now();
  });
  return {
    result,
    startedAt: () => startedAt,
    /** Sends the rest in `pieces` over `overMs`. */
    async finish(pieces: number, overMs: number) {
      const rest = payload.subarray(half);
      const size = Math.ceil(rest.length / pieces);
      for (let i = 0; i < pieces; i++) {
        await sleep(overMs / pieces);
        const chunk = rest.subarray(i * size, (i + 1) * size);
        if (i === pieces - 1) req!.end(chunk);
        else req!.write(chunk);
      }
    },
  };
}

async function drain(
  app: Awaited<ReturnType<typeof startApp>>,
  employer: Awaited<ReturnType<typeof makeEmployer>>,
  databaseUrl: string,
) {
  const job = employer.jobs[0]!;
  const run = randomUUID().slice(0, 8);
  const uploads = Array.from({ length: IN_FLIGHT }, (_, i) =>
    slowApplication(app.base, employer.org, job.id, `drain-${run}-${i}@example.test`),
  );
  // The load balancer: routes reads here while /readyz answers 200, checking it every 100 ms.
  let routing = true;
  const readyz: { at: number; status: number }[] = [];
  let signalledAt = 0;
  const balancer = (async () => {
    while (app.served.child.exitCode === null && app.served.child.signalCode === null) {
      const sentAt = Date.now();
      const r = await call(app.base, '/readyz', { timeoutMs: 2_000 });
      if (signalledAt && sentAt >= signalledAt) readyz.push({ at: sentAt - signalledAt, status: r.status });
      if (r.status !== 200) routing = false;
      await sleep(100);
    }
  })();
  const routed: { answer: Answer; at: number }[] = [];
  const reader = async (offset: number) => {
    const paths = [
      `/careers/${employer.org}`,
      `/api/v1/boards/${employer.org}/jobs`,
      `/careers/${employer.org}/jobs/${job.slug}`,
    ];
    for (let i = offset; routing; i++) {
      const at = Date.now();
      routed.push({ answer: await call(app.base, paths[i % paths.length]!, { timeoutMs: 10_000 }), at });
    }
  };
  const readers = Promise.all([0, 1, 2, 3].map(reader));
  // Let the uploads' headers (and half their bodies) reach the server, and the reads get going.
  await sleep(500);
  const signalledExit = app.served.exited;
  signalledAt = Date.now();
  app.served.child.kill('SIGTERM');
  // The uploads finish after the grace period: in flight while the server closes.
  const finishing = uploads.map((u) => u.finish(4, GRACE_MS + 1_000));
  const code = await Promise.race([signalledExit, sleep(GRACE_MS + 25_000).then(() => 'timeout' as const)]);
  const exitedAfter = Date.now() - signalledAt;
  await Promise.all(finishing);
  const results = await Promise.all(uploads.map((u) => u.result));
  routing = false;
  await Promise.all([readers, balancer]);

  const startedBefore = uploads.filter((u) => u.startedAt() > 0 && u.startedAt() < signalledAt).length;
  const endedAfterClose = results.filter((r) => r.endedAt - signalledAt > GRACE_MS).length;
  measured(
    'in-flight uploads',
    `${IN_FLIGHT} started ${startedBefore === IN_FLIGHT ? 'before' : 'NOT all before'} the signal; their bodies ended ${((GRACE_MS + 1_000) / 1000).toFixed(0)} s after it; ` +
      `answered ${countStrings(results.map((r) => (r.status ? String(r.status) : (r.error ?? '?'))))}, ${endedAfterClose} of them after the grace period`,
  );
  check(
    'every request in flight at SIGTERM completed (201, no resets)',
    startedBefore === IN_FLIGHT && results.every((r) => r.status === 201),
    results
      .filter((r) => r.status !== 201)
      .slice(0, 3)
      .map((r) => `${r.status} ${r.error ?? r.text.slice(0, 200)}`)
      .join('; ') || `${IN_FLIGHT} × 201`,
  );
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const stored = Number(
    (await client.query('select count(*) from applications where email like $1', [`drain-${run}-%`])).rows[0]
      .count,
  );
  await client.end();
  check('and they are stored', stored === IN_FLIGHT, `${stored}/${IN_FLIGHT} in the database`);
  const bad = routed.filter((r) => r.answer.status !== 200);
  measured(
    'routed reads',
    `${routed.length} (${routed.filter((r) => r.at >= signalledAt).length} sent after the signal, before the balancer saw /readyz 503), ${fmtSummary(summarize(routed.map((r) => r.answer.ms)))}`,
  );
  check(
    'every read the balancer routed here answered 200',
    bad.length === 0 && routed.length > 0,
    bad.length
      ? bad
          .slice(0, 3)
          .map((r) => `${r.answer.status} ${r.answer.error ?? ''}`)
          .join('; ')
      : `${routed.length} reads`,
  );
  const draining = readyz.filter((r) => r.at <= GRACE_MS);
  measured(
    '/readyz after the signal',
    readyz
      .map((r) => `+${r.at} ms ${r.status || 'refused'}`)
      .slice(0, 6)
      .join(', ') + (readyz.length > 6 ? ', …' : ''),
  );
  check(
    `/readyz answers 503 during the ${GRACE_MS / 1000} s drain window`,
    draining.length > 0 && draining.every((r) => r.status === 503),
    `${draining.length} checks in the window: ${countStrings(draining.map((r) => String(r.status)))}`,
  );
  check(
    `the process exits 0 within the grace period + 5 s`,
    code === 0 && exitedAfter <= GRACE_MS + 5_000,
    `exit ${code} ${exitedAfter} ms after SIGTERM`,
  );
}

function countStrings(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${n} × ${v}`).join(', ') || 'none';
}
