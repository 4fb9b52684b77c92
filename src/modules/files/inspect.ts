/**
 * Upload gate for resumes and cover letters: decides from the bytes (never from the client's name or
 * Content-Type alone) whether a file is a PDF, a DOCX or plain text, and refuses everything else with a
 * stable 422 code. Only cheap checks run here (it is on the request path); text extraction and the
 * streaming inflate check of DOCX parts happen later in a background job (extract.ts).
 *
 * Order of decisions, so each crafted file gets one predictable code:
 *   file_empty / file_too_large → content kind from magic bytes, where polyglots are file_suspicious and
 *   zip bombs zip_bomb whatever the name → file_type_unsupported when no kind fits → file_type_mismatch
 *   when the extension (or a specific declared type) disagrees → per-kind active-content checks.
 * So HTML renamed to resume.pdf is file_type_mismatch (it is text, not a PDF) while HTML renamed to
 * resume.txt is file_suspicious (it is text, but browsers would sniff it as HTML).
 */
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../shared/errors.ts';
import { scanZip, ZipRejected } from './zip.ts';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const ACCEPTED_EXTENSIONS = ['.pdf', '.docx', '.txt'] as const;

export type FileKind = 'pdf' | 'docx' | 'txt';
export const MEDIA_TYPES: Record<FileKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain',
};

export interface InspectedFile {
  kind: FileKind;
  mediaType: string;
  /** The canonical extension for the kind, with the dot (".pdf"). */
  extension: string;
  size: number;
  /** Hex SHA-256 of the bytes (for deduplication and audit). */
  sha256: string;
}

export type UploadErrorCode =
  | 'file_empty'
  | 'file_too_large'
  | 'file_type_unsupported'
  | 'file_type_mismatch'
  | 'file_suspicious'
  | 'zip_bomb';

const fail = (code: UploadErrorCode, filename: string, detail: string, extra: Record<string, unknown> = {}) =>
  new AppError(422, code, `The file "${filename}" ${detail}.`, { filename, ...extra });

export async function inspectUpload(input: {
  filename: string;
  bytes: Buffer;
  declaredType?: string;
}): Promise<InspectedFile> {
  const { bytes } = input;
  const name = displayName(input.filename);
  if (bytes.length === 0) throw fail('file_empty', name, 'is empty');
  if (bytes.length > MAX_UPLOAD_BYTES)
    throw fail('file_too_large', name, 'is larger than 10 MB', {
      maxBytes: MAX_UPLOAD_BYTES,
      size: bytes.length,
    });

  const kind = await contentKind(bytes, name);
  const extension = extensionOf(input.filename);
  if (extension !== `.${kind}`) {
    const named = extension ? `its ${extension} extension` : 'a name without an extension';
    throw fail(
      'file_type_mismatch',
      name,
      `contains ${KIND_LABEL[kind]}, which does not match ${named} (expected .${kind})`,
      { detected: kind, accepted: ACCEPTED_EXTENSIONS },
    );
  }
  // The client's Content-Type is untrusted; it only matters when it names a different accepted type.
  const declared = input.declaredType?.split(';')[0]?.trim().toLowerCase();
  const declaredKind = (Object.keys(MEDIA_TYPES) as FileKind[]).find((k) => MEDIA_TYPES[k] === declared);
  if (declaredKind && declaredKind !== kind)
    throw fail('file_type_mismatch', name, `was sent as ${declared} but contains ${KIND_LABEL[kind]}`);

  if (kind === 'pdf' && HTML_IN_BINARY.test(bytes.subarray(0, 1024).toString('latin1')))
    throw fail('file_suspicious', name, 'contains HTML or script markup in its first bytes');
  if (kind === 'txt') checkText(bytes, name);

  return {
    kind,
    mediaType: MEDIA_TYPES[kind],
    extension: `.${kind}`,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

const KIND_LABEL: Record<FileKind, string> = { pdf: 'a PDF', docx: 'a Word document', txt: 'plain text' };

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const ZIP_LOCAL = Buffer.from('PK\x03\x04', 'latin1');
const ZIP_EOCD = Buffer.from('PK\x05\x06', 'latin1');

// WHATWG MIME sniffing "scriptable" patterns (HTML tags followed by space or ">"), plus comments, XML
// (which may carry XHTML or SVG script) and SVG. Used where a browser would sniff: the start of text.
const HTML_AT_START =
  /^(?:<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p)[ >]|<!--|<\?xml|<svg)/i;
// The same anywhere in a binary head (old IE sniffed the first bytes for tags). One-letter tags are left
// out: "<a " etc. occur by chance in compressed data about once per thousand files.
const HTML_IN_BINARY =
  /<(?:!doctype html|html|head|script|iframe|h1|div|font|table|style|title|body|br)[ >]|<!--|<svg/i;

/** Decide the kind from the bytes alone; polyglots and zip bombs are refused here, whatever the name. */
async function contentKind(bytes: Buffer, name: string): Promise<FileKind> {
  if (bytes.subarray(0, 5).equals(PDF_MAGIC)) {
    // A PDF that is also a zip opens as an archive in other tools (the classic PDF/ZIP polyglot).
    if (hasZipStructure(bytes))
      throw fail('file_suspicious', name, 'is both a PDF and a ZIP archive, which is not accepted');
    return 'pdf';
  }
  const startsAsZip = bytes.subarray(0, 4).equals(ZIP_LOCAL);
  if (startsAsZip || hasZipTrailer(bytes)) {
    if (!startsAsZip) throw fail('file_suspicious', name, 'has extra data before its ZIP content');
    // A zip whose head also reads as PDF or HTML is a polyglot too (readers scan the first 1 KB).
    const head = bytes.subarray(0, 1024).toString('latin1');
    if (head.includes('%PDF-') || HTML_IN_BINARY.test(head))
      throw fail('file_suspicious', name, 'looks like a Word document and a PDF or HTML page at once');
    await checkDocx(bytes, name);
    return 'docx';
  }
  if (isPlainText(bytes)) return 'txt';
  // file-type only names what we refuse (PNG, EXE, OLE2 .doc…); it is never asked about zips above,
  // because its DOCX detection inflates entries before our bomb guard has run.
  const other = await fileTypeFromBuffer(bytes);
  throw fail(
    'file_type_unsupported',
    name,
    `is ${describe(other?.ext)}; upload a PDF, a Word (.docx) or a plain text file`,
    { detected: other?.mime ?? null },
  );
}

function describe(ext: string | undefined): string {
  if (!ext) return 'not a PDF, Word (.docx) or plain text file';
  if (ext === 'cfb') return 'an old-style Office file (such as .doc)';
  return `a ${ext.toUpperCase()} file`;
}

async function checkDocx(bytes: Buffer, name: string): Promise<void> {
  let scan: Awaited<ReturnType<typeof scanZip>>;
  try {
    scan = await scanZip(bytes);
  } catch (err) {
    if (err instanceof ZipRejected) throw fail(err.code, name, err.detail);
    throw err;
  }
  if (scan.firstLocalHeader !== 0)
    throw fail('file_suspicious', name, 'has extra data inside its ZIP content');
  // A zip without the OOXML package parts is some other archive, not a Word document.
  if (!scan.names.has('[Content_Types].xml') || !scan.names.has('word/document.xml'))
    throw fail('file_type_unsupported', name, 'is a ZIP archive but not a Word (.docx) document');
}

/**
 * A zip reader would find an archive here: a local file header with plausible fields (version needed
 * ≤ 6.3, stored or deflated) anywhere, or an end-of-central-directory record that ends the file.
 * The field checks keep the chance of a random hit in compressed PDF streams negligible.
 */
function hasZipStructure(bytes: Buffer): boolean {
  for (let i = bytes.indexOf(ZIP_LOCAL); i !== -1; i = bytes.indexOf(ZIP_LOCAL, i + 1)) {
    if (i + 10 > bytes.length) break;
    const version = bytes.readUInt16LE(i + 4);
    const method = bytes.readUInt16LE(i + 8);
    if (version <= 63 && (method === 0 || method === 8)) return true;
  }
  return hasZipTrailer(bytes);
}

/** An EOCD record whose comment length reaches exactly to the end of the file (what zip readers accept). */
function hasZipTrailer(bytes: Buffer): boolean {
  const from = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.lastIndexOf(ZIP_EOCD); i >= from; i = bytes.lastIndexOf(ZIP_EOCD, i - 1)) {
    if (i + 22 <= bytes.length && i + 22 + bytes.readUInt16LE(i + 20) === bytes.length) return true;
    if (i === 0) break;
  }
  return false;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const stripBom = (bytes: Buffer) => (bytes.subarray(0, 3).equals(UTF8_BOM) ? bytes.subarray(3) : bytes);
// C0/C1 controls other than tab, LF, FF and CR.
const CONTROL = /[^\P{Cc}\t\n\f\r]/gu;

/** Valid UTF-8 (BOM allowed), no NUL, at most one stray control character per 1,000 characters. */
function isPlainText(bytes: Buffer): boolean {
  const body = stripBom(bytes);
  if (body.includes(0)) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return false;
  }
  const controls = text.match(CONTROL)?.length ?? 0;
  return controls <= Math.ceil(text.length / 1000);
}

function checkText(bytes: Buffer, name: string): void {
  const text = stripBom(bytes).toString('utf8');
  if (text.trim() === '') throw fail('file_empty', name, 'contains no text');
  // Served with a wrong type or opened locally, a browser would sniff this as HTML/XML and run it.
  if (HTML_AT_START.test(text.replace(/^[\t\n\f\r ]+/, '')))
    throw fail('file_suspicious', name, 'contains HTML or XML markup, not plain text');
}

/** Lowercased final extension with the dot, or '' ("resume.PDF" → ".pdf", "resume" → ""). */
function extensionOf(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/** The name as shown in messages: the last path segment, without control characters, at most 120 chars. */
function displayName(filename: string): string {
  const base = (filename.split(/[\\/]/).pop() ?? '').replace(/\p{Cc}/gu, '').trim();
  return (base || 'upload').slice(0, 120);
}
