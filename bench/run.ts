// npm run bench — Rolecraft next to a bare node:http server, measured in the same run.
//
// 1. Prepares a PostgreSQL database (BENCH_DATABASE_URL, default rolecraft_bench on 127.0.0.1)
//    with the built-in library plus 100,000 generated templates (kept between runs).
// 2. Starts `rolecraft serve` on it, and a bare node:http server that answers with the same bytes
//    from memory, each in its own process.
// 3. Drives both with autocannon (50 connections) and prints req/s, p50/p99 and the ratio;
//    then times two-word searches over the 100,000 templates and prints p50/p95/p99.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cpus, tmpdir, totalmem } from 'node:os';
import autocannon from 'autocannon';
import { freePort, startServer } from '../test/process.ts';
import { authFixture, BENCH_SLUG } from './auth-fixture.ts';
import { generateTemplates } from './generate.ts';
import { BIG_ORG, CAREERS_ORG, postingsFixture } from './postings-fixture.ts';
import { applicationsFixture, LIST_SIZE } from './applications-fixture.ts';
import { applyThroughput } from './apply-load.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GENERATED = Number(process.env.BENCH_TEMPLATES ?? 100_000);
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rolecraft_bench';

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(url: string, headers: Record<string, string> = {}): Promise<Load> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** A bare node:http server in its own process, answering every request with these bytes. */
async function startBaseline(
  body: string,
  contentType: string,
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // The body goes through a file: large bodies do not fit in the environment (E2BIG).
  const file = join(tmpdir(), `rolecraft-bench-${port}.body`);
  await writeFile(file, body);
  const code = `
    const http = require('node:http');
    const body = require('node:fs').readFileSync(process.env.BODY_FILE);
    http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': process.env.TYPE, 'content-length': body.length });
      res.end(body);
    }).listen(${port}, '127.0.0.1', () => process.send('ready'));`;
  const child = spawn(process.execPath, ['-e', code], {
    env: { BODY_FILE: file, TYPE: contentType },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.once('exit', () => void rm(file, { force: true }));
  await once(child, 'message');
  return { url: `http://127.0.0.1:${port}`, child };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Times each search request (`clients` concurrent, keep-alive), over many two-word queries. */
async function searchLatency(base: string, queries: string[], rounds: number, clients: number) {
  const times: number[] = [];
  let matched = 0;
  const work = queries.flatMap((q) => Array.from({ length: rounds }, () => q));
  const worker = async () => {
    for (let q = work.pop(); q !== undefined; q = work.pop()) {
      const start = performance.now();
      const res = await fetch(`${base}/api/v1/templates?q=${encodeURIComponent(q)}&limit=20`);
      const page = (await res.json()) as { data: unknown[] };
      times.push(performance.now() - start);
      if (res.status !== 200) throw new Error(`search "${q}" answered ${res.status}`);
      if (page.data.length > 0) matched++;
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  times.sort((a, b) => a - b);
  return {
    n: times.length,
    matched,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
  };
}

const BIG_POSTINGS = Number(process.env.BENCH_POSTINGS ?? 100_000);

/**
 * Distinct board requests (words × filters × three page sizes), so that each one misses the
 * response cache: the cost measured is the search itself, the facet counts and the page.
 */
function boardSearches(org: string): string[] {
  const words = [
    'engineer',
    'nurse',
    'sales',
    'designer',
    'python',
    'kubernetes',
    'customer',
    'finance',
    'chef',
    'data',
    'marketing',
    'teacher',
    'warehouse',
    'react',
    'security',
    'product manager',
    'accountant',
    '"backend developer"',
    'support',
    'operations',
  ];
  const filters = [
    '',
    '&location=Berlin%2C%20BE%2C%20DE',
    '&workplaceType=remote',
    '&employmentType=PART_TIME',
    '&department=Engineering',
    '&pay=EUR%20100000',
  ];
  const sizes = ['', '&limit=10', '&limit=25'];
  const out: string[] = [];
  for (const w of words)
    for (const f of filters) for (const size of sizes) out.push(`q=${encodeURIComponent(w)}${f}${size}`);
  // Without q: facets over every job with one filter.
  for (const f of filters.slice(1)) for (const size of sizes) out.push(`${f.slice(1)}${size}`);
  return out.map((q) => `/api/v1/boards/${org}/jobs?facets=true&${q}`);
}

async function boardSearchLatency(base: string, paths: string[], clients: number) {
  const times: number[] = [];
  const totals: number[] = [];
  const work = [...paths];
  const worker = async () => {
    for (let p = work.pop(); p !== undefined; p = work.pop()) {
      const start = performance.now();
      const res = await fetch(`${base}${p}`);
      const page = (await res.json()) as { total: number };
      times.push(performance.now() - start);
      if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
      totals.push(page.total);
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  times.sort((a, b) => a - b);
  totals.sort((a, b) => a - b);
  return {
    n: times.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    medianTotal: totals[Math.floor(totals.length / 2)],
  };
}

/**
 * Waits until the server answers both boards' searches from its in-memory indexes (built in the
 * background after it starts: the Server-Timing header of an uncached search says which search
 * answered), so no measurement competes with a build. Seconds waited.
 */
async function searchIndexesBuilt(base: string, orgs: string[]): Promise<number> {
  const started = performance.now();
  for (let i = 0; ; i++) {
    const answers = await Promise.all(
      orgs.map(async (org) => {
        const res = await fetch(`${base}/api/v1/boards/${org}/jobs?q=readiness${i}`);
        await res.arrayBuffer();
        return res.headers.get('server-timing') ?? '';
      }),
    );
    if (answers.every((a) => a.includes('desc="memory"'))) return (performance.now() - started) / 1000;
    if (performance.now() - started > 300_000)
      throw new Error(`search indexes not built after 5 minutes: ${answers}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const fmt = (n: number, digits = 0) => n.toFixed(digits).padStart(9);

async function main() {
  console.log(
    `Machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  const total = await generateTemplates(SERVER_URL, GENERATED);
  console.log(`Database: ${total} templates\n`);
  const auth = await authFixture(SERVER_URL);
  await postingsFixture(SERVER_URL);
  const apps = await applicationsFixture(SERVER_URL);

  const server = await startServer(
    // The per-IP /api limit would throttle a load generator on one address: measure the app, not it.
    {
      DATABASE_URL: SERVER_URL,
      LOG_LEVEL: 'warn',
      DATABASE_POOL_SIZE: '10',
      SHUTDOWN_GRACE_MS: '0',
      RATE_LIMIT_API_PER_MINUTE: '0',
      RATE_LIMIT_APPLY_PER_HOUR: '0',
    },
    120_000,
  );
  const indexed = await searchIndexesBuilt(server.base, [BIG_ORG, CAREERS_ORG]);
  console.log(`In-memory search indexes built ${indexed.toFixed(1)} s after start; measuring from now.\n`);
  const item = `${server.base}/api/v1/templates/jr-backend-developer`;
  const page = `${server.base}/templates/jr-backend-developer`;
  const orgItem = `${server.base}/api/v1/org/templates/${BENCH_SLUG}`;
  const json = 'application/json; charset=utf-8';
  const cases: { name: string; url: string; type: string; headers?: Record<string, string> }[] = [
    { name: 'GET /api/v1/templates/{slug}', url: item, type: json },
    { name: 'GET /templates/{slug} (HTML)', url: page, type: 'text/html; charset=utf-8' },
    // Authenticated reads: one indexed lookup of the token or session per request, then the cache.
    { name: 'GET /api/v1/org/templates/{slug} token', url: orgItem, type: json, headers: auth.tokenHeaders },
    {
      name: 'GET /api/v1/org/templates/{slug} session',
      url: orgItem,
      type: json,
      headers: auth.sessionHeaders,
    },
    // A career site with 2,000 open jobs: its first page, and the board API's first page.
    {
      name: 'GET /careers/{org} (HTML, 2,000 jobs)',
      url: `${server.base}/careers/${CAREERS_ORG}`,
      type: 'text/html; charset=utf-8',
    },
    {
      name: 'GET /api/v1/boards/{org}/jobs',
      url: `${server.base}/api/v1/boards/${CAREERS_ORG}/jobs`,
      type: json,
    },
    {
      name: 'GET /api/v1/boards/{org}/jobs?content=true',
      url: `${server.base}/api/v1/boards/${CAREERS_ORG}/jobs?content=true`,
      type: json,
    },
    // A posting with 10,000 applications: the first page, by score, and searched and filtered.
    ...[
      ['', ''],
      [' by score', '?sort=score'],
      [' q+stage', '?q=engineer&stage=screening,interview'],
    ].map(([label, query]) => ({
      name: `GET …/postings/{id}/applications${label}`,
      url: `${server.base}/api/v1/org/postings/${apps.listId}/applications${query}`,
      type: json,
      headers: apps.headers,
    })),
  ];
  const rows: string[] = [];
  // BENCH_CASES=board runs only the cases whose name matches (and skips the template search).
  const only = process.env.BENCH_CASES ? new RegExp(process.env.BENCH_CASES, 'i') : undefined;
  try {
    for (const c of cases.filter((k) => !only || only.test(k.name))) {
      const first = await fetch(c.url, { headers: c.headers ?? {} });
      if (first.status !== 200) throw new Error(`${c.name}: ${first.status} ${await first.text()}`);
      const body = await first.text();
      const baseline = await startBaseline(body, c.type);
      try {
        await load(baseline.url); // warm-up, discarded
        await load(c.url, c.headers);
        // The load generator shares the 2 cores with the server: alternate, and keep the median round.
        const rounds: { app: Load; bare: Load }[] = [];
        for (let i = 0; i < ROUNDS; i++)
          rounds.push({ bare: await load(baseline.url), app: await load(c.url, c.headers) });
        rounds.sort((a, b) => a.app.rps / a.bare.rps - b.app.rps / b.bare.rps);
        const { app, bare } = rounds[Math.floor(rounds.length / 2)]!;
        const ratios = rounds.map((r) => (r.app.rps / r.bare.rps).toFixed(2)).join(' ');
        rows.push(
          `${c.name.padEnd(42)} ${fmt(app.rps)} ${fmt(app.p50, 1)} ${fmt(app.p99, 1)} ${fmt(bare.rps)} ${fmt(bare.p50, 1)} ${fmt(bare.p99, 1)} ${fmt(app.rps / bare.rps, 2)}  ${app.errors + app.non2xx}   (rounds: ${ratios})`,
        );
      } finally {
        baseline.child.kill();
      }
    }
    console.log(
      `Throughput at ${CONNECTIONS} connections, ${DURATION} s per run, median of ${ROUNDS} alternating rounds (latency in ms):`,
    );
    console.log(
      `${'endpoint'.padEnd(42)} ${'app rps'.padStart(9)} ${'app p50'.padStart(9)} ${'app p99'.padStart(9)} ${'bare rps'.padStart(9)} ${'bare p50'.padStart(9)} ${'bare p99'.padStart(9)} ${'ratio'.padStart(9)}  errors`,
    );
    for (const row of rows) console.log(row);

    const queries = [
      'backend developer',
      'registered nurse',
      'data engineer',
      'sales manager',
      'product designer',
      'node.js postgres',
      'python kubernetes',
      'customer success',
      'financial analyst',
      'executive chef',
      'machine learning',
      'junior accountant',
      'patient care',
      'react typescript',
      'warehouse safety',
      'backnd develper',
    ];
    await searchLatency(server.base, queries, 2, 4); // warm-up
    console.log(`\nSearch over ${total} templates, ${queries.length} two-word queries, each 25 times:`);
    for (const clients of only ? [] : [1, 4]) {
      const search = await searchLatency(server.base, queries, 25, clients);
      console.log(
        `${clients} client${clients > 1 ? 's' : ' '}  p50 ${search.p50.toFixed(1)} ms   p95 ${search.p95.toFixed(1)} ms   p99 ${search.p99.toFixed(1)} ms   (${search.matched}/${search.n} with results)`,
      );
    }

    if (!only || only.test('apply')) {
      const r = await applyThroughput(server.base, apps.orgSlug, apps.applyId, SERVER_URL);
      console.log(
        `\nApplications accepted (POST …/applications, multipart, a ${r.resumeBytes}-byte text resume, ${r.connections} connections, ${r.seconds} s, synchronous_commit=${r.synchronousCommit}):`,
      );
      console.log(
        `${r.rps.toFixed(0)} applications/s   p50 ${r.p50} ms   p99 ${r.p99} ms   ${r.created} created, ${r.errors} errors, ${r.non2xx} non-2xx`,
      );
    }
    console.log(`(the applications list: one posting with ${LIST_SIZE} applications)`);

    for (const [org, size] of (!only || only.test('boards')
      ? [
          [BIG_ORG, BIG_POSTINGS],
          [CAREERS_ORG, 2_000],
        ]
      : []) as [string, number][]) {
      const combos = boardSearches(org);
      await boardSearchLatency(server.base, combos.slice(0, 20), 1); // warm-up (other combinations than measured)
      console.log(
        `\nFaceted board search in an organization with ${size} open postings (facets=true), ${combos.length - 20} distinct requests, each uncached:`,
      );
      const rest = combos.slice(20);
      for (const clients of [1, 4]) {
        const half = rest.filter((_, i) => i % 2 === (clients === 1 ? 0 : 1));
        const r = await boardSearchLatency(server.base, half, clients);
        console.log(
          `${clients} client${clients > 1 ? 's' : ' '}  p50 ${r.p50.toFixed(1)} ms   p95 ${r.p95.toFixed(1)} ms   p99 ${r.p99.toFixed(1)} ms   (${r.n} requests, median ${r.medianTotal} matching jobs)`,
        );
      }
      // The same requests again: what a visitor gets once a search has been asked (the response cache).
      const again = await boardSearchLatency(server.base, rest, 4);
      console.log(
        `4 clients, repeated (cached)  p50 ${again.p50.toFixed(1)} ms   p95 ${again.p95.toFixed(1)} ms`,
      );
    }
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
