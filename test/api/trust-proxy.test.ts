// Behind one proxy (TRUST_PROXY=1) the client IP is the entry that proxy added, so a client
// cannot dodge the per-IP limits (or forge the audit log's IP) by sending X-Forwarded-For itself.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { buildTestApp, type TestApp } from '../helpers.ts';

describe('TRUST_PROXY=1', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ seed: false, env: { TRUST_PROXY: '1' } });
  });
  after(() => t.close());

  it('counts the address the proxy saw, whatever the client put in X-Forwarded-For', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '127.0.0.1', // the proxy
        // The client made up the first entry; the proxy appended the address it really saw.
        headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.9` },
        payload: { email: `nobody${i}@example.test`, password: 'wrong password here' },
      });
      statuses.push(res.statusCode);
    }
    assert.deepEqual(statuses.slice(0, 30), Array(30).fill(401));
    assert.equal(statuses[30], 429, 'the 31st attempt from 203.0.113.9 is limited');
    // The audit log records the real client address, not the made-up one.
    const ips = await queryRows<{ ip: string }>(
      t.database.db,
      sql`select distinct ip from audit_events where action = 'auth.login_failed'`,
    );
    assert.deepEqual(
      ips.map((r) => r.ip),
      ['203.0.113.9'],
    );
  });
});
