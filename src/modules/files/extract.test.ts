import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExtractError, extractText, normalizeText } from './extract.ts';
import {
  docxEntries,
  lyingZip,
  minimalDocx,
  minimalPdf,
  multiPagePdf,
  zipBomb,
  zipOf,
} from './fixtures.test-helpers.ts';

const failsWith = (reason: string) => (err: unknown) => {
  assert.ok(err instanceof ExtractError, `expected ExtractError, got ${err}`);
  assert.equal(err.reason, reason, err.message);
  return true;
};

describe('extractText', () => {
  it('reads the lines of a generated PDF', async () => {
    const pdf = minimalPdf(['Jane Doe (Senior Engineer)', 'TypeScript,   Node.js \\ Postgres']);
    const result = await extractText('pdf', pdf);
    assert.deepEqual(result, {
      text: 'Jane Doe (Senior Engineer)\nTypeScript, Node.js \\ Postgres',
      pages: 1,
      truncated: false,
    });
  });

  it('reads at most maxPages pages of a PDF and says so', async () => {
    const pdf = multiPagePdf([['Page one'], ['Page two'], ['Page three']]);
    const all = await extractText('pdf', pdf);
    assert.equal(all.text, 'Page one\n\nPage two\n\nPage three');
    const capped = await extractText('pdf', pdf, { maxPages: 2 });
    assert.deepEqual(capped, { text: 'Page one\n\nPage two', pages: 3, truncated: true });
  });

  it('refuses a broken PDF with a reason', async () => {
    await assert.rejects(extractText('pdf', Buffer.from('%PDF-1.4\nnot really')), (err: unknown) => {
      assert.ok(err instanceof ExtractError);
      assert.match(err.reason, /^pdf_/);
      return true;
    });
  });

  it('reads the paragraphs of a generated DOCX', async () => {
    const docx = minimalDocx(['Jane Doe', 'Skills: Go & Rust <fast>', 'Café']);
    assert.deepEqual(await extractText('docx', docx), {
      text: 'Jane Doe\n\nSkills: Go & Rust <fast>\n\nCafé',
      truncated: false,
    });
  });

  it('refuses zip bombs, lying sizes and nested zips in a DOCX without inflating them into memory', async () => {
    await assert.rejects(extractText('docx', zipBomb()), failsWith('zip_bomb'));
    // Headers claim 1,000 bytes; inflating stops as soon as the stream passes that.
    await assert.rejects(extractText('docx', lyingZip()), failsWith('file_suspicious'));
    const inner = minimalDocx(['inner']);
    const hidden = zipOf([...docxEntries(['x']), { name: 'word/media/image1.png', data: inner }]);
    await assert.rejects(extractText('docx', hidden), failsWith('zip_bomb'));
  });

  it('refuses a DOCX whose checksum does not match its data', async () => {
    const docx = minimalDocx(['Jane']);
    const corrupt = Buffer.from(docx);
    corrupt.writeUInt32LE(0xdeadbeef, docx.indexOf('PK\x01\x02', 0, 'latin1') + 16); // first central CRC
    await assert.rejects(extractText('docx', corrupt), failsWith('file_suspicious'));
  });

  it('reads text, dropping the BOM and normalizing', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('Cafe\u0301  and\t\ttea\r\n\r\n\r\n\r\nNext\u0007 line  \n'),
    ]);
    assert.deepEqual(await extractText('txt', bytes), {
      text: 'Café and tea\n\nNext line',
      truncated: false,
    });
  });

  it('truncates to maxChars without splitting a surrogate pair', async () => {
    const result = await extractText('txt', Buffer.from(`ab${'😀'.repeat(10)}`), { maxChars: 5 });
    assert.deepEqual(result, { text: 'ab😀', truncated: true });
    assert.equal(normalizeText('x'.repeat(200_001), 200_000, false).text.length, 200_000);
  });
});
