import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../helpers.ts';

let t: TestApp;

before(async () => {
  t = await buildTestApp({ seed: false });
});
after(() => t.close());

/** Fastify's `/x/:id` as OpenAPI's `/x/{id}`. */
const toOpenApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 at /api/openapi.json', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = JSON.parse(res.body);
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.title, 'Rolecraft API');
    assert.ok(doc.components.securitySchemes.apiToken);
    assert.equal(doc.components.securitySchemes.session.name, '__Host-rolecraft_session');
    assert.ok(doc.components.schemas.Problem, 'problem details are a shared component');
  });

  it('documents every registered /api route with its responses, and nothing else', async () => {
    const doc = JSON.parse((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).body);
    const registered = new Set(
      t.app.routeList
        .filter((r) => r.url.startsWith('/api/') && r.url !== '/api/openapi.json' && r.method !== 'HEAD')
        .map((r) => `${r.method} ${toOpenApiPath(r.url)}`),
    );
    assert.ok(registered.size >= 9, `found ${registered.size} routes`);
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(
      doc.paths as Record<string, Record<string, { responses?: object }>>,
    )) {
      for (const [method, op] of Object.entries(ops)) {
        if (!path.startsWith('/api/')) continue;
        documented.add(`${method.toUpperCase()} ${path}`);
        assert.ok(op.responses && Object.keys(op.responses).length > 0, `${method} ${path} has responses`);
        for (const [status, response] of Object.entries(
          op.responses as Record<string, { content?: object }>,
        )) {
          if (Number(status) >= 400) {
            assert.deepEqual(
              Object.keys(response.content ?? {}),
              ['application/problem+json'],
              `${method} ${path} ${status}`,
            );
          }
        }
      }
    }
    assert.deepEqual([...registered].sort(), [...documented].sort());
  });

  it('documents the import body as text and the Markdown representation of a template', async () => {
    const doc = JSON.parse((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).body);
    assert.deepEqual(Object.keys(doc.paths['/api/v1/templates/import'].post.requestBody.content), [
      'text/plain',
      'text/markdown',
    ]);
    assert.deepEqual(Object.keys(doc.paths['/api/v1/templates/{slug}'].get.responses['200'].content), [
      'application/json',
      'text/markdown',
    ]);
  });

  it('serves the docs UI at /docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /swagger/i);
  });
});
