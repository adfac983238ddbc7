// One esbuild context per bundle: the extension and the CLIs run in Node (cjs); webviews in the browser (iife).
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const metafile = process.argv.includes('--metafile');

const shared = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * Packages the extension imports only with `await import(…)`, each bundled on its own into dist/lazy/ and loaded on
 * first use: a cjs bundle has no code splitting, and parsing them with extension.js made loading it take ~10× longer
 * (`node bench/activation.mjs`). Third-party packages, which our code never `instanceof`-checks across bundles: a src
 * module in two bundles would be two classes (KmsExtensionError thrown in one would not be one in the other).
 */
const lazyPackages = {
  '@aws-sdk/client-kms': 'client-kms',
  '@aws-sdk/credential-providers': 'credential-providers',
  '@aws-crypto/client-node': 'esdk',
  '@smithy/shared-ini-file-loader': 'shared-ini-file-loader',
  // Shared by the ESDK and src/core/envelopeHeader.ts, which the envelope engine loads: one copy for both.
  '@aws-crypto/material-management': 'material-management',
  '@aws-crypto/serialize': 'serialize',
};

/**
 * The sandbox KMS too: nothing but plain data crosses its boundary (startSandbox's options and result, seedDemo's
 * service), so its own copies of the few src/core helpers it uses are harmless.
 */
const lazySourceModules = { 'src/sandbox/sandbox.ts': 'sandbox', 'src/sandbox/seed.ts': 'sandbox' };

/** In extension.js (and in the lazy bundles themselves), a lazy package or module becomes a `require` of its bundle. */
function lazyImports(self) {
  return {
    name: 'lazy-imports',
    setup(build) {
      build.onResolve({ filter: /sandbox\/(sandbox|seed)$/ }, (args) => {
        const name = lazySourceModules[path.relative('.', path.resolve(args.resolveDir, `${args.path}.ts`))];
        if (name === undefined || self !== undefined || args.kind !== 'dynamic-import') {
          return undefined;
        }
        return { path: `./lazy/${name}.js`, external: true };
      });
      build.onResolve({ filter: /^@(aws-sdk|aws-crypto|smithy)\// }, (args) => {
        const name = lazyPackages[args.path];
        if (name === undefined || name === self) {
          return undefined;
        }
        // A static import is required when its importer first runs; src modules that use these are themselves
        // reached through `await import()` (test/package/vsix.test.mjs checks extension.js stays small).
        return { path: self === undefined ? `./lazy/${name}.js` : `./${name}.js`, external: true };
      });
    },
  };
}

const lazyBundles = Object.entries(lazyPackages).map(([pkg, name]) => ({
  stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: '.', loader: 'js' },
  outfile: `dist/lazy/${name}.js`,
  plugins: [lazyImports(name)],
}));

lazyBundles.push({
  stdin: {
    contents: "export { startSandbox } from './src/sandbox/sandbox';\nexport { seedDemo } from './src/sandbox/seed';\n",
    resolveDir: '.',
    loader: 'ts',
  },
  outfile: 'dist/lazy/sandbox.js',
  plugins: [lazyImports('sandbox')],
});

const nodeBundles = [
  {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    plugins: [lazyImports(undefined)],
  },
  ...lazyBundles,
  { entryPoints: ['src/sandbox/cli.ts'], outfile: 'dist/kms-local.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['src/cli/kmsEnvelope.ts'], outfile: 'dist/kms-envelope.js', banner: { js: '#!/usr/bin/env node' } },
  // The envelope engine's verifier thread; it must sit beside every bundle that holds the engine.
  { entryPoints: ['src/aws/envelope/verifyWorker.ts'], outfile: 'dist/envelope-verifier.js' },
];

/** Reports build results in the shape VS Code's esbuild problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) {
        console.log('[watch] build started');
      }
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) {
          console.error(`    ${location.file}:${location.line}:${location.column}:`);
        }
      }
      if (watch) {
        console.log('[watch] build finished');
      }
    });
  },
};

// A production build starts from an empty dist/, so no stale source map or old bundle ends up in the VSIX.
if (production) {
  fs.rmSync('dist', { recursive: true, force: true });
}

// Webview pages run in the browser: one iife bundle each, the UI components bundled in.
const browserBundles = [{ entryPoints: ['src/webview/keyMaterial/main.ts'], outfile: 'dist/webview/keyMaterial.js' }];

const contexts = await Promise.all([
  ...nodeBundles.map((bundle) =>
    esbuild.context({
      ...shared,
      ...bundle,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      // `import()` of a lazy bundle must become `require()`: Node's own import() of a bundle sees no named exports.
      supported: { 'dynamic-import': false },
      // jsonc-parser's "main" is a UMD build whose require() calls esbuild cannot follow; its ES build bundles whole.
      alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
      plugins: [problemMatcher, ...(bundle.plugins ?? [])],
      metafile,
    }),
  ),
  ...browserBundles.map((bundle) =>
    esbuild.context({
      ...shared,
      ...bundle,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      plugins: [problemMatcher],
      metafile,
    }),
  ),
]);

if (watch) {
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  const results = await Promise.all(contexts.map(async (ctx) => ctx.rebuild()));
  // --metafile: what each bundle is made of, in out/esbuild-meta.json (https://esbuild.github.io/analyze/ reads it).
  if (metafile) {
    const outputs = Object.assign({}, ...results.map((r) => r.metafile.outputs));
    const inputs = Object.assign({}, ...results.map((r) => r.metafile.inputs));
    fs.mkdirSync('out', { recursive: true });
    fs.writeFileSync('out/esbuild-meta.json', JSON.stringify({ inputs, outputs }));
  }
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
}
