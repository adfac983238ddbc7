// One esbuild context per bundle: the extension and the CLIs run in Node (cjs); webviews (added later) in the browser.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const shared = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

const nodeBundles = [
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['src/sandbox/cli.ts'], outfile: 'dist/kms-local.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['src/cli/kmsEnvelope.ts'], outfile: 'dist/kms-envelope.js', banner: { js: '#!/usr/bin/env node' } },
  // The envelope engine's verifier thread; it must sit beside every bundle that holds the engine.
  { entryPoints: ['src/aws/envelope/verifyWorker.ts'], outfile: 'dist/envelope-verifier.js' },
];

/** Reports build results in the shape VS Code's esbuild problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => { if (watch) { console.log('[watch] build started'); } });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) { console.error(`    ${location.file}:${location.line}:${location.column}:`); }
      }
      if (watch) { console.log('[watch] build finished'); }
    });
  },
};

// Webview pages run in the browser: one iife bundle each, the UI components bundled in.
const browserBundles = [
  { entryPoints: ['src/webview/keyMaterial/main.ts'], outfile: 'dist/webview/keyMaterial.js' },
];

const contexts = await Promise.all([
  ...nodeBundles.map((bundle) => esbuild.context({
    ...shared,
    ...bundle,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [problemMatcher],
  })),
  ...browserBundles.map((bundle) => esbuild.context({
    ...shared,
    ...bundle,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    plugins: [problemMatcher],
  })),
]);

if (watch) {
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
}
