// UI test: the Keys view as a user sees it in the real workbench — the playground folder selects the sandbox,
// whose demo keys the tree lists with their state; a context-menu action changes a key; the status bar warns about
// expiring key material. Leaves media/screenshots/keys-tree.png for the README.
//   node --test --test-reporter=spec test/ui/keysTree.test.mjs   (after scripts/setup-test-host.sh, npm run build)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { repoRoot } from '../harness/host.mjs';
import { playground, useWorkbench } from './workbench.mjs';

const step = { timeout: 90_000 };
const VIEW = 'Keys';

const row = (rows, label) => rows.find((r) => r.label === label);

describe('Keys view in the workbench', () => {
  const wb = useWorkbench('keysTree', {
    open: () => ({ workspace: playground }),
    ready: (wb) => wb.openViewContainer('AWS KMS'),
  });

  it('lists the sandbox demo keys with their state and origin', step, async () => {
    const rows = await wb.waitForTreeRows(
      VIEW,
      (r) => row(r, 'demo-app') && row(r, 'demo-byok-pending'),
      'the demo keys',
    );
    assert.deepEqual(
      rows.slice(0, 2).map((r) => r.label),
      ['us-east-1', 'Customer managed keys'],
    );
    assert.equal(row(rows, 'demo-app').description, 'Enabled · AWS KMS');
    assert.equal(row(rows, 'demo-disabled').description, 'Disabled · AWS KMS');
    assert.equal(row(rows, 'demo-byok-pending').description, 'Pending import · External');
    assert.match(row(rows, 'demo-byok-expiring').description, /^Enabled · External · material expires in (9|10) days$/);
    assert.equal(row(rows, 'demo-hmac').description, 'Enabled · AWS KMS · HMAC_256');
    assert.ok(row(rows, 'AWS managed keys'), 'the AWS managed keys category is listed');
  });

  it('disables a key from its context menu after a confirmation; the row says Disabled', step, async () => {
    await wb.chooseContextMenuItem(wb.treeRow(VIEW, 'demo-app'), 'Disable Key…');
    await wb.clickDialogButton('Disable Key');
    await wb.waitForTreeRows(
      VIEW,
      (r) => row(r, 'demo-app')?.description === 'Disabled · AWS KMS',
      'demo-app to be disabled',
    );
    await wb.chooseContextMenuItem(wb.treeRow(VIEW, 'demo-app'), 'Enable Key');
    await wb.waitForTreeRows(
      VIEW,
      (r) => row(r, 'demo-app')?.description === 'Enabled · AWS KMS',
      'demo-app to be enabled again',
    );
  });

  it('offers only the actions that apply to a key pending import', step, async () => {
    await wb.treeRow(VIEW, 'demo-byok-pending').click({ button: 'right' });
    const items = await wb.page.locator('.context-view .monaco-menu .action-item .action-label').allInnerTexts();
    await wb.page.keyboard.press('Escape');
    const labels = items.map((t) => t.trim()).filter(Boolean);
    assert.ok(labels.includes('Import Key Material…'), labels.join(', '));
    assert.ok(labels.includes('Schedule Key Deletion…'), labels.join(', '));
    for (const absent of [
      'Enable Key',
      'Disable Key…',
      'Cancel Key Deletion',
      'Rotate Key Now…',
      'Delete Imported Key Material…',
    ]) {
      assert.ok(!labels.includes(absent), `${absent} is not offered for a key pending import: ${labels.join(', ')}`);
    }
  });

  it('from the palette, asks for one of the keys the command applies to', step, async () => {
    await wb.openUntilListed(async () => wb.runCommand('AWS KMS: Disable Key…'), 'demo-hmac', 30_000);
    const offered = await wb.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name')
      .allInnerTexts();
    assert.ok(offered.includes('demo-app'), offered.join(', '));
    for (const absent of ['demo-disabled', 'demo-byok-pending']) {
      assert.ok(!offered.includes(absent), `${absent} cannot be disabled: ${offered.join(', ')}`);
    }
    await wb.quickPick('demo-hmac');
    await wb.clickDialogButton('Disable Key');
    await wb.waitForTreeRows(
      VIEW,
      (r) => row(r, 'demo-hmac')?.description === 'Disabled · AWS KMS · HMAC_256',
      'demo-hmac to be disabled',
    );
    await wb.runCommandAndPick('AWS KMS: Enable Key', 'demo-hmac');
    await wb.waitForTreeRows(
      VIEW,
      (r) => row(r, 'demo-hmac')?.description === 'Enabled · AWS KMS · HMAC_256',
      'demo-hmac to be enabled again',
    );
  });

  it('warns in the status bar about key material that expires soon', step, async () => {
    const item = wb.statusBarItem('key material');
    await item.waitFor();
    assert.match(await item.innerText(), /demo-byok-expiring: key material expires in (9|10) days/);
  });

  it(
    'shows key materials and the import row when keys are expanded, and saves the README screenshot',
    step,
    async () => {
      await wb.treeRow(VIEW, 'demo-byok-expiring').click();
      await wb.waitForTreeRows(
        VIEW,
        (r) => r.some((x) => /^Current · Imported · expires in/.test(x.description)),
        'the material row',
      );
      await wb.treeRow(VIEW, 'demo-byok-pending').click();
      await wb.waitForTreeRows(VIEW, (r) => row(r, 'Pending import — import key material'), 'the import row');
      await wb.treeRow(VIEW, 'demo-app').click();
      await wb.waitForTreeRows(VIEW, (r) => row(r, 'Automatic rotation'), 'the rotation rows');
      await wb.resizeSidebar(560);
      await wb.treeRow(VIEW, 'us-east-1').click(); // selects a neutral row (and collapses nothing: it toggles)
      await wb.treeRow(VIEW, 'us-east-1').click();
      await wb.waitForTreeRows(VIEW, (r) => row(r, 'demo-app'), 'the keys after toggling the region');
      await wb.screenshot(path.join(repoRoot, 'media', 'screenshots', 'keys-tree.png'));
    },
  );
});
