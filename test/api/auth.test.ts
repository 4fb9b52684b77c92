import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp, templateBody } from '../helpers.ts';

// Without ROLECRAFT_ADMIN_TOKEN, no bearer token but an organization's rc_… token is accepted,
// and those never write the global library.
describe('a server without an admin token', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ seed: false, env: { ROLECRAFT_ADMIN_TOKEN: '' } });
  });
  after(() => t.close());

  it('refuses every global write with 401 when no credentials are valid', async () => {
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
        assert.equal(res.statusCode, 401, `${method} ${url}`);
        assert.equal(JSON.parse(res.body).code, 'unauthenticated');
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
