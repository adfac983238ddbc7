// Page helpers for UI tests that drive the real VS Code workbench (code-server) in headless Chromium.
// Selectors are VS Code's own DOM (stable across 1.9x-1.13x); keep them here so a workbench change is
// fixed in one place, not in every test.
import fs from 'node:fs';
import { after, afterEach, before } from 'node:test';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, repoRoot, sleep, startCodeServer, workbenchUrl } from '../harness/host.mjs';

export const fixtureWorkspace = path.join(repoRoot, 'test', 'fixtures', 'workspace');
/** What `npm start` opens: a folder set to the sandbox connection. */
export const playground = path.join(repoRoot, 'test', 'fixtures', 'playground');
const sidebarSelector = '#workbench\\.parts\\.sidebar';
const quickInputSelector = '.quick-input-widget .quick-input-box input';

/** Reads every `intervalMs` until `predicate` holds and returns that reading; else throws with `what` and the last one. */
async function pollUntil(read, predicate, what, timeoutMs, intervalMs) {
  let last = [];
  for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(intervalMs)) {
    last = await read();
    if (predicate(last)) {
      return last;
    }
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
}

export class Workbench {
  constructor(server, browser, page) {
    this.server = server;
    this.browser = browser;
    this.page = page;
  }

  /**
   * Starts code-server with `extensions` installed the way a user would have them (folder symlink or
   * .vsix), and opens `workspace`. Not development mode: the smoke-test driver that development mode
   * needs also suppresses notification toasts, which UI tests want to see.
   */
  static async open({ workspace = fixtureWorkspace, extensions = [repoRoot], env = {}, workspaceTrust = false } = {}) {
    const server = await startCodeServer({ workspace, extensions, env, workspaceTrust });
    let browser;
    try {
      browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      page.setDefaultTimeout(30_000);
      await page.goto(workbenchUrl(server.url, { folder: workspace }));
      await page.locator('.monaco-workbench').waitFor();
      return new Workbench(server, browser, page);
    } catch (err) {
      await browser?.close();
      await server.stop();
      throw err;
    }
  }

  async close() {
    await this.browser.close().catch(() => {});
    await this.server.stop();
  }

  /** An activity-bar entry; its aria-label is the container title, plus a keybinding for built-in ones. */
  activityBarItem(title) {
    return this.page.locator(`.activitybar .action-item [aria-label^="${title}"]`).first();
  }

  /** Clicks an activity-bar entry (once it shows: extensions add theirs as they load) and waits for its side bar. */
  async openViewContainer(title) {
    await this.activityBarItem(title).click();
    await this.sidebar().locator('.composite.title', { hasText: title }).waitFor();
  }

  /** A status-bar entry whose text contains `text` (codicons render as separate elements, so match on text). */
  statusBarItem(text) {
    return this.page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: text }).first();
  }

  sidebar() {
    return this.page.locator(sidebarSelector);
  }

  /** Title of the side bar, e.g. "AWS KMS: Keys" (a container with a single view names the view too). */
  async sidebarTitle() {
    return (await this.sidebar().locator('.composite.title').innerText()).trim();
  }

  /** Opens the command palette (F1) and returns its input box. */
  async openPalette() {
    await this.page.keyboard.press('F1');
    const input = this.quickInput();
    await input.waitFor({ state: 'visible' });
    return input;
  }

  quickInput() {
    return this.page.locator(quickInputSelector);
  }

  /** Runs a command by its palette title, e.g. "Output: Show Output Channels...". */
  async runCommand(title, timeoutMs = 30_000) {
    const query = `>${title}`;
    await this.openUntilListed(
      async () => {
        const input = await this.openPalette();
        await input.fill(query);
      },
      title,
      timeoutMs,
    );
    await this.acceptFocused(title);
    // The palette is done once its query is gone. A command that opens a quick pick reuses the same
    // widget, so "hidden" alone would miss it, and typing too early would land in the palette.
    const input = this.quickInput();
    for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(50)) {
      if (!(await input.isVisible()) || (await input.inputValue()) !== query) {
        return;
      }
    }
    throw new Error(`the command palette did not run "${title}"`);
  }

  /** Runs a command that opens a quick pick (e.g. "Output: Show Output Channels...") and accepts `label`. */
  async runCommandAndPick(title, label, timeoutMs = 30_000) {
    await this.openUntilListed(async () => this.runCommand(title, timeoutMs), label, timeoutMs);
    await this.quickPick(label);
  }

  /** In an open quick pick: filters by `label`, and accepts it once it is the focused row. */
  async quickPick(label) {
    await this.quickInput().fill(label);
    await this.acceptFocused(label);
  }

  /**
   * Calls `open` (which opens a quick pick) until the pick lists `label`. A pick shows what existed when
   * it opened and never refreshes, while commands and output channels keep registering for a few seconds
   * after the workbench looks ready; so close it and open it again.
   */
  async openUntilListed(open, label, timeoutMs) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      await open();
      try {
        await this.quickPickRow(label).first().waitFor({ timeout: 3_000 });
        return;
      } catch (err) {
        if (Date.now() > end) {
          throw err;
        }
        await this.page.keyboard.press('Escape');
      }
    }
  }

  /** Rows of the open quick pick whose label is exactly `label`. */
  quickPickRow(label) {
    const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    return this.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exact }) });
  }

  async acceptFocused(label) {
    await this.quickPickRow(label).and(this.page.locator('.focused')).waitFor();
    await this.page.keyboard.press('Enter');
  }

  /** The labels of the visible rows of a tree view, found by its aria-label (the view's name). */
  async treeRows(viewName) {
    return this.treeView(viewName).locator('.monaco-list-row .label-name').allInnerTexts();
  }

  treeView(viewName) {
    return this.sidebar().locator(`.monaco-list[aria-label^="${viewName}"]`);
  }

  /** A row of a tree view whose label is exactly `label`. */
  treeRow(viewName, label) {
    const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    return this.treeView(viewName)
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exact }) });
  }

  /** Polls a tree view's row texts until `predicate` holds; returns the last texts. */
  async waitForTreeRows(viewName, predicate, what, timeoutMs = 30_000) {
    return pollUntil(() => this.treeRowTexts(viewName), predicate, `${what}; rows`, timeoutMs, 200);
  }

  /** The visible rows of a tree view as `{ label, description }`, top to bottom. */
  async treeRowTexts(viewName) {
    return this.treeView(viewName)
      .locator('.monaco-list-row')
      .evaluateAll((rows) =>
        rows.map((row) => ({
          label: row.querySelector('.label-name')?.textContent?.trim() ?? '',
          description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
        })),
      );
  }

  /** Drags the side bar's edge so the side bar is `width` pixels wide (long tree descriptions stay readable). */
  async resizeSidebar(width) {
    const box = await this.sidebar().boundingBox();
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width + 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, y, { steps: 5 });
    await this.page.mouse.up();
  }

  /** Clicks a button of the modal dialog (e.g. a confirmation from showWarningMessage({ modal: true })). */
  async clickDialogButton(label) {
    await this.page.locator('.monaco-dialog-box .dialog-buttons .monaco-button', { hasText: label }).first().click();
  }

  /** Right-clicks `target` (a locator) and clicks the context-menu item with this label. */
  async clickContextMenuItem(target, itemLabel) {
    await target.click({ button: 'right' });
    const item = this.page.locator('.context-view .monaco-menu .action-item', { hasText: itemLabel }).first();
    await item.click();
  }

  /**
   * Like clickContextMenuItem, but waits for the menu to settle and for it to close after the click, and tries once
   * more if the click was lost (a menu opened while the tree redraws can miss one).
   */
  async chooseContextMenuItem(target, itemLabel) {
    const menu = this.page.locator('.context-view .monaco-menu');
    for (let attempt = 0; ; attempt++) {
      await target.click({ button: 'right' });
      const item = menu.locator('.action-item', { hasText: itemLabel }).first();
      await item.waitFor({ state: 'visible' });
      await item.hover();
      await sleep(150);
      await item.click();
      try {
        await menu.waitFor({ state: 'hidden', timeout: 3_000 });
        return;
      } catch (err) {
        if (attempt > 0) {
          throw err;
        }
        await this.page.keyboard.press('Escape');
      }
    }
  }

  /** Shows a view container from the activity bar unless the side bar already shows it (a second click would hide it). */
  async showViewContainer(title) {
    if (await this.sidebar().locator('.composite.title', { hasText: title }).isVisible()) {
      return;
    }
    await this.openViewContainer(title);
  }

  /** The row of the Explorer for the file or folder `name`. */
  explorerRow(name) {
    return this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  }

  /** The item labels of the Explorer context menu of `name`; closes the menu again. */
  async explorerMenu(name) {
    await this.explorerRow(name).click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu');
    await menu.waitFor({ state: 'visible' });
    await menu.locator('.action-item .action-label').first().waitFor(); // the menu renders its items after its frame
    const labels = (await menu.locator('.action-item .action-label').allInnerTexts())
      .map((t) => t.trim())
      .filter(Boolean);
    await this.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    return labels;
  }

  /** Polls the Explorer context menu of `name` until `predicate` holds (context keys can arrive after a file changes). */
  async waitForExplorerMenu(name, predicate, what, timeoutMs = 30_000) {
    return pollUntil(() => this.explorerMenu(name), predicate, `${what}; menu`, timeoutMs, 500);
  }

  /**
   * In an open multi-select quick pick: ticks the row labelled `label` and unticks every other ticked row (a picker
   * may preselect rows, e.g. the key selected in a tree), then accepts.
   */
  async quickPickOnly(label) {
    const target = this.quickPickRow(label).first();
    await target.waitFor();
    const ticked = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row[aria-checked="true"]');
    for (const end = Date.now() + 10_000; ; await sleep(200)) {
      const others = ticked.filter({
        hasNot: this.page.locator('.label-name', {
          hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
        }),
      });
      if ((await others.count()) > 0) {
        await others.first().click(); // a click on a row of a multi-select pick toggles its tick
      } else if ((await target.getAttribute('aria-checked')) !== 'true') {
        await target.click();
      } else if (await this.page.locator('.quick-input-widget', { hasText: '1 Selected' }).isVisible()) {
        break;
      }
      if (Date.now() > end) {
        throw new Error(`could not tick only "${label}" in the quick pick`);
      }
    }
    await this.page.keyboard.press('Enter');
  }

  /**
   * Hovers `target` until its tooltip shows `text`, then moves the mouse away, which hides it. A tree row that is
   * drawn again while the mouse rests on it loses the hover, so each try moves off and back on.
   */
  async waitForTooltip(target, text, timeoutMs = 30_000) {
    const tooltip = this.page.locator('.workbench-hover, .monaco-hover', { hasText: text }).first();
    for (const end = Date.now() + timeoutMs; ;) {
      await this.page.mouse.move(700, 400);
      await target.hover();
      try {
        await tooltip.waitFor({ timeout: 3000 });
        break;
      } catch (error) {
        if (Date.now() > end) {
          throw error;
        }
      }
    }
    await this.page.mouse.move(700, 400);
  }

  /** A notification toast containing `text`. */
  notification(text) {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  }

  /** The text of the editor shown in the panel (Output, for instance). */
  panelEditorText() {
    return this.page.locator('#workbench\\.parts\\.panel .monaco-editor .view-lines');
  }

  /** Saves a screenshot; the mouse is moved off the UI first so no hover tooltip is captured. */
  async screenshot(file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.mouse.move(700, 880);
    await this.page.screenshot({ path: file });
  }
}

/** The content frame of the (only) webview panel that is shown: its outer iframe is the host page, the inner one the extension's HTML. */
export function webviewFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/**
 * Answers the workbench's own file dialog (code-server's "simple" dialog is a quick input): types the full path and
 * accepts it. The dialog fills in its default path a moment after it opens, so wait for that before typing, and type
 * again if the first Enter was swallowed.
 */
export async function answerFileDialog(wb, filePath) {
  const input = wb.quickInput();
  await input.waitFor({ state: 'visible' });
  for (const end = Date.now() + 10_000; Date.now() < end && (await input.inputValue()) === ''; await sleep(100)) {
    /* wait */
  }
  await sleep(500);
  for (let attempt = 0; attempt < 3; attempt++) {
    await input.fill(filePath);
    await sleep(500); // the dialog validates the typed path before it accepts Enter
    await wb.page.keyboard.press('Enter');
    try {
      await input.waitFor({ state: 'hidden', timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt === 2) {
        throw err;
      }
    }
  }
}

/**
 * The path the workbench's file dialog proposes: its input's value once `ready` holds for it (the dialog fills in its
 * default a moment after it opens, the folder first). Leaves the dialog open.
 */
export async function fileDialogProposal(wb, ready, timeoutMs = 10_000) {
  const input = wb.quickInput();
  await input.waitFor({ state: 'visible' });
  let value = '';
  for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(100)) {
    value = await input.inputValue();
    if (ready(value)) {
      return value;
    }
  }
  throw new Error(`the file dialog did not propose the expected path; it shows "${value}"`);
}

/**
 * A KMS client for the extension's in-process sandbox, from the test process: the endpoint from the extension's log
 * ("sandbox KMS listening on …"), the credentials from the sandbox's data directory in the extension's global storage.
 */
export async function sandboxKmsClient(server, extensionId = 'aws-kms-workbench.aws-kms-workbench') {
  const dataDir = path.join(server.userDataDir, 'User', 'globalStorage', extensionId, 'sandbox');
  const credentials = JSON.parse(fs.readFileSync(path.join(dataDir, 'credentials.json'), 'utf8'));
  const endpoint = findInFiles(server.tmp, /sandbox KMS listening on (http:\/\/127\.0\.0\.1:\d+)/);
  if (!endpoint) {
    throw new Error(`no "sandbox KMS listening on" line in the logs under ${server.tmp}`);
  }
  const { KMSClient } = await import('@aws-sdk/client-kms');
  return new KMSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
  });
}

function findInFiles(dir, pattern) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.log')) {
      continue;
    }
    const match = pattern.exec(fs.readFileSync(path.join(entry.parentPath ?? entry.path, entry.name), 'utf8'));
    if (match) {
      return match[1];
    }
  }
  return undefined;
}

const artifactsDir = path.join(repoRoot, 'test-results', 'ui');

/**
 * The workbench of a UI suite: `open()` (sets the workspace up, returns the Workbench.open options, may be async) and `ready(wb)` (what
 * the suite waits for) before its tests; a screenshot after each test, test-results/ui/<name>_<test>.png (no name: the
 * test's alone); closed after the suite, then `cleanup()`. The object returned reads the open workbench, so tests use
 * it as the Workbench itself.
 */
export function useWorkbench(name, { open = () => ({}), ready = async () => {}, cleanup = () => {} } = {}) {
  let current;
  before(
    async () => {
      current = await Workbench.open(await open());
      await ready(current);
    },
    { timeout: 120_000 },
  );
  afterEach(async (t) => {
    const shot = `${name ? `${name}_` : ''}${t.name.replace(/\W+/g, '_')}.png`;
    await current?.screenshot(path.join(artifactsDir, shot)).catch(() => {});
  });
  after(async () => {
    await current?.close();
    cleanup();
  });
  return new Proxy(
    {},
    {
      get: (_target, property) => {
        const value = Reflect.get(current ?? {}, property);
        return typeof value === 'function' ? value.bind(current) : value;
      },
    },
  );
}

/** A temporary workspace connected to the sandbox: .vscode/settings.json with `settings` besides, and `files` in it. */
export function sandboxWorkspace(prefix, { settings = {}, files = {} } = {}) {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.mkdirSync(path.join(workspace, '.vscode'));
  fs.writeFileSync(
    path.join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'awsKms.connection': 'sandbox', ...settings }),
  );
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(workspace, name), content);
  }
  return workspace;
}
