import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasKeys, isTimestampText, isUuid } from './pagination.ts';

describe('cursor field checks', () => {
  it('accepts PostgreSQL timestamptz text as cursors carry it', () => {
    for (const ok of [
      '2026-11-25 23:06:47.586+00',
      '2026-11-25 23:06:47.586123+00',
      '2026-11-25 23:06:47+05:30',
      '2026-02-28T00:00:00Z',
      '2024-02-29 12:00:00-08',
    ]) {
      assert.equal(isTimestampText(ok), true, ok);
    }
  });

  it('refuses what the database would reject or misread', () => {
    for (const bad of [
      '1',
      '2026-13-01 00:00:00+00',
      '2026-02-31 00:00:00+00',
      '2026-11-25 24:00:00+00',
      '2026-11-25',
      42,
      null,
      '2026-11-25 23:06:47.1234567+00',
    ]) {
      assert.equal(isTimestampText(bad), false, String(bad));
    }
  });

  it('checks uuids and exact key sets', () => {
    assert.equal(isUuid('01a214f6-2d80-7040-951b-386911721c66'), true);
    assert.equal(isUuid('-'.repeat(36)), false);
    assert.equal(hasKeys({ p: 1, id: 2 }, ['p', 'id']), true);
    assert.equal(hasKeys({ p: 1, id: 2, x: 3 }, ['p', 'id']), false);
    assert.equal(hasKeys({ p: 1 }, ['p', 'id']), false);
  });
});
