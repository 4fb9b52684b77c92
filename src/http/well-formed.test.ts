import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { illFormedPath } from './well-formed.ts';

describe('illFormedPath', () => {
  it('finds a lone high or low surrogate anywhere, with its path', () => {
    assert.equal(illFormedPath({ a: ['ok', 'bad \uD800 here'] }), 'body/a/1');
    assert.equal(illFormedPath({ a: { b: 'x\uDC00' } }), 'body/a/b');
    assert.equal(illFormedPath({ 'k\uD801': 1 }), 'body');
    assert.equal(illFormedPath('\uDBFF'), 'body');
  });

  it('accepts well-formed text, emoji (surrogate pairs) included', () => {
    assert.equal(illFormedPath({ a: 'Zürich 🚀', b: [1, null, true], c: { d: '\uD83D\uDE80' } }), null);
    assert.equal(illFormedPath(undefined), null);
  });
});
