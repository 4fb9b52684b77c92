// One organization's open postings in memory: a large base segment built once, a small segment of
// postings changed since, and the base documents those changes replaced. A search walks the
// matching documents once, in ranking order, to count them, count their facet values and pick the
// page, the same result careers/search.ts gets from PostgreSQL, without touching the database.
import type { BoardFilter } from '../repo.ts';
import { FacetTable } from '../facets.ts';
import type { Facets } from '../schemas.ts';
import type { FacetCombo } from '../search.ts';
import { allBits, type Bits, type FieldIndex, FieldIndexBuilder, hasBit, newBits } from './field-index.ts';
import type { QueryNode } from './tsquery.ts';

/** One posting_search row as the index reads it. */
export interface DocRow {
  id: string;
  /** published_at in microseconds since the epoch (exact: below 2^53). */
  us: number;
  /** valid_through in milliseconds, or Infinity. */
  validMs: number;
  /** pay_top, or NaN when the posting states no pay. */
  payTop: number;
  combo: number;
  /** The transaction that wrote the row (its xid8, exact below 2^53). */
  x: number;
  title: string;
  body: string;
}

export type Combo = Omit<FacetCombo, 'count'> & { id: number };

/** Newest first, then the larger id first: the order of the board (posting_search_board index). */
export const byRank = (a: { us: number; id: string }, b: { us: number; id: string }) =>
  b.us - a.us || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Collects rows in rank order into a segment, parsing each row's vectors as it comes. */
export class SegmentBuilder {
  private readonly rows: Omit<DocRow, 'title' | 'body'>[] = [];
  private readonly title = new FieldIndexBuilder();
  private readonly body = new FieldIndexBuilder();
  private readonly seen = new Set<string>();

  get size() {
    return this.rows.length;
  }

  /** Adds the next row; a posting already added (read twice while it moved) is skipped. */
  add(row: DocRow) {
    if (this.seen.has(row.id)) return;
    this.seen.add(row.id);
    const { title, body, ...rest } = row;
    this.rows.push(rest);
    this.title.add(title);
    this.body.add(body);
  }

  build(comboSlot: (id: number) => number): Segment {
    return new Segment(this.rows, comboSlot, this.title.build(), this.body.build());
  }
}

/**
 * Documents in rank order, column by column in typed arrays. Ids are kept as 16 bytes each, not as
 * strings: a hundred thousand small strings (and maps of them) would make every garbage
 * collection mark them, which shows in the tail latency of every request.
 */
class Segment {
  readonly size: number;
  private readonly idBytes: Uint8Array;
  /** Document numbers sorted by id, to find a document by its id. */
  private readonly byId: Int32Array;
  readonly us: Float64Array;
  readonly validMs: Float64Array;
  readonly payTop: Float64Array;
  readonly written: Float64Array;
  readonly combo: Int32Array;

  constructor(
    rows: Omit<DocRow, 'title' | 'body'>[],
    comboSlot: (id: number) => number,
    readonly title: FieldIndex,
    readonly body: FieldIndex,
  ) {
    this.size = rows.length;
    this.idBytes = new Uint8Array(16 * rows.length);
    rows.forEach((r, doc) => {
      uuidBytes(r.id, this.idBytes, 16 * doc);
    });
    this.us = Float64Array.from(rows, (r) => r.us);
    this.validMs = Float64Array.from(rows, (r) => r.validMs);
    this.payTop = Float64Array.from(rows, (r) => r.payTop);
    this.written = Float64Array.from(rows, (r) => r.x);
    this.combo = Int32Array.from(rows, (r) => comboSlot(r.combo));
    this.byId = Int32Array.from(rows.keys()).sort((a, b) => this.compareIds(a, b));
  }

  get bytes() {
    return this.title.bytes + this.body.bytes + this.size * (16 + 8 * 4 + 4 + 4);
  }

  idAt(doc: number): string {
    return uuidText(this.idBytes, 16 * doc);
  }

  /** The document with this id, or -1. */
  find(id: string): number {
    const key = uuidBytes(id, new Uint8Array(16), 0);
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const doc = this.byId[mid]!;
      const order = compareBytes(this.idBytes, 16 * doc, key, 0);
      if (order === 0) return doc;
      if (order < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Whether the document ranks after this board position (older, or as old with a smaller id). */
  after(doc: number, position: { us: number; id: string }): boolean {
    const us = this.us[doc]!;
    return us !== position.us ? us < position.us : this.idAt(doc) < position.id;
  }

  private compareIds(a: number, b: number) {
    return compareBytes(this.idBytes, 16 * a, this.idBytes, 16 * b);
  }
}

function compareBytes(a: Uint8Array, at: number, b: Uint8Array, bt: number): number {
  for (let i = 0; i < 16; i++) if (a[at + i] !== b[bt + i]) return a[at + i]! - b[bt + i]!;
  return 0;
}

/** A uuid's 16 bytes (PostgreSQL orders uuids by them, as lowercase text orders them). */
function uuidBytes(id: string, into: Uint8Array, at: number): Uint8Array {
  const hex = id.replaceAll('-', '');
  for (let i = 0; i < 16; i++) into[at + i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return into;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function uuidText(bytes: Uint8Array, at: number): string {
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    s += HEX[bytes[at + i]!];
  }
  return s;
}

function segmentOf(rows: DocRow[], comboSlot: (id: number) => number): Segment {
  const builder = new SegmentBuilder();
  for (const row of [...rows].sort(byRank)) builder.add(row);
  return builder.build(comboSlot);
}

export interface IndexQuery {
  /** The parsed tsquery; null when the words were all stop words (nothing matches). */
  tree?: QueryNode | null | undefined;
  filter: BoardFilter;
  /** Keyset position (newest first): only documents ranked after it make the page. */
  after?: { us: number; id: string } | undefined;
  offset: number;
  /** How many documents the page needs (the caller's limit + 1). */
  take: number;
  nowMs: number;
  withFacets: boolean;
}

export interface IndexResult {
  page: { id: string; us: number }[];
  total: number;
  facets?: Facets | undefined;
}

type Hit = { id: string; us: number };

export class OrgIndex {
  private readonly combos: Combo[] = [];
  private readonly facetTable = new FacetTable();
  private readonly comboSlots = new Map<number, number>();
  private readonly base: Segment;
  private readonly replaced: Bits;
  private changed = new Map<string, DocRow>();
  private extra: Segment;

  /** From a builder fed in rank order, and the facet combinations its rows use. */
  constructor(base: SegmentBuilder, combos: Combo[]) {
    for (const c of combos) this.addCombo(c);
    this.base = base.build(this.comboSlot);
    this.replaced = newBits(this.base.size);
    this.extra = segmentOf([], this.comboSlot);
  }

  get size() {
    return this.base.size + this.extra.size;
  }

  /** How many postings changed since the base was built (a rebuild folds them in). */
  get changes() {
    return this.changed.size;
  }

  get bytes() {
    return this.base.bytes + this.extra.bytes;
  }

  /** The transaction that wrote the posting as indexed, or undefined when it is not indexed. */
  writtenBy(id: string): number | undefined {
    const row = this.changed.get(id);
    if (row) return row.x;
    const doc = this.base.find(id);
    return doc >= 0 && !hasBit(this.replaced, doc) ? this.base.written[doc] : undefined;
  }

  hasCombo(id: number) {
    return this.comboSlots.has(id);
  }

  addCombo(c: Combo) {
    if (this.comboSlots.has(c.id)) return;
    this.comboSlots.set(c.id, this.combos.length);
    this.combos.push(c);
    this.facetTable.add(c);
  }

  private readonly comboSlot = (id: number) => {
    const slot = this.comboSlots.get(id);
    if (slot === undefined) throw new Error(`facet combination ${id} not loaded`);
    return slot;
  };

  /** Applies changed rows and removed posting ids (their combinations must be added first). */
  apply(upserts: DocRow[], removed: string[]) {
    if (upserts.length === 0 && removed.length === 0) return;
    const changed = new Map(this.changed);
    for (const id of removed) this.retire(id, changed);
    for (const row of upserts) {
      this.retire(row.id, changed);
      changed.set(row.id, row);
    }
    this.extra = segmentOf([...changed.values()], this.comboSlot);
    this.changed = changed;
  }

  private retire(id: string, changed: Map<string, DocRow>) {
    changed.delete(id);
    const doc = this.base.find(id);
    if (doc >= 0) this.replaced[doc >>> 5]! |= 1 << (doc & 31);
  }

  search(q: IndexQuery): IndexResult {
    const ok = this.comboFilter(q.filter);
    const counts = new Int32Array(this.combos.length);
    const need = q.offset + q.take;
    const tiers: [Hit[], Hit[]][] = [];
    let total = 0;
    for (const [segment, excluded] of [
      [this.base, this.replaced],
      [this.extra, null],
    ] as const) {
      const found: [Hit[], Hit[]] = [[], []];
      tiers.push(found);
      if (segment.size === 0 || q.tree === null) continue;
      const matched = q.tree ? segment.body.match(q.tree) : allBits(segment.size);
      const inTitle = q.tree ? segment.title.match(q.tree) : null;
      const pay = q.filter.pay?.min;
      for (let w = 0; w < matched.length; w++) {
        let word = matched[w]! & ~(excluded?.[w] ?? 0);
        while (word !== 0) {
          const low = word & -word;
          word ^= low;
          const doc = (w << 5) + 31 - Math.clz32(low);
          const combo = segment.combo[doc]!;
          if (!ok[combo] || !(segment.validMs[doc]! > q.nowMs)) continue;
          // As in SQL, a posting that states no pay (NaN) never passes a pay filter.
          if (pay !== undefined && !(segment.payTop[doc]! >= pay)) continue;
          total++;
          counts[combo]!++;
          const tier = found[inTitle && hasBit(inTitle, doc) ? 0 : 1];
          if (tier.length >= need || (q.after && !segment.after(doc, q.after))) continue;
          tier.push({ id: segment.idAt(doc), us: segment.us[doc]! });
        }
      }
    }
    const ranked = [0, 1].flatMap((t) => merge(tiers[0]![t]!, tiers[1]![t]!));
    return {
      page: ranked.slice(q.offset, need),
      total,
      facets: q.withFacets ? this.facetTable.facets(counts) : undefined,
    };
  }

  /** Which facet combinations pass the filters (all but pay and expiry are combination values). */
  private comboFilter(f: BoardFilter): Uint8Array {
    const ok = new Uint8Array(this.combos.length);
    for (let slot = 0; slot < ok.length; slot++) {
      const c = this.combos[slot]!;
      ok[slot] = +(
        (f.location === undefined || c.locationKeys.includes(f.location)) &&
        (f.department === undefined || c.department === f.department) &&
        (f.employmentType === undefined || c.employmentType === f.employmentType) &&
        (f.workplaceType === undefined || c.workplaceType === f.workplaceType) &&
        (f.pay === undefined || c.currency === f.pay.currency)
      );
    }
    return ok;
  }
}

function merge(a: Hit[], b: Hit[]): Hit[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: Hit[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && byRank(a[i]!, b[j]!) <= 0)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

const TIMESTAMP =
  /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:Z|([+-])(\d\d)(?::?(\d\d))?)$/;

/** Microseconds since the epoch of a cursor's timestamp (pagination.ts isTimestampText's form). */
export function timestampMicros(text: string): number | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, sign, oh, om] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om ?? 0)) : 0;
  return (ms - offset * 60_000) * 1000 + Number((frac ?? '').padEnd(6, '0'));
}
