// UI test: another installed extension gets nothing from AWS KMS Workbench's activate(), and cannot skip a
// confirmation: its `executeCommand('awsKms.key.disable', …, { confirmed: true })` still shows the dialog, and the key
// stays enabled when the user cancels. Only the integration harness opens the test door (src/platform/testDoor.ts).
//   node --test --test-reporter=spec test/ui/otherExtension.test.mjs   (after scripts/setup-test-host.sh, npm run build)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { repoRoot } from '../harness/host.mjs';
import { playground, sandboxKmsClient, useWorkbench } from './workbench.mjs';

const step = { timeout: 90_000 };
const otherExtension = path.join(repoRoot, 'test', 'ui', 'otherExtension');

describe('Another extension', () => {
  const wb = useWorkbench('otherExtension', {
    open: () => ({ workspace: playground, extensions: [repoRoot, otherExtension] }),
    ready: async (wb) => {
      await wb.openViewContainer('AWS KMS');
      await wb.waitForTreeRows('Keys', (rows) => rows.some((r) => r.label === 'demo-app'), 'the demo keys');
    },
  });

  it('gets no exports and cannot skip the Disable Key confirmation; Cancel leaves the key enabled', step, async () => {
    await wb.runCommand('Other Extension: Disable demo-app Without Asking');
    await wb.notification('Other extension: AWS KMS Workbench exports nothing.').waitFor();
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /demo-app/);
    await wb.clickDialogButton('Cancel');
    await wb.notification('Other extension: Disable Key returned.').waitFor();
    const kms = await sandboxKmsClient(wb.server);
    const { DescribeKeyCommand } = await import('@aws-sdk/client-kms');
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/demo-app' }));
    assert.equal(KeyMetadata.KeyState, 'Enabled');
  });
});
