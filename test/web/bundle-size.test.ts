// The budget of issue 6: the first screen's JavaScript is at most 200 KB gzipped, the rest is
// code-split per area. Builds the current web/ source into a temporary directory and measures it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bundleSizes, FIRST_SCREEN_BUDGET, sizeTable } from '../../scripts/bundle-size.ts';
import { tempDir } from '../process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VITE = path.join(
  path.dirname(createRequire(import.meta.url).resolve('vite/package.json')),
  'bin/vite.js',
);

describe('the web app bundle', () => {
  let dist = '';
  after(async () => {
    if (dist) await rm(dist, { recursive: true, force: true });
  });

  it('keeps the first screen within 200 KB of gzipped JavaScript and splits every area off', async () => {
    dist = await tempDir('web-bundle');
    const build = spawnSync(
      process.execPath,
      [VITE, 'build', 'web', '--outDir', dist, '--logLevel', 'warn'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    assert.equal(build.status, 0, build.stderr);
    const sizes = bundleSizes(dist);
    console.log(sizeTable(sizes));
    assert.ok(
      sizes.firstScreen.jsGzip <= FIRST_SCREEN_BUDGET,
      `first screen: ${sizes.firstScreen.jsGzip} bytes gzipped > ${FIRST_SCREEN_BUDGET}`,
    );
    // Each feature area is its own chunk, loaded on first visit.
    const names = sizes.areas.map((a) => a.name);
    for (const area of ['TemplatesArea', 'PostingsArea', 'PipelineArea', 'CandidatesArea', 'SettingsArea']) {
      assert.ok(names.includes(area), `${area} is not split off: ${names.join(', ')}`);
    }
    // The board's drag and drop and virtualization are not in the first screen.
    const first = sizes.firstScreen.files.join(' ');
    assert.doesNotMatch(first, /PipelineArea/);
  });
});
