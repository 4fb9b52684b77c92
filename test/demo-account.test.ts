// The embedded default's first start creates a demo organization and its owner and prints the
// credentials once, so a new user can sign in at once; never in production, never on PostgreSQL.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { tempDir, startServer } from './process.ts';

const CREDENTIALS = /email: +(\S+)\n +password: +(\S+)/;
const embedded = !process.env.DATABASE_URL;

describe('the demo account', {
  skip: embedded ? false : 'the demo account is an embedded-default feature',
}, () => {
  it('is printed once on the first start, and signs in to the demo organization', async () => {
    const dir = await tempDir('demo');
    try {
      const first = await startServer({ DATA_DIR: dir, SHUTDOWN_GRACE_MS: '0' });
      let email = '';
      let password = '';
      try {
        const found = CREDENTIALS.exec(first.output());
        assert.ok(found, 'the first start prints the credentials');
        [, email = '', password = ''] = found;
        // Printed to the terminal, never as a JSON log line.
        for (const line of first
          .output()
          .split('\n')
          .filter((l) => l.startsWith('{'))) {
          assert.ok(!line.includes(password), 'the password is not in a log line');
        }
        const login = await fetch(`${first.base}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
        assert.equal(login.status, 200);
        const me = await login.json();
        assert.equal(me.activeOrganization.slug, 'demo');
        assert.equal(me.activeOrganization.role, 'owner');
      } finally {
        first.child.kill('SIGTERM');
        await first.exited;
      }
      const second = await startServer({ DATA_DIR: dir, SHUTDOWN_GRACE_MS: '0' });
      try {
        assert.doesNotMatch(second.output(), CREDENTIALS, 'later starts print nothing');
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is never created in production', async () => {
    const dir = await tempDir('demo-prod');
    try {
      const server = await startServer({ DATA_DIR: dir, SHUTDOWN_GRACE_MS: '0', NODE_ENV: 'production' });
      try {
        assert.doesNotMatch(server.output(), CREDENTIALS);
        const login = await fetch(`${server.base}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'admin@demo.rolecraft.test', password: 'whatever-it-might-be' }),
        });
        assert.equal(login.status, 401);
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
