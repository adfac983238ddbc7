// Compiles the integration tests (and the --installed test-driver extension) for the extension host.
//   test/integration/**/{index,*.test}.ts  ->  out/test/integration/**/*.js  (index.js = extensionTestsPath)
//   test/harness/driverExtension/          ->  out/test/driverExtension/    (package.json + extension.js)
// Each entry is bundled, so tests may import src/ and test/ helpers directly. Bare imports (vscode, mocha,
// the AWS SDK) stay external: the extension host provides `vscode`, and node_modules resolves the rest
// because out/ sits inside the repo. Type checking is `tsc --noEmit -p .`, which includes test/**.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const outRoot = path.join(repoRoot, 'out', 'test');
const integrationDir = path.join(repoRoot, 'test', 'integration');
const driverDir = path.join(repoRoot, 'test', 'harness', 'driverExtension');

// Stale compiled suites from deleted tests would still run: start from empty.
fs.rmSync(outRoot, { recursive: true, force: true });

const testEntries = fs
  .readdirSync(integrationDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
  .map((f) => path.join(integrationDir, f));

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
};
await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: testEntries,
    outbase: integrationDir,
    outdir: path.join(outRoot, 'integration'),
  }),
  esbuild.build({
    ...common,
    entryPoints: [path.join(driverDir, 'extension.ts')],
    outfile: path.join(outRoot, 'driverExtension', 'extension.js'),
  }),
]);
fs.copyFileSync(path.join(driverDir, 'package.json'), path.join(outRoot, 'driverExtension', 'package.json'));
console.log(
  `[buildTests] ${testEntries.length} integration entries + driver extension -> ${path.relative(repoRoot, outRoot)}`,
);
