import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allBits, type Bits, FieldIndexBuilder, forEachBit } from './field-index.ts';
import { parseTsquery } from './tsquery.ts';

const docsOf = (bits: Bits) => {
  const out: number[] = [];
  forEachBit(bits, (doc) => out.push(doc));
  return out;
};

// Vectors as PostgreSQL prints them (weights included), numbered 0, 1, 2 … in order.
function index(...vectors: string[]) {
  const builder = new FieldIndexBuilder();
  for (const v of vectors) builder.add(v);
  const built = builder.build();
  return (query: string) => docsOf(built.match(parseTsquery(query)!));
}

describe('FieldIndex', () => {
  const match = index(
    "'backend':1A 'develop':2A 'engin':5C 'node.js':7C",
    "'develop':3C 'backend':9C 'sale':4B",
    "'head':1A 'sale':3A 'engin':8C",
    '',
    "'full':2C 'full-stack':1C 'stack':3C 'develop':4C",
  );

  it('finds words, and combines them with &, | and !', () => {
    assert.deepEqual(match("'engin'"), [0, 2]);
    assert.deepEqual(match("'backend' & 'develop'"), [0, 1]);
    assert.deepEqual(match("'node.js' | 'sale'"), [0, 1, 2]);
    assert.deepEqual(match("!'develop'"), [2, 3]);
    assert.deepEqual(match("'engin' & !'backend'"), [2]);
    assert.deepEqual(match("'nowher'"), []);
  });

  it('matches phrases by position: adjacent, at a distance, in order, and hyphenated chains', () => {
    assert.deepEqual(match("'backend' <-> 'develop'"), [0]); // doc 1 has both words, apart
    assert.deepEqual(match("'develop' <-> 'backend'"), []);
    assert.deepEqual(match("'head' <2> 'sale'"), [2]);
    assert.deepEqual(match("'head' <-> 'sale'"), []);
    assert.deepEqual(match("'full-stack' <-> 'full' <-> 'stack' <-> 'develop'"), [4]);
    assert.deepEqual(match("!( 'backend' <-> 'develop' )"), [1, 2, 3, 4]);
    assert.deepEqual(match("'backend' <-> 'nowher'"), []);
    assert.deepEqual(match("'backend' <2> ( 'nowher' <-> 'engin' )"), []);
    assert.deepEqual(match("'develop' <-> ( 'engin' <2> 'node.js' )"), []);
    assert.deepEqual(match("'backend' <3> ( 'engin' <2> 'node.js' )"), []);
    assert.deepEqual(match("'develop' <3> ( 'engin' <2> 'node.js' )"), [0]);
  });

  it('reads escaped quotes and backslashes in lexemes', () => {
    const m = index("'o''reilly':1 'a\\\\b':2", "'plain':1");
    assert.deepEqual(m("'o''reilly'"), [0]);
    assert.deepEqual(m("'a\\\\b'"), [0]);
    assert.deepEqual(m("'o''reilly' <-> 'a\\\\b'"), [0]);
  });

  it('keeps large positions, many positions and far-apart documents exactly', () => {
    const builder = new FieldIndexBuilder();
    const positions = Array.from({ length: 256 }, (_, i) => 16383 - 2 * (255 - i));
    builder.add(`'word':${positions.join(',')} 'next':16383`);
    for (let i = 0; i < 70_000; i++) builder.add(i === 69_999 ? "'word':1 'next':2" : "'other':1");
    const built = builder.build();
    assert.deepEqual(docsOf(built.match(parseTsquery("'word' <-> 'next'")!)), [70_000]);
    assert.deepEqual(docsOf(built.match(parseTsquery("'word' <2> 'next'")!)), [0]);
    assert.equal(docsOf(built.match(parseTsquery("!'other'")!)).length, 2);
  });

  it('marks every document in allBits and no others', () => {
    assert.deepEqual(
      docsOf(allBits(33)),
      Array.from({ length: 33 }, (_, i) => i),
    );
    assert.deepEqual(
      docsOf(allBits(32)),
      Array.from({ length: 32 }, (_, i) => i),
    );
  });
});
