import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { loadMigrations } from '../../src/db/migrate.ts';
import { builtinTaxonomy } from '../../src/modules/skills/taxonomy.ts';
import { TemplateCache } from '../../src/modules/templates/cache.ts';
import { MailSink, buildTestApp, createTestDatabase } from '../helpers.ts';

describe('health and readiness', () => {
  it('is alive and ready on a migrated database', async () => {
    const t = await buildTestApp({ seed: false });
    try {
      const live = await t.app.inject({ method: 'GET', url: '/healthz' });
      assert.deepEqual([live.statusCode, JSON.parse(live.body)], [200, { status: 'ok' }]);
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      assert.deepEqual([ready.statusCode, JSON.parse(ready.body)], [200, { status: 'ready' }]);
      assert.notEqual(ready.headers.connection, 'close');

      // Draining (after SIGTERM): not ready any more, and every response closes its connection.
      t.app.lifecycle.draining = true;
      const draining = await t.app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(draining.statusCode, 503);
      assert.equal(JSON.parse(draining.body).code, 'shutting_down');
      assert.equal(draining.headers.connection, 'close');
      assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).headers.connection, 'close');
    } finally {
      await t.close();
    }
  });

  it('is not ready (503, Retry-After) when the schema is not migrated, but still alive', async () => {
    const testDb = await createTestDatabase();
    const app = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      database: testDb.database,
      migrations: await loadMigrations(),
      taxonomy: builtinTaxonomy(),
      cache: new TemplateCache(),
      mail: new MailSink(),
      logger: false,
    });
    try {
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(ready.statusCode, 503);
      assert.equal(ready.headers['retry-after'], '5');
      assert.equal(JSON.parse(ready.body).code, 'not_migrated');
      assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    } finally {
      await app.close();
      await testDb.drop();
    }
  });

  it('is not ready when the database is gone, and API calls answer 503 instead of hanging', async () => {
    const t = await buildTestApp({ seed: false });
    await t.database.close();
    try {
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(ready.statusCode, 503);
      assert.equal(JSON.parse(ready.body).code, 'database_unavailable');
      const api = await t.app.inject({ method: 'GET', url: '/api/v1/templates' });
      assert.equal(api.statusCode, 503);
      assert.ok(api.headers['retry-after']);
      assert.match(String(api.headers['content-type']), /problem\+json/);
    } finally {
      await t.close();
    }
  });
});
