import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.ts';
import {
  docxEntries,
  htmlPage,
  legacyDoc,
  lyingZip,
  minimalDocx,
  minimalPdf,
  pngImage,
  zipBomb,
  zipOf,
} from './fixtures.test-helpers.ts';
import { ACCEPTED_EXTENSIONS, inspectUpload, MAX_UPLOAD_BYTES, MEDIA_TYPES } from './inspect.ts';

const PDF = minimalPdf(['Jane Doe', 'Software Engineer']);
const DOCX = minimalDocx(['Jane Doe', 'Software Engineer']);
const TEXT = Buffer.from('Jane Doe\nSoftware Engineer — Zürich\n');

/** Asserts that inspecting `bytes` as `filename` fails with a 422 AppError of `code` naming the file. */
async function refused(
  filename: string,
  bytes: Buffer,
  code: string,
  declaredType?: string,
): Promise<string> {
  let message = '';
  await assert.rejects(inspectUpload({ filename, bytes, declaredType }), (err: unknown) => {
    assert.ok(err instanceof AppError, `expected AppError, got ${err}`);
    assert.equal(err.code, code, err.message);
    assert.equal(err.status, 422);
    assert.ok(
      err.message.includes(`"${filename.split('/').pop()}"`),
      `message names the file: ${err.message}`,
    );
    message = err.message;
    return true;
  });
  return message;
}

describe('inspectUpload accepts', () => {
  it('a PDF, a DOCX and a text file with matching extensions (case-insensitive)', async () => {
    const pdf = await inspectUpload({ filename: 'CV.PDF', bytes: PDF, declaredType: 'application/pdf' });
    assert.deepEqual(pdf, {
      kind: 'pdf',
      mediaType: 'application/pdf',
      extension: '.pdf',
      size: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
    });
    const docx = await inspectUpload({ filename: 'cv.docx', bytes: DOCX });
    assert.equal(docx.kind, 'docx');
    assert.equal(docx.mediaType, MEDIA_TYPES.docx);
    const txt = await inspectUpload({
      filename: 'letter.txt',
      bytes: TEXT,
      declaredType: 'text/plain; charset=utf-8',
    });
    assert.equal(txt.kind, 'txt');
    assert.equal(txt.mediaType, 'text/plain');
    assert.deepEqual(ACCEPTED_EXTENSIONS, ['.pdf', '.docx', '.txt']);
  });

  it('text with a UTF-8 BOM, tabs and a form feed', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Name:\tJane\fPage 2\r\n')]);
    assert.equal((await inspectUpload({ filename: 'bom.txt', bytes: bom })).kind, 'txt');
  });

  it('exactly 10 MB', async () => {
    const big = Buffer.alloc(MAX_UPLOAD_BYTES, 'a');
    assert.equal((await inspectUpload({ filename: 'big.txt', bytes: big })).size, MAX_UPLOAD_BYTES);
  });

  it('a DOCX that lies about sizes (only extraction inflates, and it refuses it)', async () => {
    assert.equal((await inspectUpload({ filename: 'lying.docx', bytes: lyingZip() })).kind, 'docx');
  });
});

describe('inspectUpload refuses', () => {
  it('an empty file, and text with nothing but whitespace', async () => {
    await refused('empty.pdf', Buffer.alloc(0), 'file_empty');
    await refused('blank.txt', Buffer.from('\ufeff \n\t\n'), 'file_empty');
  });

  it('10 MB + 1 byte', async () => {
    await refused(
      'huge.pdf',
      Buffer.concat([PDF, Buffer.alloc(MAX_UPLOAD_BYTES + 1 - PDF.length)]),
      'file_too_large',
    );
  });

  it('HTML renamed to .pdf as a mismatch, and renamed to .txt as suspicious', async () => {
    await refused('resume.pdf', htmlPage(), 'file_type_mismatch');
    await refused('resume.txt', htmlPage(), 'file_suspicious');
  });

  it('every WHATWG HTML pattern, XML and SVG at the start of a .txt (after whitespace, any case)', async () => {
    const starts = [
      '<!DOCTYPE HTML>',
      '<html>',
      '<HEAD ',
      '<script>',
      '<iframe ',
      '<h1>',
      '<DIV>',
      '<font ',
      '<table>',
      '<a href="x">',
      '<style>',
      '<title>',
      '<b>',
      '<body>',
      '<br>',
      '<p>',
      '<!-- x -->',
      '<?xml version="1.0"?>',
      '<svg xmlns="http://www.w3.org/2000/svg">',
    ];
    for (const start of starts) await refused('x.txt', Buffer.from(`\n  ${start}hi`), 'file_suspicious');
    // Not tags: "<abc", "<p" followed by a letter, and markup after the first line are plain text.
    const ok = await inspectUpload({ filename: 'x.txt', bytes: Buffer.from('<abc> <pre\nsee <html> later') });
    assert.equal(ok.kind, 'txt');
  });

  it('a PDF named .docx, a DOCX named .pdf, a missing or unknown extension', async () => {
    await refused('resume.docx', PDF, 'file_type_mismatch');
    await refused('resume.pdf', DOCX, 'file_type_mismatch');
    await refused('resume', PDF, 'file_type_mismatch');
    await refused('resume.md', TEXT, 'file_type_mismatch');
    await refused('dir/resume.pdf.txt', PDF, 'file_type_mismatch');
  });

  it('a declared Content-Type naming another accepted type', async () => {
    await refused('resume.pdf', PDF, 'file_type_mismatch', MEDIA_TYPES.docx);
    // Generic or unknown declared types are ignored (browsers send application/octet-stream freely).
    assert.equal(
      (await inspectUpload({ filename: 'a.pdf', bytes: PDF, declaredType: 'application/octet-stream' })).kind,
      'pdf',
    );
  });

  it('PNG bytes named .pdf, an executable, a legacy .doc', async () => {
    await refused('resume.pdf', pngImage(), 'file_type_unsupported');
    await refused(
      'resume.pdf',
      Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00', 'latin1'), Buffer.alloc(200)]),
      'file_type_unsupported',
    );
    assert.match(await refused('resume.doc', legacyDoc(), 'file_type_unsupported'), /old-style Office file/);
  });

  it('text that is not UTF-8, has NUL bytes or control characters', async () => {
    await refused('nul.txt', Buffer.from('Jane\0Doe'), 'file_type_unsupported');
    await refused('latin1.txt', Buffer.from('Z\xfcrich', 'latin1'), 'file_type_unsupported');
    await refused('utf16.txt', Buffer.from('\ufeffJane', 'utf16le'), 'file_type_unsupported');
    await refused('ctl.txt', Buffer.from('Jane\x1b[31m Doe\x07\x08'), 'file_type_unsupported');
  });

  it('a PDF with a zip appended, and a zip with a PDF prefix', async () => {
    const appended = Buffer.concat([PDF, zipOf([{ name: 'payload.html', data: '<script>1</script>' }])]);
    assert.match(await refused('resume.pdf', appended, 'file_suspicious'), /both a PDF and a ZIP/);
    const prefixed = zipOf(docxEntries(['x']), { prefix: PDF });
    await refused('resume.pdf', prefixed, 'file_suspicious');
    await refused('resume.docx', prefixed, 'file_suspicious');
  });

  it('a DOCX with prepended data, or with PDF or HTML in its first kilobyte', async () => {
    const prefixed = zipOf(docxEntries(['x']), { prefix: Buffer.from('MZ this is a stub\n') });
    await refused('resume.docx', prefixed, 'file_suspicious');
    const [types, rels, doc] = docxEntries(['x']);
    const pdfInside = zipOf([{ name: 'a.txt', data: '%PDF-1.4 hello', store: true }, types!, rels!, doc!]);
    await refused('resume.docx', pdfInside, 'file_suspicious');
    const htmlInside = zipOf([
      { name: 'a.txt', data: '<html><script>1</script>', store: true },
      types!,
      rels!,
      doc!,
    ]);
    await refused('resume.docx', htmlInside, 'file_suspicious');
  });

  it('a PDF with HTML in its first kilobyte', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n%<html><script>alert(1)</script>\n'), PDF.subarray(9)]);
    await refused('resume.pdf', pdf, 'file_suspicious');
  });

  it('zip bombs: by ratio, by total size, by entry count', async () => {
    assert.match(await refused('bomb.docx', zipBomb(), 'zip_bomb'), /more than 50 MB/);
    // 5 MiB of zeros: under the total limit, but compressed ~1000:1.
    const ratio = await refused('ratio.docx', zipBomb({ entrySize: 5 * 1024 * 1024 }), 'zip_bomb');
    assert.match(ratio, /compressed more than 200:1/);
    // 60 entries of exactly 1 MiB: each below the ratio rule's size floor, 60 MiB in total.
    const total = await refused('total.docx', zipBomb({ entries: 60, entrySize: 1024 * 1024 }), 'zip_bomb');
    assert.match(total, /more than 50 MB/);
    const many = Array.from({ length: 998 }, (_, i) => ({ name: `word/p${i}.xml`, data: 'x', store: true }));
    assert.equal(
      (await inspectUpload({ filename: 'ok.docx', bytes: zipOf([...docxEntries(['x']), ...many.slice(1)]) }))
        .kind,
      'docx',
    );
    assert.match(
      await refused('many.docx', zipOf([...docxEntries(['x']), ...many]), 'zip_bomb'),
      /1001 zip entries/,
    );
    // The same bomb is refused under any name: the archive is scanned before the extension is compared.
    await refused('bomb.pdf', zipBomb(), 'zip_bomb');
  });

  it('nested archives and encrypted entries', async () => {
    const inner = minimalDocx(['inner']);
    await refused(
      'nested.docx',
      zipOf([...docxEntries(['x']), { name: 'word/embeddings/a.zip', data: inner }]),
      'zip_bomb',
    );
    const encrypted = zipOf([...docxEntries(['x']), { name: 'word/secret.xml', data: 'x', encrypted: true }]);
    await refused('locked.docx', encrypted, 'zip_bomb');
  });

  it('a plain zip that is not a DOCX, and zip entries with traversal names', async () => {
    await refused('archive.docx', zipOf([{ name: 'readme.txt', data: 'hello' }]), 'file_type_unsupported');
    await refused(
      'evil.docx',
      zipOf([...docxEntries(['x']), { name: '../../etc/passwd', data: 'x' }]),
      'file_suspicious',
    );
  });
});
