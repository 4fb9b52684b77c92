// What the web app's screens download, gzipped: the first screen (the shell and sign-in pages:
// the entry and its static imports) and each lazily loaded area on top of it. Reads the Vite
// manifest of a build. Run: npm run build && node --import tsx scripts/bundle-size.ts [dist]
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  src?: string;
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface ScreenSize {
  name: string;
  files: string[];
  /** Bytes of JavaScript as sent uncompressed, and gzipped (level 9, as a server or CDN would). */
  jsRaw: number;
  jsGzip: number;
  cssGzip: number;
}

/** The first screen budget of issue 6: at most 200 KB of gzipped JavaScript. */
export const FIRST_SCREEN_BUDGET = 200 * 1024;

function closure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) closure(manifest, imported, seen);
  return seen;
}

function measure(
  dist: string,
  manifest: Manifest,
  name: string,
  keys: Set<string>,
  minus = new Set<string>(),
) {
  const files = [...keys].filter((k) => !minus.has(k)).map((k) => manifest[k]!);
  let jsRaw = 0;
  let jsGzip = 0;
  let cssGzip = 0;
  for (const chunk of files) {
    const js = readFileSync(path.join(dist, chunk.file));
    jsRaw += js.length;
    jsGzip += gzipSync(js, { level: 9 }).length;
    for (const css of chunk.css ?? [])
      cssGzip += gzipSync(readFileSync(path.join(dist, css)), { level: 9 }).length;
  }
  return { name, files: files.map((f) => f.file), jsRaw, jsGzip, cssGzip };
}

export function bundleSizes(dist: string): { firstScreen: ScreenSize; areas: ScreenSize[] } {
  const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Manifest;
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (!entry) throw new Error(`no entry in ${dist}/.vite/manifest.json`);
  const first = closure(manifest, entry);
  const firstScreen = measure(dist, manifest, 'first screen (shell, sign-in)', first);
  const areas = Object.keys(manifest)
    .filter((k) => manifest[k]!.isDynamicEntry)
    .sort()
    .map((k) => measure(dist, manifest, path.basename(k, '.tsx'), closure(manifest, k), first));
  return { firstScreen, areas };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function sizeTable({ firstScreen, areas }: ReturnType<typeof bundleSizes>): string {
  const rows = [firstScreen, ...areas].map(
    (s) => `| ${s.name} | ${kb(s.jsRaw)} | ${kb(s.jsGzip)} | ${kb(s.cssGzip)} |`,
  );
  return ['| Loads | JS | JS gzipped | CSS gzipped |', '|---|---:|---:|---:|', ...rows].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dist = process.argv[2] ?? fileURLToPath(new URL('../web/dist/', import.meta.url));
  statSync(dist);
  const sizes = bundleSizes(dist);
  console.log(sizeTable(sizes));
  console.log(`\nFirst screen: ${kb(sizes.firstScreen.jsGzip)} of ${kb(FIRST_SCREEN_BUDGET)} gzipped JS.`);
}
