import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { excerpt, MAX_MENTIONS, parseMentions } from './mentions.ts';

const ID = '0190a0b0-0000-7000-8000-00000000000a';

describe('mentions', () => {
  it('reads both forms, lower-cased and without duplicates', () => {
    const body = `Hi @[Ada L.](user:${ID.toUpperCase()}), @[again](user:${ID}) and @Grace@Example.com.`;
    assert.deepEqual(parseMentions(body), { userIds: [ID], emails: ['grace@example.com'] });
  });

  it('ignores plain addresses, lone @ and a display name that looks like an address', () => {
    const body = `mail ada@example.com, @ alone, @[@bob@example.com](user:${ID}) me@ @x@y`;
    assert.deepEqual(parseMentions(body), { userIds: [ID], emails: [] });
  });

  it('keeps at most 20 of each', () => {
    const body = Array.from({ length: 30 }, (_, i) => `@u${i}@example.com`).join(' ');
    assert.equal(parseMentions(body).emails.length, MAX_MENTIONS);
  });

  it('renders tokens as names and cuts long text', () => {
    assert.equal(excerpt(`ask @[Ada](user:${ID})`), 'ask @Ada');
    const long = excerpt('y'.repeat(400));
    assert.equal(long.length, 300);
    assert.ok(long.endsWith('…'));
  });
});
