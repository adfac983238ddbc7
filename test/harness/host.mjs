// The test host: a real VS Code (code-server = VS Code server + web workbench) and headless Chromium to open
// its workbench. Installed by scripts/setup-test-host.sh; used by runIntegration.mjs and the UI tests.
// Every start gets a fresh port, user-data dir, extensions dir and XDG dirs, so runs never share state
// and never touch the developer's own VS Code or code-server settings.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sleep = async (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where scripts/setup-test-host.sh installs the host (the same rule as there). */
export function hostCacheDir() {
  return process.env.VSCODE_HARNESS_CACHE || path.join(os.homedir(), '.cache', 'aws-kms-workbench', 'test-host');
}

/** Whether scripts/setup-test-host.sh has completed an install of the selected host. */
export function hostInstalled() {
  try {
    loadHost();
    return true;
  } catch {
    return false;
  }
}

/** Reads host.json, written last by the setup script (so its presence means a complete install). */
export function loadHost() {
  const pins = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'harness', 'pins.json'), 'utf8'));
  // TEST_HOST=oldest: the oldest VS Code that package.json's engines allow (see scripts/setup-test-host.sh).
  const version =
    process.env.CODE_SERVER_VERSION || (process.env.TEST_HOST === 'oldest' ? pins.oldest : pins).codeServer;
  const file = path.join(hostCacheDir(), `code-server-${version}`, 'host.json');
  if (!fs.existsSync(file)) {
    throw new Error(`No test host at ${file}. Run: scripts/setup-test-host.sh`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * Flags that make a built workbench honour the URL `payload` (extensionDevelopmentPath / extensionTestsPath).
 * VS Code ignores it unless the smoke-test driver is on; code-server >= 4.135 passes the flag through.
 */
export function smokeTestDriverArgs(host) {
  // Builds before the gate (code-server <= 4.117, e.g. the oldest tested, 4.103) need no flag and have no
  // --vscode-option; the one build with the gate but without the option (4.133) is caught by runIntegration's
  // window-title check.
  const cli = fs.readFileSync(path.join(host.dir, 'out', 'node', 'cli.js'), 'utf8');
  return cli.includes('"vscode-option"') ? ['--vscode-option', 'enable-smoke-test-driver'] : [];
}

// Everything that would reach out to the network, nag, or open extra editors in an unattended run.
const SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// Process groups still running; killed synchronously if the runner dies without calling stop().
const liveGroups = new Set();
process.on('exit', () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

/**
 * The runner's environment, minus what would make code-server act as a client of an enclosing VS Code
 * (VSCODE_*, ELECTRON_*) and minus the developer's AWS identity: the extension under test reads AWS_* and
 * ~/.aws, and a test must never reach a real account by accident. Tests that want a connection pass it
 * explicitly (`extra`, i.e. runIntegration.mjs --env).
 */
function childEnv(tmp, extra) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VSCODE_|ELECTRON_|AWS_)/.test(k)));
  return {
    ...env,
    HOME: path.join(tmp, 'home'), // no ~/.aws, ~/.gitconfig or other personal state
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), // else code-server writes ~/.config/code-server/config.yaml
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    TMPDIR: path.join(tmp, 'tmp'), // VS Code leaves its vscode-ipc-*.sock files in the temp dir
    // No extension gallery at all (code-server's default is open-vsx.org): tests must not depend on the
    // network, and update checks against an unreachable gallery only add error noise.
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

/**
 * Starts code-server and waits for /healthz.
 * @param {object} o
 * @param {string} [o.workspace]   folder opened by default
 * @param {string[]} [o.extensions] extension folders (symlinked) or .vsix files installed before the start
 * @param {boolean} [o.devMode]    honour the workbench URL payload (approach A)
 * @param {Record<string,string>} [o.env] extra environment for the server and so the extension host
 * @param {object} [o.settings]    user settings on top of SETTINGS
 * @param {string} [o.keepUserData] a user-data dir kept across starts (npm start: the sandbox's keys, the
 *                                  walkthrough's progress); settings already there win over `settings`
 */
export async function startCodeServer({
  workspace,
  extensions = [],
  devMode = false,
  env = {},
  settings = {},
  keepUserData,
  workspaceTrust = false,
} = {}) {
  const host = loadHost();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-test-host-'));
  const userDataDir = keepUserData ?? path.join(tmp, 'user-data');
  // A kept profile keeps its extensions dir too: VS Code caches where it found the extensions.
  const extensionsDir = keepUserData ? `${keepUserData}-extensions` : path.join(tmp, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.mkdirSync(path.join(tmp, 'tmp'));
  fs.mkdirSync(path.join(tmp, 'home'));
  // With workspaceTrust, folders open in Restricted Mode (nobody trusted them; no prompt asks).
  const trust = workspaceTrust
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }
    : {};
  writeSettings(path.join(userDataDir, 'User', 'settings.json'), { ...SETTINGS, ...trust, ...settings });
  const dirs = { userDataDir, extensionsDir, env: childEnv(tmp, env) };
  let port;
  let args;
  try {
    for (const ext of extensions) {
      installExtension(host, ext, dirs);
    }
    port = await freePort();
    args = [
      host.entry,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      ...(devMode ? smokeTestDriverArgs(host) : []),
      ...(workspace ? [workspace] : []),
    ];
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  const logFile = path.join(tmp, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');
  const started = Date.now();
  // detached: own process group, so stop() also takes down the extension host, pty host and watchers.
  const proc = spawn(host.node, args, { detached: true, stdio: ['ignore', logFd, logFd], env: dirs.env });
  fs.closeSync(logFd);
  liveGroups.add(proc.pid);
  let exited = false;
  proc.on('exit', () => {
    exited = true;
  });

  const readLog = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  // The group, not the leader: children (extension host, pty host) can outlive a crashed code-server.
  const groupAlive = () => {
    try {
      process.kill(-proc.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const stop = async () => {
    for (const [signal, waitMs] of [
      ['SIGTERM', 5000],
      ['SIGKILL', 2000],
    ]) {
      if (!groupAlive()) {
        break;
      }
      try {
        process.kill(-proc.pid, signal);
      } catch {
        /* already gone */
      }
      for (let t = 0; t < waitMs && groupAlive(); t += 100) {
        await sleep(100);
      }
    }
    liveGroups.delete(proc.pid);
    if (!process.env.HARNESS_KEEP_TMP) {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) {
        break;
      }
    } catch {
      /* not listening yet */
    }
    if (exited || Date.now() > deadline) {
      const log = readLog(); // before stop() deletes it
      await stop();
      throw new Error(`code-server ${exited ? 'exited during start' : 'did not answer /healthz in 60 s'}:\n${log}`);
    }
    await sleep(100);
  }
  return { host, url, tmp, userDataDir, extensionsDir, startMs: Date.now() - started, stop, readLog };
}

/** Writes user settings; a kept profile's own settings stay (a file with comments is left as it is). */
function writeSettings(file, defaults) {
  let existing = {};
  if (fs.existsSync(file)) {
    try {
      existing = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      return;
    }
  }
  fs.writeFileSync(file, JSON.stringify({ ...defaults, ...existing }, null, 2));
}

/**
 * Installs an extension into a not-yet-started server's extensions dir.
 * A folder is symlinked as <publisher>.<name>-<version>: no packaging, always the current dist/.
 * A .vsix goes through `--install-extension`, i.e. exactly what a user's install does (works offline).
 */
export function installExtension(host, source, { userDataDir, extensionsDir, env }) {
  const abs = path.resolve(source);
  if (abs.endsWith('.vsix')) {
    const r = spawnSync(
      host.node,
      [
        host.entry,
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        extensionsDir,
        '--force',
        '--install-extension',
        abs,
      ],
      { env, encoding: 'utf8' },
    );
    if (r.status !== 0 || !/successfully installed/i.test(r.stdout + r.stderr)) {
      throw new Error(`installing ${abs} failed:\n${r.stdout}${r.stderr}`);
    }
    return;
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(abs, 'package.json'), 'utf8'));
  if (manifest.main && !fs.existsSync(path.join(abs, manifest.main))) {
    throw new Error(`${abs} is not built: ${manifest.main} is missing (run npm run build)`);
  }
  const id = `${manifest.publisher}.${manifest.name}-${manifest.version}`.toLowerCase();
  fs.rmSync(path.join(extensionsDir, id), { recursive: true, force: true }); // a kept dir's link of an earlier start
  fs.symlinkSync(abs, path.join(extensionsDir, id), 'dir');
}

/**
 * Headless Debian Chromium. Playwright gives each launch a fresh profile and deletes it on close; the
 * throw-away HOME catches what Chromium writes outside the profile (crash-report database, dconf).
 */
export async function launchChromium() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-test-chromium-'));
  const browser = await chromium
    .launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      headless: true,
      env: {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, '.config'),
        XDG_CACHE_HOME: path.join(home, '.cache'),
      },
      args: [
        '--no-sandbox', // root in a container
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-features=Translate,MediaRouter,OptimizationHints',
      ],
    })
    .catch((err) => {
      fs.rmSync(home, { recursive: true, force: true });
      throw err;
    });
  browser.on('disconnected', () => fs.rmSync(home, { recursive: true, force: true }));
  return browser;
}

/**
 * The authority the workbench uses for the server's files (code-server says "remote", a plain VS Code
 * server says host:port). Payload URIs only resolve with exactly this authority, so read it, don't guess.
 */
export async function readRemoteAuthority(url) {
  const html = await (await fetch(`${url}/`)).text();
  const match = /id="vscode-workbench-web-configuration"\s+data-settings="([^"]*)"/.exec(html);
  if (!match) {
    return new URL(url).host;
  }
  const entities = { '&quot;': '"', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#39;': "'" };
  const json = match[1].replace(/&(quot|amp|lt|gt|#39);/g, (e) => entities[e]);
  return JSON.parse(json).remoteAuthority || new URL(url).host;
}

/** vscode-remote URI of a path on the server, e.g. for the payload. */
export function remoteUri(authority, fsPath) {
  const encoded = path.resolve(fsPath).split(path.sep).map(encodeURIComponent).join('/');
  return `vscode-remote://${authority}${encoded}`;
}

/** Workbench URL opening `folder`, optionally with a test payload ([key, value] pairs). */
export function workbenchUrl(url, { folder, payload } = {}) {
  const u = new URL(`${url}/`);
  if (folder) {
    u.searchParams.set('folder', path.resolve(folder));
  }
  if (payload) {
    u.searchParams.set('payload', JSON.stringify(payload));
  }
  return u.toString();
}
