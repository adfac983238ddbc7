// Page helpers for UI tests that drive the real VS Code workbench (code-server) in headless Chromium.
// Selectors are VS Code's own DOM (stable across 1.9x-1.13x); keep them here so a workbench change is
// fixed in one place, not in every test.
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium, repoRoot, startCodeServer, workbenchUrl } from '../harness/host.mjs';

export const fixtureWorkspace = path.join(repoRoot, 'test', 'fixtures', 'workspace');
const sidebarSelector = '#workbench\\.parts\\.sidebar';

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
  static async open({ workspace = fixtureWorkspace, extensions = [repoRoot], env = {} } = {}) {
    const server = await startCodeServer({ workspace, extensions, env });
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

  /** Clicks an activity-bar entry and waits until the side bar shows that container. */
  async openViewContainer(title) {
    await this.activityBarItem(title).click();
    await this.sidebar().locator('.composite.title', { hasText: title }).waitFor();
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
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  /** Runs a command by its palette title, e.g. "Output: Show Output Channels...". */
  async runCommand(title) {
    const input = await this.openPalette();
    await input.fill(`>${title}`);
    await this.pickFocused(title);
  }

  /** In an open quick pick: filters by `label`, waits until the focused row is that item, accepts it. */
  async quickPick(label) {
    await this.quickInput().fill(label);
    await this.pickFocused(label);
  }

  async pickFocused(label) {
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused');
    await row.filter({ has: this.page.locator('.label-name', { hasText: label }) }).waitFor();
    await this.page.keyboard.press('Enter');
  }

  /** The labels of the visible rows of a tree view, found by its aria-label (the view's name). */
  async treeRows(viewName) {
    return this.treeView(viewName).locator('.monaco-list-row .label-name').allInnerTexts();
  }

  treeView(viewName) {
    return this.sidebar().locator(`.monaco-list[aria-label^="${viewName}"]`);
  }

  /** Right-clicks `target` (a locator) and clicks the context-menu item with this label. */
  async clickContextMenuItem(target, itemLabel) {
    await target.click({ button: 'right' });
    const item = this.page.locator('.context-view .monaco-menu .action-item', { hasText: itemLabel }).first();
    await item.click();
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
