// Applying: one action for the API and the HTML form. The submission is checked (fields, answers,
// every file by its bytes), files are stored, then one transaction writes the candidate (one per
// email in the organization), the application (one per email and posting: a unique constraint),
// its first stage and its history. Mail and the background processing follow the commit.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { type Db, violatedConstraint } from '../../db/client.ts';
import {
  applicationEvents,
  applications,
  candidates,
  files,
  idempotencyKeys,
  type Source,
} from '../../db/schema-applications.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError, conflict } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { recordAudit } from '../audit/record.ts';
import { type InspectedFile, inspectUpload } from '../files/inspect.ts';
import type { FileStorage } from '../files/storage.ts';
import type { ScreeningQuestion } from '../postings/types.ts';
import { entryStage, postingStages } from '../pipeline/stages.ts';
import { checkSubmission, type FieldError, type Submission, type UploadedFile } from './form.ts';
import { emitWebhook } from '../webhooks/events.ts';

export interface ApplyTarget {
  orgId: string;
  postingId: string;
  questions: ScreeningQuestion[];
  consentText: string;
  privacyUrl: string;
}

export interface Applied {
  id: string;
  candidateId: string;
  email: string;
  name: string;
  createdAt: string;
  /** True when an earlier request with the same Idempotency-Key created it. */
  replayed: boolean;
}

const KEY = /^[\w.:-]{8,128}$/;

export function invalidApplication(errors: FieldError[]): AppError {
  const first = errors[0]!;
  return new AppError(
    422,
    'invalid_application',
    errors.length === 1 ? first.message : `The application has ${errors.length} problems.`,
    { errors },
  );
}

/** A fingerprint of what was sent: the same key with another body is a client bug, not a retry. */
function requestHash(postingId: string, s: Submission, inspected: Map<UploadedFile, InspectedFile>): string {
  const fields = Object.entries(s.fields)
    .filter(([k]) => k !== 'idempotencyKey')
    .sort(([a], [b]) => a.localeCompare(b));
  const fileHashes = s.files.map((f) => [f.field, inspected.get(f)?.sha256 ?? '']).sort();
  return createHash('sha256')
    .update(JSON.stringify([postingId, fields, fileHashes]))
    .digest('hex');
}

async function inspectAll(uploads: { path: string; file: UploadedFile }[]) {
  const inspected = new Map<UploadedFile, InspectedFile>();
  const errors: FieldError[] = [];
  for (const { path, file } of uploads) {
    try {
      inspected.set(file, await inspectUpload({ filename: file.filename, bytes: file.bytes }));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      errors.push({ path, code: error.code, message: error.message });
    }
  }
  return { inspected, errors };
}

class Replay extends Error {
  constructor(readonly applicationId: string | null) {
    super('replay');
  }
}

async function existingKey(db: Db, orgId: string, key: string) {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.orgId, orgId), eq(idempotencyKeys.key, key)));
  return row;
}

async function replayOf(db: Db, orgId: string, applicationId: string): Promise<Applied> {
  const [row] = await db
    .select({
      id: applications.id,
      candidateId: applications.candidateId,
      email: applications.email,
      createdAt: applications.createdAt,
      name: candidates.name,
    })
    .from(applications)
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .where(and(eq(applications.orgId, orgId), eq(applications.id, applicationId)));
  if (!row)
    throw new AppError(
      409,
      'idempotency_key_reused',
      'This Idempotency-Key belongs to a removed application.',
    );
  return { ...row, createdAt: new Date(row.createdAt).toISOString(), replayed: true };
}

export async function submitApplication(
  ctx: Ctx,
  storage: FileStorage,
  target: ApplyTarget,
  submission: Submission,
  options: { idempotencyKey?: string | undefined; source: Source },
): Promise<Applied> {
  const key = options.idempotencyKey;
  if (key !== undefined && !KEY.test(key)) {
    throw new AppError(
      400,
      'invalid_idempotency_key',
      'Idempotency-Key must be 8–128 letters, digits or . _ : -',
    );
  }
  const checked = checkSubmission(target.questions, submission);
  const uploads = checked.ok
    ? [
        { path: 'resume', file: checked.value.resume },
        ...(checked.value.coverLetter ? [{ path: 'coverLetter', file: checked.value.coverLetter }] : []),
        ...Object.entries(checked.value.answerFiles).map(([id, file]) => ({ path: `answers.${id}`, file })),
      ]
    : [];
  const { inspected, errors: fileErrors } = await inspectAll(uploads);
  if (!checked.ok || fileErrors.length > 0) {
    throw invalidApplication([...(checked.ok ? [] : checked.errors), ...fileErrors]);
  }
  const app = checked.value;
  // Keys are per organization; the posting is part of what was sent.
  const hash = requestHash(target.postingId, submission, inspected);
  const { db } = ctx;
  if (key) {
    const seen = await existingKey(db, target.orgId, key);
    if (seen && seen.requestHash !== hash) throw reusedKey();
    if (seen?.applicationId) return replayOf(db, target.orgId, seen.applicationId);
  }

  const stored: { upload: UploadedFile; key: string; id: string }[] = [];
  try {
    for (const upload of inspected.keys())
      stored.push({ upload, key: await storage.put(upload.bytes), id: newId() });
    const fileId = (u: UploadedFile | null) => stored.find((s) => s.upload === u)?.id ?? null;
    const id = newId();
    const now = new Date();
    const answers = { ...app.answers };
    for (const [qid, upload] of Object.entries(app.answerFiles)) answers[qid] = { file: fileId(upload)! };
    const candidateId = await db.transaction(async (tx) => {
      if (key) {
        const inserted = await tx
          .insert(idempotencyKeys)
          .values({ orgId: target.orgId, key, requestHash: hash })
          .onConflictDoNothing()
          .returning({ key: idempotencyKeys.key });
        if (inserted.length === 0) {
          // Another request with this key committed first (it held the key until then).
          const seen = await existingKey(tx, target.orgId, key);
          if (seen && seen.requestHash !== hash) throw reusedKey();
          throw new Replay(seen?.applicationId ?? null);
        }
      }
      // One candidate per email. The existing row is updated only after the application went in:
      // locking it first would queue every concurrent duplicate behind the one before (each holding
      // a pooled connection) instead of letting them all fail fast on the unique constraint.
      const [created] = await tx
        .insert(candidates)
        .values({ id: newId(), orgId: target.orgId, email: app.email, name: app.name, phone: app.phone })
        .onConflictDoNothing({ target: [candidates.orgId, candidates.email] })
        .returning({ id: candidates.id });
      const [candidate] = created
        ? [created]
        : await tx
            .select({ id: candidates.id })
            .from(candidates)
            .where(and(eq(candidates.orgId, target.orgId), eq(candidates.email, app.email)));
      const stages = await postingStages(tx, target.orgId, target.postingId);
      if (stored.length > 0) {
        await tx.insert(files).values(
          stored.map((s) => {
            const info = inspected.get(s.upload)!;
            return {
              id: s.id,
              orgId: target.orgId,
              storageKey: s.key,
              filename: s.upload.filename.slice(0, 255),
              mediaType: info.mediaType,
              size: info.size,
              sha256: info.sha256,
            };
          }),
        );
      }
      await tx.insert(applications).values({
        id,
        orgId: target.orgId,
        postingId: target.postingId,
        candidateId: candidate!.id,
        email: app.email,
        stageId: entryStage(stages).id,
        source: options.source,
        answers,
        knockouts: app.knockouts,
        consent: { text: target.consentText, privacyUrl: target.privacyUrl, at: now.toISOString() },
        resumeFileId: fileId(app.resume),
        coverLetterFileId: fileId(app.coverLetter),
        skillIds: [],
        search: sql`setweight(to_tsvector('simple', ${app.name}), 'A') || setweight(to_tsvector('simple', ${app.email}), 'A')`,
        // The time the receipt shows, so a replay (read back from the row) answers the same.
        createdAt: now,
      });
      if (!created) {
        await tx
          .update(candidates)
          .set({
            name: app.name,
            phone: sql`coalesce(${app.phone}, ${candidates.phone})`,
            lastActivityAt: now,
          })
          .where(eq(candidates.id, candidate!.id));
      }
      await tx.insert(applicationEvents).values({
        id: newId(),
        orgId: target.orgId,
        applicationId: id,
        kind: 'applied',
        actorType: 'candidate',
        actorId: null,
        actorLabel: null,
        toStageId: entryStage(stages).id,
        data: { source: options.source, knockouts: app.knockouts },
      });
      if (key) {
        await tx
          .update(idempotencyKeys)
          .set({ applicationId: id })
          .where(and(eq(idempotencyKeys.orgId, target.orgId), eq(idempotencyKeys.key, key)));
      }
      await emitWebhook(tx, target.orgId, 'application.created', {
        application: { id, postingId: target.postingId, candidateId: candidate!.id, source: options.source },
      });
      await recordAudit(
        ctx,
        {
          action: 'application.created',
          orgId: target.orgId,
          targetType: 'application',
          targetId: id,
          data: { postingId: target.postingId, source: options.source },
        },
        tx,
      );
      return candidate!.id;
    });
    return {
      id,
      candidateId,
      email: app.email,
      name: app.name,
      createdAt: now.toISOString(),
      replayed: false,
    };
  } catch (error) {
    await Promise.all(stored.map((s) => storage.remove(s.key).catch(() => {})));
    if (error instanceof Replay) {
      if (error.applicationId) return replayOf(db, target.orgId, error.applicationId);
      throw conflict(
        'idempotency_in_progress',
        'A request with this Idempotency-Key is still being processed.',
      );
    }
    const constraint = violatedConstraint(error);
    if (constraint === 'applications_posting_id_email_key') {
      throw conflict('already_applied', `${app.email} has already applied for this job.`);
    }
    if (constraint?.startsWith('idempotency_keys')) {
      throw conflict(
        'idempotency_in_progress',
        'A request with this Idempotency-Key is still being processed.',
      );
    }
    throw error;
  }
}

const reusedKey = () =>
  new AppError(
    422,
    'idempotency_key_reused',
    'This Idempotency-Key was already used for a different application.',
  );
