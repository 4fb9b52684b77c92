#!/usr/bin/env node
// Builds the web app (web/ → web/dist) with Vite. Runs after `npm install` so that the README's
// two commands give a working /app. Where dev dependencies were left out (npm install --omit=dev),
// Vite is missing: say so and succeed, and the server answers /app with how to build it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
let vite;
try {
  vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
} catch {
  vite = undefined;
}
if (!vite || !existsSync(vite)) {
  console.warn('rolecraft: vite is not installed (dev dependencies omitted); /app will not be built.');
  process.exit(0);
}
const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn', 'web'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
