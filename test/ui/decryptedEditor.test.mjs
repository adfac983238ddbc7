// UI test: an encrypted file in the editor, as a user meets it. Encrypted from the palette with its editor active, the
// editor shows the base64 envelope and the status bar warns "is encrypted: Open Decrypted"; a click there opens the
// decrypted view, whose tab says "(decrypted)" so it is never taken for the file; Show Envelope Info renders; its first
// save asks, with the sandbox warning (Cancel keeps the edit, Save encrypts it); and once
// the file is decrypted in place the warning is gone (a notification would have stayed).
//   node --test --test-reporter=spec test/ui/decryptedEditor.test.mjs   (after scripts/setup-test-host.sh, npm run build)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sandboxWorkspace, useWorkbench } from './workbench.mjs';

const step = { timeout: 120_000 };
const FILE = 'notes.env';
const PLAINTEXT = 'API_TOKEN=not-a-real-secret\n';
const ADDED = 'DB_PASSWORD=typed-in-the-decrypted-view';

describe('An encrypted file in the editor', () => {
  const workspace = sandboxWorkspace('kms-ui-decrypted-', { files: { [FILE]: PLAINTEXT } });
  const offer = () => wb.statusBarItem(`${FILE} is encrypted: Open Decrypted`);
  /**
   * An editor tab whose label is exactly `label`: its accessible name (the visible label splits name and suffix),
   * which gains ", Editor Group N" once a second editor group is open.
   */
  const tab = (label) =>
    wb.page.getByRole('tab', { name: new RegExp(`^${label.replace(/[.()]/g, '\\$&')}(, Editor Group \\d+)?$`) });

  const wb = useWorkbench('decryptedEditor', {
    open: () => ({ workspace }),
    ready: async (wb) => {
      await wb.statusBarItem('Sandbox').waitFor();
    },
    cleanup: () => {
      fs.rmSync(workspace, { recursive: true, force: true });
    },
  });

  it('encrypting the open file turns its editor into the envelope, and the status bar warns', step, async () => {
    await wb.page.keyboard.press('Control+P');
    await wb.quickInput().waitFor();
    await wb.quickPick(FILE);
    await tab(FILE).waitFor();
    await wb.runCommand('AWS KMS: Encrypt File…');
    await wb.quickPickOnly('alias/demo-app');
    await wb.clickDialogButton('Encrypt');
    await wb.notification(`Encrypted ${FILE}`).waitFor();
    await wb.page.locator('.monaco-editor .view-lines', { hasText: 'AgV4' }).first().waitFor();
    await offer().waitFor();
  });

  it(
    'the warning opens the decrypted view, labelled "(decrypted)"; Show Envelope Info renders beside it',
    step,
    async () => {
      await offer().click();
      await tab(`${FILE} (decrypted)`).waitFor();
      await wb.page.locator('.monaco-editor .view-lines', { hasText: 'API_TOKEN=not-a-real-secret' }).first().waitFor();
      assert.match(await tab(`${FILE} (decrypted)`).innerText(), /\(decrypted\)/, 'the visible label says so too');
      // The window title names the view the same way (the formatter labels the resource everywhere VS Code asks for it).
      assert.match(await wb.page.title(), new RegExp(`^${FILE.replace('.', '\\.')} \\(decrypted\\)`));
      await wb.runCommand('AWS KMS: Show Envelope Info');
      // The Markdown preview is a webview: its rendered table, not "| purpose |" source in a text editor.
      await wb.page.locator('.tab', { hasText: `Preview ${FILE} (envelope).md` }).waitFor();
      assert.equal(
        await wb.page.locator('.monaco-editor .view-lines', { hasText: '# notes.env' }).count(),
        0,
        'no Markdown source',
      );
    },
  );

  it(
    'saving the decrypted view asks once, with the sandbox warning; Cancel keeps the edit, Save encrypts it',
    step,
    async () => {
      await tab(`${FILE} (decrypted)`).click();
      await wb.page.locator('.monaco-editor .view-lines', { hasText: 'API_TOKEN' }).first().click();
      await wb.page.keyboard.press('Control+End');
      await wb.page.keyboard.type(ADDED);
      const dialog = wb.page.locator('.monaco-dialog-box');
      await wb.page.keyboard.press('Control+S');
      await dialog.waitFor();
      const question = await dialog.innerText();
      assert.match(question, new RegExp(`Save ${FILE.replace('.', '\\.')} under sandbox keys\\?`));
      assert.match(question, /local sandbox keys, not AWS KMS: they protect nothing/);
      const before = fs.readFileSync(path.join(workspace, FILE));
      await wb.clickDialogButton('Cancel');
      await wb.page.locator('.tab.dirty', { hasText: FILE }).waitFor();
      assert.deepEqual(fs.readFileSync(path.join(workspace, FILE)), before, 'Cancel wrote nothing');

      await wb.page.locator('.monaco-editor .view-lines', { hasText: 'API_TOKEN' }).first().click();
      await wb.page.keyboard.press('Control+S');
      await wb.clickDialogButton('Save');
      await wb.page.locator('.tab.dirty', { hasText: FILE }).waitFor({ state: 'hidden' });
      assert.notDeepEqual(fs.readFileSync(path.join(workspace, FILE)), before, 'Save encrypted the edit');
    },
  );

  it('once the file is decrypted in place, the warning is gone', step, async () => {
    await tab(FILE).click();
    await offer().waitFor();
    await wb.runCommand('AWS KMS: Decrypt File');
    await wb.notification(`Decrypted ${FILE}`).waitFor();
    await offer().waitFor({ state: 'hidden' });
    assert.equal(fs.readFileSync(path.join(workspace, FILE), 'utf8'), PLAINTEXT + ADDED);
  });
});
