// UI test: an untrusted folder whose .vscode/settings.json points awsKms.endpointUrl at a local listener, opened in
// Restricted Mode (workspace trust on, nobody trusted the folder). The user's own connection is environment
// credentials with AWS_ENDPOINT_URL_KMS at kms-local. The extension lists kms-local's keys, and the listener the
// workspace named receives no request: VS Code reads the restricted settings from user settings only.
//   node --test --test-reporter=spec test/ui/untrustedWorkspace.test.mjs   (after scripts/setup-test-host.sh, npm run build)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { kmsLocalEnv, startKmsLocal } from './kmsLocal.mjs';
import { useWorkbench } from './workbench.mjs';

const step = { timeout: 120_000 };
const VIEW = 'Keys';

describe('an untrusted workspace that redirects the KMS endpoint', () => {
  let kms;
  const listener = { server: undefined, requests: 0 };
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-ui-untrusted-'));
  const wb = useWorkbench('untrustedWorkspace', {
    open: async () => {
      kms = await startKmsLocal();
      listener.server = http.createServer((request, response) => {
        listener.requests++;
        response.writeHead(500).end();
      });
      await new Promise((resolve) => listener.server.listen(0, '127.0.0.1', resolve));
      fs.mkdirSync(path.join(workspace, '.vscode'));
      fs.writeFileSync(
        path.join(workspace, '.vscode', 'settings.json'),
        JSON.stringify({
          'awsKms.endpointUrl': `http://127.0.0.1:${listener.server.address().port}`,
          'awsKms.connection': 'environment',
        }),
      );
      return {
        workspace,
        workspaceTrust: true,
        env: kmsLocalEnv(kms.endpoint),
      };
    },
    ready: (wb) => wb.openViewContainer('AWS KMS'),
    cleanup: () => {
      listener.server?.close();
      kms?.proc.kill('SIGINT');
      fs.rmSync(workspace, { recursive: true, force: true });
    },
  });

  it(
    'opens in Restricted Mode and lists the keys of the user-level connection, not the workspace endpoint',
    step,
    async () => {
      await wb.statusBarItem('Restricted Mode').waitFor();
      await wb.waitForTreeRows(
        VIEW,
        (rows) => rows.some((r) => r.label === 'demo-byok-pending'),
        "kms-local's demo keys through the user's own endpoint",
      );
      assert.equal(listener.requests, 0, 'the endpoint the untrusted workspace named got no request');
      assert.equal(await wb.statusBarItem('workspace settings').count(), 0, 'no workspace setting is in effect');
    },
  );
});
