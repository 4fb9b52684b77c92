// How many applications per second the API accepts: autocannon POSTs multipart applications, each
// with its own email (one application per email and posting), a tiny text resume and the privacy
// consent, against PostgreSQL with its default durable commits (synchronous_commit=on).
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';

const CONNECTIONS = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RESUME = Buffer.from('Bench Applicant\nbench@example.test\nNode.js, PostgreSQL, Docker\n');

function body(n: number, run: string) {
  const boundary = `----bench${run}${n}`;
  const field = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const payload = Buffer.concat([
    Buffer.from(
      field('name', `Bench Applicant ${n}`) +
        field('email', `apply-${run}-${n}@bench.test`) +
        field('privacyConsent', 'yes') +
        `--${boundary}\r\nContent-Disposition: form-data; name="resume"; filename="resume.txt"\r\nContent-Type: text/plain\r\n\r\n`,
    ),
    RESUME,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function applyThroughput(base: string, orgSlug: string, postingId: string, databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const synchronousCommit = (await client.query('show synchronous_commit')).rows[0]
    .synchronous_commit as string;
  const count = async () =>
    Number(
      (await client.query('select count(*) from applications where posting_id = $1', [postingId])).rows[0]
        .count,
    );
  const before = await count();
  const run = randomBytes(4).toString('hex');
  let n = 0;
  const result = await autocannon({
    url: `${base}/api/v1/boards/${orgSlug}/jobs/${postingId}/applications`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const b = body(n++, run);
          return {
            ...request,
            headers: { ...request.headers, 'content-type': b.contentType },
            body: b.payload as never,
          };
        },
      },
    ],
  });
  const created = (await count()) - before;
  await client.end();
  return {
    connections: CONNECTIONS,
    seconds: SECONDS,
    resumeBytes: RESUME.length,
    synchronousCommit,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    created,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
