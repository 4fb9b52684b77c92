/**
 * Zip guards for DOCX uploads. `scanZip` reads only the central directory (no decompression), so a
 * zip bomb is refused before anything is inflated; `verifyInflatedSizes` then streams every entry with
 * byte caps before a parser (mammoth) is allowed to inflate it into memory, because headers can lie.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';

export const ZIP_LIMITS = {
  maxEntries: 1000,
  maxTotalUncompressed: 50 * 1024 * 1024,
  maxRatio: 200,
  /** The ratio rule only applies to entries larger than this (small XML parts compress very well). */
  ratioMinSize: 1024 * 1024,
};

export type ZipRejectCode = 'zip_bomb' | 'file_type_unsupported' | 'file_suspicious';

/** Why a zip was refused; `detail` completes a sentence that starts with the file name. */
export class ZipRejected extends Error {
  override name = 'ZipRejected';
  constructor(
    readonly code: ZipRejectCode,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export interface ZipScan {
  names: Set<string>;
  totalUncompressed: number;
  /** Offset of the earliest local header; anything before it is prepended data. */
  firstLocalHeader: number;
}

// Archives inside the archive: an inner zip would escape the ratio/size accounting of the outer one.
const NESTED_ARCHIVE = /\.(zip|jar|docx|docm|xlsx|xlsm|pptx|pptm|odt|ods|7z|rar|gz|tgz|bz2|xz|cab)$/i;

const open = (bytes: Buffer) =>
  yauzl.fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true });

// yauzl reports everything as plain Errors; sort the ones that signal tampering from plain damage.
function fromYauzl(err: unknown): ZipRejected {
  const message = err instanceof Error ? err.message : String(err);
  if (/encrypt/i.test(message)) return new ZipRejected('zip_bomb', 'contains encrypted entries');
  if (
    /relative path|absolute path|invalid characters|size mismatch|too many bytes|not enough bytes/i.test(
      message,
    )
  )
    return new ZipRejected('file_suspicious', `has a tampered zip structure (${message})`);
  return new ZipRejected('file_type_unsupported', `is not a readable DOCX (damaged zip: ${message})`);
}

/** Read the central directory and enforce the limits; never inflates anything. */
export async function scanZip(bytes: Buffer, limits = ZIP_LIMITS): Promise<ZipScan> {
  const zip = await open(bytes).catch((err: unknown) => {
    throw fromYauzl(err);
  });
  try {
    // The EOCD record states the entry count up front: refuse before walking the directory.
    if (zip.entryCount > limits.maxEntries)
      throw new ZipRejected('zip_bomb', `has ${zip.entryCount} zip entries (at most ${limits.maxEntries})`);
    const scan: ZipScan = {
      names: new Set(),
      totalUncompressed: 0,
      firstLocalHeader: Number.POSITIVE_INFINITY,
    };
    for await (const entry of zip.eachEntry()) {
      const { fileName: name, compressedSize, uncompressedSize } = entry;
      if (entry.isEncrypted()) throw new ZipRejected('zip_bomb', `contains an encrypted entry (${name})`);
      if (NESTED_ARCHIVE.test(name)) throw new ZipRejected('zip_bomb', `contains a nested archive (${name})`);
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
        throw new ZipRejected(
          'file_type_unsupported',
          `uses an unsupported zip compression method (${name})`,
        );
      // Two entries with one name are read differently by different zip parsers.
      if (scan.names.has(name)) throw new ZipRejected('file_suspicious', `contains the entry ${name} twice`);
      scan.names.add(name);
      scan.totalUncompressed += uncompressedSize;
      if (scan.totalUncompressed > limits.maxTotalUncompressed)
        throw new ZipRejected('zip_bomb', `would unpack to more than ${mb(limits.maxTotalUncompressed)}`);
      if (
        uncompressedSize > limits.ratioMinSize &&
        uncompressedSize / Math.max(compressedSize, 1) > limits.maxRatio
      )
        throw new ZipRejected(
          'zip_bomb',
          `contains an entry compressed more than ${limits.maxRatio}:1 (${name})`,
        );
      scan.firstLocalHeader = Math.min(scan.firstLocalHeader, entry.relativeOffsetOfLocalHeader);
    }
    return scan;
  } catch (err) {
    throw err instanceof ZipRejected ? err : fromYauzl(err);
  } finally {
    zip.close();
  }
}

const ZIP_LOCAL_HEADER = Buffer.from('PK\x03\x04', 'latin1');

/**
 * Inflate every entry into a counting sink (nothing is kept) and check it against its header:
 * yauzl's validateEntrySizes fails the stream as soon as an entry inflates past its declared size,
 * the running total is capped, and the CRC is compared so the bytes a later parser sees are the ones
 * that were measured. Inflated content that is itself a zip is refused (a nested archive under any name).
 */
export async function verifyInflatedSizes(bytes: Buffer, limits = ZIP_LIMITS): Promise<void> {
  await scanZip(bytes, limits);
  const zip = await open(bytes).catch((err: unknown) => {
    throw fromYauzl(err);
  });
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const stream = await zip.openReadStreamPromise(entry);
      let crc = 0;
      let head = Buffer.alloc(0);
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          total += chunk.length;
          if (total > limits.maxTotalUncompressed)
            return done(
              new ZipRejected('zip_bomb', `unpacks to more than ${mb(limits.maxTotalUncompressed)}`),
            );
          if (head.length < 4) head = Buffer.concat([head, chunk.subarray(0, 4)]);
          crc = crc32(chunk, crc);
          done();
        },
      });
      await pipeline(stream, sink);
      if (head.subarray(0, 4).equals(ZIP_LOCAL_HEADER))
        throw new ZipRejected('zip_bomb', `contains a nested archive (${entry.fileName})`);
      if (crc >>> 0 !== entry.crc32 >>> 0)
        throw new ZipRejected(
          'file_suspicious',
          `has an entry whose checksum does not match (${entry.fileName})`,
        );
    }
  } catch (err) {
    throw err instanceof ZipRejected ? err : fromYauzl(err);
  } finally {
    zip.close();
  }
}

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;
