// Processing a new application in the background (never in the request): the resume's text,
// the contact details and skills in it, and the advisory match score against the posting's
// skills. A failure to read the file is recorded on the application, which stays as it was.
import { and, eq, lt, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { applicationEvents, applications } from '../../db/schema-applications.ts';
import { newId } from '../../shared/ids.ts';
import { ExtractError, extractText } from '../files/extract.ts';
import { type FileKind, MEDIA_TYPES } from '../files/inspect.ts';
import type { FileStorage } from '../files/storage.ts';
import type { PostingContent } from '../postings/types.ts';
import type { Taxonomy } from '../skills/taxonomy.ts';
import { matchScore } from '../screening/match.ts';
import { parseResume } from '../screening/parse-resume.ts';

export interface ProcessDeps {
  db: Db;
  storage: FileStorage;
  taxonomy: Taxonomy;
}

export const PROCESS_QUEUE = 'process-application';
/** Resume text kept for search and display; the file itself stays the original. */
const MAX_STORED_TEXT = 100_000;

const KINDS = Object.fromEntries(Object.entries(MEDIA_TYPES).map(([k, v]) => [v, k])) as Record<
  string,
  FileKind
>;

interface Work {
  id: string;
  orgId: string;
  name: string;
  email: string;
  content: PostingContent;
  storageKey: string | null;
  mediaType: string | null;
}

async function load(db: Db, id: string): Promise<Work | undefined> {
  const [row] = await queryRows<Work>(
    db,
    sql`select a.id, a.org_id as "orgId", c.name, a.email, p.content, f.storage_key as "storageKey",
               f.media_type as "mediaType"
        from applications a join candidates c on c.id = a.candidate_id join postings p on p.id = a.posting_id
        left join files f on f.id = a.resume_file_id
        where a.id = ${id} and a.parse_status = 'pending'`,
  );
  return row;
}

async function record(db: Db, work: Work, kind: string, data: Record<string, unknown>) {
  await db.insert(applicationEvents).values({
    id: newId(),
    orgId: work.orgId,
    applicationId: work.id,
    kind,
    actorType: 'system',
    actorId: null,
    actorLabel: null,
    data,
  });
}

/** Processes one application if it is still pending; safe to run twice (a retried job). */
export async function processApplication(
  deps: ProcessDeps,
  id: string,
): Promise<'done' | 'failed' | 'skipped'> {
  const { db, storage, taxonomy } = deps;
  const work = await load(db, id);
  if (!work) return 'skipped';
  const kind = work.mediaType ? KINDS[work.mediaType] : undefined;
  let text: string;
  try {
    if (!work.storageKey || !kind) throw new ExtractError('no_resume', 'The application has no resume file.');
    text = (await extractText(kind, await storage.get(work.storageKey))).text;
  } catch (error) {
    const reason = error instanceof ExtractError ? error.reason : 'unreadable';
    const message = error instanceof Error ? error.message.slice(0, 300) : 'The resume could not be read.';
    await db.transaction(async (tx) => {
      await tx
        .update(applications)
        .set({ parseStatus: 'failed', parseError: `${reason}: ${message}`, updatedAt: new Date() })
        .where(and(eq(applications.id, id), eq(applications.parseStatus, 'pending')));
      await record(tx, work, 'processing_failed', { reason });
    });
    return 'failed';
  }
  const parsed = parseResume(text, taxonomy);
  const skillIds = parsed.skills.map((s) => s.id);
  const match = matchScore(skillIds, work.content, taxonomy);
  const stored = text.slice(0, MAX_STORED_TEXT);
  await db.transaction(async (tx) => {
    await tx
      .update(applications)
      .set({
        parseStatus: 'done',
        parseError: null,
        resumeText: stored,
        parsed,
        match,
        score: match.score,
        skillIds,
        search: sql`setweight(to_tsvector('simple', ${work.name}), 'A') || setweight(to_tsvector('simple', ${work.email}), 'A') || setweight(to_tsvector('english', ${stored}), 'C')`,
        updatedAt: new Date(),
      })
      .where(and(eq(applications.id, id), eq(applications.parseStatus, 'pending')));
    await record(tx, work, 'processed', { score: match.score, skills: skillIds.length });
  });
  return 'done';
}

/**
 * Applications still pending after `olderThanMs` (a lost or failed job): processed here. Tests
 * call it with 0 to process everything at once.
 */
export async function processPending(
  deps: ProcessDeps,
  olderThanMs = 10 * 60_000,
  max = 100,
): Promise<number> {
  const rows = await deps.db
    .select({ id: applications.id })
    .from(applications)
    .where(
      and(
        eq(applications.parseStatus, 'pending'),
        lt(applications.createdAt, new Date(Date.now() - olderThanMs + 1)),
      ),
    )
    .limit(max);
  for (const row of rows) await processApplication(deps, row.id);
  return rows.length;
}
