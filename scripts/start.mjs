#!/usr/bin/env node
// `npm start` (after `npm run build`): opens VS Code with the extension loaded and the sandbox connection
// active, on the playground folder whose settings select the sandbox (seeded with demo keys).
// - Desktop VS Code (`code` on PATH and a display): a new window in extension development mode.
// - Otherwise: the headless host (code-server, installed by scripts/setup-test-host.sh) on a loopback port;
//   it prints the URL to open and runs until Ctrl+C.
// `--headless` forces the second path.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { hostCacheDir, hostInstalled, repoRoot, sleep, startCodeServer, workbenchUrl } from '../test/harness/host.mjs';

const playground = path.join(repoRoot, 'test', 'fixtures', 'playground');
const headless = process.argv.includes('--headless');

function desktopCode() {
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!hasDisplay) {
    return undefined;
  }
  try {
    execFileSync(process.platform === 'win32' ? 'where' : 'which', ['code'], { stdio: 'ignore' });
    return 'code';
  } catch {
    return undefined;
  }
}

function playgroundProfile() {
  return path.join(hostCacheDir(), 'playground-user-data');
}

const code = headless ? undefined : desktopCode();
if (code) {
  console.log(`Opening VS Code with the extension in development mode on ${path.relative(repoRoot, playground)}…`);
  spawn(code, ['--new-window', `--extensionDevelopmentPath=${repoRoot}`, playground], {
    stdio: 'inherit',
    detached: true,
  }).unref();
} else {
  if (!hostInstalled()) {
    console.log(
      'First run: installing a browser-based VS Code (code-server from the npm registry, the Node.js it runs ' +
        "on, and Debian's Chromium) into " +
        `${hostCacheDir()}. This takes 3 to 5 minutes, once; progress follows.`,
    );
  }
  // The setup script's progress goes to stderr, straight through; its stdout is only host.json's path.
  execFileSync('bash', [path.join(repoRoot, 'scripts', 'setup-test-host.sh')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // One profile for every npm start: the sandbox keeps its keys (files encrypted under them stay decryptable) and
  // the walkthrough its progress, as in a desktop VS Code. Removed with the test host's cache.
  const server = await startCodeServer({
    workspace: playground,
    extensions: [repoRoot],
    settings: { 'awsKms.connection': 'sandbox' },
    keepUserData: playgroundProfile(),
  });
  const url = workbenchUrl(server.url, { folder: playground });
  console.log('\nAWS KMS Workbench is running in a browser-based VS Code (code-server), on the sandbox KMS.');
  console.log('Press Ctrl+C to stop.');
  // Last, so the URL is what a terminal shows at the bottom (and what scripts read).
  console.log(`Open: ${url}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) {
      return;
    }
    stopping = true;
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => {
    void stop();
  });
  process.on('SIGTERM', () => {
    void stop();
  });
  // Keep the process alive while code-server runs.
  for (;;) {
    await sleep(60_000);
  }
}
