import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loggable } from './problem.ts';

describe('loggable errors', () => {
  it('drops query parameters from messages and stacks, down the cause chain', () => {
    const secret = 'JBSWY3DPEHPK3PXP';
    const inner = new Error(`Failed query: select 1 where a = $1\nparams: ${secret}`);
    const outer = Object.assign(
      new Error(`Failed query: update users set totp_secret = $1\nparams: ${secret},x`),
      {
        cause: Object.assign(inner, { code: '57P01' }),
      },
    );
    const logged = loggable(outer);
    assert.ok(!JSON.stringify(logged).includes(secret));
    assert.match(
      String(logged.message),
      /^Failed query: update users set totp_secret = \$1\nparams: \[redacted\]$/,
    );
    assert.equal((logged.cause as Record<string, unknown>).code, '57P01');
    assert.match(String(logged.stack), /\n\s+at /, 'the stack is kept');
  });

  it('keeps ordinary messages whole', () => {
    assert.equal(loggable(new TypeError('x is not a function')).message, 'x is not a function');
    assert.equal(loggable('a string').message, 'a string');
  });
});
