// Rate limits: a generous per-IP limit on /api that fails open, and strict limits for the auth
// flows (as route preHandlers) that fail closed. Counters live in Redis when REDIS_URL is set, so
// every instance shares them; in memory otherwise (one process only).
// Call after registerSecurityHeaders and registerCors: a 429 sent from onRequest skips the
// onRequest hooks added after this one (so it would lack security and CORS headers).
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import rateLimit, { normalizeIP, type RateLimitOptions } from '@fastify/rate-limit';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  preHandlerHookHandler,
} from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import { sendProblem } from './problem.ts';

export interface RateLimits {
  /** Per IP, then per account (the body's `email`): route preHandlers, after body parsing. */
  login: preHandlerHookHandler[];
  signup: preHandlerHookHandler[];
  passwordReset: preHandlerHookHandler[];
  /** Mails to an address: re-sending verification, email change (keyed on `email` or `newEmail`). */
  verification: preHandlerHookHandler[];
  /** Confirming an address, which checks the sign-up's password. */
  verify: preHandlerHookHandler[];
  /** Re-authentication of a signed-in person (password or 2FA changes), per person. */
  reauth: preHandlerHookHandler[];
  /** Invitation mail: per inviting person and per address invited. */
  invitations: preHandlerHookHandler[];
  /**
   * Applications, per IP. Fails open when the store is down: an application must never be lost
   * to a Redis outage (the honeypot and the one-application-per-email rule still hold).
   */
  apply: preHandlerHookHandler[];
  /** Quits the Redis client (call it from onClose). */
  close(): Promise<void>;
}

export interface RateLimitSettings {
  /** Prefix of every Redis key; lets deployments (or test runs) share one Redis. */
  keyPrefix?: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Each name is also the key namespace, so no two limits share a counter. */
export const LIMITS = {
  api: { max: 600, timeWindow: MINUTE },
  loginIp: { max: 30, timeWindow: 15 * MINUTE },
  loginAccount: { max: 10, timeWindow: 15 * MINUTE },
  signupIp: { max: 10, timeWindow: HOUR },
  signupEmail: { max: 5, timeWindow: HOUR },
  verifyIp: { max: 30, timeWindow: 15 * MINUTE },
  reauthUser: { max: 10, timeWindow: 15 * MINUTE },
  invitationUser: { max: 50, timeWindow: HOUR },
  invitationEmail: { max: 3, timeWindow: HOUR },
  passwordResetIp: { max: 10, timeWindow: HOUR },
  passwordResetEmail: { max: 5, timeWindow: HOUR },
  verificationIp: { max: 10, timeWindow: HOUR },
  verificationEmail: { max: 5, timeWindow: HOUR },
  // A household or an office shares an address: generous, but a script cannot flood a posting.
  applyIp: { max: 30, timeWindow: HOUR },
} as const;
type LimitName = keyof typeof LIMITS;

/** Seconds a client is told to wait when the store is down and an auth limit fails closed. */
export const UNAVAILABLE_RETRY_AFTER = 10;
/** Entries per limit in the memory store (LRU): enough for one instance's working set. */
const MEMORY_ENTRIES = 10_000;

/** Whether the store is failing: logs once when an outage starts and once when it ends. */
class StoreHealth {
  private down = false;
  constructor(private readonly log: FastifyBaseLogger) {}
  failed(error: unknown) {
    if (this.down) return;
    this.down = true;
    this.log.warn(
      { error: error instanceof Error ? error.message : String(error) },
      'rate-limit store unavailable: auth limits answer 503, the /api limit is skipped',
    );
  }
  ok() {
    if (!this.down) return;
    this.down = false;
    this.log.info('rate-limit store available again');
  }
}

type Verdict = { retryAfter: number } | undefined;
type Check = (request: FastifyRequest) => Promise<Verdict>;

const ipOf = (request: FastifyRequest) => normalizeIP(request.ip);

/** The address a request is about (`email`, or `newEmail` for a change), hashed: none in Redis keys. */
function emailOf(request: FastifyRequest): string | undefined {
  const body = request.body as { email?: unknown; newEmail?: unknown } | null | undefined;
  const email = body?.email ?? body?.newEmail;
  if (typeof email !== 'string' || email.trim() === '') return undefined;
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url').slice(0, 24);
}

/** The signed-in person (set by authentication, which runs first). */
function userOf(request: FastifyRequest): string | undefined {
  const actor = (request as { actor?: { kind: string; userId?: string } }).actor;
  return actor?.kind === 'user' ? actor.userId : undefined;
}

function makeCheck(
  app: FastifyInstance,
  name: LimitName,
  keyOf: (r: FastifyRequest) => string | undefined,
  max: number = LIMITS[name].max,
) {
  const options: RateLimitOptions = {
    ...LIMITS[name],
    max,
    cache: MEMORY_ENTRIES,
    keyGenerator: (request) => `${name}:${keyOf(request)}`,
  };
  // createRateLimit, not app.rateLimit(): the latter marks the request as limited once, so a
  // second limiter on the same request (per account after per IP) would silently be skipped.
  const limit = app.createRateLimit(options);
  const check: Check = async (request) => {
    if (keyOf(request) === undefined) return undefined; // nothing to key on (the schema decides)
    const result = await limit(request);
    if (result.isAllowed || !result.isExceeded) return undefined;
    return { retryAfter: Math.max(1, result.ttlInSeconds) };
  };
  return check;
}

/** Same answer whichever limit tripped and whether or not the account exists. */
function tooMany(request: FastifyRequest, reply: FastifyReply, retryAfter: number) {
  reply.header('retry-after', String(retryAfter));
  sendProblem(request, reply, 429, 'rate_limited', 'Too many requests. Wait a moment and try again.');
}

/**
 * A limit as a preHandler. When the store cannot be asked, an auth limit fails closed (503) and a
 * lenient one (applications) lets the request through.
 */
function limiter(check: Check, health: StoreHealth, onStoreDown: 'closed' | 'open'): preHandlerHookHandler {
  // Callback style: when it answers, it never calls done, so nothing runs after it.
  return (request, reply, done) => {
    check(request).then(
      (verdict) => {
        health.ok();
        if (verdict) tooMany(request, reply, verdict.retryAfter);
        else done();
      },
      (error: unknown) => {
        health.failed(error);
        if (onStoreDown === 'open') return done();
        reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER));
        sendProblem(
          request,
          reply,
          503,
          'rate_limit_unavailable',
          'This action is briefly unavailable. Try again shortly.',
        );
      },
    );
  };
}

const guard = (check: Check, health: StoreHealth) => limiter(check, health, 'closed');
const lenient = (check: Check, health: StoreHealth) => limiter(check, health, 'open');

function connectRedis(url: string, health: StoreHealth): Redis {
  const client = new Redis(url, {
    // Fail fast instead of queueing while disconnected: requests must not wait for Redis.
    enableOfflineQueue: false,
    connectTimeout: 2000,
    commandTimeout: 1000,
    maxRetriesPerRequest: 1,
    // Keep trying (at most every 5 s) so limits recover on their own when Redis does.
    retryStrategy: (times) => Math.min(times * 200, 5000),
  });
  // A listener also keeps ioredis from printing every reconnect failure to stderr.
  client.on('error', (error) => health.failed(error));
  client.on('ready', () => health.ok());
  return client;
}

export async function registerRateLimits(
  app: FastifyInstance,
  config: Config,
  settings: RateLimitSettings = {},
): Promise<RateLimits> {
  const health = new StoreHealth(app.log);
  const redis = config.redisUrl ? connectRedis(config.redisUrl, health) : undefined;
  if (redis) {
    // Give Redis a moment so the first requests after boot do not fail closed; never hang boot.
    await once(redis, 'ready', { signal: AbortSignal.timeout(2000) }).catch(() => {});
  }
  await app.register(rateLimit, {
    global: false,
    skipOnError: false, // store errors reach the checks below, which decide open or closed
    // Keys look like `rolecraft:rl:undefinedundefined-loginIp:<ip>`: createRateLimit leaves the
    // route part of the namespace empty; our limit names keep the counters apart.
    ...(redis ? { redis, nameSpace: settings.keyPrefix ?? 'rolecraft:rl:' } : {}),
  });

  // RATE_LIMIT_API_PER_MINUTE=0 turns the /api limit off (benchmarks, or a proxy that limits).
  const apiMax = config.rateLimitApiPerMinute;
  const api = makeCheck(app, 'api', ipOf, apiMax);
  app.addHook('onRequest', (request, reply, done) => {
    // The matched route, not the raw URL: the router decodes "/%61pi/…" to "/api/…".
    if (apiMax === 0 || !(request.routeOptions.url ?? request.url).startsWith('/api/')) return done();
    api(request).then(
      (verdict) => {
        health.ok();
        if (verdict) tooMany(request, reply, verdict.retryAfter);
        else done();
      },
      (error: unknown) => {
        health.failed(error);
        done(); // reads stay up without the store
      },
    );
  });

  const perIp = (name: LimitName) => guard(makeCheck(app, name, ipOf), health);
  const perEmail = (name: LimitName) => guard(makeCheck(app, name, emailOf), health);
  const perUser = (name: LimitName) => guard(makeCheck(app, name, userOf), health);
  let closed = false;
  return {
    login: [perIp('loginIp'), perEmail('loginAccount')],
    signup: [perIp('signupIp'), perEmail('signupEmail')],
    passwordReset: [perIp('passwordResetIp'), perEmail('passwordResetEmail')],
    verification: [perIp('verificationIp'), perEmail('verificationEmail')],
    verify: [perIp('verifyIp')],
    reauth: [perUser('reauthUser')],
    invitations: [perUser('invitationUser'), perEmail('invitationEmail')],
    apply:
      config.rateLimitApplyPerHour === 0
        ? []
        : [lenient(makeCheck(app, 'applyIp', ipOf, config.rateLimitApplyPerHour), health)],
    async close() {
      if (!redis || closed) return;
      closed = true;
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
