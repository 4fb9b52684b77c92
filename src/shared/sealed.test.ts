import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { SealedSecretError, seal, unseal } from './sealed.ts';

describe('sealed secrets', () => {
  const key = randomBytes(32);

  it('round-trips, hides the value and never seals twice alike', () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const a = seal(secret, key);
    const b = seal(secret, key);
    assert.match(a, /^v1:[\w-]+$/);
    assert.ok(!a.includes(secret));
    assert.notEqual(a, b, 'a fresh IV every time');
    assert.equal(unseal(a, key), secret);
  });

  it('refuses a wrong key, a tampered value, and a sealed value without a key', () => {
    const sealed = seal('secret', key);
    assert.throws(() => unseal(sealed, randomBytes(32)), SealedSecretError);
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    assert.throws(() => unseal(tampered, key), SealedSecretError);
    assert.throws(() => unseal(sealed, undefined), /ROLECRAFT_SECRET_KEY/);
  });

  it('without a key, stores and reads values as they are (and reads old plain values with one)', () => {
    assert.equal(seal('plain', undefined), 'plain');
    assert.equal(unseal('plain', undefined), 'plain');
    assert.equal(unseal('plain', key), 'plain');
  });
});
