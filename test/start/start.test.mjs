// `npm start` as a new user runs it: the real command, from inside npm (as `npm test` calls it, with npm's
// environment inherited, which once broke the host install), without desktop VS Code. It must print its
// progress while it installs the test host the first time, end with the workbench URL, and that workbench must
// show the extension on the sandbox KMS with its demo keys. `npm test` runs this first, on the cold test-host
// cache that .ci/run starts from, so every CI run proves the first-run path; on a warm cache it proves the rest.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostCacheDir, launchChromium, loadHost, repoRoot, sleep } from '../harness/host.mjs';

const installedBefore = (() => { try { loadHost(); return true; } catch { return false; } })();
// A cold install (apt, Node, code-server's native builds) takes 3 to 5 minutes on 2 cores; leave room for load.
const urlTimeoutMs = installedBefore ? 120_000 : 900_000;

describe(`npm start -- --headless (${installedBefore ? 'test host installed' : 'first run: empty test-host cache'})`, () => {
  let start;
  let stdout = '';
  let stderr = '';
  let browser;

  after(async () => {
    await browser?.close().catch(() => {});
    if (start && start.exitCode === null && start.signalCode === null) {
      try { process.kill(-start.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
  });

  it('installs what it needs, saying so, and ends with the workbench URL', { timeout: urlTimeoutMs + 10_000 }, async () => {
    // Its own process group, so the cleanup also reaches code-server if the test fails half-way.
    start = spawn('npm', ['start', '--', '--headless'], { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    start.stdout.on('data', (chunk) => { stdout += chunk; });
    start.stderr.on('data', (chunk) => { stderr += chunk; });
    const exited = once(start, 'exit');
    for (const end = Date.now() + urlTimeoutMs; !/^Open: \S+\n/m.test(stdout); await sleep(200)) {
      if (start.exitCode !== null || Date.now() > end) {
        await Promise.race([exited, sleep(1000)]);
        assert.fail(`npm start printed no URL (exit ${start.exitCode}):\n${stdout}\n${stderr.slice(-4000)}`);
      }
    }
    if (!installedBefore) {
      assert.match(stdout, new RegExp(`^First run: installing a browser-based VS Code .* into ${hostCacheDir().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.`, 'm'));
      assert.match(stderr, /^\[setup-test-host\] npm install code-server@\S+ into /m);
      assert.match(stderr, /^\[setup-test-host\] \d+\.\d+\.\d+ [0-9a-f]+ with Code \d+\.\d+\.\d+$/m);
    } else {
      assert.doesNotMatch(stdout, /First run/);
    }
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines.at(-1), /^Open: http:\/\/127\.0\.0\.1:\d+\/\?folder=.*playground$/, 'the last line is the URL');
  });

  it('opens the workbench with the extension on the sandbox KMS and its demo keys', { timeout: 180_000 }, async () => {
    const url = /^Open: (\S+)$/m.exec(stdout)?.[1];
    assert.ok(url, 'the previous test read the URL');
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(60_000);
    await page.goto(url);
    await page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: 'Sandbox' }).first().waitFor();
    await page.locator('.activitybar .action-item [aria-label^="AWS KMS"]').first().click();
    const keys = page.locator('.sidebar .monaco-list[aria-label^="Keys"] .monaco-list-row .label-name');
    // The region row, then "Customer managed keys", expanded from the start, with the seeded demo keys.
    await keys.filter({ hasText: /^Customer managed keys$/ }).first().waitFor();
    await keys.filter({ hasText: /^demo-app$/ }).first().waitFor();
    await keys.filter({ hasText: /^demo-byok-pending$/ }).first().waitFor();
  });

  it('stops on Ctrl+C (SIGINT), taking code-server with it', { timeout: 30_000 }, async () => {
    assert.ok(start, 'npm start is running');
    const exited = once(start, 'exit');
    process.kill(-start.pid, 'SIGINT');
    const [code, signal] = await exited;
    assert.ok(code === 0 || signal === 'SIGINT', `exit ${code} ${signal}`);
    // code-server runs in a process group of its own, which start.mjs stops before it exits.
    const origin = new URL(/^Open: (\S+)$/m.exec(stdout)?.[1] ?? '').origin;
    await assert.rejects(fetch(`${origin}/healthz`), 'code-server still answers after npm start stopped');
  });
});
