/**
 * Builders for crafted upload files, used by this module's tests and by integration tests elsewhere.
 * Everything is generated in code (no binary fixtures in the repository). Keep these exports stable:
 *
 * - `minimalPdf(lines)` / `multiPagePdf(pages)`: valid PDFs (Helvetica text, correct /Length and xref).
 * - `zipOf(entries, { prefix })`: a correct zip (local headers, central directory, EOCD); offsets
 *   count the prefix, so a prefixed zip is still readable (a real "prepended data" polyglot).
 * - `docxEntries(paragraphs)` / `minimalDocx(paragraphs)`: the smallest DOCX mammoth can read.
 * - `zipBomb({ entries, entrySize })`: a DOCX-shaped zip with highly compressed zero-filled entries.
 * - `lyingZip(realSize)`: a DOCX whose word/document.xml declares 1,000 bytes but inflates to `realSize`.
 * - `htmlPage()`, `pngImage()`, `legacyDoc()`: foreign formats for the type checks.
 */
import { crc32, deflateRawSync } from 'node:zlib';

const MiB = 1024 * 1024;

export interface ZipEntrySpec {
  name: string;
  data: Buffer | string;
  /** Store instead of deflate. */
  store?: boolean;
  /** Lie about the uncompressed size in both headers (the CRC stays that of the real data). */
  declaredSize?: number;
  /** Set the "traditional encryption" flag (the data is not actually encrypted). */
  encrypted?: boolean;
}

const deflated = new WeakMap<Buffer, Buffer>();
const deflateCached = (data: Buffer): Buffer => {
  if (!deflated.has(data)) deflated.set(data, deflateRawSync(data));
  return deflated.get(data)!;
};

const DOS_DATE = (2024 - 1980) * 512 + 1 * 32 + 1; // 2024-01-01, time 00:00

/** A zip archive of `entries`; `prefix` bytes are placed before the first local header. */
export function zipOf(entries: ZipEntrySpec[], options: { prefix?: Buffer } = {}): Buffer {
  const prefix = options.prefix ?? Buffer.alloc(0);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = prefix.length;
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    const body = entry.store ? data : deflateCached(data);
    const name = Buffer.from(entry.name, 'utf8');
    const flags = 0x0800 | (entry.encrypted ? 0x0001 : 0); // bit 11: UTF-8 names
    const fields = {
      method: entry.store ? 0 : 8,
      crc: crc32(data),
      size: entry.declaredSize ?? data.length,
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(fields.method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(fields.crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(fields.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(fields.method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(fields.crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(fields.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42); // comment/extra lengths, disk, attributes stay 0
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  eocd.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  eocd.writeUInt32LE(directory.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([prefix, ...locals, directory, eocd]);
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The three parts of a minimal DOCX, for composing variants (prefixes, extra entries). */
export function docxEntries(paragraphs: string[]): ZipEntrySpec[] {
  const body = paragraphs
    .map((p) => `<w:p><w:r><w:t xml:space="preserve">${xmlEscape(p)}</w:t></w:r></w:p>`)
    .join('');
  return [
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
        '</Relationships>',
    },
    {
      name: 'word/document.xml',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
    },
  ];
}

/** A minimal DOCX with one paragraph per string. */
export const minimalDocx = (paragraphs: string[]): Buffer => zipOf(docxEntries(paragraphs));

const zeroBuffers = new Map<number, Buffer>();

/**
 * A DOCX-shaped zip bomb: `entries` extra parts of `entrySize` zero bytes each (each deflates ~1000:1).
 * Default: one 60 MiB entry (over both the ratio and the total limit). 60 × 1 MiB trips only the total.
 */
export function zipBomb(options: { entries?: number; entrySize?: number } = {}): Buffer {
  const { entries = 1, entrySize = 60 * MiB } = options;
  // The same Buffer object for every entry, so zipOf deflates it only once.
  if (!zeroBuffers.has(entrySize)) zeroBuffers.set(entrySize, Buffer.alloc(entrySize));
  const zeros = zeroBuffers.get(entrySize)!;
  const bombs = Array.from({ length: entries }, (_, i) => ({
    name: `word/media/zeros${i}.bin`,
    data: zeros,
  }));
  return zipOf([...docxEntries(['Bomb']), ...bombs]);
}

/** A DOCX whose word/document.xml claims 1,000 bytes but really inflates to about `realSize` bytes. */
export function lyingZip(realSize = 20 * MiB): Buffer {
  const [types, rels, doc] = docxEntries(['Lying']);
  const padded = Buffer.concat([Buffer.from(String(doc!.data)), Buffer.alloc(realSize, 0x20)]);
  return zipOf([types!, rels!, { name: 'word/document.xml', data: padded, declaredSize: 1000 }]);
}

const pdfString = (s: string) => `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;

/** A valid PDF with one page per entry of `pages`, each line of text in Helvetica 12pt. */
export function multiPagePdf(pages: string[][]): Buffer {
  const n = pages.length;
  const pageIds = pages.map((_, i) => 4 + i * 2);
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${n} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  for (const [i, lines] of pages.entries()) {
    const content = `BT /F1 12 Tf 14 TL 72 720 Td ${lines.map((l) => `${pdfString(l)} Tj T*`).join(' ')} ET`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`,
      `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    );
  }
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (const [i, body] of objects.entries()) {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A valid one-page PDF showing `lines` (ASCII text). */
export const minimalPdf = (lines: string[]): Buffer => multiPagePdf([lines]);

/** An HTML document with a script, the classic "renamed HTML" upload. */
export const htmlPage = (): Buffer =>
  Buffer.from(
    '<!DOCTYPE html>\n<html><head><title>CV</title></head><body><script>alert(1)</script></body></html>\n',
  );

/** The PNG signature and an IHDR chunk (enough for magic-byte detection). */
export const pngImage = (): Buffer =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
    Buffer.alloc(64),
  ]);

/** An OLE2 compound file header, as in legacy Word .doc files. */
export const legacyDoc = (): Buffer =>
  Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]);
