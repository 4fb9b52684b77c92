import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Secret, TOTP, URI } from 'otpauth';
import { newRecoveryCodes, newTotpSecret, normalizeRecoveryCode, totpUri, verifyTotp } from './totp.ts';

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // fixed so codes never collide by chance
const NOW = 1_700_000_000_000;
const STEP = Math.floor(NOW / 1000 / 30);

function codeAt(timestamp: number, secret = SECRET): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp });
}

describe('TOTP', () => {
  it('creates 160-bit base32 secrets', () => {
    const secret = newTotpSecret();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.equal(Secret.fromBase32(secret).bytes.length, 20);
    assert.notEqual(newTotpSecret(), secret);
  });

  it('builds an otpauth:// URI with SHA1, 6 digits and 30 s', () => {
    const uri = totpUri(SECRET, 'alice@example.com');
    assert.ok(uri.startsWith('otpauth://totp/Rolecraft:alice%40example.com?'), uri);
    const totp = URI.parse(uri);
    assert.ok(totp instanceof TOTP);
    assert.equal(totp.issuer, 'Rolecraft');
    assert.equal(totp.label, 'alice@example.com');
    assert.equal(totp.secret.base32, SECRET);
    assert.equal(totp.algorithm, 'SHA1');
    assert.equal(totp.digits, 6);
    assert.equal(totp.period, 30);
    assert.equal(URI.parse(totpUri(SECRET, 'bob', 'Acme')).issuer, 'Acme');
  });

  it('accepts the current code, with surrounding spaces, and returns its step', () => {
    assert.equal(verifyTotp(SECRET, codeAt(NOW), null, NOW), STEP);
    assert.equal(verifyTotp(SECRET, ` ${codeAt(NOW)} \n`, null, NOW), STEP);
    const secret = newTotpSecret();
    assert.equal(verifyTotp(secret, codeAt(Date.now(), secret), null), Math.floor(Date.now() / 30_000) + 0);
  });

  it('accepts one step either side but not three steps ago', () => {
    assert.equal(verifyTotp(SECRET, codeAt(NOW - 30_000), null, NOW), STEP - 1);
    assert.equal(verifyTotp(SECRET, codeAt(NOW + 30_000), null, NOW), STEP + 1);
    assert.equal(verifyTotp(SECRET, codeAt(NOW - 90_000), null, NOW), null);
  });

  it('rejects a replayed or older step', () => {
    const code = codeAt(NOW);
    const step = verifyTotp(SECRET, code, null, NOW);
    assert.equal(step, STEP);
    assert.equal(verifyTotp(SECRET, code, step, NOW), null);
    assert.equal(verifyTotp(SECRET, code, STEP - 1, NOW), STEP);
    assert.equal(verifyTotp(SECRET, codeAt(NOW - 30_000), STEP - 1, NOW), null);
    assert.equal(verifyTotp(SECRET, codeAt(NOW - 30_000), STEP, NOW), null);
  });

  it('rejects malformed codes', () => {
    for (const code of ['', '12345', '1234567', 'abcdef', '12 3456']) {
      assert.equal(verifyTotp(SECRET, code, null, NOW), null, code);
    }
  });
});

describe('recovery codes', () => {
  it('are unique, well-formed and crypto-random', () => {
    const codes = newRecoveryCodes();
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    for (const code of codes)
      assert.match(code, /^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
    assert.equal(newRecoveryCodes(3).length, 3);
    // 60 bits each: a second batch never repeats the first.
    const again = new Set(newRecoveryCodes(100));
    assert.ok(codes.every((code) => !again.has(code)));
  });

  it('normalizes user input', () => {
    assert.equal(normalizeRecoveryCode(' ABCD-efgh - JKMN '), 'abcdefghjkmn');
    const [code] = newRecoveryCodes(1);
    assert.equal(normalizeRecoveryCode(code!.toUpperCase().replaceAll('-', ' ')), code!.replaceAll('-', ''));
  });
});
