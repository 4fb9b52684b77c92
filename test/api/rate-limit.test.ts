// Rate limits on a bare Fastify instance, against the memory store and a real Redis
// (redis://127.0.0.1:6379, skipped when it is not answering), plus Redis down and flapping.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config.ts';
import { registerProblemHandlers } from '../../src/http/problem.ts';
import { LIMITS, type RateLimitSettings, registerRateLimits } from '../../src/http/rate-limit.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const PREFIX = `rolecraft-test:${randomUUID()}:`;

/** Log lines, when a test wants to count them. */
type Lines = string[];

async function build(redisUrl?: string, settings: RateLimitSettings = {}, lines?: Lines) {
  const config = loadConfig({ LOG_LEVEL: 'silent', REDIS_URL: redisUrl });
  const logger = lines ? { level: 'info', stream: { write: (line: string) => lines.push(line) } } : false;
  // The type provider app.ts uses, so the preHandler types are checked the way routes will use them.
  const app = Fastify({ logger }).withTypeProvider<TypeBoxTypeProvider>();
  registerProblemHandlers(app);
  const limits = await registerRateLimits(app, config, settings);
  app.addHook('onClose', () => limits.close());
  const schema = { body: Type.Object({ email: Type.String(), password: Type.Optional(Type.String()) }) };
  const ok = async () => ({ ok: true });
  app.post('/api/v1/auth/login', { schema, preHandler: limits.login }, ok);
  app.post('/api/v1/auth/signup', { schema, preHandler: limits.signup }, ok);
  app.post('/api/v1/auth/password-reset', { schema, preHandler: limits.passwordReset }, ok);
  app.post('/api/v1/auth/verification', { schema, preHandler: limits.verification }, ok);
  app.get('/api/v1/ping', ok);
  app.get('/page', ok);
  await app.ready();
  return app;
}

let ipCount = 0;
/** A fresh client address (and the tests' emails are fresh too), so no test sees another's counters. */
const freshIp = () => {
  ipCount++;
  return `10.${(ipCount >> 16) & 255}.${(ipCount >> 8) & 255}.${ipCount & 255}`;
};
const freshEmail = () => `${randomUUID()}@example.test`;

const post = (app: FastifyInstance, path: string, email: string, ip: string) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/auth/${path}`,
    remoteAddress: ip,
    payload: { email, password: 'wrong password' },
  });

async function many(n: number, send: (i: number) => Promise<LightMyRequestResponse>) {
  const codes: number[] = [];
  for (let i = 0; i < n; i++) codes.push((await send(i)).statusCode);
  return codes;
}

function assertLimited(res: LightMyRequestResponse, windowMs: number) {
  assert.equal(res.statusCode, 429);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const retryAfter = String(res.headers['retry-after']);
  assert.match(retryAfter, /^\d+$/);
  assert.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= windowMs / 1000, retryAfter);
  const body = res.json();
  assert.equal(body.code, 'rate_limited');
  assert.equal(body.status, 429);
  assert.doesNotMatch(body.detail, /account|email|user|exist/i, 'says nothing about the account');
}

const allOk = (codes: number[]) =>
  assert.deepEqual(
    codes,
    codes.map(() => 200),
  );

/** The same limit tests against either store. */
function limitTests(make: () => Promise<FastifyInstance>) {
  let app: FastifyInstance;
  before(async () => {
    app = await make();
  });
  after(() => app.close());

  it('limits log-in per account, across IPs (case and spaces do not matter)', async () => {
    const email = freshEmail();
    const { max, timeWindow } = LIMITS.loginAccount;
    allOk(await many(max, (i) => post(app, 'login', i % 2 ? email : `  ${email.toUpperCase()} `, freshIp())));
    assertLimited(await post(app, 'login', email, freshIp()), timeWindow);
  });

  it('limits log-in per IP, across accounts', async () => {
    const ip = freshIp();
    const { max, timeWindow } = LIMITS.loginIp;
    allOk(await many(max, () => post(app, 'login', freshEmail(), ip)));
    const limited = await post(app, 'login', freshEmail(), ip);
    assertLimited(limited, timeWindow);
    // The same body as the per-account limit: a 429 tells nothing about which one tripped.
    assert.equal(limited.json().detail, (await exhaustAccount(app)).json().detail);
  });

  it('keeps separate counters per account and per limit', async () => {
    const email = freshEmail();
    await exhaustAccount(app, email);
    assert.equal((await post(app, 'login', freshEmail(), freshIp())).statusCode, 200, 'another account');
    assert.equal((await post(app, 'password-reset', email, freshIp())).statusCode, 200, 'another limit');
    const ip = freshIp();
    allOk(await many(LIMITS.loginIp.max, () => post(app, 'login', freshEmail(), ip)));
    assert.equal((await post(app, 'signup', freshEmail(), ip)).statusCode, 200, 'sign-up has its own');
  });

  it('limits sign-up per IP', async () => {
    const ip = freshIp();
    allOk(await many(LIMITS.signupIp.max, () => post(app, 'signup', freshEmail(), ip)));
    assertLimited(await post(app, 'signup', freshEmail(), ip), LIMITS.signupIp.timeWindow);
  });

  for (const [path, perEmail, perIp] of [
    ['password-reset', LIMITS.passwordResetEmail, LIMITS.passwordResetIp],
    ['verification', LIMITS.verificationEmail, LIMITS.verificationIp],
  ] as const) {
    it(`limits ${path} per email and per IP`, async () => {
      const email = freshEmail();
      allOk(await many(perEmail.max, () => post(app, path, email, freshIp())));
      assertLimited(await post(app, path, email, freshIp()), perEmail.timeWindow);
      const ip = freshIp();
      allOk(await many(perIp.max, () => post(app, path, freshEmail(), ip)));
      assertLimited(await post(app, path, freshEmail(), ip), perIp.timeWindow);
    });
  }

  it('has a generous per-IP limit for everything under /api, and none for pages', async () => {
    const ip = freshIp();
    const ping = () => app.inject({ method: 'GET', url: '/api/v1/ping', remoteAddress: ip });
    allOk(await many(LIMITS.api.max, ping));
    assertLimited(await ping(), LIMITS.api.timeWindow);
    assert.equal((await app.inject({ url: '/page', remoteAddress: ip })).statusCode, 200);
  });
}

/** Uses up one account's log-in limit (from fresh IPs) and returns the first 429. */
async function exhaustAccount(app: FastifyInstance, email = freshEmail()) {
  allOk(await many(LIMITS.loginAccount.max, () => post(app, 'login', email, freshIp())));
  const res = await post(app, 'login', email, freshIp());
  assert.equal(res.statusCode, 429);
  return res;
}

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
const redisUp = await redisAnswers();
const noRedis = redisUp ? false : `Redis is not answering at ${REDIS_URL}; skipping the Redis-backed tests`;

// Last of all (the outage tests use the prefix too): leave nothing behind in the shared Redis.
after(async () => {
  if (!redisUp) return;
  const keys = await redisKeys();
  if (keys.length === 0) return;
  const client = new Redis(REDIS_URL);
  await client.del(...keys);
  await client.quit();
});

describe('rate limits, memory store', () => limitTests(() => build()));

describe('rate limits, Redis store', { skip: noRedis }, () => {
  limitTests(() => build(REDIS_URL, { keyPrefix: PREFIX }));

  it('shares counters between app instances', async () => {
    const [one, two] = [
      await build(REDIS_URL, { keyPrefix: PREFIX }),
      await build(REDIS_URL, { keyPrefix: PREFIX }),
    ];
    try {
      const email = freshEmail();
      const { max, timeWindow } = LIMITS.loginAccount;
      allOk(await many(max, (i) => post(i % 2 ? one : two, 'login', email, freshIp())));
      assertLimited(await post(one, 'login', email, freshIp()), timeWindow);
      assertLimited(await post(two, 'login', email, freshIp()), timeWindow);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('namespaces its keys under the prefix and hashes addresses', async () => {
    const email = freshEmail();
    const app = await build(REDIS_URL, { keyPrefix: PREFIX });
    await post(app, 'login', email, freshIp());
    await app.close();
    const keys = await redisKeys();
    assert.ok(keys.length > 0);
    assert.ok(keys.every((key) => key.startsWith(PREFIX)));
    assert.ok(keys.some((key) => key.includes('loginAccount:')));
    assert.ok(!keys.some((key) => key.includes('@')), 'no email addresses in keys');
  });
});

async function redisKeys(): Promise<string[]> {
  const client = new Redis(REDIS_URL);
  const keys = await client.keys(`${PREFIX}*`);
  await client.quit();
  return keys;
}

const outageLogs = (lines: Lines) => lines.filter((l) => l.includes('rate-limit store unavailable')).length;

describe('rate limits, Redis down', () => {
  it('fails closed for log-in and open for reads, promptly and with one log line', async () => {
    const started = Date.now();
    const lines: Lines = [];
    const app = await build('redis://127.0.0.1:1', {}, lines); // nothing listens on port 1
    for (let i = 0; i < 3; i++) {
      const res = await post(app, 'login', freshEmail(), freshIp());
      assert.equal(res.statusCode, 503);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.equal(res.json().code, 'rate_limit_unavailable');
      assert.match(String(res.headers['retry-after']), /^\d+$/);
      for (const path of ['signup', 'password-reset', 'verification']) {
        assert.equal((await post(app, path, freshEmail(), freshIp())).statusCode, 503, path);
      }
      assert.equal((await app.inject({ url: '/api/v1/ping', remoteAddress: freshIp() })).statusCode, 200);
    }
    await new Promise((resolve) => setTimeout(resolve, 500)); // a few reconnect attempts fail meanwhile
    await app.close();
    assert.equal(outageLogs(lines), 1, lines.join(''));
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
  });

  it('recovers on its own when Redis comes back', { skip: noRedis }, async () => {
    const proxy = await startProxy();
    const lines: Lines = [];
    const app = await build(`redis://127.0.0.1:${proxy.port}`, { keyPrefix: PREFIX }, lines);
    try {
      assert.equal((await post(app, 'login', freshEmail(), freshIp())).statusCode, 200);
      await proxy.stop();
      assert.equal((await post(app, 'login', freshEmail(), freshIp())).statusCode, 503);
      assert.equal((await app.inject({ url: '/api/v1/ping', remoteAddress: freshIp() })).statusCode, 200);
      await proxy.start();
      let status = 0;
      for (let tries = 0; tries < 50 && status !== 200; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = (await post(app, 'login', freshEmail(), freshIp())).statusCode;
      }
      assert.equal(status, 200);
      assert.equal(outageLogs(lines), 1);
      assert.equal(lines.filter((l) => l.includes('rate-limit store available again')).length, 1);
    } finally {
      await app.close();
      await proxy.stop();
    }
  });
});

/** A TCP proxy to the test Redis that can be cut and restored, to simulate an outage. */
async function startProxy() {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const start = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(6379, '127.0.0.1');
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => {});
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server?.listening) return resolve();
      server.close(() => resolve());
    });
  await start();
  return {
    get port() {
      return port;
    },
    start,
    stop,
  };
}
