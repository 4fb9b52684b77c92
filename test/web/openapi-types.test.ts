// The web app's API types (web/src/api/openapi.ts) are generated from the server's OpenAPI
// document; a route or schema change without `npm run api-types` fails here, not in a browser.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { generateApiTypes, TYPES_FILE } from '../../scripts/openapi-types.ts';

describe('web/src/api/openapi.ts', () => {
  it('matches the OpenAPI document the server builds (run `npm run api-types` after API changes)', async () => {
    const committed = await readFile(TYPES_FILE, 'utf8');
    const fresh = await generateApiTypes();
    assert.ok(committed === fresh, 'web/src/api/openapi.ts is out of date: run `npm run api-types`');
  });
});
