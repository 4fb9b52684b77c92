// Every upload rule through the public API, with crafted files: each refused file is named in
// `errors[]` with its code, nothing is stored and no application exists; accepted files come back
// only as audited, sandboxed attachments.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import {
  docxEntries,
  htmlPage,
  lyingZip,
  minimalDocx,
  minimalPdf,
  pngImage,
  zipBomb,
  zipOf,
} from '../../src/modules/files/fixtures.test-helpers.ts';
import { MAX_UPLOAD_BYTES } from '../../src/modules/files/inspect.ts';
import {
  applicantFields,
  apply,
  countApplications,
  type FilePart,
  freshAddress,
  resumePdf,
  storedKeys,
} from '../applications.ts';
import { buildTestApp, json, type TestApp } from '../helpers.ts';
import { type Employer, makeEmployer, postingBody } from '../postings.ts';
import { assertProblem } from '../problems.ts';

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let t: TestApp;
let employer: Employer;
let postingId: string;

before(async () => {
  t = await buildTestApp({ seed: false });
  employer = await makeEmployer(t);
  const posting = await employer.create(
    postingBody({ questions: [{ id: 'portfolio', type: 'file', label: 'Work sample', required: false }] }),
  );
  await employer.publish(posting.id);
  postingId = posting.id;
});
after(() => t.close());

const resume = (filename: string, bytes: Buffer, type?: string): FilePart => ({
  field: 'resume',
  filename,
  bytes,
  ...(type ? { type } : {}),
});
const goodResume = () => resume('resume.pdf', resumePdf(), 'application/pdf');
const send = (files: FilePart[], fields = applicantFields()) =>
  apply(t.app, employer.slug, postingId, { fields, files, remoteAddress: freshAddress() });

/** Applies with `files`, expects one refusal per path, and checks nothing was kept. */
async function refused(files: FilePart[], expected: Record<string, string>) {
  const keys = (await storedKeys(t.app)).length;
  const count = await countApplications(t.database, postingId);
  const fields = applicantFields();
  const res = await send(files, fields);
  const problem = assertProblem(res, 422, 'invalid_application');
  const got = Object.fromEntries(
    (problem.errors as { path: string; code: string }[]).map((e) => [e.path, e.code]),
  );
  assert.deepEqual(got, expected, res.body);
  assert.equal((await storedKeys(t.app)).length, keys, 'a refused upload stores nothing');
  assert.equal(await countApplications(t.database, postingId), count, 'and creates no application');
  const [candidate] = await queryRows(
    t.database.db,
    sql`select 1 from candidates where email = ${fields.email}`,
  );
  assert.equal(candidate, undefined, 'nor a candidate');
  return problem;
}

describe('crafted resumes', () => {
  it('HTML renamed .pdf is a type mismatch; renamed .txt it is suspicious', async () => {
    const mismatch = await refused([resume('resume.pdf', htmlPage(), 'application/pdf')], {
      resume: 'file_type_mismatch',
    });
    assert.match(mismatch.errors[0].message, /"resume\.pdf"/);
    await refused([resume('resume.txt', htmlPage(), 'text/plain')], { resume: 'file_suspicious' });
  });

  it('a PNG named .pdf is unsupported, a PDF named .docx a mismatch', async () => {
    await refused([resume('resume.pdf', pngImage())], { resume: 'file_type_unsupported' });
    await refused([resume('resume.docx', minimalPdf(['Ada']))], { resume: 'file_type_mismatch' });
  });

  it('a PDF with a zip appended (a polyglot) is suspicious', async () => {
    const polyglot = Buffer.concat([minimalPdf(['Ada Lovelace']), minimalDocx(['hidden'])]);
    await refused([resume('resume.pdf', polyglot)], { resume: 'file_suspicious' });
  });

  it('a zip bomb named .docx is a zip bomb; a plain zip named .docx is unsupported', async () => {
    await refused([resume('resume.docx', zipBomb())], { resume: 'zip_bomb' });
    const plain = zipOf([{ name: 'notes.txt', data: 'just some notes' }]);
    await refused([resume('resume.docx', plain)], { resume: 'file_type_unsupported' });
  });

  it('an empty file is empty (not "missing")', async () => {
    await refused([resume('resume.pdf', Buffer.alloc(0))], { resume: 'file_empty' });
    await refused([resume('resume.txt', Buffer.from(' \n\t\n'))], { resume: 'file_empty' });
  });

  it('10 MB + 1 byte stops at the multipart limit with 413; nothing is kept', async () => {
    const keys = (await storedKeys(t.app)).length;
    const count = await countApplications(t.database, postingId);
    const big = Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0x61);
    assertProblem(await send([resume('resume.txt', big)]), 413, 'file_too_large');
    assert.equal((await storedKeys(t.app)).length, keys);
    assert.equal(await countApplications(t.database, postingId), count);
  });

  it('several bad files are reported together, each under its own field', async () => {
    await refused(
      [
        resume('resume.pdf', htmlPage()),
        { field: 'coverLetter', filename: 'letter.txt', bytes: htmlPage() },
        { field: 'answers.portfolio', filename: 'sample.docx', bytes: zipBomb() },
      ],
      { resume: 'file_type_mismatch', coverLetter: 'file_suspicious', 'answers.portfolio': 'zip_bomb' },
    );
  });

  it('a bad cover letter or file answer refuses the whole application, good resume or not', async () => {
    await refused([goodResume(), { field: 'coverLetter', filename: 'letter.pdf', bytes: pngImage() }], {
      coverLetter: 'file_type_unsupported',
    });
    await refused([goodResume(), { field: 'answers.portfolio', filename: 'sample.txt', bytes: htmlPage() }], {
      'answers.portfolio': 'file_suspicious',
    });
  });
});

describe('accepted files', () => {
  it('accepts a DOCX resume and a text resume, stored by their detected type', async () => {
    for (const [filename, bytes, mediaType] of [
      ['cv.docx', minimalDocx(['Grace Hopper', 'COBOL and Node.js']), docxType],
      ['cv.TXT', Buffer.from('Grace Hopper\nCOBOL, Node.js, PostgreSQL\n'), 'text/plain'],
    ] as const) {
      const keys = (await storedKeys(t.app)).length;
      const res = await send([resume(filename, bytes)]);
      assert.equal(res.statusCode, 201, res.body);
      assert.equal((await storedKeys(t.app)).length, keys + 1);
      const detail = json(
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/org/applications/${json(res).id}`,
          headers: employer.headers,
        }),
      );
      assert.deepEqual(
        detail.files.map((f: { role: string; filename: string; mediaType: string }) => [
          f.role,
          f.filename,
          f.mediaType,
        ]),
        [['resume', filename, mediaType]],
      );
    }
  });

  it('a DOCX that lies about its sizes passes the gate and fails only in background extraction', async () => {
    const res = await send([resume('cv.docx', lyingZip())]);
    assert.equal(res.statusCode, 201, res.body);
    await t.app.tasks.processApplication(json(res).id);
    const detail = json(
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/org/applications/${json(res).id}`,
        headers: employer.headers,
      }),
    );
    assert.equal(detail.parseStatus, 'failed');
    assert.match(detail.parseError, /.+/);
    assert.equal(detail.stage.kind, 'applied', 'still in the pipeline for a person to read');
  });

  it('downloads a resume as a sandboxed, nosniff attachment of the same bytes, audited', async () => {
    const bytes = resumePdf(['Katherine Johnson', 'Orbital mechanics']);
    const answer = Buffer.from('A sample of my work.\n');
    const res = await send([
      resume('Katherine Johnson (CV).pdf', bytes),
      { field: 'coverLetter', filename: 'letter.docx', bytes: zipOf(docxEntries(['Dear team'])) },
      { field: 'answers.portfolio', filename: 'sample.txt', bytes: answer },
    ]);
    assert.equal(res.statusCode, 201, res.body);
    const id = json(res).id;
    const base = `/api/v1/org/applications/${id}`;
    const detail = json(await t.app.inject({ method: 'GET', url: base, headers: employer.headers }));
    const byRole = Object.fromEntries(
      detail.files.map((f: { role: string; id: string }) => [f.role, f.id]),
    ) as Record<string, string>;
    assert.deepEqual(Object.keys(byRole).sort(), ['answer', 'cover_letter', 'resume']);
    const portfolio = detail.answers.find((a: { questionId: string }) => a.questionId === 'portfolio');
    assert.deepEqual(portfolio.answer, { file: byRole.answer });

    const download = await t.app.inject({
      method: 'GET',
      url: `${base}/files/${byRole.resume}`,
      headers: employer.headers,
    });
    assert.equal(download.statusCode, 200, download.body);
    assert.ok(download.rawPayload.equals(bytes), 'the very bytes that were uploaded');
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.match(
      String(download.headers['content-disposition']),
      /^attachment; filename="Katherine Johnson \(CV\)\.pdf"; filename\*=UTF-8''Katherine%20Johnson%20%28CV%29\.pdf$/,
    );
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.match(String(download.headers['content-security-policy']), /\bsandbox\b/);
    assert.match(String(download.headers['cache-control']), /no-store/);

    const answerFile = await t.app.inject({
      method: 'GET',
      url: `${base}/files/${byRole.answer}`,
      headers: employer.headers,
    });
    assert.ok(answerFile.rawPayload.equals(answer));

    const audits = await queryRows<{ target_id: string; data: { fileId: string } }>(
      t.database.db,
      sql`select target_id, data from audit_events
          where action = 'application.file_downloaded' and org_id = ${employer.orgId} and target_id = ${id}
          order by created_at, id`,
    );
    assert.deepEqual(
      audits.map((a) => a.data.fileId),
      [byRole.resume, byRole.answer],
    );
  });

  it('a file id that is not this application’s is 404, and not audited', async () => {
    const a = json(await send([goodResume()]));
    const b = json(await send([goodResume()]));
    const fileOfB = json(
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/org/applications/${b.id}`,
        headers: employer.headers,
      }),
    ).files[0].id;
    const before = await queryRows(
      t.database.db,
      sql`select 1 from audit_events where target_id = ${a.id}
      and action = 'application.file_downloaded'`,
    );
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/org/applications/${a.id}/files/${fileOfB}`,
      headers: employer.headers,
    });
    assertProblem(res, 404, 'not_found');
    const after = await queryRows(
      t.database.db,
      sql`select 1 from audit_events where target_id = ${a.id}
      and action = 'application.file_downloaded'`,
    );
    assert.equal(after.length, before.length);
  });
});
