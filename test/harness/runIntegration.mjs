#!/usr/bin/env node
// Runs the integration suite (out/test/integration/index.js, from buildTests.mjs) inside a real VS Code
// extension host: code-server's Node extension host, driven through its web workbench in headless Chromium.
//
//   node test/harness/runIntegration.mjs [options]
//     --workspace <dir>   folder the workbench opens (default test/fixtures/workspace)
//     --timeout <s>       limit for the whole run (default 300)
//     --env NAME=VALUE    extra environment for the extension host; repeatable (it inherits ours as well)
//     --grep <regexp>     only the tests whose full title matches
//     --installed         test the extension installed from the repo folder instead of in development mode
//     --vsix <file>       test the extension installed from this .vsix (what users get)
//     --logs <dir>        copy the server, extension-host and workbench logs there
//     --verbose           also print workbench log lines and the browser console
//
// Development mode (default, "approach A") is VS Code's own mechanism: the workbench URL's payload names
// the extension folder and the tests file; the workbench reports the result via window.codeAutomationExit.
// Installed mode ("approach B") installs the extension plus test/harness/driverExtension, which runs the
// same tests file on startup and writes a result file.
// Exit: 0 all passed, 1 test failures, 2 harness error or timeout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import {
  launchChromium,
  readRemoteAuthority,
  remoteUri,
  repoRoot,
  sleep,
  startCodeServer,
  workbenchUrl,
} from './host.mjs';

const { values: opt } = util.parseArgs({
  options: {
    workspace: { type: 'string', default: path.join(repoRoot, 'test', 'fixtures', 'workspace') },
    timeout: { type: 'string', default: '300' },
    env: { type: 'string', multiple: true, default: [] },
    grep: { type: 'string' },
    installed: { type: 'boolean', default: false },
    vsix: { type: 'string' },
    logs: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (line) => console.log(`[integration] ${line}`);
class HarnessError extends Error {}

opt.workspace = path.resolve(opt.workspace);
const installed = opt.installed || opt.vsix !== undefined;
const testsEntry = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
const driverDir = path.join(repoRoot, 'out', 'test', 'driverExtension');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-integration-'));
const resultsFile = path.join(scratch, 'results.json'); // written by index.ts
const testLog = path.join(scratch, 'tests.log'); // the extension host's console, teed by index.ts
let server;
let browser;

function extraEnv() {
  const env = {
    AWS_KMS_TEST_RESULTS: resultsFile,
    AWS_KMS_TEST_LOG: testLog,
    AWS_KMS_TEST_MODE: installed ? 'installed' : 'development',
    // The test door (src/platform/testDoor.ts): activate() returns the internals, `confirmed` skips confirmations.
    AWS_KMS_WORKBENCH_TEST_DOOR: '1',
  };
  if (opt.grep) {
    env.AWS_KMS_TEST_GREP = opt.grep;
  }
  for (const pair of opt.env) {
    const eq = pair.indexOf('=');
    if (eq < 1) {
      throw new HarnessError(`--env wants NAME=VALUE, got "${pair}"`);
    }
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

function checkBuilt() {
  const missing = [
    ...(opt.vsix ? [] : [[path.join(repoRoot, 'dist', 'extension.js'), 'npm run build']]),
    [testsEntry, 'node test/harness/buildTests.mjs'],
    ...(installed ? [[path.join(driverDir, 'extension.js'), 'node test/harness/buildTests.mjs']] : []),
    ...(opt.vsix ? [[path.resolve(opt.vsix), 'npx vsce package']] : []),
  ].filter(([file]) => !fs.existsSync(file));
  if (missing.length) {
    throw new HarnessError(missing.map(([file, fix]) => `missing ${file} (run: ${fix})`).join('\n'));
  }
}

async function openPage() {
  browser = await launchChromium();
  // Clipboard permissions: without the smoke-test driver (installed mode) the web workbench's clipboard waits on
  // Chromium's permission prompt, which headless never answers, and vscode.env.clipboard calls hang.
  const page = await browser.newPage({
    viewport: { width: 1400, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  page.on('crash', () => say('browser page crashed'));
  if (opt.verbose) {
    page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => console.log(`[page error] ${e}`));
  }
  return page;
}

/** Streams a file that another process appends to; returns a function that stops after a last read. */
function follow(file) {
  let offset = 0;
  const flush = () => {
    if (!fs.existsSync(file)) {
      return;
    }
    const bytes = fs.readFileSync(file);
    process.stdout.write(bytes.subarray(offset));
    offset = bytes.length;
  };
  const timer = setInterval(flush, 200);
  return () => {
    clearInterval(timer);
    flush();
  };
}

// Approach A. Resolves with the exit code the workbench reports.
async function runDevelopment() {
  server = await startCodeServer({ workspace: opt.workspace, devMode: true, env: extraEnv() });
  say(`code-server ${server.host.version} (VS Code ${server.host.vscodeVersion}) up in ${server.startMs} ms`);
  const page = await openPage();
  // The workbench forwards its log lines (and the extension host's console) here, printf-style. The tests'
  // output comes from the test log instead; workbench errors are kept for a failed run.
  const workbenchErrors = [];
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = util.format(...(Array.isArray(args) ? args : [args]));
    if (opt.verbose) {
      console.log(`[workbench ${type}] ${line}`);
    } else if (type === 'error' && !/authentication provider 'github'/.test(line)) {
      // offline: no GitHub auth
      workbenchErrors.push(line);
    }
  });
  const exitCode = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code, logs) => {
      if (opt.logs && Array.isArray(logs)) {
        for (const { relativePath, contents } of logs) {
          const file = path.join(opt.logs, 'workbench', relativePath);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, contents);
        }
      }
      resolve(code);
    });
  });
  const authority = await readRemoteAuthority(server.url);
  const payload = [
    ['extensionDevelopmentPath', remoteUri(authority, repoRoot)],
    ['extensionTestsPath', remoteUri(authority, testsEntry)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  const stopFollowing = follow(testLog);
  let code;
  try {
    await page.goto(workbenchUrl(server.url, { folder: opt.workspace, payload }));
    say(`workbench opened (${elapsed()})`);
    code = await Promise.race([exitCode, failIfPayloadIgnored(page, exitCode)]);
  } finally {
    stopFollowing();
  }
  say(`workbench reported exit code ${code}`);
  if (code !== 0 && workbenchErrors.length) {
    say(`workbench errors:\n${workbenchErrors.join('\n')}`);
  }
  return code === 0 ? 0 : 1;
}

// Without the smoke-test driver a built workbench silently ignores the payload and nothing would ever
// report: detect that from the window title instead of waiting for --timeout.
async function failIfPayloadIgnored(page, exitCode) {
  let done = false;
  void exitCode.then(() => {
    done = true;
  });
  const deadline = Date.now() + 60_000;
  let title = '';
  while (!done && Date.now() < deadline) {
    title = await page.title().catch(() => title);
    if (title.includes('[Extension Development Host]')) {
      return exitCode;
    }
    await sleep(250);
  }
  if (done) {
    return exitCode;
  }
  throw new HarnessError(
    `the workbench ignored the test payload (window title "${title}"): this code-server ` +
      'build does not honour --enable-smoke-test-driver; run with --installed instead',
  );
}

// Approach B. Resolves with the driver's exit code.
async function runInstalled() {
  const resultFile = path.join(scratch, 'driver-result.json');
  const env = { ...extraEnv(), TEST_DRIVER_ENTRY: testsEntry, TEST_DRIVER_RESULT: resultFile };
  const extension = opt.vsix ? path.resolve(opt.vsix) : repoRoot;
  server = await startCodeServer({ workspace: opt.workspace, extensions: [driverDir, extension], env });
  say(
    `code-server ${server.host.version} (VS Code ${server.host.vscodeVersion}) up in ${server.startMs} ms, ` +
      `extension installed from ${opt.vsix ? extension : 'the repo folder'}`,
  );
  // The remote extension host (and so the driver) only starts once a workbench connects.
  const page = await openPage();
  await page.goto(workbenchUrl(server.url, { folder: opt.workspace }));
  say(`workbench opened (${elapsed()})`);
  const stopFollowing = follow(testLog);
  try {
    // index.ts creates the test log first thing: no log after 90 s means the driver never ran.
    const startDeadline = Date.now() + 90_000;
    while (!fs.existsSync(resultFile)) {
      if (!fs.existsSync(testLog) && Date.now() > startDeadline) {
        throw new HarnessError('the test-driver extension did not start the tests within 90 s');
      }
      await sleep(200);
    }
  } finally {
    stopFollowing();
  }
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  if (result.error) {
    console.log(result.error);
  }
  say(`driver reported exit code ${result.exitCode}`);
  return result.exitCode === 0 ? 0 : 1;
}

/** The tests' own results file is the second opinion: a green exit with nothing run is a harness failure. */
function crossCheck(code) {
  if (!fs.existsSync(resultsFile)) {
    if (code === 0) {
      throw new HarnessError('the suite reported success but wrote no results file');
    }
    return code;
  }
  const { passed, failed } = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  console.log(`integration: ${passed} passed, ${failed} failed`);
  if (passed + failed === 0) {
    throw new HarnessError('no test ran');
  }
  return failed > 0 ? 1 : code;
}

async function cleanUp() {
  if (opt.logs && server) {
    fs.mkdirSync(opt.logs, { recursive: true });
    const serverLogs = path.join(server.userDataDir, 'logs');
    if (fs.existsSync(serverLogs)) {
      fs.cpSync(serverLogs, path.join(opt.logs, 'server'), { recursive: true });
    }
    fs.writeFileSync(path.join(opt.logs, 'code-server.log'), server.readLog());
  }
  await browser?.close().catch(() => {});
  await server?.stop();
  if (!process.env.HARNESS_KEEP_TMP) {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function main() {
  const seconds = Number(opt.timeout);
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new HarnessError(`timed out after ${seconds} s`)), seconds * 1000);
  });
  let code;
  try {
    if (!(seconds > 0)) {
      throw new HarnessError(`--timeout wants seconds, got "${opt.timeout}"`);
    }
    checkBuilt();
    say(`${installed ? 'installed' : 'development'} mode, workspace ${path.relative(process.cwd(), opt.workspace)}`);
    code = crossCheck(await Promise.race([installed ? runInstalled() : runDevelopment(), timeout]));
  } catch (err) {
    // stdout, like everything else here: two streams would interleave out of order in a CI log.
    say(err instanceof HarnessError ? err.message : (err?.stack ?? String(err)));
    if (server) {
      say(`last lines of the code-server log:\n${server.readLog().split('\n').slice(-30).join('\n')}`);
    }
    code = 2;
  } finally {
    clearTimeout(timer);
    await cleanUp();
  }
  say(`exit ${code} after ${elapsed()}`);
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    void cleanUp().finally(() => process.exit(2));
  });
}
await main();
