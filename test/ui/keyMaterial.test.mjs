// UI test: the Key material page in the real workbench against the extension's sandbox — open it from the tree's
// "Pending import" row, get wrapping parameters, generate material, save the backup through the workbench's file
// dialog, import, and see the tree say "Imported"; delete the material (modal) → "Pending import" and a ciphertext
// no longer decrypts; re-import from the backup → it decrypts again. Leaves media/screenshots/key-material*.png.
//   node --test --test-reporter=spec test/ui/keyMaterial.test.mjs   (after scripts/setup-test-host.sh, npm run build)
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DecryptCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { repoRoot, sleep } from '../harness/host.mjs';
import { answerFileDialog, sandboxKmsClient, webviewFrame, Workbench } from './workbench.mjs';

const playground = path.join(repoRoot, 'test', 'fixtures', 'playground');
const artifactsDir = path.join(repoRoot, 'test-results', 'ui');
const screenshots = path.join(repoRoot, 'media', 'screenshots');
const step = { timeout: 120_000 };
const VIEW = 'Keys';
const KEY = 'demo-byok-pending';

async function waitForRows(wb, predicate, what, timeoutMs = 30_000) {
  let rows = [];
  for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(200)) {
    rows = await wb.treeRowTexts(VIEW);
    if (predicate(rows)) { return rows; }
  }
  throw new Error(`timed out waiting for ${what}; rows: ${JSON.stringify(rows)}`);
}

const row = (rows, label) => rows.find((r) => r.label === label);
const materialRow = (rows) => rows.find((r) => /^[0-9a-f]{8}…?$/.test(r.label) || /^(Current|Pending rotation|Non-current) · /.test(r.description));

describe('Key material page in the workbench', () => {
  let wb;
  let frame;
  let kms;
  let blob;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-ui-material-'));
  const backup = path.join(dir, 'PlaintextKeyMaterial.bin');
  const cspViolations = [];

  before(async () => {
    wb = await Workbench.open({ workspace: playground });
    wb.page.on('console', (m) => { if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) { cspViolations.push(m.text()); } });
    await wb.activityBarItem('AWS KMS').waitFor();
    await wb.openViewContainer('AWS KMS');
    await waitForRows(wb, (r) => row(r, KEY), 'the demo keys');
    await wb.resizeSidebar(480);
  }, { timeout: 120_000 });

  afterEach(async (t) => {
    await wb?.screenshot(path.join(artifactsDir, `keyMaterial_${t.name.replace(/\W+/g, '_')}.png`)).catch(() => {});
  });

  after(async () => {
    kms?.destroy();
    await wb?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens from the tree\'s "Pending import" row', step, async () => {
    await wb.treeRow(VIEW, KEY).click();
    await waitForRows(wb, (r) => row(r, 'Pending import — import key material'), 'the import row');
    await wb.treeRow(VIEW, 'Pending import — import key material').click();
    await wb.page.locator('.tab', { hasText: `Key material: ${KEY}` }).waitFor();
    frame = webviewFrame(wb.page);
    await frame.locator('h1', { hasText: `Key material: ${KEY}` }).waitFor();
    assert.match(await frame.locator('.facts').innerText(), /Key spec\s+SYMMETRIC_DEFAULT[\s\S]*Key state\s+PendingImport[\s\S]*Origin\s+EXTERNAL/);
    assert.equal(await frame.locator('#wrapping-algorithm').getAttribute('aria-label'), 'Wrapping algorithm');
  });

  it('gets wrapping parameters, generates material, saves the backup (0600) and imports it; the tree shows "Imported"', step, async () => {
    await frame.locator('#get-parameters').click();
    await frame.locator('#parameters-status', { hasText: /RSA_2048 · RSAES_OAEP_SHA_256 · import token in 2\d:\d\d:\d\d/ }).waitFor();
    await frame.locator('#generate').click();
    await frame.locator('#material-status', { hasText: 'Generated here: 32 random bytes' }).waitFor();
    assert.equal(await frame.locator('#import').getAttribute('disabled'), '', 'import waits for the backup');
    await frame.locator('#save-backup').click();
    await answerFileDialog(wb, backup);
    await frame.locator('#backup-status', { hasText: 'Backup saved to PlaintextKeyMaterial.bin' }).waitFor();
    assert.equal(fs.statSync(backup).mode & 0o777, 0o600);
    assert.equal(fs.statSync(backup).size, 32);
    await frame.locator('#material-description').locator('input').fill('first import');
    await frame.locator('#step-import').scrollIntoViewIfNeeded();
    await wb.screenshot(path.join(screenshots, 'key-material-import.png'));
    await frame.locator('#import').click();
    await frame.locator('#notice', { hasText: /Imported key material \([0-9a-f]{8}…\)\. The key is enabled\./ }).waitFor();
    await frame.locator('#materials tbody tr', { hasText: 'first import' }).waitFor();
    const rows = await waitForRows(wb, (r) => row(r, KEY)?.description === 'Enabled · External' && materialRow(r)?.description.startsWith('Current · Imported · does not expire'), 'the imported material in the tree');
    assert.match(materialRow(rows).description, /first import$/);
    assert.deepEqual(cspViolations, [], 'the page runs under its CSP without violations');
  });

  it('delete material (modal) → "Pending import", and a ciphertext can no longer be decrypted', step, async () => {
    kms = await sandboxKmsClient(wb.server);
    const encrypted = await kms.send(new EncryptCommand({ KeyId: `alias/${KEY}`, Plaintext: Buffer.from('a small secret') }));
    blob = encrypted.CiphertextBlob;
    await frame.locator('#delete-0').click();
    await wb.page.locator('.monaco-dialog-box', { hasText: 'becomes Pending import' }).waitFor();
    await wb.clickDialogButton('Delete Key Material');
    await frame.locator('#notice', { hasText: 'Deleted the key material' }).waitFor();
    await frame.locator('#materials tbody tr', { hasText: 'Pending import' }).waitFor();
    await waitForRows(wb, (r) => row(r, KEY)?.description === 'Pending import · External' && /Pending import/.test(materialRow(r)?.description ?? ''), 'the deleted material in the tree');
    await assert.rejects(kms.send(new DecryptCommand({ CiphertextBlob: blob })), /pending import/i);
  });

  it('re-imports from the backup file → the ciphertext decrypts again; saves the README screenshot', step, async () => {
    await frame.locator('#load-material').click();
    await answerFileDialog(wb, backup);
    await frame.locator('#material-status', { hasText: 'Loaded from PlaintextKeyMaterial.bin (32 bytes)' }).waitFor();
    assert.equal(await frame.locator('#import-existing').getAttribute('checked'), '', 'proposes a re-import of the existing material');
    await frame.locator('#import').click();
    await frame.locator('#notice', { hasText: /Imported key material .*The key is enabled\./ }).waitFor();
    await waitForRows(wb, (r) => row(r, KEY)?.description === 'Enabled · External' && materialRow(r)?.description.startsWith('Current · Imported'), 'the re-imported material in the tree');
    const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob: blob }));
    assert.equal(Buffer.from(Plaintext).toString(), 'a small secret');
    await frame.locator('h1').scrollIntoViewIfNeeded();
    await wb.screenshot(path.join(screenshots, 'key-material.png'));
  });

  it('opens from the palette with a key picker ("AWS KMS: Key Material…"), and comes back after a window reload', step, async () => {
    const title = 'AWS KMS: Key Material…';
    await wb.openUntilListed(async () => { await (await wb.openPalette()).fill(`>${title}`); }, title, 30_000);
    await wb.quickPickRow(title).click(); // "Delete Imported Key Material…" matches the query as well, and may be first
    await wb.quickPickRow('demo-byok-expiring').first().waitFor();
    await wb.quickPick('demo-byok-expiring');
    await wb.page.locator('.tab', { hasText: 'Key material: demo-byok-expiring' }).waitFor();
    await webviewFrame(wb.page).locator('#materials tbody tr', { hasText: 'Imported' }).waitFor();

    // Reload through the command: it saves the workbench state (open editors, webview state) before it reloads.
    await wb.openUntilListed(async () => { await (await wb.openPalette()).fill('>Developer: Reload Window'); }, 'Developer: Reload Window', 30_000);
    await Promise.all([wb.page.waitForEvent('load', { timeout: 60_000 }), wb.acceptFocused('Developer: Reload Window')]);
    await wb.page.locator('.monaco-workbench').waitFor();
    await wb.page.locator('.tab', { hasText: 'Key material: demo-byok-expiring' }).waitFor({ timeout: 60_000 });
    await webviewFrame(wb.page).locator('h1', { hasText: 'Key material: demo-byok-expiring' }).waitFor({ timeout: 60_000 });
    await webviewFrame(wb.page).locator('#materials tbody tr', { hasText: 'Imported' }).waitFor();
  });
});
