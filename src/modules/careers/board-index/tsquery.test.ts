import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTsquery, phraseOffsets, phraseTerms, phraseWidth, UnsupportedQuery } from './tsquery.ts';

// The inputs are what PostgreSQL printed for websearch_to_tsquery('english', …)::text.
describe('parseTsquery', () => {
  it('reads a word, and the empty query (only stop words) as null', () => {
    assert.deepEqual(parseTsquery("'engin'"), { op: 'term', lexeme: 'engin' });
    assert.equal(parseTsquery(''), null);
  });

  it('binds ! tighter than <->, <-> tighter than &, & tighter than |', () => {
    // websearch: a -b or c "d e"
    assert.deepEqual(parseTsquery("!'b' | 'c' & 'd' <-> 'e'"), {
      op: 'or',
      left: { op: 'not', arg: { op: 'term', lexeme: 'b' } },
      right: {
        op: 'and',
        left: { op: 'term', lexeme: 'c' },
        right: {
          op: 'phrase',
          left: { op: 'term', lexeme: 'd' },
          right: { op: 'term', lexeme: 'e' },
          distance: 1,
        },
      },
    });
  });

  it('reads phrases left to right with their distances ("head of sales", hyphenated words)', () => {
    const head = parseTsquery("'head' <2> 'sale'");
    assert.deepEqual(head, {
      op: 'phrase',
      left: { op: 'term', lexeme: 'head' },
      right: { op: 'term', lexeme: 'sale' },
      distance: 2,
    });
    const full = parseTsquery("'full-stack' <-> 'full' <-> 'stack' <-> 'develop'")!;
    assert.deepEqual(phraseTerms(full), ['full-stack', 'full', 'stack', 'develop']);
    assert.equal(full.op === 'phrase' && full.right.op, 'term');
    assert.equal(phraseWidth(full), 3);
    assert.deepEqual(phraseOffsets(parseTsquery("'a' <-> 'b' <2> 'c'")!), [
      { lexeme: 'a', offset: 0 },
      { lexeme: 'b', offset: 1 },
      { lexeme: 'c', offset: 3 },
    ]);
    // A phrase on the right (parenthesized) is placed after the left one's width.
    assert.deepEqual(phraseOffsets(parseTsquery("'a' <2> ( 'b' <-> 'c' )")!), [
      { lexeme: 'a', offset: 0 },
      { lexeme: 'b', offset: 2 },
      { lexeme: 'c', offset: 3 },
    ]);
  });

  it('reads a negated phrase in parentheses and escaped quotes in lexemes', () => {
    assert.deepEqual(parseTsquery("!( 'backend' <-> 'develop' )"), {
      op: 'not',
      arg: {
        op: 'phrase',
        left: { op: 'term', lexeme: 'backend' },
        right: { op: 'term', lexeme: 'develop' },
        distance: 1,
      },
    });
    assert.deepEqual(parseTsquery("'o''reilly' & 'a\\\\b'"), {
      op: 'and',
      left: { op: 'term', lexeme: "o'reilly" },
      right: { op: 'term', lexeme: 'a\\b' },
    });
  });

  it('refuses what websearch_to_tsquery never writes, so the database answers it instead', () => {
    for (const text of [
      "'engin':*",
      "'engin':A",
      "'a' <-> ( 'b' | 'c' )",
      "'a' <-> !'b'",
      "'a' &",
      "( 'a'",
      "'a' ) 'b'",
      "'a' <x> 'b'",
      "'unterminated",
      '# ',
    ]) {
      assert.throws(() => parseTsquery(text), UnsupportedQuery, text);
    }
  });
});
