// UI test: the encryption key picker as a person meets it. From the palette, Encrypt File on the open file lists the
// sandbox's symmetric encryption keys with their state and usage, leaves the HMAC key out and marks the disabled
// one; choosing the disabled key is refused with Enable Key, which enables it (the Keys view shows it); the key then
// encrypts, after a confirmation that says how the file is stored. Cancel Key Deletion leaves the key disabled and
// offers Enable Key too.
//   node --test --test-reporter=spec --test-concurrency=1 test/ui/pickers.test.mjs   (after npm run build)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sandboxWorkspace, useWorkbench } from './workbench.mjs';

const step = { timeout: 150_000 };
const VIEW = 'Keys';
const FILE = 'secret.txt';

const row = (rows, label) => rows.find((r) => r.label === label);

describe('Encryption key picker', () => {
  let workspace;

  const wb = useWorkbench('pickers', {
    open: () => {
      workspace = sandboxWorkspace('kms-ui-pickers-', { files: { [FILE]: 'api_token = not-for-git\n' } });
      return { workspace };
    },
    ready: async (wb) => {
      await wb.openViewContainer('AWS KMS');
      await wb.waitForTreeRows(
        VIEW,
        (r) => row(r, 'demo-disabled')?.description === 'Disabled · AWS KMS',
        'the demo keys',
      );
    },
    cleanup: () => {
      if (workspace) {
        fs.rmSync(workspace, { recursive: true, force: true });
      }
    },
  });

  it(
    'lists keys with state and usage, marks the disabled one, refuses it with Enable Key, which enables it',
    step,
    async () => {
      // Open the file as a person would without leaving the Keys view: Go to File, type its name.
      await wb.openUntilListed(
        async () => {
          await wb.runCommand('Go to File...');
          await wb.quickInput().fill(FILE);
        },
        FILE,
        30_000,
      );
      await wb.acceptFocused(FILE);
      await wb.page.locator('.tabs-container .tab', { hasText: FILE }).waitFor();

      await wb.openUntilListed(async () => wb.runCommand('AWS KMS: Encrypt File…'), 'alias/demo-disabled', 30_000);
      // The list grows while the catalogue pages in: wait until every demo key the assertions name is listed.
      const items = await waitForPickRows(
        wb,
        (rows) =>
          ['alias/demo-app', 'alias/demo-disabled', 'alias/demo-byok-pending'].every((label) =>
            rows.some((r) => r.label === label),
          ),
        'the demo keys in the picker',
      );
      const item = (label) => items.find((i) => i.label === label);
      assert.equal(item('alias/demo-app')?.description, 'Enabled · Encrypt and decrypt', JSON.stringify(items));
      assert.equal(item('alias/demo-disabled')?.description, 'Disabled · Encrypt and decrypt', JSON.stringify(items));
      assert.match(item('alias/demo-disabled')?.detail ?? '', /Cannot encrypt while disabled: enable the key first/);
      assert.equal(item('alias/demo-byok-pending')?.description, 'Pending import · Encrypt and decrypt');
      assert.match(item('alias/demo-byok-pending')?.detail ?? '', /Cannot encrypt while pending import/);
      assert.equal(item('alias/demo-app')?.detail ?? '', '', 'a usable key is not marked');
      assert.equal(
        item('alias/demo-hmac'),
        undefined,
        `the HMAC key cannot encrypt, so it is not offered: ${JSON.stringify(items)}`,
      );

      await wb.quickPickOnly('alias/demo-disabled');
      const toast = wb.notification('cannot encrypt while it is disabled');
      await toast.waitFor();
      assert.match(
        await toast.innerText(),
        /Encrypt File: alias\/demo-disabled cannot encrypt while it is disabled: enable the key, then retry\./,
      );
      assert.equal(await wb.page.locator('.monaco-dialog-box').count(), 0, 'no confirmation was asked');
      await toast.locator('.monaco-button', { hasText: 'Enable Key' }).click();
      await wb.waitForTreeRows(
        VIEW,
        (r) => row(r, 'demo-disabled')?.description === 'Enabled · AWS KMS',
        'demo-disabled to be enabled',
      );
      assert.equal(
        fs.readFileSync(path.join(workspace, FILE), 'utf8'),
        'api_token = not-for-git\n',
        'the file is untouched',
      );
    },
  );

  it(
    'the enabled key then encrypts, after a confirmation that says the text file is stored as base64 text and that sandbox keys protect nothing',
    step,
    async () => {
      await wb.openUntilListed(async () => wb.runCommand('AWS KMS: Encrypt File…'), 'alias/demo-disabled', 30_000);
      const items = await pickRows(wb);
      assert.equal(items.find((i) => i.label === 'alias/demo-disabled')?.description, 'Enabled · Encrypt and decrypt');
      await wb.quickPickOnly('alias/demo-disabled');
      const dialog = wb.page.locator('.monaco-dialog-box');
      await dialog.waitFor();
      const text = await dialog.innerText();
      assert.match(text, /Stored as: base64 text \(76-column lines\), since the file is text/);
      // On the sandbox the confirmation says that its keys protect nothing.
      assert.match(
        text,
        /These are local sandbox keys, not AWS KMS: they protect nothing, and only this sandbox can decrypt/,
      );
      await wb.clickDialogButton('Encrypt');
      await wb.notification(`Encrypted ${FILE}`).waitFor();
      assert.equal(fs.readFileSync(path.join(workspace, FILE)).subarray(0, 4).toString('latin1'), 'AgV4');
    },
  );

  it('Cancel Key Deletion says KMS leaves the key disabled, and its Enable Key enables it', step, async () => {
    await wb.chooseContextMenuItem(wb.treeRow(VIEW, 'demo-app'), 'Schedule Key Deletion…');
    const days = wb.quickInput();
    await days.waitFor({ state: 'visible' });
    await days.fill('7');
    await wb.page.keyboard.press('Enter');
    await wb.clickDialogButton('Schedule Deletion');
    await wb.waitForTreeRows(
      VIEW,
      (r) => /^Pending deletion/.test(row(r, 'demo-app')?.description ?? ''),
      'demo-app to be pending deletion',
    );

    await wb.chooseContextMenuItem(wb.treeRow(VIEW, 'demo-app'), 'Cancel Key Deletion');
    const toast = wb.notification('KMS leaves the key disabled');
    await toast.waitFor();
    await wb.waitForTreeRows(
      VIEW,
      (r) => row(r, 'demo-app')?.description === 'Disabled · AWS KMS',
      'demo-app to be disabled',
    );
    await toast.locator('.monaco-button', { hasText: 'Enable Key' }).click();
    await wb.waitForTreeRows(
      VIEW,
      (r) => row(r, 'demo-app')?.description === 'Enabled · AWS KMS',
      'demo-app to be enabled',
    );
  });
});

/** The rows of the open quick pick as `{ label, description, detail }`. */
/** Polls the open picker's rows until `predicate` holds; returns them. */
async function waitForPickRows(wb, predicate, what, timeoutMs = 30_000) {
  let rows = [];
  for (
    const end = Date.now() + timeoutMs;
    Date.now() < end;
    await new Promise((resolve) => {
      setTimeout(resolve, 100);
    })
  ) {
    rows = await pickRows(wb);
    if (predicate(rows)) {
      return rows;
    }
  }
  throw new Error(`timed out waiting for ${what}; rows: ${JSON.stringify(rows)}`);
}

async function pickRows(wb) {
  return wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').evaluateAll((rows) =>
    rows.map((r) => ({
      label: r.querySelector('.label-name')?.textContent?.trim() ?? '',
      description: r.querySelector('.label-description')?.textContent?.trim() ?? '',
      detail:
        r.querySelector('.quick-input-list-label-meta .label-name, .quick-input-list-detail')?.textContent?.trim() ??
        '',
    })),
  );
}
