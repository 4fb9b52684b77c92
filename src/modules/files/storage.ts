/**
 * Blob storage for uploaded files. Keys are generated here (128 random bits, hex), never derived from
 * the client's file name, and validated against a strict pattern on every call, so a key read back from
 * anywhere can never address a path outside the storage directory. The local implementation is the
 * default (the directory comes from FILE_STORAGE_DIR in the app config); other backends implement the
 * same interface.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AppError, notFound } from '../../shared/errors.ts';

export interface FileStorage {
  /** Store the bytes under a new server-generated key and return it. */
  put(bytes: Buffer): Promise<string>;
  /** The stored bytes; AppError 404 when the key does not exist. */
  get(key: string): Promise<Buffer>;
  /** Delete; succeeds when the key is already gone. */
  remove(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Every stored key, for orphan sweeps (compare with the keys referenced in the database). */
  keys(): AsyncIterable<string>;
  /** When the key was stored; null when it does not exist. */
  storedAt(key: string): Promise<Date | null>;
  /** Deletes half-written uploads (a crash mid-write) older than `olderThanMs`; returns how many. */
  removeStaleTemp(olderThanMs: number): Promise<number>;
}

const KEY = /^[0-9a-f]{32}$/;
const SHARD = /^[0-9a-f]{2}$/;

export const isStorageKey = (key: unknown): key is string => typeof key === 'string' && KEY.test(key);

function assertKey(key: unknown): asserts key is string {
  if (!isStorageKey(key)) throw new AppError(400, 'invalid_file_key', 'The stored file key is not valid.');
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/** Files under `dir/<first two hex chars>/<key>`, mode 0600 in 0700 directories. */
export function localStorage(dir: string): FileStorage {
  const root = path.resolve(dir);
  const fileOf = (key: string) => path.join(root, key.slice(0, 2), key);

  return {
    async put(bytes) {
      const key = randomBytes(16).toString('hex');
      const shard = path.join(root, key.slice(0, 2));
      await mkdir(shard, { recursive: true, mode: 0o700 });
      // Write a temp file and rename it, so readers and sweeps never see a half-written file.
      const temp = path.join(shard, `.tmp-${key}-${randomBytes(4).toString('hex')}`);
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } catch (err) {
        await handle.close();
        await unlink(temp).catch(() => {});
        throw err;
      }
      await handle.close();
      await rename(temp, fileOf(key)).catch(async (err: unknown) => {
        await unlink(temp).catch(() => {});
        throw err;
      });
      return key;
    },

    async get(key) {
      assertKey(key);
      try {
        return await readFile(fileOf(key));
      } catch (err) {
        if (isMissing(err)) throw notFound('The stored file');
        throw err;
      }
    },

    async remove(key) {
      assertKey(key);
      await unlink(fileOf(key)).catch((err: unknown) => {
        if (!isMissing(err)) throw err;
      });
    },

    async exists(key) {
      assertKey(key);
      try {
        return (await stat(fileOf(key))).isFile();
      } catch (err) {
        if (isMissing(err)) return false;
        throw err;
      }
    },

    async storedAt(key) {
      assertKey(key);
      try {
        return (await stat(fileOf(key))).mtime;
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },

    async removeStaleTemp(olderThanMs) {
      let removed = 0;
      const shards = await readdir(root, { withFileTypes: true }).catch(() => []);
      for (const shard of shards) {
        if (!shard.isDirectory() || !SHARD.test(shard.name)) continue;
        for (const name of await readdir(path.join(root, shard.name))) {
          if (!name.startsWith('.tmp-')) continue;
          const file = path.join(root, shard.name, name);
          const at = await stat(file).catch(() => null);
          if (at && Date.now() - at.mtimeMs >= olderThanMs) {
            await unlink(file).catch(() => {});
            removed++;
          }
        }
      }
      return removed;
    },

    async *keys() {
      const shards = await readdir(root, { withFileTypes: true }).catch((err: unknown) => {
        if (isMissing(err)) return [];
        throw err;
      });
      for (const shard of shards) {
        if (!shard.isDirectory() || !SHARD.test(shard.name)) continue;
        const files = await readdir(path.join(root, shard.name), { withFileTypes: true });
        // Temp files (".tmp-…") and anything else that is not a key are skipped.
        for (const file of files)
          if (file.isFile() && KEY.test(file.name) && file.name.startsWith(shard.name)) yield file.name;
      }
    },
  };
}

/**
 * Response headers for handing a stored file back: always a download, never rendered inline, and
 * sandboxed in case a browser renders it anyway.
 */
export function downloadHeaders(mediaType: string, filename: string): Record<string, string> {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  // RFC 8187 ext-value: encodeURIComponent leaves ' ( ) * unescaped, which attr-char does not allow.
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return {
    'content-type': mediaType,
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': 'private, no-store',
  };
}
