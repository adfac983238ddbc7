// `npm start` as a new user runs it: the real command, from inside npm (as `npm test` calls it, with npm's
// environment inherited, which once broke the host install), without desktop VS Code. It must print its
// progress while it installs the test host the first time, end with the workbench URL, and that workbench must
// show the extension on the sandbox KMS with its demo keys. A second `npm start` must still have the key the
// first one made, usable, and the walkthrough steps the first one completed. `npm test` runs this first, on the cold test-host cache that .ci/run starts from, so
// every CI run proves the first-run path; on a warm cache it proves the rest.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { hostCacheDir, hostInstalled, launchChromium, repoRoot, sleep } from '../harness/host.mjs';
import { Workbench } from '../ui/workbench.mjs';

const installedBefore = hostInstalled();
// A cold install (apt, Node, code-server's native builds) takes 3 to 5 minutes on 2 cores; leave room for load.
const firstUrlTimeoutMs = installedBefore ? 120_000 : 900_000;
const alias = `restart-${randomBytes(4).toString('hex')}`;

/** Runs `npm start -- --headless` in its own process group and collects what it prints. */
function npmStart() {
  const run = { stdout: '', stderr: '', url: undefined, browser: undefined };
  run.child = spawn('npm', ['start', '--', '--headless'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  run.child.stdout.on('data', (chunk) => {
    run.stdout += chunk;
  });
  run.child.stderr.on('data', (chunk) => {
    run.stderr += chunk;
  });
  run.exited = once(run.child, 'exit');
  return run;
}

async function waitForUrl(run, timeoutMs) {
  for (const end = Date.now() + timeoutMs; !/^Open: \S+\n/m.test(run.stdout); await sleep(200)) {
    if (run.child.exitCode !== null || Date.now() > end) {
      await Promise.race([run.exited, sleep(1000)]);
      assert.fail(`npm start printed no URL (exit ${run.child.exitCode}):\n${run.stdout}\n${run.stderr.slice(-4000)}`);
    }
  }
  const lines = run.stdout.trimEnd().split('\n');
  assert.match(lines.at(-1), /^Open: http:\/\/127\.0\.0\.1:\d+\/\?folder=.*playground$/, 'the last line is the URL');
  run.url = /^Open: (\S+)$/m.exec(run.stdout)[1];
}

/** The workbench at the URL, as a person opens it; the Workbench helpers without a server of their own. */
async function openWorkbench(run) {
  run.browser = await launchChromium();
  const page = await run.browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(60_000);
  await page.goto(run.url);
  await page.locator('.monaco-workbench').waitFor();
  const wb = new Workbench({ stop: async () => {} }, run.browser, page);
  await wb.statusBarItem('Sandbox').waitFor();
  await wb.showViewContainer('AWS KMS');
  return wb;
}

async function stop(run) {
  await run.browser?.close().catch(() => {});
  process.kill(-run.child.pid, 'SIGINT');
  const [code, signal] = await run.exited;
  assert.ok(code === 0 || signal === 'SIGINT', `exit ${code} ${signal}`);
  // code-server runs in a process group of its own, which start.mjs stops before it exits.
  await assert.rejects(
    fetch(`${new URL(run.url).origin}/healthz`),
    'code-server still answers after npm start stopped',
  );
}

const keyRows = (wb) => wb.treeRowTexts('Keys');

describe(`npm start -- --headless (${installedBefore ? 'test host installed' : 'first run: empty test-host cache'})`, () => {
  const runs = [];
  after(async () => {
    for (const run of runs) {
      await run.browser?.close().catch(() => {});
      if (run.child.exitCode !== null || run.child.signalCode !== null) {
        continue;
      }
      // Ctrl+C first: only start.mjs knows code-server's process group, and a code-server left running would
      // hold the kept profile's sandbox (the next start would find it in use).
      try {
        process.kill(-run.child.pid, 'SIGINT');
      } catch {
        /* already gone */
      }
      await Promise.race([run.exited, sleep(15_000)]);
      if (run.child.exitCode === null && run.child.signalCode === null) {
        try {
          process.kill(-run.child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
  });

  it(
    'installs what it needs, saying so, and ends with the workbench URL',
    { timeout: firstUrlTimeoutMs + 10_000 },
    async () => {
      const run = npmStart();
      runs.push(run);
      await waitForUrl(run, firstUrlTimeoutMs);
      if (!installedBefore) {
        assert.match(
          run.stdout,
          new RegExp(
            `^First run: installing a browser-based VS Code .* into ${hostCacheDir().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.`,
            'm',
          ),
        );
        assert.match(run.stderr, /^\[setup-test-host\] npm install code-server@\S+ into /m);
        assert.match(run.stderr, /^\[setup-test-host\] \d+\.\d+\.\d+ [0-9a-f]+ with Code \d+\.\d+\.\d+$/m);
      } else {
        assert.doesNotMatch(run.stdout, /First run/);
      }
    },
  );

  it(
    'opens the workbench on the sandbox KMS with its demo keys; a key made there is kept, and ticks its walkthrough step',
    { timeout: 180_000 },
    async () => {
      const wb = await openWorkbench(runs[0]);
      await wb.waitForTreeRows(
        'Keys',
        (rows) => rows.some((r) => r.label === 'demo-app') && rows.some((r) => r.label === 'demo-byok-pending'),
        'the demo keys',
      );
      // Create Key…, as a person does: the palette, the type, the origin, the alias typed after "alias/", no description.
      // Each step replaces the one before in the same widget: wait for its title before typing into it.
      const step = async (n) =>
        wb.page.locator('.quick-input-widget .quick-input-title', { hasText: `(${n}/4)` }).waitFor();
      await wb.runCommand('AWS KMS: Create Key…');
      await step(1);
      await wb.quickPick('Encrypt and decrypt');
      await step(2);
      await wb.quickPick('KMS');
      await step(3);
      await wb.page.keyboard.type(alias);
      assert.equal(await wb.quickInput().inputValue(), `alias/${alias}`);
      await wb.page.keyboard.press('Enter');
      await step(4);
      await wb.page.keyboard.press('Enter');
      await wb.waitForTreeRows(
        'Keys',
        (rows) => rows.some((r) => r.label === alias && r.description === 'Enabled · AWS KMS'),
        `the new key ${alias}`,
      );
      // Create Key is a step only its event completes: its progress must outlive this start. Wait for the tick, which
      // comes after the milestone is written, before Ctrl+C.
      await wb.runCommandAndPick('Welcome: Open Walkthrough...', 'Bring your own key material with AWS KMS');
      await wb.page
        .locator('.getting-started-step[aria-checked="true"][data-step-id$="#awsKms.byok#createKey"]')
        .waitFor();
    },
  );

  it('stops on Ctrl+C (SIGINT), taking code-server with it', { timeout: 30_000 }, async () => {
    await stop(runs[0]);
  });

  it(
    'starts again with the same sandbox and walkthrough progress: the key made before is listed and usable',
    { timeout: 240_000 },
    async () => {
      const run = npmStart();
      runs.push(run);
      await waitForUrl(run, 120_000);
      assert.doesNotMatch(run.stdout, /First run/);
      const wb = await openWorkbench(run);
      await wb.waitForTreeRows(
        'Keys',
        (rows) => rows.some((r) => r.label === alias && r.description === 'Enabled · AWS KMS'),
        `${alias} after the restart`,
      );
      assert.equal(
        (await keyRows(wb)).filter((r) => r.label === 'demo-app').length,
        1,
        'the demo keys were not seeded twice',
      );
      await wb.runCommandAndPick('AWS KMS: Generate Data Key…', `alias/${alias}`);
      // KMS's answer, as the AWS CLI prints it, in an untitled editor.
      await wb.page.locator('.monaco-editor .view-lines', { hasText: '"CiphertextBlob"' }).first().waitFor();
      // Another port, so another browser origin and none of the workbench's own storage: the extension keeps the
      // progress. "Create a key" was done in the first start only, and no condition ticks it for this key (it is not the
      // walkthrough's). Last, because the Welcome page takes the focus back a moment after it opens, closing a palette.
      await wb.runCommandAndPick('Welcome: Open Walkthrough...', 'Bring your own key material with AWS KMS');
      for (const done of ['connect', 'createKey']) {
        await wb.page
          .locator(`.getting-started-step[aria-checked="true"][data-step-id$="#awsKms.byok#${done}"]`)
          .waitFor();
      }
      await stop(run);
    },
  );
});
