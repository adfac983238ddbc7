// UI test: another KMS emulator that lacks an operation. A real kms-local behind a small proxy that answers
// GetParametersForImport with an HTML error page (HTTP 500), as an emulator without import support does, and signs
// everything else again for kms-local. The workbench uses it through environment credentials and
// AWS_ENDPOINT_URL_KMS, as a user would. The Keys view lists its keys, and pressing "Get wrapping parameters" on the
// Key material page reads "This endpoint does not support GetParametersForImport (HTTP 500)", not a JSON SyntaxError.
//   node --test --test-reporter=spec test/ui/foreignEndpoint.test.mjs   (after scripts/setup-test-host.sh, npm run build)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kmsLocalEnv, startKmsLocal, startResigningProxy } from './kmsLocal.mjs';
import { useWorkbench, webviewFrame } from './workbench.mjs';

const step = { timeout: 120_000 };
const VIEW = 'Keys';
const KEY = 'demo-byok-pending';

/** GetParametersForImport gets the HTML page of a broken gateway; everything else goes on to kms-local. */
const withoutImport = (operation, res) => {
  if (operation !== 'TrentService.GetParametersForImport') {
    return false;
  }
  res.writeHead(500, { 'content-type': 'text/html' }).end('<!doctype html><html><body>Not implemented</body></html>');
  return true;
};

describe('A foreign KMS endpoint without import support', () => {
  let kms;
  let proxy;
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-ui-foreign-'));

  const wb = useWorkbench('foreignEndpoint', {
    open: async () => {
      kms = await startKmsLocal();
      proxy = await startResigningProxy(kms.endpoint, { intercept: withoutImport });
      return {
        workspace,
        env: kmsLocalEnv(proxy.endpoint),
      };
    },
    ready: (wb) => wb.openViewContainer('AWS KMS'),
    cleanup: () => {
      proxy?.server.close();
      kms?.proc.kill('SIGINT');
      fs.rmSync(workspace, { recursive: true, force: true });
    },
  });

  it('lists the keys the endpoint has', step, async () => {
    await wb.waitForTreeRows(VIEW, (rows) => rows.some((r) => r.label === KEY), 'the demo keys through the proxy');
  });

  it(
    '"Get wrapping parameters" says the endpoint does not support GetParametersForImport (HTTP 500)',
    step,
    async () => {
      await wb.treeRow(VIEW, KEY).click();
      await wb.waitForTreeRows(
        VIEW,
        (rows) => rows.some((r) => r.label === 'Pending import — import key material'),
        'the import row',
      );
      await wb.treeRow(VIEW, 'Pending import — import key material').click();
      const page = webviewFrame(wb.page);
      await page.locator('h1', { hasText: `Key material: ${KEY}` }).waitFor();
      await page.locator('#get-parameters').click();
      const error = page.getByText('This endpoint does not support GetParametersForImport (HTTP 500)');
      await error.waitFor();
      const text = await page.locator('body').innerText();
      assert.ok(
        text.includes(proxy.endpoint) && text.includes('AWS_ENDPOINT_URL_KMS'),
        'names the endpoint and where it came from',
      );
      assert.doesNotMatch(text, /SyntaxError|Unexpected token|doctype/i);
    },
  );
});
