// Stored bytes that no `files` row names: an upload stored before its application's transaction
// when the process died before the commit (kill -9, power loss), a temp file it was writing, or
// bytes an erasure could not remove after its commit. They are candidates' personal data that
// retention and erasure cannot reach through the database, so a periodic sweep deletes them, only
// once they are older than any transaction could still be open (statements time out after 15 s,
// idle transactions at 30 s).
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import type { FileStorage } from './storage.ts';

export const ORPHAN_AGE_MS = 60 * 60 * 1000;

export async function sweepOrphanFiles(
  db: Db,
  storage: FileStorage,
  olderThanMs = ORPHAN_AGE_MS,
  now = new Date(),
): Promise<number> {
  // Listed before reading the rows: a file stored after the listing is not looked at, and one
  // whose row commits after the read is young enough to be left alone.
  let removed = await storage.removeStaleTemp(olderThanMs);
  const stored: string[] = [];
  for await (const key of storage.keys()) stored.push(key);
  if (stored.length === 0) return removed;
  const referenced = new Set(
    (await queryRows<{ key: string }>(db, sql`select storage_key as key from files`)).map((r) => r.key),
  );
  for (const key of stored) {
    if (referenced.has(key)) continue;
    const at = await storage.storedAt(key);
    if (!at || now.getTime() - at.getTime() < olderThanMs) continue;
    await storage.remove(key);
    removed++;
  }
  return removed;
}
