// UI test: the Key material page with two keys, in the real workbench against the extension's sandbox. Importing into
// both, Save backup… proposes a different file for each, named after its key, in the home folder; after "Continue
// without a backup" the page still offers Save backup…. Then the first key's material is deleted from the Keys view
// (context menu, modal, typed confirmation): its page shows "Pending import" at once and drops "The key is enabled".
//   node --test --test-reporter=spec --test-concurrency=1 test/ui/keyMaterialFollow.test.mjs   (after npm run build)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { answerFileDialog, fileDialogProposal, playground, useWorkbench, webviewFrame } from './workbench.mjs';

const step = { timeout: 180_000 };
const VIEW = 'Keys';
const FIRST = 'demo-byok-pending'; // no material yet
const SECOND = 'demo-byok-expiring'; // imported material: the new one is staged for rotation

const row = (rows, label) => rows.find((r) => r.label === label);
const backupName = (key) => new RegExp(`^${key}\\.key-material\\.\\d{8}T\\d{6}Z\\.bin$`);

describe('Key material pages of two keys in the workbench', () => {
  let home; // code-server's HOME
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-ui-follow-'));
  const workspace = path.join(dir, 'playground');
  const proposals = [];

  const pageTab = (key) => wb.page.locator('.tab', { hasText: `Key material: ${key}` });

  /** Presses Save backup…, checks what the dialog proposes for `key` and saves there; returns the path. */
  async function saveProposedBackup(frame, key) {
    await frame.locator('#save-backup').click();
    const proposed = await fileDialogProposal(wb, (value) => value.endsWith('.bin'));
    assert.match(path.basename(proposed), backupName(key), 'the name says whose material it is');
    assert.equal(path.dirname(proposed), home, 'proposed in the home folder');
    assert.ok(!proposed.startsWith(workspace), 'not in the workspace');
    await answerFileDialog(wb, proposed);
    await frame.locator('#backup-status', { hasText: `Backup saved to ${proposed} ` }).waitFor(); // the full path
    assert.equal(fs.statSync(proposed).mode & 0o777, 0o600);
    return proposed;
  }

  const wb = useWorkbench('keyMaterialFollow', {
    open: () => {
      fs.cpSync(playground, workspace, { recursive: true });
      return { workspace };
    },
    ready: async (wb) => {
      home = path.join(wb.server.tmp, 'home');
      await wb.openViewContainer('AWS KMS');
      await wb.waitForTreeRows(VIEW, (r) => row(r, FIRST) && row(r, SECOND), 'the demo keys');
      await wb.resizeSidebar(480);
    },
    cleanup: () => {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });

  it(
    'Save backup… proposes a file per key, named after it, in the home folder; after "Continue without a backup" it is still there',
    step,
    async () => {
      // The first key, from its "Pending import" row.
      await wb.treeRow(VIEW, FIRST).click();
      await wb.waitForTreeRows(VIEW, (r) => row(r, 'Pending import — import key material'), 'the import row');
      await wb.treeRow(VIEW, 'Pending import — import key material').click();
      await pageTab(FIRST).waitFor();
      let frame = webviewFrame(wb.page);
      await frame.locator('#get-parameters').click();
      await frame.locator('#parameters-status', { hasText: 'import token expires in' }).waitFor();
      await frame.locator('#generate').click();
      await frame.locator('#material-status', { hasText: 'Generated here' }).waitFor();
      proposals.push(await saveProposedBackup(frame, FIRST));
      await frame.locator('#import').click();
      await frame
        .locator('#notice', { hasText: /Imported key material \([0-9a-f]{8}…\)\. The key is enabled\./ })
        .waitFor();

      // The second key, from its context menu in the Keys view.
      await wb.chooseContextMenuItem(wb.treeRow(VIEW, SECOND), 'Key Material…');
      await pageTab(SECOND).waitFor();
      frame = webviewFrame(wb.page);
      await frame.locator('h1', { hasText: `Key material: ${SECOND}` }).waitFor();
      await frame.locator('#import-new').click(); // new material, for rotation: generating is then the primary step
      await frame.locator('#generate:not([secondary])').waitFor();
      await frame.locator('#get-parameters').click();
      await frame.locator('#parameters-status', { hasText: 'import token expires in' }).waitFor();
      await frame.locator('#generate').click();
      await frame.locator('#material-status', { hasText: 'Generated here' }).waitFor();
      await frame.locator('#decline-backup').click();
      await frame.locator('#backup-status', { hasText: 'No backup.' }).waitFor();
      assert.equal(
        await frame.locator('#import').getAttribute('disabled'),
        null,
        'the import may go ahead without a backup',
      );
      proposals.push(await saveProposedBackup(frame, SECOND)); // changed one's mind: Save backup… is still offered
      assert.notEqual(path.basename(proposals[0]), path.basename(proposals[1]));
      assert.ok(fs.existsSync(proposals[0]), "the first key's backup is still there");
      await frame.locator('#import').click();
      await frame
        .locator('#notice', { hasText: /Imported new key material \([0-9a-f]{8}…\)\. It is pending rotation/ })
        .waitFor();
    },
  );

  it(
    'deleting material from the Keys view: the open page shows "Pending import" and drops "The key is enabled", without Refresh',
    step,
    async () => {
      await pageTab(FIRST).click();
      const frame = webviewFrame(wb.page);
      await frame.locator('#notice', { hasText: 'The key is enabled.' }).waitFor();
      assert.match(await frame.locator('.facts').innerText(), /Key state\s+Enabled\n/);

      await wb.showViewContainer('AWS KMS');
      await wb.chooseContextMenuItem(wb.treeRow(VIEW, FIRST), 'Delete Imported Key Material…');
      await wb.page.locator('.monaco-dialog-box', { hasText: 'becomes Pending import' }).waitFor();
      await wb.clickDialogButton('Delete Key Material…');
      const input = wb.quickInput();
      await input.waitFor({ state: 'visible' });
      await input.pressSequentially(FIRST);
      await wb.page.keyboard.press('Enter');
      await input.waitFor({ state: 'hidden' });

      await frame.locator('.facts dd', { hasText: /^Pending import$/ }).waitFor();
      await frame.locator('#materials tbody tr', { hasText: 'Pending import' }).waitFor();
      assert.equal(await frame.locator('#notice').count(), 0, 'the notice about the enabled key is gone');
      assert.equal(
        await frame.locator('#load-material').getAttribute('secondary'),
        null,
        're-importing proposes loading the backup',
      );
      await wb.waitForTreeRows(
        VIEW,
        (r) => row(r, FIRST)?.description === 'Pending import · External',
        'the deleted material in the tree',
      );
    },
  );
});
