// Test factories for applications: multipart bodies built by hand (exactly what a browser or an
// HTTP client sends), and applying through the public API.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { minimalPdf } from '../src/modules/files/fixtures.test-helpers.ts';

export interface FilePart {
  field: string;
  filename: string;
  bytes: Buffer;
  type?: string;
}

export function multipart(fields: Record<string, string | string[]>, files: FilePart[] = []) {
  const boundary = `----rolecraft${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const v of [value].flat()) {
      chunks.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`),
      );
    }
  }
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      f.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A plain, acceptable resume. */
export const resumePdf = (
  lines = ['Ada Lovelace', 'ada@example.com', 'Node.js, PostgreSQL, Docker and Redis'],
) => minimalPdf(lines);

export function applicantFields(overrides: Record<string, string | string[]> = {}) {
  return {
    name: 'Ada Lovelace',
    email: `ada-${randomBytes(3).toString('hex')}@example.com`,
    privacyConsent: 'yes',
    ...overrides,
  };
}

export interface ApplyOptions {
  fields?: Record<string, string | string[]>;
  files?: FilePart[];
  headers?: Record<string, string>;
  /** The client's address (each test's own keeps the per-IP application limit out of the way). */
  remoteAddress?: string;
}

/** POST /api/v1/boards/{org}/jobs/{id}/applications; a PDF resume unless files are given. */
export function apply(app: FastifyInstance, org: string, postingId: string, options: ApplyOptions = {}) {
  const body = multipart(
    options.fields ?? applicantFields(),
    options.files ?? [
      { field: 'resume', filename: 'resume.pdf', bytes: resumePdf(), type: 'application/pdf' },
    ],
  );
  return app.inject({
    method: 'POST',
    url: `/api/v1/boards/${org}/jobs/${postingId}/applications`,
    headers: { 'content-type': body.contentType, ...options.headers },
    payload: body.payload,
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
}
