// Scale-out: two `rolecraft serve` processes on one PostgreSQL database and one Redis, behind
// Debian's nginx configured as deploy/nginx.conf (round robin). Each promise the docs make about
// running several instances is checked against the real processes: sessions, cache invalidation
// (LISTEN/NOTIFY), the shared rate-limit counter, webhooks delivered once, and load balancing with
// failover while an instance drains and stops.
//
// Which instance answered a request is read from the instances' own request logs (LOG_LEVEL=info:
// each line carries the reqId, which nginx passes on as X-Request-Id). Requests come from their
// own loopback addresses (127.x.y.z as the source of the TCP connection), so that each part of the
// test has its own per-IP /api budget: nginx reports that address in X-Forwarded-For, and with
// TRUST_PROXY=1 the instances count it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { createUser } from '../e2e/app.ts';
import { type ProcessDatabase, processDatabase, templateBody } from '../helpers.ts';
import { builtinFiles } from '../../src/modules/templates/library.ts';
import { postingBody } from '../postings.ts';
import { type Served, startServer } from '../process.ts';
import { hasNginx, NGINX, type Nginx, startNginx } from './nginx.ts';

/** A logical database of its own (the app has no key-prefix setting); flushed before and after. */
const REDIS_URL = 'redis://127.0.0.1:6379/5';
const API_LIMIT = 40;

async function redisAnswers(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 500,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const skip = !process.env.DATABASE_URL
  ? 'two instances need PostgreSQL (set DATABASE_URL): they cannot share the embedded PGlite'
  : !hasNginx
    ? `nginx is not installed at ${NGINX} (apt-get install nginx-light)`
    : !(await redisAnswers())
      ? `Redis is not answering at ${REDIS_URL}`
      : false;

// --- HTTP from a chosen loopback address --------------------------------------------------------

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** The connection's source address (any of 127.0.0.0/8). */
  from?: string;
}

/** One request on a new connection (no keep-alive, so each one is balanced and counted afresh). */
function call(url: string, { method = 'GET', headers = {}, body, from }: CallOptions = {}): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method,
        agent: false,
        ...(from ? { localAddress: from } : {}),
        headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, text, json: () => JSON.parse(text) }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A fresh loopback address per call: its own per-IP budget (127.20.0.1, 127.20.0.2, …). */
let addresses = 0;
const freshAddress = () => {
  const n = addresses++;
  return `127.20.${Math.floor(n / 250)}.${(n % 250) + 1}`;
};

interface Session {
  cookie: string;
  csrf: string;
}

async function logIn(base: string, email: string, password: string, from: string): Promise<Session> {
  const res = await call(`${base}/api/v1/auth/login`, { method: 'POST', body: { email, password }, from });
  assert.equal(res.status, 200, res.text);
  const cookie = [res.headers['set-cookie'] ?? []]
    .flat()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, csrf: res.json<{ csrfToken: string }>().csrfToken };
}

/** A call as a signed-in person; `id` becomes the X-Request-Id (and so the reqId in the logs). */
function api(
  session: Session,
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; from: string; id?: string; headers?: Record<string, string> },
) {
  return call(`${base}${path}`, {
    method,
    body: options.body,
    from: options.from,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      ...(options.id ? { 'x-request-id': options.id } : {}),
      ...options.headers,
    },
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// --- Which instance answered -------------------------------------------------------------------

interface Seen {
  /** The client address the instance used (request.ip: from X-Forwarded-For behind nginx). */
  remoteAddress?: string;
  status?: number;
}

/** The requests in an instance's log by reqId (Fastify's "incoming request"/"request completed"). */
function requestsIn(output: string): Map<string, Seen> {
  const seen = new Map<string, Seen>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{') || !line.includes('"reqId"')) continue;
    let entry: { reqId?: string; req?: { remoteAddress?: string }; res?: { statusCode?: number } };
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if (!entry.reqId) continue;
    const s = seen.get(entry.reqId) ?? {};
    if (entry.req?.remoteAddress) s.remoteAddress = entry.req.remoteAddress;
    if (entry.res?.statusCode) s.status = entry.res.statusCode;
    seen.set(entry.reqId, s);
  }
  return seen;
}

describe('two instances behind nginx', { skip }, () => {
  const run = randomBytes(3).toString('hex');
  const email = `scale-owner-${run}@example.test`;
  const orgSlug = `scale-${run}`;
  let password = '';
  let db: ProcessDatabase;
  let a: Served | undefined;
  let b: Served | undefined;
  let nginx: Nginx | undefined;
  let owner: Session;
  let redis: Redis;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end();
    });
  });
  const timings: string[] = [];

  /**
   * Which of the two instances logged the request with this id (its log line may reach us a moment
   * after the response); fails if both did, or neither within 2 s.
   */
  const servedBy = async (id: string): Promise<{ instance: 'A' | 'B'; seen: Seen }> => {
    const deadline = Date.now() + 2000;
    for (;;) {
      const inA = requestsIn(a!.output()).get(id);
      const inB = requestsIn(b!.output()).get(id);
      assert.ok(!(inA && inB), `request ${id} was logged by both instances`);
      const found = inA ?? inB;
      if (found?.status && found.remoteAddress) return { instance: inA ? 'A' : 'B', seen: found };
      assert.ok(Date.now() < deadline, `request ${id} was logged by neither instance`);
      await sleep(20);
    }
  };

  before(async () => {
    const started = Date.now();
    redis = new Redis(REDIS_URL);
    await redis.flushdb();
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    db = await processDatabase('scale');
    // The CLI migrates the new database, so the two instances only race to seed the library.
    password = await createUser(db.env, email);
    const env = {
      ...db.env,
      REDIS_URL,
      TRUST_PROXY: '1',
      WEBHOOKS_ALLOW_PRIVATE: 'true',
      RATE_LIMIT_API_PER_MINUTE: String(API_LIMIT),
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: '1500',
    };
    const both = await Promise.allSettled([startServer(env, 90_000), startServer(env, 90_000)]);
    [a, b] = both.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
    const failed = both.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    // Should this process die without its after() hooks, the instances must not outlive it.
    process.once('exit', () => {
      for (const served of [a, b]) served?.child.kill('SIGKILL');
    });
    const instancesUp = Date.now();
    nginx = await startNginx([a!.base, b!.base]);
    timings.push(
      `set-up: new database, CLI user and both instances ready in ${instancesUp - started} ms; nginx in ${Date.now() - instancesUp} ms`,
    );
    owner = await logIn(a!.base, email, password, freshAddress());
    const org = await api(owner, a!.base, 'POST', '/api/v1/orgs', {
      body: { slug: orgSlug, name: 'Scale Co' },
      from: freshAddress(),
    });
    assert.equal(org.status, 201, org.text);
  });

  after(async () => {
    await nginx?.stop();
    for (const served of [a, b]) {
      if (served && served.child.exitCode === null && served.child.signalCode === null) {
        served.child.kill('SIGINT'); // no drain wait
      }
    }
    await Promise.all([a?.exited, b?.exited]);
    await db?.drop();
    await new Promise((resolve) => receiver.close(resolve));
    if (redis) {
      await redis.flushdb().catch(() => {});
      await redis.quit();
    }
    for (const line of timings) console.log(line);
  });

  it('both instances starting at once on a new database seed the built-in library once', async () => {
    // Seeding runs under the migration lock: one instance imports the library, the other finds
    // it seeded and logs nothing about it.
    const files = await builtinFiles();
    const res = await call(`${nginx!.base}/api/v1/templates?limit=100`, { from: freshAddress() });
    assert.equal(res.status, 200, res.text);
    const slugs = res.json<{ data: { slug: string }[] }>().data.map((d) => d.slug);
    assert.equal(slugs.length, files.length);
    assert.equal(new Set(slugs).size, slugs.length);
    const seeded = [a!, b!].flatMap((s) =>
      s
        .output()
        .split('\n')
        .filter((l) => l.includes('built-in library seeded'))
        .map((l) => JSON.parse(l) as { failed: unknown[]; templates: number }),
    );
    assert.equal(seeded.length, 1, 'one instance seeded');
    assert.deepEqual(seeded[0]?.failed, []);
    assert.equal(seeded[0]?.templates, files.length);
  });

  it('a session made on one instance works on the other, and ends everywhere', async () => {
    const from = freshAddress();
    const session = await logIn(a!.base, email, password, from);
    const onA = await api(session, a!.base, 'GET', '/api/v1/me', { from });
    assert.equal(onA.status, 200, onA.text);
    const onB = await api(session, b!.base, 'GET', '/api/v1/me', { from });
    assert.equal(onB.status, 200, onB.text);
    assert.equal(onB.json().id, onA.json().id);
    assert.equal(onB.json().email, email);

    // Through nginx, twice in a row: round robin sends one to each instance, and both know it.
    const ids = [`me-${run}-1`, `me-${run}-2`];
    for (const id of ids) {
      const res = await api(session, nginx!.base, 'GET', '/api/v1/me', { from, id });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json().email, email);
      assert.equal(res.headers['x-request-id'], id, 'nginx passes the client’s X-Request-Id on');
    }
    const instances = await Promise.all(ids.map(async (id) => (await servedBy(id)).instance));
    assert.deepEqual(instances.sort(), ['A', 'B']);

    // Log out on B: the session is gone on A too (sessions live in PostgreSQL, not in a process).
    const out = await api(session, b!.base, 'POST', '/api/v1/auth/logout', { from });
    assert.equal(out.status, 204, out.text);
    assert.equal((await api(session, a!.base, 'GET', '/api/v1/me', { from })).status, 401);
    assert.equal((await api(session, nginx!.base, 'GET', '/api/v1/me', { from })).status, 401);
  });

  it('a template edited through one instance is served fresh by the other (NOTIFY)', async (t) => {
    const from = freshAddress();
    const slug = `scale-template-${run}`;
    const created = await api(owner, a!.base, 'POST', '/api/v1/org/templates', {
      body: templateBody({ slug }),
      from,
    });
    assert.equal(created.status, 201, created.text);
    const path = `/api/v1/org/templates/${slug}`;

    const first = await api(owner, b!.base, 'GET', path, { from });
    assert.equal(first.status, 200, first.text);
    const etag = first.headers.etag!;
    const original = first.json<{ summary: string; id: string }>();

    // Control: B really serves from its cache. A change written straight into the database, with
    // no NOTIFY, is not seen by B (without the notification B would stay stale for the 60 s TTL).
    const client = new pg.Client({ connectionString: db.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query('update templates set summary = $1 where id = $2', [
        'Written behind the application’s back.',
        original.id,
      ]);
    } finally {
      await client.end();
    }
    const cached = await api(owner, b!.base, 'GET', path, { from });
    assert.equal(cached.json<{ summary: string }>().summary, original.summary, 'B answers from its cache');

    // The edit, through A, conditional on the version B served.
    const summary = `Edited through instance A (${run}): now with on-call.`;
    const patched = await api(owner, a!.base, 'PATCH', path, {
      body: { summary },
      from,
      headers: { 'if-match': etag },
    });
    const editedAt = performance.now();
    assert.equal(patched.status, 200, patched.text);
    const newEtag = patched.headers.etag!;
    assert.notEqual(newEtag, etag);

    // B, polled at once: the NOTIFY from A's commit drops B's copy.
    let fresh: Reply | undefined;
    let polls = 0;
    while (performance.now() - editedAt < 2000) {
      polls++;
      const res = await api(owner, b!.base, 'GET', path, { from: freshAddress() });
      assert.equal(res.status, 200, res.text);
      if (res.json<{ summary: string }>().summary === summary) {
        fresh = res;
        break;
      }
      await sleep(5);
    }
    const delay = Math.round(performance.now() - editedAt);
    assert.ok(fresh, 'B still served the old template 2 s after the edit through A');
    assert.equal(fresh.headers.etag, newEtag);
    timings.push(`template cache on B fresh ${delay} ms after A answered the edit (${polls} polls)`);
    t.diagnostic(`template: B served the edit after ${delay} ms (${polls} polls)`);

    // And B checks If-Match against the database, not its cache: the version read before is stale.
    const stale = await api(owner, b!.base, 'PATCH', path, {
      body: { summary: 'A lost update' },
      from,
      headers: { 'if-match': etag },
    });
    assert.equal(stale.status, 412, stale.text);
  });

  it('a career page cached on one instance shows a posting published through the other', async (t) => {
    const from = freshAddress();
    const title = `Scale Engineer ${run}`;
    const page = `${b!.base}/careers/${orgSlug}`;
    const initial = await call(page, { from });
    assert.equal(initial.status, 200, initial.text);
    assert.ok(!initial.text.includes(title));
    assert.ok(!(await call(page, { from })).text.includes(title), 'B caches the page'); // (a hit)

    const posting = await api(owner, a!.base, 'POST', '/api/v1/org/postings', {
      body: postingBody({ title }),
      from,
    });
    assert.equal(posting.status, 201, posting.text);
    const id = posting.json<{ id: string }>().id;
    const published = await api(owner, a!.base, 'POST', `/api/v1/org/postings/${id}/publish`, { from });
    const publishedAt = performance.now();
    assert.equal(published.status, 200, published.text);

    let polls = 0;
    let shown = false;
    while (!shown && performance.now() - publishedAt < 2000) {
      polls++;
      const res = await call(page, { from });
      assert.equal(res.status, 200);
      shown = res.text.includes(title);
      if (!shown) await sleep(5);
    }
    const delay = Math.round(performance.now() - publishedAt);
    assert.ok(shown, 'B’s career page did not show the posting within 2 s of publishing through A');
    timings.push(`career page on B showed the posting ${delay} ms after A published it (${polls} polls)`);
    t.diagnostic(`career page: B showed the posting after ${delay} ms (${polls} polls)`);
    // The job-board API on B agrees (same cache, same invalidation).
    const board = await call(`${b!.base}/api/v1/boards/${orgSlug}/jobs`, { from });
    assert.ok(board.json<{ data: { title: string }[] }>().data.some((j) => j.title === title));
  });

  it('the /api rate limit is counted once across both instances (Redis)', async (t) => {
    const from = freshAddress();
    const path = `/api/v1/boards/${orgSlug}/jobs`;
    const sent = API_LIMIT + 10;
    const ids = Array.from({ length: sent }, (_, i) => `rl-${run}-${i}`);
    const statuses: number[] = [];
    let limited: Reply | undefined;
    for (const id of ids) {
      const res = await call(`${nginx!.base}${path}`, { from, headers: { 'x-request-id': id } });
      statuses.push(res.status);
      limited ??= res.status === 429 ? res : undefined;
    }
    // Exactly the limit passes, in total, then everything is refused.
    assert.deepEqual(statuses, [...Array(API_LIMIT).fill(200), ...Array(sent - API_LIMIT).fill(429)]);
    assert.ok(limited);
    assert.equal(limited.json().code, 'rate_limited');
    const retryAfter = Number(limited.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${limited.headers['retry-after']}`);

    // Both instances answered, each far fewer than the limit itself, and both refused some: only
    // a counter shared through Redis can say 429 after 40 requests split between two processes.
    const tally = { A: { 200: 0, 429: 0 }, B: { 200: 0, 429: 0 } };
    for (const id of ids) {
      const { instance, seen } = await servedBy(id);
      assert.equal(seen.remoteAddress, from, 'the instance counts the client address nginx reports');
      tally[instance][seen.status as 200 | 429]++;
    }
    for (const instance of ['A', 'B'] as const) {
      const { 200: ok, 429: refused } = tally[instance];
      assert.ok(ok + refused < API_LIMIT, `${instance} alone served ${ok + refused}`);
      assert.ok(ok > 0 && refused > 0, `${instance}: ${ok} answered, ${refused} refused`);
    }
    t.diagnostic(
      `rate limit: A answered ${tally.A[200]} and refused ${tally.A[429]}, B ${tally.B[200]} and ${tally.B[429]}`,
    );

    // The counter is the client's, whichever instance it reaches directly; another client is free.
    const direct = { 'x-request-id': `rl-${run}-direct` };
    assert.equal((await call(`${a!.base}${path}`, { from, headers: direct })).status, 429);
    assert.equal((await call(`${b!.base}${path}`, { from, headers: direct })).status, 429);
    assert.equal((await call(`${nginx!.base}${path}`, { from: freshAddress() })).status, 200);
    // One counter in Redis for this client, holding every request made (refused ones count too).
    const keys = (await redis.keys('*')).filter((k) => k.endsWith(`api:${from}`));
    assert.equal(keys.length, 1, `keys: ${keys.join(', ')}`);
    assert.equal(Number(await redis.get(keys[0]!)), sent + 2);
  });

  it('a webhook is delivered once, with both instances relaying and working the queue', async (t) => {
    const from = freshAddress();
    const via = nginx!.base;
    const port = (receiver.address() as AddressInfo).port;
    const endpoint = await api(owner, via, 'POST', '/api/v1/org/webhooks', {
      body: { url: `http://127.0.0.1:${port}/in`, events: ['posting.published', 'posting.closed'] },
      from,
    });
    assert.equal(endpoint.status, 201, endpoint.text);
    const { id: endpointId, secret } = endpoint.json<{ id: string; secret: string }>();

    const posting = await api(owner, via, 'POST', '/api/v1/org/postings', {
      body: postingBody({ title: `Webhook Engineer ${run}` }),
      from,
    });
    assert.equal(posting.status, 201, posting.text);
    const id = posting.json<{ id: string }>().id;
    const publishedAt = performance.now();
    const published = await api(owner, via, 'POST', `/api/v1/org/postings/${id}/publish`, { from });
    assert.equal(published.status, 200, published.text);
    const closed = await api(owner, via, 'POST', `/api/v1/org/postings/${id}/close`, { from });
    assert.equal(closed.status, 200, closed.text);

    const deadline = Date.now() + 20_000;
    while (received.length < 2 && Date.now() < deadline) await sleep(20);
    const deliveredIn = Math.round(performance.now() - publishedAt);
    assert.ok(received.length >= 2, `received ${received.length} of 2 within 20 s`);
    // Anything duplicated (two relays, two workers) would arrive in the next seconds.
    await sleep(3000);

    const events = received.map((r) => {
      const headers = {
        'webhook-id': String(r.headers['webhook-id']),
        'webhook-timestamp': String(r.headers['webhook-timestamp']),
        'webhook-signature': String(r.headers['webhook-signature']),
      };
      const { type } = new Webhook(secret).verify(r.body, headers) as { type: string };
      return { id: headers['webhook-id'], type };
    });
    assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'a webhook-id arrived twice');
    assert.deepEqual(events.map((e) => e.type).sort(), ['posting.closed', 'posting.published']);

    const log = await api(owner, via, 'GET', `/api/v1/org/webhooks/${endpointId}/deliveries`, { from });
    assert.equal(log.status, 200, log.text);
    const rows = log.json<{ data: { status: string; attempts: number }[] }>().data;
    assert.deepEqual(
      rows.map((d) => [d.status, d.attempts]),
      [
        ['succeeded', 1],
        ['succeeded', 1],
      ],
    );
    timings.push(`webhooks: both events received ${deliveredIn} ms after publishing, no duplicate in 3 s`);
    t.diagnostic(`webhooks: 2 events, each received once, ${deliveredIn} ms after publishing`);
  });

  it('nginx spreads requests over both instances and fails over while one drains and stops', async (t) => {
    const from = freshAddress();
    const get = (id: string) => call(`${nginx!.base}/healthz`, { from, headers: { 'x-request-id': id } });
    const spread = { A: 0, B: 0 };
    for (let i = 0; i < 10; i++) {
      const id = `lb-${run}-${i}`;
      const res = await get(id);
      assert.equal(res.status, 200);
      assert.equal(res.headers['x-request-id'], id);
      const { instance, seen } = await servedBy(id);
      assert.equal(seen.remoteAddress, from, 'X-Forwarded-For reaches the instance');
      spread[instance]++;
    }
    // Round robin alternates (5 and 5); at least 3 each leaves room for a hiccup on a busy machine.
    assert.ok(spread.A >= 3 && spread.B >= 3, `10 requests: A ${spread.A}, B ${spread.B}`);

    // A is told to stop (SIGTERM): it reports not ready at once, so a load balancer's active
    // check drains it, while nginx keeps answering every request (from A while it finishes,
    // then from B: a refused connection is retried on the next instance).
    const stopping = performance.now();
    a!.child.kill('SIGTERM');
    let drained: Reply | undefined;
    while (!drained && performance.now() - stopping < 1000) {
      const ready = await call(`${a!.base}/readyz`).catch(() => undefined);
      if (ready?.status === 503) drained = ready;
      else await sleep(10);
    }
    assert.ok(drained, 'A’s /readyz did not turn 503 within 1 s of SIGTERM');
    assert.equal(drained.json().code, 'shutting_down');
    const drainedIn = Math.round(performance.now() - stopping);

    let during = 0;
    let exitedAt: number | undefined;
    void a!.exited.then(() => {
      exitedAt = performance.now();
    });
    while (exitedAt === undefined && performance.now() - stopping < 15_000) {
      const res = await get(`lb-${run}-drain-${during++}`);
      assert.equal(res.status, 200, `during A’s shutdown: ${res.status} ${res.text}`);
      await sleep(25);
    }
    assert.ok(exitedAt !== undefined, 'A did not exit within 15 s of SIGTERM');
    const later = Array.from({ length: 6 }, (_, i) => `lb-${run}-after-${i}`);
    for (const id of later) assert.equal((await get(id)).status, 200);
    const servers = await Promise.all(later.map(async (id) => (await servedBy(id)).instance));
    assert.deepEqual(servers, Array(6).fill('B'));
    const detail = `10 GETs through nginx: A ${spread.A}, B ${spread.B}; A's /readyz was 503 ${drainedIn} ms after SIGTERM; A exited after ${Math.round(exitedAt - stopping)} ms; ${during} requests through nginx meanwhile, all 200`;
    timings.push(`failover: ${detail}`);
    t.diagnostic(detail);
  });
});
