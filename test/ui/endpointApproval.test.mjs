// UI test: a trusted workspace whose settings point awsKms.endpointUrl at an endpoint that is neither AWS's nor on
// this machine (a proxy to kms-local on this machine's network address). The status bar says the endpoint comes from
// the workspace settings; the first request waits for the user: Cancel sends nothing and the Keys view says how to be
// asked again; after Reload AWS Configuration, Allow Endpoint lets the keys load, and the choice is kept.
//   node --test --test-reporter=spec test/ui/endpointApproval.test.mjs   (after scripts/setup-test-host.sh, npm run build)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kmsLocalEnv, startKmsLocal, startResigningProxy } from './kmsLocal.mjs';
import { useWorkbench } from './workbench.mjs';

const step = { timeout: 120_000 };
const VIEW = 'Keys';
const EXTENSION_ID = 'aws-kms-workbench.aws-kms-workbench';

/** This machine's first non-loopback IPv4 address: an endpoint there is neither AWS's nor loopback. */
function networkAddress() {
  const address = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  assert.ok(address, 'this test needs a network interface besides loopback');
  return address;
}

describe('an endpoint that is neither AWS nor loopback, from trusted workspace settings', () => {
  let kms;
  let proxy;
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-ui-endpoint-'));
  const dialog = () => wb.page.locator('.monaco-dialog-box');

  const wb = useWorkbench('endpointApproval', {
    open: async () => {
      kms = await startKmsLocal();
      proxy = await startResigningProxy(kms.endpoint, { host: networkAddress() });
      fs.mkdirSync(path.join(workspace, '.vscode'));
      fs.writeFileSync(
        path.join(workspace, '.vscode', 'settings.json'),
        JSON.stringify({ 'awsKms.endpointUrl': proxy.endpoint }),
      );
      // The user's own connection: environment credentials, and kms-local on loopback as their endpoint.
      return { workspace, env: kmsLocalEnv(kms.endpoint) };
    },
    ready: (wb) => wb.openViewContainer('AWS KMS'),
    cleanup: () => {
      proxy?.server.close();
      kms?.proc.kill('SIGINT');
      fs.rmSync(workspace, { recursive: true, force: true });
    },
  });

  it('the first request asks; Cancel sends nothing, and the Keys view says how to be asked again', step, async () => {
    await dialog().waitFor();
    const question = await dialog().innerText();
    assert.match(question, new RegExp(`Send KMS requests to ${proxy.endpoint.replace(/[.]/g, '\\.')}\\?`));
    assert.match(question, /neither an AWS endpoint nor on this machine\. It comes from awsKms\.endpointUrl\./);
    await wb.clickDialogButton('Cancel');
    const failed = wb.treeRow(VIEW, 'Failed to load keys — click for log');
    await wb.waitForTooltip(failed, 'you did not allow that endpoint');
    assert.equal(proxy.requests, 0, 'no request reached the endpoint');
  });

  it('the status bar says the endpoint comes from the workspace settings', step, async () => {
    const item = wb.statusBarItem('workspace settings');
    await item.waitFor();
    assert.match((await item.textContent()).replace(/\s+/g, ' '), /env · us-east-1 · workspace settings/);
    await wb.waitForTooltip(item, `Endpoint from workspace settings: ${proxy.endpoint}`);
  });

  it('after Reload AWS Configuration, Allow Endpoint loads the keys; the choice is kept', step, async () => {
    await wb.runCommand('AWS KMS: Reload AWS Configuration');
    await dialog().waitFor();
    await wb.clickDialogButton('Allow Endpoint');
    await wb.waitForTreeRows(VIEW, (rows) => rows.some((r) => r.label === 'demo-app'), "kms-local's keys");
    assert.ok(proxy.requests > 0, 'the requests went to the endpoint the workspace named');
    const kept = path.join(wb.server.userDataDir, 'User', 'globalStorage', EXTENSION_ID, 'allowed-endpoints.json');
    assert.deepEqual(JSON.parse(fs.readFileSync(kept, 'utf8')), [proxy.endpoint]);
  });
});
