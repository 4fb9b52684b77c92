/**
 * Text extraction from accepted uploads, for background jobs only (parsing is CPU-heavy and the input
 * is hostile). Every kind is re-guarded here because the bytes come back from storage: DOCX goes
 * through the zip-bomb scan and a streaming inflate check before mammoth may inflate it in memory.
 */
import mammoth from 'mammoth';
import type { FileKind } from './inspect.ts';
import { verifyInflatedSizes, ZipRejected } from './zip.ts';

export interface ExtractLimits {
  maxPages: number;
  maxChars: number;
  /** Wall-clock budget for a PDF (pdf.js yields between pages, so a hostile file cannot stall the job). */
  timeoutMs: number;
}

export const EXTRACT_LIMITS: ExtractLimits = { maxPages: 50, maxChars: 200_000, timeoutMs: 30_000 };

export interface ExtractedText {
  text: string;
  /** PDF only: the document's page count (pages past `maxPages` are not read). */
  pages?: number;
  truncated: boolean;
}

/** Extraction failed; `reason` is stable ("pdf_invalid", "pdf_encrypted", "zip_bomb", "timeout", …). */
export class ExtractError extends Error {
  override name = 'ExtractError';
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export async function extractText(
  kind: FileKind,
  bytes: Buffer,
  limits: Partial<ExtractLimits> = {},
): Promise<ExtractedText> {
  const l = { ...EXTRACT_LIMITS, ...limits };
  if (kind === 'pdf') {
    const { text, pages, truncated } = await extractPdf(bytes, l);
    return { ...normalizeText(text, l.maxChars, truncated), pages };
  }
  if (kind === 'docx') return normalizeText(await extractDocx(bytes), l.maxChars, false);
  // TextDecoder drops a leading BOM; invalid sequences become U+FFFD rather than failing the job.
  return normalizeText(new TextDecoder('utf-8').decode(bytes), l.maxChars, false);
}

async function extractPdf(bytes: Buffer, limits: ExtractLimits) {
  // Loaded lazily: pdf.js is large and only the extraction worker needs it.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({
    data: new Uint8Array(bytes), // a copy: pdf.js transfers (detaches) the buffer it is given
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
    stopAtErrors: false,
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new ExtractError('timeout', `PDF text extraction took longer than ${limits.timeoutMs} ms.`)),
      limits.timeoutMs,
    );
  });
  const read = async () => {
    const doc = await task.promise;
    const pageCount = Math.min(doc.numPages, limits.maxPages);
    const parts: string[] = [];
    for (let n = 1; n <= pageCount; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) if ('str' in item) text += item.str + (item.hasEOL ? '\n' : ' ');
      parts.push(text);
      page.cleanup();
    }
    return { text: parts.join('\n\n'), pages: doc.numPages, truncated: doc.numPages > limits.maxPages };
  };
  const reading = read();
  reading.catch(() => {}); // after a timeout its rejection (from destroy) has no one left to hear it
  try {
    return await Promise.race([reading, timeout]);
  } catch (err) {
    if (err instanceof ExtractError) throw err;
    const name = (err as Error | null)?.name;
    if (name === 'PasswordException')
      throw new ExtractError('pdf_encrypted', 'The PDF is password-protected.');
    if (name === 'InvalidPDFException')
      throw new ExtractError('pdf_invalid', 'The file is not a readable PDF.');
    throw new ExtractError(
      'pdf_failed',
      `The PDF could not be read: ${(err as Error | null)?.message ?? err}`,
    );
  } finally {
    clearTimeout(timer);
    await task.destroy(); // also destroys the document and its fake worker
  }
}

async function extractDocx(bytes: Buffer): Promise<string> {
  try {
    await verifyInflatedSizes(bytes);
  } catch (err) {
    if (err instanceof ZipRejected) throw new ExtractError(err.code, `The Word document ${err.detail}.`);
    throw err;
  }
  try {
    return (await mammoth.extractRawText({ buffer: bytes })).value;
  } catch (err) {
    throw new ExtractError('docx_invalid', `The Word document could not be read: ${(err as Error).message}`);
  }
}

/**
 * NFC, line breaks as "\n", control characters dropped, runs of horizontal whitespace collapsed to one
 * space, at most two consecutive line breaks, and at most `maxChars` characters (never splitting a
 * surrogate pair).
 */
export function normalizeText(raw: string, maxChars: number, truncated: boolean) {
  let text = raw
    .normalize('NFC')
    .replace(/\r\n?|\f/g, '\n')
    .replace(/[^\P{Cc}\n\t]/gu, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (text.length > maxChars) {
    const cut = /[\uD800-\uDBFF]/.test(text[maxChars - 1] ?? '') ? maxChars - 1 : maxChars;
    text = text.slice(0, cut);
    truncated = true;
  }
  return { text, truncated };
}
