// Test factories for applications: multipart bodies built by hand (exactly what a browser or an
// HTTP client sends), and applying through the public API.
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { type Database, queryRows } from '../src/db/client.ts';
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

let addresses = 0;
/** A client address of its own (10.0.0.0/8), so the per-IP application limit stays out of the way. */
export function freshAddress(): string {
  addresses += 1;
  return `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;
}

/** Every key in the app's file storage. */
export async function storedKeys(app: FastifyInstance): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of app.storage.keys()) keys.push(key);
  return keys;
}

/** How many applications (optionally of one posting) the database holds. */
export async function countApplications(database: Database, postingId?: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    database.db,
    postingId
      ? sql`select count(*)::int as n from applications where posting_id = ${postingId}`
      : sql`select count(*)::int as n from applications`,
  );
  return row?.n ?? 0;
}

/** POST /careers/{org}/jobs/{slug}/apply: the HTML form, as a browser without JavaScript sends it. */
export function applyForm(
  app: FastifyInstance,
  org: string,
  slug: string,
  options: { fields?: Record<string, string | string[]>; files?: FilePart[]; remoteAddress?: string } = {},
) {
  const body = multipart(
    { idempotencyKey: randomUUID(), website: '', ...(options.fields ?? applicantFields()) },
    options.files ?? [
      { field: 'resume', filename: 'resume.pdf', bytes: resumePdf(), type: 'application/pdf' },
    ],
  );
  return app.inject({
    method: 'POST',
    url: `/careers/${org}/jobs/${slug}/apply`,
    headers: { 'content-type': body.contentType },
    payload: body.payload,
    remoteAddress: options.remoteAddress ?? freshAddress(),
  });
}

/**
 * Mail and processing follow the commit, off the request path: wait until `check` holds. It returns
 * as soon as it does; the generous limit is for a loaded CI machine (100 parallel requests).
 */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
