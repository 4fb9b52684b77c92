// Files → templates: the built-in library (data/templates/*.md) and `rolecraft import`.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ctx } from '../../shared/context.ts';
import { decodeText, MAX_INPUT_BYTES, ParseError, parseJd } from './parse.ts';
import type { TemplateActions } from './service.ts';

export const BUILTIN_DIR = fileURLToPath(new URL('../../../data/templates/', import.meta.url));
const TEXT_FILE = /\.(md|markdown|txt)$/i;

/** Reads and decodes one file, refusing oversized or binary files before parsing. */
export async function readTextFile(file: string): Promise<string> {
  const info = await stat(file);
  if (!info.isFile()) throw new ParseError('not_a_file', `${file} is not a file.`);
  if (info.size > MAX_INPUT_BYTES) {
    throw new ParseError('too_large', `${file} is ${info.size} bytes; the limit is 1 MiB.`);
  }
  return decodeText(await readFile(file));
}

/** Expands directories into their text files, sorted; files are taken as given. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const info = await stat(p);
    if (info.isDirectory()) {
      const names = (await readdir(p)).filter((n) => TEXT_FILE.test(n)).sort();
      for (const name of names) out.push(path.join(p, name));
    } else out.push(p);
  }
  return out;
}

export interface ImportResult {
  file: string;
  slug?: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'failed';
  error?: string;
}

/** Imports each file on its own: one bad file is reported and does not stop the others. */
export async function importFiles(
  ctx: Ctx,
  actions: TemplateActions,
  files: string[],
  source: 'builtin' | 'user',
): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  for (const file of files) {
    try {
      const parsed = parseJd(await readTextFile(file));
      const { slug, outcome } = await actions.upsert(ctx, parsed, source);
      results.push({ file, slug, outcome });
    } catch (error) {
      results.push({ file, outcome: 'failed', error: (error as Error).message });
    }
  }
  return results;
}

export async function builtinFiles(): Promise<string[]> {
  return expandPaths([BUILTIN_DIR]);
}
