// Slow clients: slowloris-style connections do not starve the server, and the server closes them
// itself after its timeouts.
//
// The timeouts (src/app.ts): connectionTimeout 30 s (a socket with no traffic at all), headers
// within 20 s (headersTimeout), the whole request within 60 s (requestTimeout), keepAliveTimeout
// 72 s. Node enforces the request timeouts by sweeping its connections every 5 s
// (connectionsCheckingInterval), so a request is cut at the first sweep after it has run out:
// - incomplete headers: 20–25 s after the first byte;
// - complete headers, slow body: 60–65 s after the first byte (measured in the full form);
// - nothing sent: the headers timeout too (it runs from the connection's start): 20–25 s, within
//   the 30 s connection timeout.
// The script computes each connection's sweep from the time the server started listening.
//
// It opens many slow connections (--short: 200; full: 1000, fewer if the file-descriptor limit
// says so): request headers one byte every few seconds, bodies one byte every few seconds (a JSON
// log-in and a multipart application, Content-Length declared), and sockets that send nothing.
// While they are open, a well-behaved client times GET /healthz and GET /api/v1/boards/{org}/jobs,
// on a kept-alive connection and on new connections. The short form holds one wave until the server
// has closed the slow headers (the first sweep 30 s after them: about 60 s after the server
// started); the full form keeps the attack up for 3 minutes, opening a new slow connection for each
// one the server closes, and also waits for the slow bodies.
import { execFileSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import {
  call,
  check,
  fmtSummary,
  freshDatabase,
  logLines,
  main,
  makeEmployer,
  onCleanup,
  measured,
  ms,
  rssMiB,
  SHORT,
  section,
  sleep,
  startApp,
  summarize,
} from './load.ts';

/** The server's timeouts as configured (src/app.ts), Node's default headersTimeout and its sweep interval. */
const REQUEST_TIMEOUT_MS = 60_000;
const HEADERS_TIMEOUT_MS = 20_000;
const CONNECTION_TIMEOUT_MS = 30_000;
const SWEEP_MS = 5_000;
/** Slack for a loaded machine: timers firing late, the socket close reaching us. */
const SLACK_MS = 2_500;
const WANTED = SHORT ? 200 : 1000;
/** A byte every this many milliseconds: well inside the 30 s idle timeout, so only the request timeout can end them. */
const TRICKLE_MS = SHORT ? 3_000 : 5_000;
/** Full form: how long the attack is kept up (closed connections are replaced). */
const ATTACK_MS = SHORT ? 0 : 180_000;
/** The well-behaved client's budget. */
const P99_BUDGET_MS = 500;

type Kind = 'slow headers' | 'slow JSON body' | 'slow upload' | 'silent';
/** What the short form waits for (slow bodies take up to 90 s: the full form waits for them). */
const SHORT_KINDS = { 'slow headers': true, silent: true } as Record<string, boolean>;

interface Slow {
  kind: Kind;
  openedAt: number;
  /** When its first byte went out (the request's start, as Node counts it). */
  firstByteAt: number;
  closedAt?: number;
  /** What the server wrote before closing (its status line), if anything. */
  answer?: string;
  /** Whether we closed it ourselves (at the end of the script). */
  ours?: boolean;
  socket?: Socket;
}

main('Slow clients', async () => {
  section('setup');
  const fdLimit = Number(execFileSync('sh', ['-c', 'ulimit -n']).toString().trim()) || 1024;
  // This process holds every slow socket (the server one more each): leave room for the rest.
  const count = Math.max(50, Math.min(WANTED, fdLimit - 300));
  measured(
    'file-descriptor limit',
    `${fdLimit} → ${count} slow connections${count < WANTED ? ` (wanted ${WANTED})` : ''}`,
  );
  const db = await freshDatabase();
  // The /api and application limits would answer our own well-behaved client (one address) with 429.
  const app = await startApp(db.url, { RATE_LIMIT_API_PER_MINUTE: '0', RATE_LIMIT_APPLY_PER_HOUR: '0' });
  const employer = await makeEmployer(app, { jobs: 2 });
  const job = employer.jobs[0]!;
  const listening = logLines(app, 'Server listening at')[0]?.time;
  if (!listening) throw new Error('no "Server listening at" line in the server output');
  measured(
    'server timeouts',
    `headersTimeout ${HEADERS_TIMEOUT_MS / 1000} s, requestTimeout ${REQUEST_TIMEOUT_MS / 1000} s, connectionTimeout ${CONNECTION_TIMEOUT_MS / 1000} s, ` +
      `keepAliveTimeout 72 s (src/app.ts); Node sweeps for expired requests every ${SWEEP_MS / 1000} s`,
  );
  const port = Number(new URL(app.base).port);
  const rssBefore = rssMiB(app.pid);

  // Slow connections ----------------------------------------------------------------------------
  const slows: Slow[] = [];
  let attacking = true;
  const kinds: Kind[] = [];
  for (let i = 0; i < count; i++) {
    const r = i % 10;
    kinds.push(r < 6 ? 'slow headers' : r < 8 ? 'slow JSON body' : r === 8 ? 'slow upload' : 'silent');
  }
  const open = (kind: Kind) =>
    new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      const slow: Slow = { kind, openedAt: Date.now(), firstByteAt: Number.NaN, socket };
      slows.push(slow);
      let trickle: NodeJS.Timeout | undefined;
      const { head, drip } = script(kind, employer.org, job.id);
      socket.setNoDelay(true);
      socket.once('connect', () => {
        slow.openedAt = Date.now();
        if (head) {
          socket.write(head);
          slow.firstByteAt = Date.now();
        } else slow.firstByteAt = slow.openedAt;
        if (drip) {
          let i = 0;
          // A random phase, so that the bytes do not all arrive at once.
          const start = setTimeout(() => {
            trickle = setInterval(() => socket.write(drip[i++ % drip.length]!), TRICKLE_MS);
          }, Math.random() * TRICKLE_MS);
          socket.once('close', () => clearTimeout(start));
        }
        resolve();
      });
      socket.on('data', (d) => {
        slow.answer ??= d.toString().split('\r\n')[0];
      });
      socket.on('error', () => {});
      socket.once('close', () => {
        slow.closedAt = Date.now();
        clearInterval(trickle);
        resolve();
        if (attacking && ATTACK_MS > 0 && !slow.ours) void open(kind);
      });
    });
  const stillOpen = () => slows.filter((s) => s.closedAt === undefined).length;
  const closeOurs = () => {
    attacking = false;
    for (const slow of slows) {
      if (slow.closedAt !== undefined) continue;
      slow.ours = true;
      slow.socket?.destroy();
    }
  };
  onCleanup('slow connections', closeOurs);

  section(`${count} slow connections, a byte every ${TRICKLE_MS / 1000} s`);
  const attackStart = Date.now();
  for (let i = 0; i < kinds.length; i += 50) await Promise.all(kinds.slice(i, i + 50).map(open));
  const opened = Date.now() - attackStart;
  measured('opened', `${slows.length} in ${opened} ms: ${countKinds(slows)}`);

  // The well-behaved client, while they are open ---------------------------------------------------
  const firstWave = slows.slice(0, count);
  const lastExpectedClose = Math.max(
    ...firstWave.filter((s) => s.kind in SHORT_KINDS).map((s) => expectedClose(s, listening)),
  );
  const until = SHORT ? lastExpectedClose + SLACK_MS : attackStart + ATTACK_MS;
  measured(
    'waiting',
    `${((until - Date.now()) / 1000).toFixed(0)} s (${SHORT ? 'until the server has closed the first wave' : 'the attack, replacing each closed connection'})`,
  );
  const samples = { healthz: [] as number[], board: [] as number[], fresh: [] as number[] };
  /** Latencies taken while at least 90% of the slow connections were open (the attack at full strength). */
  const underFullAttack: number[] = [];
  const failures: string[] = [];
  let rssPeak = rssBefore;
  const take = (into: number[], t: number, full: boolean) => {
    into.push(t);
    if (full) underFullAttack.push(t);
  };
  const good = async () => {
    for (let i = 0; Date.now() < until; i++) {
      const full = stillOpen() >= 0.9 * count;
      const h = await call(app.base, '/healthz', { timeoutMs: 10_000 });
      if (h.status !== 200) failures.push(`/healthz ${h.status} ${h.error ?? ''}`);
      else take(samples.healthz, h.ms, full);
      const b = await call(app.base, `/api/v1/boards/${employer.org}/jobs`, { timeoutMs: 10_000 });
      if (b.status !== 200) failures.push(`board ${b.status} ${b.error ?? ''}`);
      else take(samples.board, b.ms, full);
      if (i % 4 === 0) {
        const f = await freshConnection(port, '/healthz');
        if (f.status !== 200) failures.push(`new connection /healthz ${f.status} ${f.error ?? ''}`);
        else take(samples.fresh, f.ms, full);
        rssPeak = Math.max(rssPeak, rssMiB(app.pid));
      }
      await sleep(50);
    }
  };
  await good();
  attacking = false;

  section('the well-behaved client, while the slow connections were open');
  const healthz = summarize(samples.healthz);
  const board = summarize(samples.board);
  const fresh = summarize(samples.fresh);
  measured('GET /healthz (kept alive)', fmtSummary(healthz));
  measured('GET /api/v1/boards/{org}/jobs (kept alive)', fmtSummary(board));
  measured('GET /healthz on a new connection each', fmtSummary(fresh));
  measured(
    'all of them while ≥ 90% of the slow connections were open',
    fmtSummary(summarize(underFullAttack)),
  );
  measured('server RSS', `${rssBefore.toFixed(0)} MiB before, ${rssPeak.toFixed(0)} MiB at the peak`);
  check(
    'every well-behaved request answered 200',
    failures.length === 0 && healthz.n > 0 && board.n > 0 && fresh.n > 0,
    failures.length
      ? `${failures.length} failed: ${failures.slice(0, 5).join('; ')}`
      : `${healthz.n + board.n + fresh.n} requests`,
  );
  check(
    `well-behaved requests stay fast (p99 < ${P99_BUDGET_MS} ms)`,
    Math.max(healthz.p99, board.p99, fresh.p99) < P99_BUDGET_MS,
    `p99 /healthz ${ms(healthz.p99)}, board ${ms(board.p99)}, new connection ${ms(fresh.p99)}`,
  );

  section('how the server closed the slow connections');
  if (SHORT) {
    // Anything still due gets a little longer.
    const deadline = Date.now() + 5_000;
    while (firstWave.some((s) => s.closedAt === undefined && s.kind in SHORT_KINDS) && Date.now() < deadline)
      await sleep(100);
  }
  const closedByServer = new Set(slows.filter((s) => s.closedAt !== undefined));
  for (const s of slows) if (s.closedAt === undefined) s.ours = true;
  const alive = await call(app.base, '/readyz');
  check('the server is still ready afterwards', alive.status === 200, String(alive.status));
  if (!SHORT) {
    // What an operator meets: SIGTERM while they are still open.
    const open = stillOpen();
    const signalled = Date.now();
    const code = await app.stop();
    const took = Date.now() - signalled;
    const gaveUp = logLines(app, 'shutdown took over').length > 0;
    // main.ts cuts connections still open 10 s into the close, then shuts down cleanly.
    check(
      'SIGTERM with slow connections open: they are cut, and the process exits 0 after its clean-up',
      code === 0 && !gaveUp && took < 20_000,
      `${open} open: exit ${code} after ${(took / 1000).toFixed(1)} s${gaveUp ? ' ("shutdown took over 25 s; exiting")' : ''}`,
    );
  }
  closeOurs();
  await sleep(100);
  const seconds = (t: number[]) =>
    t.length ? `${(Math.min(...t) / 1000).toFixed(1)}–${(Math.max(...t) / 1000).toFixed(1)} s` : '—';
  for (const kind of ['slow headers', 'slow JSON body', 'slow upload', 'silent'] as Kind[]) {
    const wave = firstWave.filter((s) => s.kind === kind);
    const closed = wave.filter((s) => closedByServer.has(s));
    const after = closed.map((s) => s.closedAt! - s.firstByteAt);
    const atSweep = (timeout: number) =>
      closed.filter((s) => Math.abs(s.closedAt! - sweepAfter(s.firstByteAt + timeout, listening)) <= SLACK_MS)
        .length;
    measured(
      kind,
      `${closed.length}/${wave.length} closed by the server ${seconds(after)} after their first byte` +
        (kind === 'silent'
          ? ''
          : `; at the first sweep after ${REQUEST_TIMEOUT_MS / 1000} s: ${atSweep(REQUEST_TIMEOUT_MS)}, after ${HEADERS_TIMEOUT_MS / 1000} s: ${atSweep(HEADERS_TIMEOUT_MS)}`) +
        `; answer: ${countStrings(closed.map((s) => s.answer ?? '(nothing)'))}`,
    );
    if (kind === 'silent') {
      // The headers timeout runs from the connection's start, so it ends a silent socket first.
      const first = Math.min(CONNECTION_TIMEOUT_MS, HEADERS_TIMEOUT_MS + SWEEP_MS);
      check(
        `sockets that send nothing are closed by the headers timeout (${HEADERS_TIMEOUT_MS / 1000} s, at a sweep) or the ${CONNECTION_TIMEOUT_MS / 1000} s connection timeout`,
        closed.length === wave.length &&
          after.every((t) => t >= HEADERS_TIMEOUT_MS - 100 && t <= first + SLACK_MS),
        `${closed.length}/${wave.length} after ${seconds(after)}`,
      );
    } else if (kind === 'slow headers') {
      check(
        `slow headers are closed by the headers timeout (${HEADERS_TIMEOUT_MS / 1000} s, at Node's next sweep: ≤ ${(HEADERS_TIMEOUT_MS + SWEEP_MS) / 1000} s)`,
        closed.length === wave.length &&
          after.every((t) => t >= HEADERS_TIMEOUT_MS - 100 && t <= HEADERS_TIMEOUT_MS + SWEEP_MS + SLACK_MS),
        `${closed.length}/${wave.length} after ${seconds(after)} (408 Request Timeout)`,
      );
    } else if (SHORT) {
      measured(
        `${kind}: not waited for`,
        `a request whose headers are complete is cut by the request timeout (${REQUEST_TIMEOUT_MS / 1000} s) at the next sweep, up to ${(REQUEST_TIMEOUT_MS + SWEEP_MS) / 1000} s: the full form measures it`,
      );
    } else {
      const bound = Math.max(REQUEST_TIMEOUT_MS, HEADERS_TIMEOUT_MS) + SWEEP_MS + SLACK_MS;
      check(
        `${kind}: closed by the server's timeout (≤ ${(bound / 1000).toFixed(0)} s)`,
        closed.length === wave.length && after.every((t) => t >= REQUEST_TIMEOUT_MS - 100 && t <= bound),
        `${closed.length}/${wave.length} after ${seconds(after)}`,
      );
      const late = closed.filter(
        (s) => s.closedAt! - s.firstByteAt > REQUEST_TIMEOUT_MS + SWEEP_MS + SLACK_MS,
      );
      if (late.length > 0) {
        measured(
          'FINDING',
          `${late.length}/${closed.length} ${kind} connections outlived the configured requestTimeout (${REQUEST_TIMEOUT_MS / 1000} s + a ${SWEEP_MS / 1000} s sweep)`,
        );
      }
    }
  }
  const serverErrors = app.served
    .output()
    .split('\n')
    .filter((l) => /"level":(50|60)/.test(l));
  measured(
    'server error log lines',
    `${serverErrors.length}${serverErrors[0] ? `, e.g. ${serverErrors[0].slice(0, 300)}` : ''}`,
  );
  if (!SHORT) {
    const replaced = slows.length - count;
    measured(
      'attack',
      `${slows.length} slow connections in ${(ATTACK_MS / 1000).toFixed(0)} s (${replaced} re-opened after the server closed one)`,
    );
  }
});

/** What a slow connection of each kind sends: its first bytes at once, then a byte at a time. */
function script(kind: Kind, org: string, jobId: string): { head?: string; drip?: string } {
  switch (kind) {
    case 'slow headers':
      return { head: 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n', drip: 'X-Slowloris: 1\r\n' };
    case 'slow JSON body':
      return {
        head:
          'POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
          'Content-Length: 4096\r\n\r\n{"email":"',
        drip: 'aaaaaaaaaa',
      };
    case 'slow upload': {
      const boundary = '----slowupload';
      return {
        head:
          `POST /api/v1/boards/${org}/jobs/${jobId}/applications HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 100000\r\n\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n`,
        drip: 'Slow Applicant ',
      };
    }
    case 'silent':
      return {};
  }
}

/** The first of Node's sweeps (every SWEEP_MS from `listening`) after `due`. */
function sweepAfter(due: number, listening: number): number {
  return listening + Math.ceil((due - listening) / SWEEP_MS) * SWEEP_MS;
}

/** When the short form may stop waiting for a connection: its timeout and the sweep that applies it. */
function expectedClose(slow: Slow, listening: number): number {
  if (slow.kind === 'silent') {
    return Math.min(
      slow.openedAt + CONNECTION_TIMEOUT_MS,
      sweepAfter(slow.openedAt + HEADERS_TIMEOUT_MS, listening),
    );
  }
  if (slow.kind === 'slow headers') {
    return sweepAfter(slow.firstByteAt + Math.min(REQUEST_TIMEOUT_MS, HEADERS_TIMEOUT_MS), listening);
  }
  return sweepAfter(slow.firstByteAt + Math.max(REQUEST_TIMEOUT_MS, HEADERS_TIMEOUT_MS), listening);
}

/** GET on a connection of its own (no keep-alive): proves the server still accepts. */
function freshConnection(
  port: number,
  path: string,
): Promise<{ status: number; ms: number; error?: string }> {
  return new Promise((resolve) => {
    const start = performance.now();
    const req = httpRequest({ host: '127.0.0.1', port, path, agent: false, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - start }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, ms: performance.now() - start, error: error.message }));
    req.end();
  });
}

function countKinds(slows: Slow[]): string {
  return countStrings(slows.map((s) => s.kind));
}

function countStrings(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${n} × ${v}`).join(', ') || 'none';
}
