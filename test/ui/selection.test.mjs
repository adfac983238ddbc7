// UI test: Encrypt Selection and Decrypt Selection as a user walks them on the sandbox. The value is selected with the
// keyboard in an ordinary editor, the command runs from the palette, the key is picked, and the confirmation says
// that sandbox keys protect nothing: Cancel leaves the text, Encrypt replaces it with the base64 ciphertext, and
// Decrypt Selection brings the value back.
//   node --test --test-reporter=spec test/ui/selection.test.mjs   (after scripts/setup-test-host.sh, npm run build)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sandboxWorkspace, useWorkbench } from './workbench.mjs';

const step = { timeout: 90_000 };
const FILE = 'app.env';
const SECRET = 'db_password=hunter2-not-a-real-secret';

describe('Encrypt and decrypt a selection', () => {
  const workspace = sandboxWorkspace('kms-ui-selection-', { files: { [FILE]: `${SECRET}\n` } });
  const line = (text) => wb.page.locator('.monaco-editor .view-lines', { hasText: text }).first();
  /** Selects the first line as a user does: click into it, Home, Shift+End. */
  const selectFirstLine = async () => {
    await wb.page.locator('.monaco-editor .view-line').first().click();
    await wb.page.keyboard.press('Control+Home');
    await wb.page.keyboard.press('Shift+End');
  };

  const wb = useWorkbench('selection', {
    open: () => ({ workspace }),
    ready: async (wb) => {
      await wb.statusBarItem('Sandbox').waitFor();
      await wb.page.keyboard.press('Control+P');
      await wb.quickInput().waitFor();
      await wb.quickPick(FILE);
      await line(SECRET).waitFor();
    },
    cleanup: () => {
      fs.rmSync(workspace, { recursive: true, force: true });
    },
  });

  it('asks with the sandbox warning; Cancel leaves the selection as it was', step, async () => {
    await selectFirstLine();
    await wb.runCommand('AWS KMS: Encrypt Selection…');
    await wb.quickPick('alias/demo-app');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    const question = await dialog.innerText();
    assert.match(question, /Encrypt the selection under a sandbox key\?/);
    assert.match(question, /local sandbox keys, not AWS KMS: they protect nothing/);
    assert.match(question, /alias\/demo-app/);
    await wb.clickDialogButton('Cancel');
    await dialog.waitFor({ state: 'hidden' });
    await line(SECRET).waitFor();
  });

  it('Encrypt replaces the value with its ciphertext; Decrypt Selection brings it back', step, async () => {
    await selectFirstLine();
    await wb.runCommand('AWS KMS: Encrypt Selection…');
    await wb.quickPick('alias/demo-app');
    await wb.clickDialogButton('Encrypt');
    await line(SECRET).waitFor({ state: 'hidden' });
    const ciphertext = await wb.page.locator('.monaco-editor .view-line').first().innerText();
    assert.match(ciphertext.trim(), /^[A-Za-z0-9+/]{40,}={0,2}$/, 'base64 in place of the value');

    await selectFirstLine();
    await wb.runCommand('AWS KMS: Decrypt Selection');
    await line(SECRET).waitFor();
  });
});
