// An inverted index of one tsvector column over a fixed list of documents (0…n-1, in the order
// the caller ranks them): for every lexeme, the documents that have it and the positions in each.
// Built from PostgreSQL's own vectors (their text form), so stemming and stop words are exactly
// the database's.
//
// Compact, because a large board is big: 100,000 job descriptions hold 20 million (lexeme,
// document) pairs and 22 million positions. Each lexeme keeps two byte streams of variable-length
// integers: the gaps between its documents, and for each of those documents the byte length of
// its positions followed by the gaps between them. Both are read front to back, which is all that
// matching needs. About 1 byte per document entry and 1.5 per position, against 10 for plain arrays.
import { phraseOffsets, phraseTerms, type QueryNode } from './tsquery.ts';

/** A set of documents: one bit each. */
export type Bits = Uint32Array;

export const newBits = (n: number): Bits => new Uint32Array((n + 31) >>> 5);

export function allBits(n: number): Bits {
  const bits = newBits(n).fill(0xffffffff);
  if (n % 32) bits[bits.length - 1] = (1 << (n % 32)) - 1;
  return bits;
}

export const hasBit = (bits: Bits, doc: number) => (bits[doc >>> 5]! & (1 << (doc & 31))) !== 0;

/** Calls fn with each document in the set, in order. */
export function forEachBit(bits: Bits, fn: (doc: number) => void) {
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w]!;
    while (word !== 0) {
      const low = word & -word;
      word ^= low;
      fn((w << 5) + 31 - Math.clz32(low));
    }
  }
}

/** A growing byte buffer of variable-length integers (7 bits a byte, high bit: more follow). */
class ByteWriter {
  bytes = new Uint8Array(8);
  length = 0;
  write(value: number) {
    if (this.length + 5 > this.bytes.length) {
      const bigger = new Uint8Array(this.bytes.length * 2);
      bigger.set(this.bytes);
      this.bytes = bigger;
    }
    while (value >= 0x80) {
      this.bytes[this.length++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    this.bytes[this.length++] = value;
  }
  done(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** MAXNUMPOS in PostgreSQL's ts_type.h: a lexeme keeps at most this many positions. */
const MAX_POSITIONS = 256;

const varintBytes = (value: number) => (value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : 4);

class ByteReader {
  constructor(
    readonly bytes: Uint8Array,
    public at: number,
    readonly end: number,
  ) {}
  get more() {
    return this.at < this.end;
  }
  /** Values stay below 2^28 (document numbers, positions, block lengths): at most four bytes. */
  read(): number {
    const bytes = this.bytes;
    let b = bytes[this.at++]!;
    if (b < 0x80) return b;
    let value = b & 0x7f;
    b = bytes[this.at++]!;
    value |= (b & 0x7f) << 7;
    if (b < 0x80) return value;
    b = bytes[this.at++]!;
    value |= (b & 0x7f) << 14;
    if (b < 0x80) return value;
    b = bytes[this.at++]!;
    return value | (b << 21);
  }
}

interface TermWriter {
  docs: ByteWriter;
  positions: ByteWriter;
  last: number;
}

/**
 * Every lexeme's two streams, one after the other in two buffers (two large buffers rather than
 * two small ones per lexeme: tens of thousands of small buffers would weigh on the collector).
 */
interface Streams {
  /** Per lexeme: the gaps between its documents (the first from -1). */
  docs: Uint8Array;
  docStart: Float64Array;
  /** Per lexeme and document: the byte length of its positions, then the gaps between them. */
  positions: Uint8Array;
  posStart: Float64Array;
}

/**
 * A quoted lexeme starting after its opening quote: the lexeme and where its closing quote ends.
 * Quotes inside are doubled and backslashes escape (tsvectorout).
 */
function readLexeme(text: string, start: number): [string, number] {
  let i = start;
  for (let c = text.charCodeAt(i); c !== 39 && c !== 92; c = text.charCodeAt(++i))
    if (Number.isNaN(c)) throw new Error('tsvector text: unterminated lexeme');
  // The common case: no escapes, a closing quote.
  if (text.charCodeAt(i) === 39 && text.charCodeAt(i + 1) !== 39) return [text.slice(start, i), i + 1];
  let lexeme = text.slice(start, i);
  for (;;) {
    const c = text.charCodeAt(i);
    if (Number.isNaN(c)) throw new Error('tsvector text: unterminated lexeme');
    if (c === 39 && text.charCodeAt(i + 1) !== 39) return [lexeme, i + 1];
    const escaped = c === 39 || c === 92;
    lexeme += text[escaped ? i + 1 : i];
    i += escaped ? 2 : 1;
  }
}

/** Collects documents in order, then freezes them into a FieldIndex. */
export class FieldIndexBuilder {
  private readonly terms = new Map<string, TermWriter>();
  private docs = 0;

  /** Adds the next document from a tsvector's text form (`'lexeme':1A,5 'other':3`). */
  add(vector: string) {
    const doc = this.docs++;
    const text = vector;
    const found = this.found;
    let count = 0;
    let i = 0;
    while (i < text.length) {
      if (text.charCodeAt(i) === 32) {
        i++;
        continue;
      }
      if (text.charCodeAt(i) !== 39) throw new Error(`tsvector text: expected a quote at ${i}`);
      const [lexeme, next] = readLexeme(text, i + 1);
      i = next;
      let term = this.terms.get(lexeme);
      if (!term) {
        term = { docs: new ByteWriter(), positions: new ByteWriter(), last: -1 };
        this.terms.set(lexeme, term);
      }
      term.docs.write(doc - term.last);
      term.last = doc;
      count = 0;
      if (text.charCodeAt(i) === 58 /* : */) {
        i++;
        for (;;) {
          let pos = 0;
          let c = text.charCodeAt(i);
          while (c >= 48 && c <= 57) {
            pos = pos * 10 + (c - 48);
            c = text.charCodeAt(++i);
          }
          if (c >= 65 && c <= 68) c = text.charCodeAt(++i); // weight letter A–D
          if (count < found.length) found[count++] = pos;
          if (c !== 44 /* , */) break;
          i++;
        }
      }
      // The block's length in bytes first, so a reader can skip a document's positions whole.
      let bytes = 0;
      for (let k = 0; k < count; k++) bytes += varintBytes(found[k]! - (k ? found[k - 1]! : 0));
      term.positions.write(bytes);
      for (let k = 0; k < count; k++) term.positions.write(found[k]! - (k ? found[k - 1]! : 0));
    }
  }

  /** Positions of the lexeme being read (PostgreSQL keeps at most 256 per lexeme). */
  private readonly found = new Int32Array(MAX_POSITIONS);

  build(): FieldIndex {
    const ids = new Map<string, number>();
    const docStart = new Float64Array(this.terms.size + 1);
    const posStart = new Float64Array(this.terms.size + 1);
    let t = 0;
    for (const [lexeme, w] of this.terms) {
      ids.set(lexeme, t);
      docStart[t + 1] = docStart[t]! + w.docs.length;
      posStart[t + 1] = posStart[t]! + w.positions.length;
      t++;
    }
    const docs = new Uint8Array(docStart[t]!);
    const positions = new Uint8Array(posStart[t]!);
    t = 0;
    for (const w of this.terms.values()) {
      docs.set(w.docs.bytes.subarray(0, w.docs.length), docStart[t]!);
      positions.set(w.positions.bytes.subarray(0, w.positions.length), posStart[t]!);
      t++;
    }
    this.terms.clear();
    return new FieldIndex(this.docs, ids, { docs, docStart, positions, posStart });
  }
}

export class FieldIndex {
  constructor(
    readonly size: number,
    private readonly terms: Map<string, number>,
    private readonly streams: Streams,
  ) {}

  /** Bytes held by the postings (the lexemes and the map come on top). */
  get bytes(): number {
    const s = this.streams;
    return s.docs.byteLength + s.positions.byteLength + s.docStart.byteLength + s.posStart.byteLength;
  }

  private docReader(term: number) {
    return new ByteReader(this.streams.docs, this.streams.docStart[term]!, this.streams.docStart[term + 1]!);
  }

  private positionReader(term: number) {
    return new ByteReader(
      this.streams.positions,
      this.streams.posStart[term]!,
      this.streams.posStart[term + 1]!,
    );
  }

  /** The documents matching a query, as PostgreSQL's `vector @@ query` would find them. */
  match(node: QueryNode): Bits {
    switch (node.op) {
      case 'term':
        return this.termBits(node.lexeme);
      case 'not': {
        const bits = this.match(node.arg);
        const all = allBits(this.size);
        for (let w = 0; w < bits.length; w++) bits[w] = ~bits[w]! & all[w]!;
        return bits;
      }
      case 'and':
      case 'or': {
        const left = this.match(node.left);
        const right = this.match(node.right);
        for (let w = 0; w < left.length; w++)
          left[w] = node.op === 'and' ? left[w]! & right[w]! : left[w]! | right[w]!;
        return left;
      }
      case 'phrase':
        return this.matchPhrase(node);
    }
  }

  private termBits(lexeme: string): Bits {
    const bits = newBits(this.size);
    const term = this.terms.get(lexeme);
    if (term === undefined) return bits;
    const docs = this.docReader(term);
    for (let doc = -1; docs.more; ) {
      doc += docs.read();
      bits[doc >>> 5]! |= 1 << (doc & 31);
    }
    return bits;
  }

  /** Documents with every word of the phrase, then checked word position by word position. */
  private matchPhrase(node: QueryNode): Bits {
    const words = [...new Set(phraseTerms(node))];
    if (words.some((w) => !this.terms.has(w))) return newBits(this.size);
    const bits = this.termBits(words[0]!);
    for (const lexeme of words.slice(1)) {
      const more = this.termBits(lexeme);
      for (let w = 0; w < bits.length; w++) bits[w]! &= more[w]!;
    }
    // Every candidate has every word: walk each word's postings alongside the candidates, and
    // look for a start that has each word at its offset.
    const cursors = words.map((w) => {
      const term = this.terms.get(w)!;
      return new PositionCursor(this.docReader(term), this.positionReader(term));
    });
    const placed = phraseOffsets(node).map((p) => ({
      cursor: cursors[words.indexOf(p.lexeme)]!,
      offset: p.offset,
    }));
    const [anchor, ...others] = placed;
    for (let w = 0; w < bits.length; w++) {
      let word = bits[w]!;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const doc = (w << 5) + 31 - Math.clz32(low);
        for (const cursor of cursors) cursor.moveTo(doc);
        let found = false;
        for (let k = 0; k < anchor!.cursor.count && !found; k++) {
          const start = anchor!.cursor.buffer[k]! - anchor!.offset;
          found = others.every((o) => o.cursor.has(start + o.offset));
        }
        if (!found) bits[w]! &= ~low;
      }
    }
    return bits;
  }
}

/** Reads one word's postings forward, keeping the positions in the current document. */
class PositionCursor {
  private doc = -1;
  /** The word's positions in the current document: the first `count`, ascending. */
  readonly buffer = new Int32Array(MAX_POSITIONS);
  count = 0;

  constructor(
    private readonly docs: ByteReader,
    private readonly blocks: ByteReader,
  ) {}

  /** Moves to a document the word is in (documents are visited in ascending order). */
  moveTo(target: number) {
    while (this.doc < target) {
      this.doc += this.docs.read();
      const length = this.blocks.read();
      if (this.doc !== target) {
        this.blocks.at += length;
        continue;
      }
      const end = this.blocks.at + length;
      let count = 0;
      for (let pos = 0; this.blocks.at < end; ) {
        pos += this.blocks.read();
        if (count < MAX_POSITIONS) this.buffer[count++] = pos;
      }
      this.count = count;
    }
  }

  has(position: number): boolean {
    for (let k = 0; k < this.count; k++) {
      const p = this.buffer[k]!;
      if (p >= position) return p === position;
    }
    return false;
  }
}
