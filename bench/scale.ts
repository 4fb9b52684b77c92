// npm run bench:scale — throughput of one instance and of two, both behind nginx (deploy/nginx.conf,
// as test/scale/nginx.ts runs it), on the benchmark database that `npm run bench` prepares. Every
// process shares the machine's cores with the load generator, so the ratio says how much a second
// instance adds on this machine, not on one with a core per instance.
import autocannon from 'autocannon';
import pg from 'pg';
import { startServer } from '../test/process.ts';
import { hasNginx, startNginx } from '../test/scale/nginx.ts';
import { CAREERS_ORG } from './postings-fixture.ts';

const URL_ = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rolecraft_bench';
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;

const CASES = [
  { name: `GET /api/v1/boards/{org}/jobs`, path: `/api/v1/boards/${CAREERS_ORG}/jobs` },
  { name: 'GET /careers/{org} (HTML)', path: `/careers/${CAREERS_ORG}` },
  { name: 'GET /api/v1/templates/{slug}', path: '/api/v1/templates/jr-backend-developer' },
];

async function load(url: string) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
  return { rps: r.requests.average, p99: r.latency.p99, bad: r.errors + r.non2xx };
}

async function main() {
  if (!hasNginx) throw new Error('nginx is not installed (Debian: apt-get install nginx-light)');
  const client = new pg.Client({ connectionString: URL_ });
  await client.connect();
  const [{ n } = { n: 0 }] = (
    await client.query<{ n: number }>(
      `select count(*)::int as n from posting_search s join organizations o on o.id = s.org_id where o.slug = $1`,
      [CAREERS_ORG],
    )
  ).rows;
  await client.end();
  if (n < 2000)
    throw new Error(`run \`npm run bench\` first: it prepares ${URL_} (${CAREERS_ORG} has ${n} jobs)`);

  const env = {
    DATABASE_URL: URL_,
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '10',
    SHUTDOWN_GRACE_MS: '0',
    RATE_LIMIT_API_PER_MINUTE: '0',
    TRUST_PROXY: '1',
  };
  const [a, b] = await Promise.all([startServer(env, 120_000), startServer(env, 120_000)]);
  const rows: string[] = [];
  try {
    for (const c of CASES) {
      const one = await startNginx([a.base]);
      const two = await startNginx([a.base, b.base]);
      try {
        await load(`${two.base}${c.path}`); // warm-up of both instances, discarded
        const single = await load(`${one.base}${c.path}`);
        const double = await load(`${two.base}${c.path}`);
        rows.push(
          `${c.name.padEnd(34)} ${single.rps.toFixed(0).padStart(9)} ${single.p99.toFixed(0).padStart(7)} ${double.rps.toFixed(0).padStart(9)} ${double.p99.toFixed(0).padStart(7)} ${(double.rps / single.rps).toFixed(2).padStart(7)}  ${single.bad + double.bad}`,
        );
      } finally {
        await one.stop();
        await two.stop();
      }
    }
  } finally {
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    await Promise.all([a.exited, b.exited]);
  }
  console.log(
    `One instance vs two behind nginx, ${CONNECTIONS} connections, ${DURATION} s each (req/s, p99 ms):`,
  );
  console.log(
    `${'endpoint'.padEnd(34)} ${'1 × rps'.padStart(9)} ${'p99'.padStart(7)} ${'2 × rps'.padStart(9)} ${'p99'.padStart(7)} ${'2 / 1'.padStart(7)}  errors`,
  );
  for (const row of rows) console.log(row);
}

await main();
