// Runs the reliability scripts one after another, each as its own process (they start servers,
// kill them, stop databases): `npm run reliability` (full length) or `-- --short` (what CI runs).
// Each script exits 0 when every promise it checks held, and prints what it measured.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const SCRIPTS = ['crash.ts', 'db-loss.ts', 'redis-loss.ts', 'slow-clients.ts', 'soak.ts'];

const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const dir = path.dirname(new URL(import.meta.url).pathname);
let failed = 0;
for (const script of SCRIPTS.filter((s) => only.length === 0 || only.some((o) => s.includes(o)))) {
  const file = path.join(dir, script);
  if (!existsSync(file)) {
    console.error(`missing ${script}`);
    failed++;
    continue;
  }
  console.log(`\n=== reliability: ${script} ${args.filter((a) => a.startsWith('--')).join(' ')}`);
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', file, ...args.filter((a) => a.startsWith('--'))],
    {
      stdio: 'inherit',
    },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    `=== ${script}: ${result.status === 0 ? 'passed' : `FAILED (exit ${result.status})`} in ${seconds} s`,
  );
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
