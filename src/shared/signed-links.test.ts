import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { signLink, verifyLink } from './signed-links.ts';

const key = randomBytes(32);
const future = new Date(Date.now() + 60_000);

describe('signed links', () => {
  it('verifies its own token and returns the subject', () => {
    const token = signLink(key, 'status', 'abc', future);
    assert.deepEqual(verifyLink(key, 'status', token), { ok: true, subject: 'abc' });
  });

  it('refuses another purpose, another key, a changed subject or expiry, and garbage', () => {
    const token = signLink(key, 'status', 'abc', future);
    assert.equal(verifyLink(key, 'other', token).ok, false);
    assert.equal(verifyLink(randomBytes(32), 'status', token).ok, false);
    const [v, , e, s] = token.split('.');
    assert.equal(verifyLink(key, 'status', `${v}.abd.${e}.${s}`).ok, false);
    assert.equal(verifyLink(key, 'status', `${v}.abc.${Number(e) + 1}.${s}`).ok, false);
    for (const bad of ['', 'x', 'v1.a.b', 'v2.abc.1.x', `${token}x`, 'a'.repeat(400)]) {
      assert.deepEqual(verifyLink(key, 'status', bad), { ok: false, reason: 'invalid' });
    }
  });

  it('says expired once the time has passed', () => {
    const token = signLink(key, 'status', 'abc', new Date(Date.now() + 1000));
    assert.deepEqual(verifyLink(key, 'status', token, new Date(Date.now() + 2000)), {
      ok: false,
      reason: 'expired',
    });
  });
});
