import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import argon2 from 'argon2';
import {
  burnPasswordTime,
  hashPassword,
  needsRehash,
  PASSWORD_MAX,
  PASSWORD_MIN,
  passwordProblem,
  verifyPassword,
} from './password.ts';

const LIST = readFileSync(new URL('../../../data/common-passwords.txt', import.meta.url), 'utf8');

describe('common-password list', () => {
  it('has exactly 10,000 non-empty lines, most common first', () => {
    const lines = LIST.split('\n');
    assert.equal(lines.pop(), ''); // trailing newline
    assert.equal(lines.length, 10_000);
    assert.ok(lines.every((line) => line !== '' && !line.includes('\r')));
    assert.equal(lines[0], '123456');
    assert.ok(lines.includes('password'));
  });
});

describe('passwordProblem', () => {
  it('exports the ASVS length limits', () => {
    assert.equal(PASSWORD_MIN, 8);
    assert.equal(PASSWORD_MAX, 128);
  });

  it('enforces 8 and 128 code points at the boundaries', () => {
    assert.match(passwordProblem('Zq8#vLw') ?? '', /at least 8/);
    assert.equal(passwordProblem('Zq8#vLw2'), undefined);
    assert.equal(passwordProblem('Zq8#vLw2'.repeat(16)), undefined);
    assert.match(passwordProblem(`${'Zq8#vLw2'.repeat(16)}x`) ?? '', /at most 128/);
  });

  it('counts an emoji as one character, not two UTF-16 units', () => {
    assert.match(passwordProblem('🦊'.repeat(7)) ?? '', /at least/);
    assert.equal(passwordProblem('🦊'.repeat(8)), undefined);
    assert.equal(passwordProblem('🦊'.repeat(128)), undefined);
    assert.match(passwordProblem('🦊'.repeat(129)) ?? '', /at most/);
  });

  it('counts combining characters after NFKC normalization', () => {
    // x + combining acute has no precomposed form: two code points each.
    assert.match(passwordProblem(`${'x\u0301'.repeat(3)}x`) ?? '', /at least/);
    assert.equal(passwordProblem('x\u0301'.repeat(4)), undefined);
    assert.equal(passwordProblem('x\u0301'.repeat(64)), undefined);
    assert.match(passwordProblem(`${'x\u0301'.repeat(64)}y`) ?? '', /at most/);
    // e + combining acute composes to é: 14 code points typed, 7 after NFKC.
    assert.match(passwordProblem('e\u0301'.repeat(7)) ?? '', /at least/);
  });

  it('accepts any Unicode without composition rules', () => {
    for (const password of [
      'пароль-надёжный',
      '密码很安全的句子吧',
      'ñandú 🦊 correcto',
      'all lowercase words here',
    ]) {
      assert.equal(passwordProblem(password), undefined, password);
    }
  });

  it('rejects common passwords regardless of case and width', () => {
    for (const password of ['password', 'PASSWORD', 'PassWord', '12345678', 'ｐａｓｓｗｏｒｄ']) {
      assert.match(passwordProblem(password) ?? '', /too common/, password);
    }
  });

  it('rejects the email, its local part and the name, case-insensitively', () => {
    const context = { email: 'Alice.Smith@Example.com', name: 'Alice Smithson' };
    assert.match(passwordProblem('alice.smith@example.com', context) ?? '', /email address or name/);
    assert.match(passwordProblem('ALICE.SMITH', context) ?? '', /email address or name/);
    assert.match(passwordProblem('alice smithson', context) ?? '', /email address or name/);
    assert.equal(passwordProblem('alice.smith!', context), undefined);
    assert.equal(passwordProblem('alice.smith@example.com'), undefined);
  });
});

describe('password hashing', () => {
  it('uses argon2id with m=19456, t=2, p=1 and a fresh salt', async () => {
    const first = await hashPassword('correct horse battery');
    // Reference m,t,p order with a 16-byte salt and 32-byte hash in unpadded base64.
    assert.match(first, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.notEqual(await hashPassword('correct horse battery'), first);
    assert.equal(await verifyPassword(first, 'correct horse battery'), true);
    assert.equal(await verifyPassword(first, 'correct horse batterz'), false);
    assert.equal(needsRehash(first), false);
  });

  it('does not truncate long passwords', async () => {
    const a = `${'a'.repeat(99)}1`;
    const b = `${'a'.repeat(99)}2`;
    const [hashA, hashB] = await Promise.all([hashPassword(a), hashPassword(b)]);
    assert.equal(await verifyPassword(hashA, b), false);
    assert.equal(await verifyPassword(hashB, a), false);
    assert.equal(await verifyPassword(hashA, a), true);
    const emoji = '🦊'.repeat(PASSWORD_MAX);
    assert.equal(await verifyPassword(await hashPassword(emoji), emoji), true);
  });

  it('hashes the NFKC form so composed and decomposed input match', async () => {
    const hash = await hashPassword('Caf\u00e9 au lait 42');
    assert.equal(await verifyPassword(hash, 'Cafe\u0301 au lait 42'), true);
  });

  it('returns false instead of throwing for malformed hashes', async () => {
    for (const hash of [
      '',
      'not-a-hash',
      '$argon2id$v=19$m=19456,t=2,p=1$garbage',
      '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy',
    ]) {
      assert.equal(await verifyPassword(hash, 'whatever password'), false, hash);
    }
  });

  it('encodes exactly what argon2 itself would, apart from the parameter order', async () => {
    const ours = await hashPassword('correct horse battery');
    const salt = Buffer.from(ours.split('$')[4]!, 'base64');
    const theirs = await argon2.hash('correct horse battery', {
      type: argon2.argon2id,
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
      salt,
    });
    assert.equal(theirs.replace('m=19456,p=1,t=2', 'm=19456,t=2,p=1'), ours);
  });

  it('asks for a rehash when the parameters or variant differ', async () => {
    const old = await argon2.hash('some password', {
      type: argon2.argon2id,
      memoryCost: 65536,
      timeCost: 3,
      parallelism: 4,
    });
    assert.equal(needsRehash(old), true);
    const argon2i = await argon2.hash('some password', {
      type: argon2.argon2i,
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
    });
    assert.equal(needsRehash(argon2i), true);
    assert.equal(needsRehash('not-a-hash'), true);
  });

  it('burns argon2 time for unknown accounts', async () => {
    await burnPasswordTime('warm-up builds the dummy hash');
    const start = performance.now();
    assert.equal(await burnPasswordTime('any password at all'), undefined);
    // A real argon2id verification at 19 MiB takes milliseconds; a no-op would not.
    assert.ok(performance.now() - start > 2);
  });
});
