// Reading an application's multipart body into memory, with a limit on every size and count.
// Files are small by rule (10 MB); each is buffered whole because its type is decided from its
// bytes before anything is stored.
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.ts';
import { MAX_UPLOAD_BYTES } from '../files/inspect.ts';
import type { Submission } from './form.ts';

export const MULTIPART_LIMITS = {
  fieldNameSize: 100,
  fieldSize: 100_000,
  fields: 200,
  fileSize: MAX_UPLOAD_BYTES,
  // Resume, cover letter and up to 4 file questions.
  files: 6,
  parts: 206,
  headerPairs: 100,
};

const LIMIT_MESSAGES: Record<string, [number, string, string]> = {
  FST_REQ_FILE_TOO_LARGE: [413, 'file_too_large', 'A file is larger than 10 MB.'],
  FST_PARTS_LIMIT: [413, 'too_many_parts', 'The form has too many fields or files.'],
  FST_FILES_LIMIT: [413, 'too_many_files', `At most ${MULTIPART_LIMITS.files} files can be sent.`],
  FST_FIELDS_LIMIT: [413, 'too_many_fields', `At most ${MULTIPART_LIMITS.fields} fields can be sent.`],
};

function add(fields: Submission['fields'], name: string, value: string) {
  const values = fields[name];
  if (values) values.push(value);
  else fields[name] = [value];
}

/**
 * API clients may send the answers as one JSON field `answers` ({"q1": "yes", "q2": ["a","b"]})
 * instead of one `answers.<id>` field per answer; both end up as `answers.<id>` values.
 */
function spreadAnswersJson(fields: Submission['fields']) {
  const raw = fields.answers?.[0];
  if (raw === undefined) return;
  delete fields.answers;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new AppError(400, 'invalid_answers', 'The answers field must be a JSON object.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AppError(400, 'invalid_answers', 'The answers field must be a JSON object.');
  }
  for (const [id, value] of Object.entries(parsed).slice(0, 100)) {
    for (const v of Array.isArray(value) ? value.slice(0, 50) : [value]) {
      if (typeof v === 'boolean') add(fields, `answers.${id}`, v ? 'yes' : 'no');
      else if (typeof v === 'string' || typeof v === 'number') add(fields, `answers.${id}`, String(v));
    }
  }
}

export async function readSubmission(request: FastifyRequest): Promise<Submission> {
  if (!request.isMultipart()) {
    throw new AppError(415, 'unsupported_media_type', 'Send the application as multipart/form-data.');
  }
  // No prototype: a field named "__proto__" or "constructor" is just a field.
  const submission: Submission = { fields: Object.create(null), files: [] };
  try {
    for await (const part of request.parts({ limits: MULTIPART_LIMITS })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.filename) submission.files.push({ field: part.fieldname, filename: part.filename, bytes });
      } else if (typeof part.value === 'string') {
        if (part.valueTruncated) {
          throw new AppError(
            413,
            'field_too_large',
            `The field ${part.fieldname.slice(0, 100)} is too long.`,
          );
        }
        add(submission.fields, part.fieldname, part.value);
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code ?? '';
    const known = LIMIT_MESSAGES[code];
    if (known) throw new AppError(known[0], known[1], known[2]);
    throw new AppError(400, 'invalid_multipart', 'The multipart body could not be read.');
  }
  spreadAnswersJson(submission.fields);
  return submission;
}
