// How fast the extension starts: bundle sizes, the cold `require` of dist/extension.js, and activate() inside the
// real headless extension host. Run `npm run build` (or `npm run package` for the minified bundles) first.
//
//   node bench/activation.mjs [--runs 15] [--no-host] [--json]
//
// require: each sample is a fresh `node` process that loads the bundle once (a stub stands in for the `vscode`
// module, which only the extension host provides; the bundle calls no vscode API while loading). Baseline, in the
// same run and the same way: the require of an empty module, i.e. what any extension pays. Medians of --runs.
// activate(): the extension times its own activate() (src/extension.ts; what VS Code adds on top is not ours) and
// test/integration/activationTime.test.ts reports it, with an in-host cold require of a copy of the bundle, from
// one run of the integration harness in installed mode (skip it with --no-host: it takes ~30 s).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    'no-host': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const RUNS = Number(flags.runs);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const bundle = join(dist, 'extension.js');
const ACTIVATE_TARGET_MS = 50;

function bundleSizes() {
  const files = readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .sort();
  return Object.fromEntries(files.map((f) => [f, statSync(join(dist, f)).size]));
}

/** A child process that times one require; `vscode` resolves to an empty stub so the bundle can load outside VS Code. */
function requireOnce(file, stubDir) {
  const script = `
    const Module = require('module');
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      return request === 'vscode' ? ${JSON.stringify(join(stubDir, 'vscode.js'))} : resolve.call(this, request, ...rest);
    };
    const t0 = performance.now();
    require(${JSON.stringify(file)});
    process.stdout.write(String(performance.now() - t0));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`require of ${file} failed:\n${r.stderr}`);
  }
  return Number(r.stdout);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function measureRequire() {
  const stubDir = mkdtempSync(join(tmpdir(), 'kms-bench-activation-'));
  try {
    writeFileSync(join(stubDir, 'vscode.js'), 'module.exports = {};\n');
    const empty = join(stubDir, 'empty.js');
    writeFileSync(empty, '\n');
    const baseline = [];
    const extension = [];
    // Interleaved, so a busy moment on a shared machine hits both sides alike.
    for (let i = 0; i < RUNS; i++) {
      baseline.push(requireOnce(empty, stubDir));
      extension.push(requireOnce(bundle, stubDir));
    }
    return { baselineMs: median(baseline), extensionMs: median(extension) };
  } finally {
    rmSync(stubDir, { recursive: true, force: true });
  }
}

/** One installed-mode run of the integration harness, only the activation-time test; it writes its figures to a file. */
function measureInHost() {
  const scratch = mkdtempSync(join(tmpdir(), 'kms-bench-host-'));
  const out = join(scratch, 'activation.json');
  try {
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'test', 'harness', 'runIntegration.mjs'),
        '--installed',
        '--grep',
        'activation time',
        '--env',
        `AWS_KMS_BENCH_ACTIVATION=${out}`,
      ],
      { encoding: 'utf8', cwd: root },
    );
    try {
      return JSON.parse(readFileSync(out, 'utf8'));
    } catch {
      throw new Error(
        `the harness wrote no figures (exit ${r.status}; run \`npm run build:tests\` first?):\n${r.stdout}${r.stderr}`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const sizes = bundleSizes();
const required = measureRequire();
const host = flags['no-host'] ? undefined : measureInHost();
const result = { sizes, runs: RUNS, require: required, host };

if (flags.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log('bundle sizes (dist/**/*.js):');
  for (const [file, size] of Object.entries(sizes)) {
    console.log(`  ${file.padEnd(28)} ${kib(size).padStart(11)}`);
  }
  console.log(`cold require, median of ${RUNS} fresh processes:`);
  console.log(`  empty module (baseline)      ${required.baselineMs.toFixed(2)} ms`);
  console.log(
    `  dist/extension.js            ${required.extensionMs.toFixed(2)} ms  ` +
      `(${(required.extensionMs / required.baselineMs).toFixed(1)}× the baseline, +${(required.extensionMs - required.baselineMs).toFixed(2)} ms)`,
  );
  if (host) {
    console.log(`in the headless extension host (VS Code ${host.vscodeVersion}, installed extension):`);
    console.log(
      `  require of a copy of the bundle  ${host.requireMs.toFixed(2)} ms (a module that only requires vscode ${host.baselineRequireMs.toFixed(2)} ms)`,
    );
    console.log(
      `  activate()                       ${host.activateMs.toFixed(2)} ms  (target < ${ACTIVATE_TARGET_MS} ms: ` +
        `${host.activateMs < ACTIVATE_TARGET_MS ? 'met' : 'MISSED'})`,
    );
  }
}
