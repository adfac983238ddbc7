// UI test: the Explorer's context menu offers Encrypt on plain files and Decrypt / Re-encrypt on encrypted ones
// (detected by content, through the awsKms.encryptedResources context key), and Encrypt File… works end to end
// from that menu: key picker, confirmation showing the context, notification, and the menu flips.
//   node --test --test-reporter=spec test/ui/files.test.mjs   (after scripts/setup-test-host.sh, npm run build)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sandboxWorkspace, useWorkbench } from './workbench.mjs';

const step = { timeout: 120_000 };

describe('Encrypted files in the Explorer', () => {
  let workspace;

  const wb = useWorkbench('files', {
    open: () => {
      workspace = sandboxWorkspace('kms-ui-files-', {
        settings: { 'awsKms.encryption.context': { purpose: 'ui-test' } },
        files: {
          'plain.txt': 'nothing secret yet\n',
          'batch-1.txt': 'one\n',
          'batch-2.txt': 'two\n',
          // Detection reads only the first bytes: an ESDK v2 header start (version 2, suite 0x0578) is what it looks for.
          'sealed.bin': Buffer.concat([Buffer.from([0x02, 0x05, 0x78]), Buffer.alloc(64, 7)]),
        },
      });
      return { workspace };
    },
    ready: async (wb) => {
      await wb.runCommand('View: Show Explorer');
      await wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'plain.txt' }).waitFor();
    },
    cleanup: () => {
      if (workspace) {
        fs.rmSync(workspace, { recursive: true, force: true });
      }
    },
  });

  it('offers Encrypt on a plain file and Decrypt / Re-encrypt on an encrypted one', step, async () => {
    const sealed = await wb.waitForExplorerMenu(
      'sealed.bin',
      (l) => l.includes('Decrypt File'),
      'Decrypt File on sealed.bin',
    );
    assert.ok(sealed.includes('Re-encrypt File…'), JSON.stringify(sealed));
    assert.ok(!sealed.includes('Encrypt File…'), JSON.stringify(sealed));
    const plain = await wb.explorerMenu('plain.txt');
    assert.ok(plain.includes('Encrypt File…'), JSON.stringify(plain));
    assert.ok(!plain.includes('Decrypt File'), JSON.stringify(plain));
  });

  it(
    'encrypts a file from the Explorer menu with a picked key, after a confirmation that shows the context',
    step,
    async () => {
      await wb.chooseContextMenuItem(
        wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'plain.txt' }).first(),
        'Encrypt File…',
      );
      // Several keys may be chosen: tick the key's row, then accept.
      const keyRow = wb.quickPickRow('alias/demo-app').first();
      await keyRow.click();
      await wb.page.locator('.quick-input-widget', { hasText: '1 Selected' }).waitFor();
      await wb.page.keyboard.press('Enter');
      const dialog = wb.page.locator('.monaco-dialog-box');
      await dialog.waitFor();
      assert.match(await dialog.innerText(), /Encrypt plain\.txt in place\?[\s\S]*purpose=ui-test/);
      await wb.clickDialogButton('Encrypt');
      await wb.notification('Encrypted plain.txt').waitFor();
      const header = fs.readFileSync(path.join(workspace, 'plain.txt')).subarray(0, 4);
      assert.equal(
        header.toString('latin1'),
        'AgV4',
        'base64 armour of an ESDK v2 message with the signed committing suite',
      );
      await wb.waitForExplorerMenu(
        'plain.txt',
        (l) => l.includes('Decrypt File'),
        'Decrypt File on the encrypted plain.txt',
      );
    },
  );

  it('a batch confirmation lists its files; Escape there changes nothing', step, async () => {
    await wb.explorerRow('batch-1.txt').click();
    await wb.explorerRow('batch-2.txt').click({ modifiers: ['Control'] });
    await wb.chooseContextMenuItem(wb.explorerRow('batch-2.txt'), 'Encrypt File…');
    await wb.quickPickOnly('alias/demo-app');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Encrypt 2 files in place\?[\s\S]*Files \(2\): batch-1\.txt, batch-2\.txt/);
    await wb.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(fs.readFileSync(path.join(workspace, 'batch-1.txt'), 'utf8'), 'one\n');
    assert.equal(fs.readFileSync(path.join(workspace, 'batch-2.txt'), 'utf8'), 'two\n');
  });
});
