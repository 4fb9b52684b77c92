import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('config', () => {
  it('has working defaults: embedded database on 127.0.0.1:3000', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.dataDir, path.resolve('./data'));
    assert.equal(c.logLevel, 'info');
    assert.equal(c.publicUrl, 'http://127.0.0.1:3000');
    assert.equal(c.adminToken, undefined);
    assert.ok(Object.isFrozen(c));
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u:p@db:5432/rc',
      DATA_DIR: '/var/lib/rolecraft',
      LOG_LEVEL: 'warn',
      PUBLIC_URL: 'https://jobs.example.com/',
      ROLECRAFT_ADMIN_TOKEN: 'x'.repeat(32),
    });
    assert.deepEqual(
      [c.port, c.host, c.databaseUrl, c.dataDir, c.logLevel, c.publicUrl],
      [
        8080,
        '0.0.0.0',
        'postgres://u:p@db:5432/rc',
        '/var/lib/rolecraft',
        'warn',
        'https://jobs.example.com',
      ],
    );
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /PORT must be an integer from 0 to 65535, got "eighty"/],
    [{ PORT: '70000' }, /PORT must be an integer/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres: or postgresql:/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL must be a URL/],
    [{ PUBLIC_URL: 'ftp://x' }, /PUBLIC_URL must start with http: or https:/],
    [{ ROLECRAFT_ADMIN_TOKEN: 'short' }, /at least 24 characters/],
  ];
  for (const [env, message] of bad) {
    it(`refuses ${JSON.stringify(env)} with a clear message`, () => {
      assert.throws(
        () => loadConfig(env),
        (e: unknown) => e instanceof ConfigError && message.test(e.message),
      );
    });
  }

  it('never echoes a database password', () => {
    assert.throws(
      () => loadConfig({ DATABASE_URL: 'http://user:secret@host/db' }),
      (e: unknown) => e instanceof ConfigError && !e.message.includes('secret'),
    );
  });

  it('reads the account settings, with safe defaults', () => {
    const d = loadConfig({});
    assert.deepEqual(
      [
        d.production,
        d.redisUrl,
        d.smtpUrl,
        d.sessionIdleHours,
        d.sessionMaxDays,
        d.trustProxy,
        d.rateLimitApiPerMinute,
      ],
      [false, undefined, undefined, 12, 30, false, 600],
    );
    assert.equal(d.mailFrom, 'Rolecraft <no-reply@127.0.0.1>');
    const c = loadConfig({
      NODE_ENV: 'production',
      REDIS_URL: 'redis://cache:6379',
      SMTP_URL: 'smtps://u:p@mail.example.com',
      SESSION_IDLE_HOURS: '2',
      SESSION_MAX_DAYS: '7',
      RATE_LIMIT_API_PER_MINUTE: '0',
    });
    assert.deepEqual(
      [c.production, c.redisUrl, c.smtpUrl, c.sessionIdleHours, c.sessionMaxDays, c.rateLimitApiPerMinute],
      [true, 'redis://cache:6379', 'smtps://u:p@mail.example.com', 2, 7, 0],
    );
    assert.throws(() => loadConfig({ SMTP_URL: 'http://mail' }), /SMTP_URL must start with smtp: or smtps:/);
    assert.throws(() => loadConfig({ SESSION_IDLE_HOURS: '0' }), ConfigError);
  });

  it('takes TRUST_PROXY as a hop count or addresses, and refuses a blanket true', () => {
    assert.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy, [
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
    assert.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false);
    assert.throws(() => loadConfig({ TRUST_PROXY: 'true' }), /number of proxies/);
    assert.throws(() => loadConfig({ TRUST_PROXY: 'proxy.internal' }), ConfigError);
  });

  it('takes ROLECRAFT_SECRET_KEY as 32 bytes, and refuses anything else', () => {
    assert.equal(loadConfig({}).secretKey, undefined);
    assert.equal(loadConfig({ ROLECRAFT_SECRET_KEY: 'ab'.repeat(32) }).secretKey?.length, 32);
    assert.throws(() => loadConfig({ ROLECRAFT_SECRET_KEY: 'short' }), /32 bytes/);
  });

  it('takes METRICS_TOKEN (unset: /metrics not exposed) of at least 16 characters, without echoing it', () => {
    assert.equal(loadConfig({}).metricsToken, undefined);
    assert.equal(loadConfig({ METRICS_TOKEN: '  ' }).metricsToken, undefined);
    assert.equal(
      loadConfig({ METRICS_TOKEN: ' scrape-0123456789abcdef ' }).metricsToken,
      'scrape-0123456789abcdef',
    );
    for (const token of ['too-short-tok', 'has a space inside it']) {
      assert.throws(
        () => loadConfig({ METRICS_TOKEN: token }),
        (e: unknown) =>
          e instanceof ConfigError &&
          /METRICS_TOKEN must be at least 16/.test(e.message) &&
          !e.message.includes(token),
      );
    }
  });

  it('takes SLOW_QUERY_MS as milliseconds, 500 by default and 0 for off', () => {
    assert.equal(loadConfig({}).slowQueryMs, 500);
    assert.equal(loadConfig({ SLOW_QUERY_MS: '0' }).slowQueryMs, 0);
    assert.equal(loadConfig({ SLOW_QUERY_MS: '1500' }).slowQueryMs, 1500);
    assert.throws(() => loadConfig({ SLOW_QUERY_MS: '-1' }), /SLOW_QUERY_MS must be an integer/);
    assert.throws(() => loadConfig({ SLOW_QUERY_MS: '0.5' }), ConfigError);
  });

  it('bounds the in-memory search indexes by SEARCH_INDEX_MAX_POSTINGS, 200,000 by default and 0 for off', () => {
    assert.equal(loadConfig({}).searchIndexMaxPostings, 200_000);
    assert.equal(loadConfig({ SEARCH_INDEX_MAX_POSTINGS: '0' }).searchIndexMaxPostings, 0);
    assert.equal(loadConfig({ SEARCH_INDEX_MAX_POSTINGS: '50000' }).searchIndexMaxPostings, 50_000);
    assert.throws(() => loadConfig({ SEARCH_INDEX_MAX_POSTINGS: '-5' }), /SEARCH_INDEX_MAX_POSTINGS/);
    assert.throws(() => loadConfig({ SEARCH_INDEX_MAX_POSTINGS: 'lots' }), ConfigError);
  });

  it('allows private webhook receivers only when asked, and never in production', () => {
    assert.equal(loadConfig({}).webhooksAllowPrivate, false);
    assert.equal(loadConfig({ WEBHOOKS_ALLOW_PRIVATE: 'false' }).webhooksAllowPrivate, false);
    assert.equal(loadConfig({ WEBHOOKS_ALLOW_PRIVATE: 'true' }).webhooksAllowPrivate, true);
    assert.throws(() => loadConfig({ WEBHOOKS_ALLOW_PRIVATE: 'yes please' }), /true or false/);
    assert.throws(
      () => loadConfig({ WEBHOOKS_ALLOW_PRIVATE: 'true', NODE_ENV: 'production' }),
      /cannot be set in production/,
    );
  });
});
