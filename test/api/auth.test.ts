import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp, templateBody } from '../helpers.ts';

// The row of docs/security.md's table that needs a server without ROLECRAFT_ADMIN_TOKEN.
describe('a server without an admin token', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ seed: false, env: { ROLECRAFT_ADMIN_TOKEN: '' } });
  });
  after(() => t.close());

  it('refuses every write with 403 writes_disabled, whatever token is sent', async () => {
    for (const headers of [{}, { authorization: 'Bearer anything-at-all-0123456789' }]) {
      for (const [method, url] of [
        ['POST', '/api/v1/templates'],
        ['POST', '/api/v1/templates/import'],
        ['PATCH', '/api/v1/templates/x'],
        ['DELETE', '/api/v1/templates/x'],
      ] as const) {
        const res = await t.app.inject({
          method,
          url,
          headers,
          payload: method === 'DELETE' ? undefined : templateBody(),
        });
        assert.equal(res.statusCode, 403, `${method} ${url}`);
        assert.equal(JSON.parse(res.body).code, 'writes_disabled');
      }
    }
  });

  it('still serves reads and parse-only imports', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/templates' })).statusCode, 200);
    const parsed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/templates/import?dryRun=true',
      headers: { 'content-type': 'text/plain' },
      payload: 'Barista\nResponsibilities\n- Pull shots.\n',
    });
    assert.equal(parsed.statusCode, 200);
  });
});
