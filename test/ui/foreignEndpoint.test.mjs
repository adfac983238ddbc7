// UI test: another KMS emulator that lacks an operation. A real kms-local behind a small proxy that answers
// GetParametersForImport with an HTML error page (HTTP 500), as an emulator without import support does, and signs
// everything else again for kms-local. The workbench uses it through environment credentials and
// AWS_ENDPOINT_URL_KMS, as a user would. The Keys view lists its keys, and pressing "Get wrapping parameters" on the
// Key material page reads "This endpoint does not support GetParametersForImport (HTTP 500)", not a JSON SyntaxError.
//   node --test --test-reporter=spec test/ui/foreignEndpoint.test.mjs   (after scripts/setup-test-host.sh, npm run build)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { ACCESS_KEY_ID, kmsLocalEnv, SECRET_ACCESS_KEY, startKmsLocal } from './kmsLocal.mjs';
import { useWorkbench, webviewFrame } from './workbench.mjs';

const step = { timeout: 120_000 };
const VIEW = 'Keys';
const KEY = 'demo-byok-pending';

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape the SigV4 signer takes. */
class NodeSha256 {
  constructor(secret) {
    this.hash = secret ? createHmac('sha256', secret) : createHash('sha256');
  }
  update(data) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

/**
 * Forwards every request to `target`, signed again for it (kms-local checks the Host header, which SigV4 signs), except
 * GetParametersForImport, which gets the HTML page of a broken gateway.
 */
async function startProxy(target) {
  const upstream = new URL(target);
  const signer = new SignatureV4({
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
    region: 'us-east-1',
    service: 'kms',
    sha256: NodeSha256,
  });
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) {
      chunks.push(chunk);
    }
    const body = Buffer.concat(chunks).toString('utf8');
    const operation = req.headers['x-amz-target'];
    if (operation === 'TrentService.GetParametersForImport') {
      res
        .writeHead(500, { 'content-type': 'text/html' })
        .end('<!doctype html><html><body>Not implemented</body></html>');
      return;
    }
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: upstream.hostname,
      port: Number(upstream.port),
      path: '/',
      query: {},
      headers: { host: upstream.host, 'content-type': req.headers['content-type'], 'x-amz-target': operation },
      body,
    });
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: 'POST', path: '/', headers: signed.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    forward.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, endpoint: `http://127.0.0.1:${server.address().port}` };
}

describe('A foreign KMS endpoint without import support', () => {
  let kms;
  let proxy;
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-ui-foreign-'));

  const wb = useWorkbench('foreignEndpoint', {
    open: async () => {
      kms = await startKmsLocal();
      proxy = await startProxy(kms.endpoint);
      return {
        workspace,
        env: kmsLocalEnv(proxy.endpoint),
      };
    },
    ready: async (wb) => {
      await wb.activityBarItem('AWS KMS').waitFor();
      await wb.openViewContainer('AWS KMS');
    },
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
