import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, type ProcessDatabase, processDatabase, templateBody } from './helpers.ts';
import { run, startServer } from './process.ts';

describe('rolecraft serve, as a real process', () => {
  let db: ProcessDatabase;
  let env: Record<string, string>;
  before(async () => {
    db = await processDatabase('serve');
    env = { ...db.env, ROLECRAFT_ADMIN_TOKEN: ADMIN_TOKEN };
  });
  after(() => db.drop());

  it('migrates and seeds on first start, logs JSON with request ids, and drains on SIGTERM', async () => {
    const server = await startServer(env);
    try {
      const res = await fetch(`${server.base}/api/v1/templates/jr-backend-developer`);
      assert.equal(res.status, 200);
      assert.match(server.output(), /"msg":"built-in library seeded"/);

      const created = await fetch(`${server.base}/api/v1/templates`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(templateBody({ role: 'Persistence Tester' })),
      });
      assert.equal(created.status, 201);

      await fetch(`${server.base}/healthz`, { headers: { 'x-request-id': 'trace-me-42' } });
      // The "request completed" line is written just after the response; give it a moment.
      for (let i = 0; i < 20 && !/"reqId":"trace-me-42".*request completed/.test(server.output()); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const requestLines = server
        .output()
        .split('\n')
        .filter((l) => l.includes('"reqId":"trace-me-42"'));
      assert.ok(requestLines.length >= 2, 'incoming request and response are both logged with the id');
      for (const line of requestLines) assert.doesNotThrow(() => JSON.parse(line));

      // Requests in flight when SIGTERM arrives still complete; ones arriving after it are told 503
      // (Fastify's return503OnClosing) or find the port closed. None may fail half-way.
      const inflight = Array.from({ length: 40 }, () =>
        fetch(`${server.base}/api/v1/templates?q=engineer`).then(
          (r) => r.status,
          (e: { cause?: { code?: string } }) =>
            e.cause?.code === 'ECONNREFUSED' ? 'refused' : `error ${e.cause?.code}`,
        ),
      );
      await new Promise((r) => setTimeout(r, 5));
      server.child.kill('SIGTERM');
      const statuses = await Promise.all(inflight);
      assert.equal(await server.exited, 0);
      for (const status of statuses) assert.ok([200, 503, 'refused'].includes(status), `got ${status}`);
      assert.ok(statuses.includes(200));
      assert.match(server.output(), /"msg":"shutdown complete"/);
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('keeps data across restarts and does not seed twice', async () => {
    const server = await startServer(env);
    try {
      const res = await fetch(`${server.base}/api/v1/templates/persistence-tester`);
      assert.equal(res.status, 200);
      assert.doesNotMatch(server.output(), /built-in library seeded/);
    } finally {
      server.child.kill('SIGTERM');
      assert.equal(await server.exited, 0);
    }
  });

  it('refuses a second process on the same embedded data directory', {
    skip: Boolean(process.env.DATABASE_URL),
  }, async () => {
    const server = await startServer(env);
    try {
      const second = await run(['migrate'], env);
      assert.equal(second.code, 1);
      assert.match(second.stderr, /^rolecraft: the embedded database in .* is in use by process \d+/);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    const afterStop = await run(['migrate'], env);
    assert.equal(afterStop.code, 0, afterStop.stderr);
  });
});
