#!/usr/bin/env node
// `npm run kms-local -- …` / `npm run kms-envelope -- …`: runs the built CLI on this Node when it is 22 or later,
// else on the test host's Node (installed by scripts/setup-test-host.sh), so a machine whose own Node is older
// can still run them from the repository. Installed elsewhere, the CLIs say themselves which Node they need.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { loadHost, repoRoot } from '../test/harness/host.mjs';

const [name, ...args] = process.argv.slice(2);
if (!['kms-local', 'kms-envelope'].includes(name ?? '')) {
  console.error('usage: node scripts/cli.mjs kms-local|kms-envelope [arguments…]');
  process.exit(2);
}
let node = process.execPath;
if (Number(process.versions.node.split('.')[0]) < 22) {
  try {
    node = loadHost().node;
  } catch {
    console.error(
      `${name} needs Node.js 22 or later, and this is Node.js ${process.version}. Install Node.js 22 or ` +
        "later, or run `npm run test:host-setup` once to get the test host's Node, then run this again.",
    );
    process.exit(2);
  }
}
const child = spawn(node, [path.join(repoRoot, 'dist', `${name}.js`), ...args], { stdio: 'inherit' });
// Ctrl+C reaches the CLI itself (same process group); a signal sent to this process alone is passed on.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal === 'SIGINT' ? 130 : 1));
});
