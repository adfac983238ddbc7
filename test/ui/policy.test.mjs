// UI test: a key policy edited as a person does it. Right-click a key → Edit Key Policy opens its policy as JSON;
// an edit typed with the keyboard and saved with Ctrl+S asks first, naming the changed statements, and is saved;
// a save of invalid JSON fails, the tab stays dirty and the error is shown; an edit that no longer names the account
// root asks with the lockout warning, and Cancel keeps the edit unsaved. Leaves media/screenshots/key-policy.png.
//   node --test --test-reporter=spec test/ui/policy.test.mjs   (after scripts/setup-test-host.sh, npm run build)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../harness/host.mjs';
import { sandboxWorkspace, useWorkbench } from './workbench.mjs';

const step = { timeout: 120_000 };
const VIEW = 'Keys';
const KEY = 'demo-app';
const FILE = `${KEY}.policy.json`;

describe('A key policy in the editor', () => {
  // Desktop VS Code's default; this host is VS Code for the Web, which auto-saves after a delay (each refused with
  // a notification, test/integration/policy), and the README screenshot shows the desktop experience.
  const workspace = sandboxWorkspace('kms-ui-policy-', { settings: { 'files.autoSave': 'off' } });
  const wb = useWorkbench('policy', {
    open: () => ({ workspace }),
    ready: async (wb) => {
      await wb.openViewContainer('AWS KMS');
      await wb.waitForTreeRows(VIEW, (rows) => rows.some((r) => r.label === KEY), 'the demo keys');
    },
    cleanup: () => fs.rmSync(workspace, { recursive: true, force: true }),
  });
  const tab = () => wb.page.locator('.tab', { hasText: FILE });
  const dirtyTab = () => wb.page.locator('.tab.dirty', { hasText: FILE });
  const editorText = (text) => wb.page.locator('.monaco-editor .view-lines', { hasText: text }).first();
  const dialog = () => wb.page.locator('.monaco-dialog-box');

  /** Selects the first `text` in the editor the way a person does: Ctrl+F, type it, Escape (the match nearest the cursor stays selected). */
  async function select(text) {
    await wb.page.keyboard.press('Control+F');
    await wb.page.locator('.find-widget textarea, .find-widget input').first().waitFor();
    await wb.page.keyboard.type(text);
    await wb.page.keyboard.press('Escape');
  }

  it(
    'Edit Key Policy from the key row opens the policy as JSON; an edit saved with Ctrl+S asks, then saves',
    step,
    async () => {
      await wb.chooseContextMenuItem(wb.treeRow(VIEW, KEY), 'Edit Key Policy');
      await tab().waitFor();
      await editorText('"Version": "2012-10-17"').waitFor();
      await editorText('Enable IAM User Permissions').click();
      await select('IAM');
      await wb.page.keyboard.type('Root');
      await dirtyTab().waitFor();
      await wb.page.keyboard.press('Control+S');
      await dialog().waitFor();
      const question = await dialog().innerText();
      assert.match(question, /Replace the key policy of arn:aws:kms:us-east-1:\d{12}:key\//);
      assert.match(question, /Added: Enable Root User Permissions/);
      assert.match(question, /Removed: Enable IAM User Permissions/);
      assert.doesNotMatch(question, /Warning/);
      await wb.screenshot(path.join(repoRoot, 'media', 'screenshots', 'key-policy.png'));
      await wb.clickDialogButton('Save Policy');
      await dirtyTab().waitFor({ state: 'hidden' });

      // What KMS has now: Show Key Policy reads it again.
      await wb.page.keyboard.press('Control+W');
      await tab().waitFor({ state: 'hidden' });
      await wb.chooseContextMenuItem(wb.treeRow(VIEW, KEY), 'Show Key Policy');
      await editorText('Enable Root User Permissions').waitFor();
      await wb.page.keyboard.press('Control+W');
      await tab().waitFor({ state: 'hidden' });
    },
  );

  it('a save of invalid JSON fails: the tab stays dirty and the error is shown', step, async () => {
    await wb.chooseContextMenuItem(wb.treeRow(VIEW, KEY), 'Edit Key Policy');
    await editorText('"Version": "2012-10-17"').click();
    await wb.page.keyboard.press('Control+End');
    await wb.page.keyboard.type('oops');
    await wb.page.keyboard.press('Control+S');
    await wb.notification('The key policy is not valid JSON').waitFor();
    await dirtyTab().waitFor();
    assert.equal(await dialog().count(), 0, 'nothing to confirm before the text parses');
    // The error is on the document too: a squiggle in the editor.
    await wb.page.locator('.monaco-editor .squiggly-error').first().waitFor();
    await wb.page.keyboard.press('Control+Z');
    await dirtyTab().waitFor({ state: 'hidden' });
  });

  it('an edit that drops the account root asks with the lockout warning; Cancel keeps it unsaved', step, async () => {
    await editorText(':root').click();
    await select(':root');
    await wb.page.keyboard.type(':role/App');
    await wb.page.keyboard.press('Control+S');
    await dialog().waitFor();
    const question = await dialog().innerText();
    assert.match(
      question,
      /Warning: the new policy does not allow the account root \(arn:aws:iam::\d{12}:root\) kms:PutKeyPolicy/,
    );
    assert.match(question, /unmanageable/);
    await wb.clickDialogButton('Cancel');
    await wb.notification('is not saved: you declined').waitFor();
    await dirtyTab().waitFor();
  });
});
