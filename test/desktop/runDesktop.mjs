#!/usr/bin/env node
// `npm run test:desktop`: the integration suite in a desktop VS Code (Electron) through @vscode/test-electron,
// for machines that have one. VSCODE_EXECUTABLE names an installed `code` binary; without it, test-electron
// downloads VS Code (which needs network access to Microsoft's update service).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = path.join(repoRoot, 'test', 'fixtures');

try {
  await runTests({
    ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : {}),
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [path.join(fixtures, 'workspace'), '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: {
      AWS_CONFIG_FILE: path.join(fixtures, 'aws', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(fixtures, 'aws', 'credentials'),
    },
  });
} catch (error) {
  console.error(`Desktop integration tests failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
