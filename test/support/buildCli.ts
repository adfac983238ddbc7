import { join } from 'node:path';
import { build } from 'esbuild';

export const ROOT = join(__dirname, '..', '..');
const builds = new Map<string, Promise<void>>();

/**
 * Bundles CLI entry points (output name → source) into dist/ as `npm run build` does, once per test run, so tests
 * spawn the current source as a user would run it.
 */
export async function buildCliOnce(entryPoints: Record<string, string>): Promise<void> {
  const key = JSON.stringify(entryPoints);
  let done = builds.get(key);
  if (!done) {
    done = build({
      absWorkingDir: ROOT,
      entryPoints,
      outdir: join(ROOT, 'dist'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      sourcemap: true,
      sourcesContent: false,
      legalComments: 'none',
      logLevel: 'warning',
      banner: { js: '#!/usr/bin/env node' },
    }).then(() => undefined);
    builds.set(key, done);
  }
  return done;
}
