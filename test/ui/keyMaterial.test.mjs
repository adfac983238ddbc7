// UI test: the Key material page in the real workbench against the extension's sandbox — open it from the tree's
// "Pending import" row, get wrapping parameters, generate material, save the backup through the workbench's file
// dialog, import, and see the tree say "Imported"; encrypt a workspace file under the key with Encrypt File… (Explorer
// menu, key picker, confirmation); delete the material (modal) → "Pending import", and Decrypt File fails with a
// "pending import" error and leaves the file encrypted; re-import from the backup → Decrypt File restores the
// plaintext. Leaves media/screenshots/key-material*.png and decrypt-pending-import.png.
//   node --test --test-reporter=spec test/ui/keyMaterial.test.mjs   (after scripts/setup-test-host.sh, npm run build)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../harness/host.mjs';
import { answerFileDialog, playground, useWorkbench, webviewFrame } from './workbench.mjs';

const screenshots = path.join(repoRoot, 'media', 'screenshots');
const step = { timeout: 120_000 };
const VIEW = 'Keys';
const KEY = 'demo-byok-pending';
const FILE = 'secret.txt';
const PLAINTEXT = 'a small secret, kept under imported key material\n';

const row = (rows, label) => rows.find((r) => r.label === label);
const materialRow = (rows) =>
  rows.find((r) => /^[0-9a-f]{8}…?$/.test(r.label) || /^(Current|Pending rotation|Non-current) · /.test(r.description));

describe('Key material page in the workbench', () => {
  let frame;
  let sealed; // the bytes of FILE once encrypted
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-ui-material-'));
  const backup = path.join(dir, 'PlaintextKeyMaterial.bin');
  // A throwaway copy of the playground (its sandbox connection setting), so that encrypting a file leaves the repo alone.
  const workspace = path.join(dir, 'playground'); // the same folder name as the README screenshots have always shown
  const file = path.join(workspace, FILE);
  const cspViolations = [];

  /** Runs a file command from the Explorer's context menu of FILE. */
  async function fromExplorerMenu(item) {
    await wb.runCommand('View: Show Explorer');
    await wb.waitForExplorerMenu(FILE, (l) => l.includes(item), `"${item}" on ${FILE}`);
    await wb.chooseContextMenuItem(wb.explorerRow(FILE), item);
  }

  const wb = useWorkbench('keyMaterial', {
    open: () => {
      fs.cpSync(playground, workspace, { recursive: true });
      fs.writeFileSync(file, PLAINTEXT);
      return { workspace };
    },
    ready: async (wb) => {
      wb.page.on('console', (m) => {
        if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) {
          cspViolations.push(m.text());
        }
      });
      await wb.openViewContainer('AWS KMS');
      await wb.waitForTreeRows(VIEW, (r) => row(r, KEY), 'the demo keys');
      await wb.resizeSidebar(480);
    },
    cleanup: () => {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });

  it('opens from the tree\'s "Pending import" row', step, async () => {
    await wb.treeRow(VIEW, KEY).click();
    await wb.waitForTreeRows(VIEW, (r) => row(r, 'Pending import — import key material'), 'the import row');
    await wb.treeRow(VIEW, 'Pending import — import key material').click();
    await wb.page.locator('.tab', { hasText: `Key material: ${KEY}` }).waitFor();
    frame = webviewFrame(wb.page);
    await frame.locator('h1', { hasText: `Key material: ${KEY}` }).waitFor();
    // States and origins in the Keys tree's words.
    assert.match(
      await frame.locator('.facts').innerText(),
      /Key spec\s+SYMMETRIC_DEFAULT[\s\S]*Key state\s+Pending import\n[\s\S]*Origin\s+External\n/,
    );
    assert.equal(await frame.locator('#wrapping-algorithm').getAttribute('aria-label'), 'Wrapping algorithm');
  });

  it(
    'gets wrapping parameters, generates material, saves the backup (0600) and imports it; the tree shows "Imported"',
    step,
    async () => {
      await frame.locator('#get-parameters').click();
      await frame
        .locator('#parameters-status', {
          hasText: /RSA_2048 · RSAES_OAEP_SHA_256 · import token expires in 2\d:\d\d:\d\d/,
        })
        .waitFor();
      assert.equal(
        await frame.locator('#generate').getAttribute('secondary'),
        null,
        'a first import proposes generating material',
      );
      assert.equal(await frame.locator('#load-material').getAttribute('secondary'), '');
      await frame.locator('#generate').click();
      await frame.locator('#material-status', { hasText: 'Generated here' }).waitFor();
      const step2 = await frame.locator('#step-material').innerText();
      assert.equal(step2.match(/\b32\b/g)?.length, 1, `the size is said once: ${step2}`);
      assert.equal(await frame.locator('#import').getAttribute('disabled'), '', 'import waits for the backup');
      await frame.locator('#save-backup').click();
      await answerFileDialog(wb, backup);
      await frame.locator('#backup-status', { hasText: `Backup saved to ${backup} ` }).waitFor(); // the full path
      assert.equal(fs.statSync(backup).mode & 0o777, 0o600);
      assert.equal(fs.statSync(backup).size, 32);
      await frame.locator('#material-description').locator('input').fill('first import');
      await frame.locator('#step-import').scrollIntoViewIfNeeded();
      await wb.screenshot(path.join(screenshots, 'key-material-import.png'));
      await frame.locator('#import').click();
      await frame
        .locator('#notice', { hasText: /Imported key material \([0-9a-f]{8}…\)\. The key is enabled\./ })
        .waitFor();
      await frame.locator('#materials tbody tr', { hasText: 'first import' }).waitFor();
      const rows = await wb.waitForTreeRows(
        VIEW,
        (r) =>
          row(r, KEY)?.description === 'Enabled · External' &&
          materialRow(r)?.description.startsWith('Current · Imported · does not expire'),
        'the imported material in the tree',
      );
      assert.match(materialRow(rows).description, /first import$/);
      assert.deepEqual(cspViolations, [], 'the page runs under its CSP without violations');
    },
  );

  it(
    'encrypts a workspace file under the key with Encrypt File… (Explorer menu, key picker, confirmation)',
    step,
    async () => {
      await fromExplorerMenu('Encrypt File…');
      await wb.quickPickOnly(`alias/${KEY}`);
      const dialog = wb.page.locator('.monaco-dialog-box');
      await dialog.waitFor();
      assert.match(
        await dialog.innerText(),
        new RegExp(`Encrypt ${FILE.replace('.', '\\.')} in place\\?[\\s\\S]*KMS keys: alias/${KEY}$`, 'm'),
      );
      await wb.clickDialogButton('Encrypt');
      await wb.notification(`Encrypted ${FILE} with alias/${KEY}`).waitFor();
      sealed = fs.readFileSync(file);
      assert.equal(sealed.subarray(0, 4).toString('latin1'), 'AgV4', 'base64 armour of an ESDK v2 message');
      assert.ok(!sealed.toString('latin1').includes('a small secret'));
      await wb.waitForExplorerMenu(FILE, (l) => l.includes('Decrypt File'), `Decrypt File on the encrypted ${FILE}`);
    },
  );

  it(
    'delete material (modal) → "Pending import", and Decrypt File fails with "pending import", leaving the file encrypted',
    step,
    async () => {
      await wb.showViewContainer('AWS KMS');
      await frame.locator('#delete-0').click();
      await wb.page.locator('.monaco-dialog-box', { hasText: 'becomes Pending import' }).waitFor();
      await wb.clickDialogButton('Delete Key Material');
      await frame.locator('#notice', { hasText: 'Deleted the key material' }).waitFor();
      await frame.locator('#materials tbody tr', { hasText: 'Pending import' }).waitFor();
      assert.match(await frame.locator('.facts').innerText(), /Key state\s+Pending import\n/);
      await wb.waitForTreeRows(
        VIEW,
        (r) =>
          row(r, KEY)?.description === 'Pending import · External' &&
          /Pending import/.test(materialRow(r)?.description ?? ''),
        'the deleted material in the tree',
      );

      await wb.runCommand('Notifications: Clear All Notifications'); // the screenshot shows only the error
      await fromExplorerMenu('Decrypt File');
      const error = wb.notification('is pending import');
      await error.waitFor();
      await wb.notification(`Decrypting ${FILE}`).waitFor({ state: 'hidden' });
      assert.match(
        await error.innerText(),
        /The KMS key arn:aws:kms:\S+:key\/\S+ is pending import: re-import its key material, then retry\./,
      );
      await error.locator('.monaco-button', { hasText: 'Import Key Material' }).waitFor();
      assert.ok(fs.readFileSync(file).equals(sealed), 'the file is unchanged: still encrypted');
      await wb.screenshot(path.join(screenshots, 'decrypt-pending-import.png'));
      await wb.runCommand('Notifications: Clear All Notifications');
      await error.waitFor({ state: 'hidden' });
    },
  );

  it(
    're-imports from the backup file → Decrypt File restores the plaintext; saves the README screenshot',
    step,
    async () => {
      await wb.showViewContainer('AWS KMS');
      // The key had material: loading the backup, not generating, is the step's primary button.
      assert.equal(
        await frame.locator('#load-material').getAttribute('secondary'),
        null,
        'Load plaintext key material… is primary',
      );
      assert.equal(
        await frame.locator('#generate').getAttribute('secondary'),
        '',
        'Generate key material is secondary',
      );
      await frame.locator('#load-material').click();
      await answerFileDialog(wb, backup);
      await frame.locator('#material-status', { hasText: /^Loaded from PlaintextKeyMaterial\.bin$/ }).waitFor();
      assert.equal(
        await frame.locator('#import-existing').getAttribute('checked'),
        '',
        'proposes a re-import of the existing material',
      );
      await frame.locator('#import').click();
      await frame.locator('#notice', { hasText: /Imported key material .*The key is enabled\./ }).waitFor();
      await wb.waitForTreeRows(
        VIEW,
        (r) =>
          row(r, KEY)?.description === 'Enabled · External' &&
          materialRow(r)?.description.startsWith('Current · Imported'),
        'the re-imported material in the tree',
      );
      await frame.locator('h1').scrollIntoViewIfNeeded();
      await wb.screenshot(path.join(screenshots, 'key-material.png'));

      await fromExplorerMenu('Decrypt File');
      await wb.notification(`Decrypted ${FILE}`).waitFor();
      assert.equal(fs.readFileSync(file, 'utf8'), PLAINTEXT);
      await wb.waitForExplorerMenu(FILE, (l) => l.includes('Encrypt File…'), `Encrypt File… on the decrypted ${FILE}`);
    },
  );

  it(
    'opens from the palette with a key picker ("AWS KMS: Key Material…"), and comes back after a window reload',
    step,
    async () => {
      const title = 'AWS KMS: Key Material…';
      await wb.openUntilListed(
        async () => {
          await (await wb.openPalette()).fill(`>${title}`);
        },
        title,
        30_000,
      );
      await wb.quickPickRow(title).click(); // "Delete Imported Key Material…" matches the query as well, and may be first
      await wb.quickPickRow('demo-byok-expiring').first().waitFor();
      await wb.quickPick('demo-byok-expiring');
      await wb.page.locator('.tab', { hasText: 'Key material: demo-byok-expiring' }).waitFor();
      await webviewFrame(wb.page).locator('#materials tbody tr', { hasText: 'Imported' }).waitFor();
      // The expiry: a date in the display language's format (English here), and the same remaining days as the Keys tree.
      const expiry = await webviewFrame(wb.page).locator('#materials tbody tr [data-format="expiry"]').innerText();
      const [, pageDays] =
        /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M UTC \((expires in \d+ days)\)$/.exec(expiry) ?? [];
      assert.ok(pageDays, `the page's expiry: ${expiry}`);
      await wb.showViewContainer('AWS KMS');
      const rows = await wb.waitForTreeRows(
        VIEW,
        (r) => /material expires in \d+ days$/.test(row(r, 'demo-byok-expiring')?.description ?? ''),
        'the expiring key in the tree',
      );
      assert.equal(
        row(rows, 'demo-byok-expiring').description.replace(/^.* material /, ''),
        pageDays,
        'the tree and the page agree on the days left',
      );

      // Reload through the command: it saves the workbench state (open editors, webview state) before it reloads.
      await wb.openUntilListed(
        async () => {
          await (await wb.openPalette()).fill('>Developer: Reload Window');
        },
        'Developer: Reload Window',
        30_000,
      );
      await Promise.all([
        wb.page.waitForEvent('load', { timeout: 60_000 }),
        wb.acceptFocused('Developer: Reload Window'),
      ]);
      await wb.page.locator('.monaco-workbench').waitFor();
      await wb.page.locator('.tab', { hasText: 'Key material: demo-byok-expiring' }).waitFor({ timeout: 60_000 });
      await webviewFrame(wb.page)
        .locator('h1', { hasText: 'Key material: demo-byok-expiring' })
        .waitFor({ timeout: 60_000 });
      await webviewFrame(wb.page).locator('#materials tbody tr', { hasText: 'Imported' }).waitFor();
    },
  );
});
