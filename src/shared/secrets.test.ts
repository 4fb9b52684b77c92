import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashToken, randomToken, safeEqual } from './secrets.ts';

describe('secrets', () => {
  it('makes base64url tokens of the requested size', () => {
    assert.match(randomToken(), /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(randomToken(), 'base64url').length, 32);
    assert.equal(randomToken(16).length, 22);
    const tokens = new Set(Array.from({ length: 1000 }, () => randomToken()));
    assert.equal(tokens.size, 1000);
  });

  it('hashes tokens with SHA-256 hex', () => {
    assert.equal(hashToken('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.notEqual(hashToken('abd'), hashToken('abc'));
  });

  it('compares strings of any length', () => {
    assert.equal(safeEqual('secret', 'secret'), true);
    assert.equal(safeEqual('', ''), true);
    assert.equal(safeEqual('secret', 'secreT'), false);
    assert.equal(safeEqual('secret', 'secret!'), false);
    assert.equal(safeEqual('secret', ''), false);
    assert.equal(safeEqual('é', 'e\u0301'), false);
  });
});
