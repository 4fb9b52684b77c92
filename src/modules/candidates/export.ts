// Everything held about one candidate, as a zip (GDPR access and portability): candidate.json
// with the profile and every application in full, and files/ with every uploaded file's bytes.
import { eq } from 'drizzle-orm';
import yazl from 'yazl';
import { candidates } from '../../db/schema-applications.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record.ts';
import type { FileStorage } from '../files/storage.ts';
import * as repo from './repo.ts';
import { actorOf, iso, person } from './view.ts';

export interface ExportDeps {
  storage: FileStorage;
  skillsOf: (apps: { skillIds: string[] }[]) => { id: string; name: string }[];
}

/** Every event of the candidate (the profile shows the newest 500; an export holds them all). */
const ALL_EVENTS = 100_000;

/**
 * A file name that is safe inside a zip on any system: no folders, no control or reserved
 * characters, no leading dot, at most ~110 characters with the extension kept.
 */
export function safeFilename(name: string): string {
  const clean = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._()+-]/gu, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[. ]+/, '')
    .trim();
  const ext = /\.[\p{L}\p{N}]{1,10}$/u.exec(clean)?.[0] ?? '';
  const stem = clean.slice(0, clean.length - ext.length).slice(0, 100) || 'file';
  return `${stem}${ext}`;
}

/** Two uploads named resume.pdf become resume.pdf and resume (2).pdf. */
function uniqueNames() {
  const used = new Set<string>();
  return (name: string) => {
    const safe = safeFilename(name);
    const ext = /\.[^.]*$/.exec(safe)?.[0] ?? '';
    let candidate = safe;
    for (let n = 2; used.has(candidate.toLowerCase()); n++)
      candidate = `${safe.slice(0, safe.length - ext.length)} (${n})${ext}`;
    used.add(candidate.toLowerCase());
    return candidate;
  };
}

async function zipOf(entries: { name: string; bytes: Buffer }[], mtime: Date): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(e.bytes, e.name, { mtime });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function exportCandidate(
  ctx: Ctx,
  deps: ExportDeps,
  orgId: string,
  candidate: repo.CandidateRow,
) {
  const apps = await repo.fullApplications(ctx.db, orgId, candidate.id);
  const ids = apps.map((a) => a.id);
  const [events, notes, scorecards, files] = await Promise.all([
    repo.events(ctx.db, orgId, ids, ALL_EVENTS),
    repo.notes(ctx.db, orgId, ids),
    repo.scorecards(ctx.db, orgId, ids),
    repo.candidateFiles(ctx.db, orgId, [candidate.id]),
  ]);
  const name = uniqueNames();
  const entries: { name: string; bytes: Buffer }[] = [];
  const stored = new Map<string, { path: string | null }>();
  for (const f of files) {
    try {
      const bytes = await deps.storage.get(f.storageKey);
      const path = `files/${name(f.filename)}`;
      entries.push({ name: path, bytes });
      stored.set(f.id, { path });
    } catch (error) {
      // A file lost from storage is listed without bytes rather than failing the whole export.
      if (!(error instanceof AppError && error.status === 404)) throw error;
      stored.set(f.id, { path: null });
    }
  }
  const fileInfo = (f: repo.FileRow) => ({
    id: f.id,
    role: f.role,
    filename: f.filename,
    mediaType: f.mediaType,
    size: f.size,
    sha256: f.sha256,
    path: stored.get(f.id)?.path ?? null,
  });
  const byApp = <T extends { applicationId: string }>(rows: T[], id: string) =>
    rows.filter((r) => r.applicationId === id).map(({ applicationId: _, ...rest }) => rest);
  const now = new Date();
  const document = {
    format: 'rolecraft-candidate-export/1',
    exportedAt: now.toISOString(),
    candidate: person(candidate),
    skills: deps.skillsOf(apps),
    applications: apps.map((a) => {
      const questions = new Map(a.content.questions.map((q) => [q.id, q]));
      return {
        id: a.id,
        posting: { id: a.postingId, title: a.postingTitle },
        email: a.email,
        source: a.source,
        stage: { id: a.stageId, name: a.stageName, kind: a.stageKind },
        stageEnteredAt: iso(a.stageEnteredAt),
        status: a.status,
        rejectionReason: a.rejectionReason,
        createdAt: iso(a.createdAt),
        updatedAt: iso(a.updatedAt),
        consent: a.consent,
        answers: Object.entries(a.answers).map(([questionId, answer]) => ({
          questionId,
          label: questions.get(questionId)?.label ?? questionId,
          type: questions.get(questionId)?.type ?? 'unknown',
          answer,
          knockout: a.knockouts.includes(questionId),
        })),
        files: files.filter((f) => f.applicationId === a.id).map(fileInfo),
        resume: { parseStatus: a.parseStatus, text: a.resumeText, parsed: a.parsed, skills: a.skillIds },
        match: a.match,
        score: a.score,
        notes: byApp(notes, a.id).map((n) => ({ ...n, createdAt: iso(n.createdAt) })),
        scorecards: byApp(scorecards, a.id).map((s) => ({ ...s, submittedAt: iso(s.submittedAt) })),
        // Oldest first, as a record reads; the profile's timeline is newest first.
        events: byApp(events, a.id)
          .reverse()
          .map((e) => ({
            id: e.id,
            kind: e.kind,
            actor: actorOf(e),
            fromStage: e.fromStage,
            toStage: e.toStage,
            data: e.data,
            at: iso(e.at),
          })),
      };
    }),
  };
  const bytes = await zipOf(
    [{ name: 'candidate.json', bytes: Buffer.from(JSON.stringify(document, null, 2)) }, ...entries],
    now,
  );
  await ctx.db.transaction(async (tx) => {
    // The candidate's request (from the status page) is answered by this export.
    await tx.update(candidates).set({ exportRequestedAt: null }).where(eq(candidates.id, candidate.id));
    await recordAudit(
      ctx,
      {
        action: 'candidate.exported',
        targetType: 'candidate',
        targetId: candidate.id,
        data: { applications: apps.length, files: entries.length },
      },
      tx,
    );
  });
  return { filename: `candidate-${candidate.id}.zip`, bytes };
}
