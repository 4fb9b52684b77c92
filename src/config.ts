import path from 'node:path';

/** Configuration comes only from the environment, parsed and validated once. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  readonly dataDir: string;
  /** Where uploaded files (resumes, cover letters) are stored; FILE_STORAGE_DIR, default <DATA_DIR>/files. */
  readonly fileStorageDir: string;
  /** The built web app served at /app; WEB_DIST_DIR, default web/dist (src/modules/webapp). */
  readonly webDistDir: string | undefined;
  readonly logLevel: LogLevel;
  readonly publicUrl: string;
  readonly adminToken: string | undefined;
  readonly shutdownGraceMs: number;
  /** NODE_ENV=production: no demo account, no dev-only conveniences. */
  readonly production: boolean;
  /** Shared rate-limit store for every instance; memory when unset. */
  readonly redisUrl: string | undefined;
  /** Outgoing mail; without it, mail lands in the database outbox (`rolecraft mail`). */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly sessionIdleHours: number;
  readonly sessionMaxDays: number;
  /**
   * Behind reverse proxies, which X-Forwarded-For entries to believe for the client IP (rate
   * limits, audit): a number of proxy hops, or the proxies' addresses; false: none.
   */
  readonly trustProxy: false | number | string[];
  /** Requests per minute per IP on /api (0: off); the auth flows have their own, fixed limits. */
  readonly rateLimitApiPerMinute: number;
  /** Applications per hour per IP (0: off); the honeypot and one-per-email still apply. */
  readonly rateLimitApplyPerHour: number;
  /** 32 bytes that seal secrets the server must read back (TOTP secrets); unset: stored as they are. */
  readonly secretKey: Buffer | undefined;
  /**
   * WEBHOOKS_ALLOW_PRIVATE=true lets webhook endpoints be loopback or private addresses (a local
   * receiver in development and tests). Off by default: refused in production.
   */
  readonly webhooksAllowPrivate: boolean;
  /**
   * METRICS_TOKEN: the bearer token Prometheus sends to scrape `/metrics` (at least 16 characters).
   * Unset: `/metrics` is not exposed (404) and no request timings are recorded.
   */
  readonly metricsToken: string | undefined;
  /** SLOW_QUERY_MS: SQL statements taking at least this long are logged (warn, no parameters); 0: off. */
  readonly slowQueryMs: number;
  /** SEARCH_INDEX_MAX_POSTINGS: postings the in-memory board search indexes may hold in all; 0: off. */
  readonly searchIndexMaxPostings: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function urlVar(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${redact(raw)}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.join(' or ')}, got "${url.protocol}"`);
  }
  return raw;
}

/** Never echo a password from a connection string into an error message. */
function redact(value: string): string {
  return value.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

export function loadConfig(env: Env = process.env): Config {
  const port = intVar(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST?.trim() || '127.0.0.1';
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const adminToken = env.ROLECRAFT_ADMIN_TOKEN?.trim() || undefined;
  if (adminToken !== undefined && adminToken.length < 24) {
    throw new ConfigError(
      'ROLECRAFT_ADMIN_TOKEN must be at least 24 characters (use `openssl rand -hex 32`)',
    );
  }
  const metricsToken = env.METRICS_TOKEN?.trim() || undefined;
  // It travels as `Authorization: Bearer <token>`, which cannot carry whitespace.
  if (metricsToken !== undefined && (metricsToken.length < 16 || /\s/.test(metricsToken))) {
    throw new ConfigError(
      'METRICS_TOKEN must be at least 16 characters without spaces (use `openssl rand -hex 32`)',
    );
  }
  const publicUrl = urlVar(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://${hostForUrl(host)}:${port}`;
  return Object.freeze({
    port,
    host,
    databaseUrl: urlVar(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: intVar(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    dataDir: path.resolve(env.DATA_DIR?.trim() || './data'),
    webDistDir: env.WEB_DIST_DIR?.trim() ? path.resolve(env.WEB_DIST_DIR.trim()) : undefined,
    fileStorageDir: path.resolve(
      env.FILE_STORAGE_DIR?.trim() || path.join(env.DATA_DIR?.trim() || './data', 'files'),
    ),
    logLevel,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    adminToken,
    shutdownGraceMs: intVar(env, 'SHUTDOWN_GRACE_MS', 2000, 0, 60_000),
    production: env.NODE_ENV?.trim() === 'production',
    redisUrl: urlVar(env, 'REDIS_URL', ['redis:', 'rediss:']),
    smtpUrl: urlVar(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.MAIL_FROM?.trim() || `Rolecraft <no-reply@${new URL(publicUrl).hostname}>`,
    sessionIdleHours: intVar(env, 'SESSION_IDLE_HOURS', 12, 1, 720),
    sessionMaxDays: intVar(env, 'SESSION_MAX_DAYS', 30, 1, 365),
    trustProxy: trustProxyVar(env),
    rateLimitApiPerMinute: intVar(env, 'RATE_LIMIT_API_PER_MINUTE', 600, 0, 1_000_000),
    rateLimitApplyPerHour: intVar(env, 'RATE_LIMIT_APPLY_PER_HOUR', 30, 0, 1_000_000),
    secretKey: secretKeyVar(env),
    webhooksAllowPrivate: webhooksAllowPrivateVar(env),
    metricsToken,
    slowQueryMs: intVar(env, 'SLOW_QUERY_MS', 500, 0, 600_000),
    searchIndexMaxPostings: intVar(env, 'SEARCH_INDEX_MAX_POSTINGS', 200_000, 0, 10_000_000),
  });
}

function webhooksAllowPrivateVar(env: Env): boolean {
  const raw = env.WEBHOOKS_ALLOW_PRIVATE?.trim().toLowerCase();
  if (!raw || raw === 'false' || raw === '0') return false;
  if (raw !== 'true' && raw !== '1')
    throw new ConfigError(`WEBHOOKS_ALLOW_PRIVATE must be true or false, got "${raw}"`);
  if (env.NODE_ENV?.trim() === 'production') {
    throw new ConfigError(
      'WEBHOOKS_ALLOW_PRIVATE is for development and tests; it cannot be set in production',
    );
  }
  return true;
}

function secretKeyVar(env: Env): Buffer | undefined {
  const raw = env.ROLECRAFT_SECRET_KEY?.trim();
  if (!raw) return undefined;
  const key = /^[0-9a-f]{64}$/i.test(raw)
    ? Buffer.from(raw, 'hex')
    : /^[A-Za-z0-9+/]{43}=$/.test(raw)
      ? Buffer.from(raw, 'base64')
      : Buffer.alloc(0);
  if (key.length !== 32) {
    throw new ConfigError(
      'ROLECRAFT_SECRET_KEY must be 32 bytes: 64 hex characters or 44 of base64 (use `openssl rand -hex 32`)',
    );
  }
  return key;
}

const ADDRESS = /^[0-9a-f.:]+(\/\d{1,3})?$/i;

/**
 * `true` is refused: it would believe any client's X-Forwarded-For, letting anyone pick the IP
 * that rate limits count and the audit log records. Give the hop count or the proxies' addresses.
 */
function trustProxyVar(env: Env): false | number | string[] {
  const raw = env.TRUST_PROXY?.trim().toLowerCase();
  if (!raw || raw === 'false' || raw === '0') return false;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const addresses = raw
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (raw !== 'true' && addresses.every((a) => ADDRESS.test(a))) return addresses;
  throw new ConfigError(
    `TRUST_PROXY must be the number of proxies in front (e.g. 1) or their addresses (e.g. 10.0.0.0/8,127.0.0.1), got "${raw}"`,
  );
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
