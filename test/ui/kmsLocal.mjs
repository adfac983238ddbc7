// kms-local as a separate process for the UI tests that reach a KMS endpoint through environment credentials and
// AWS_ENDPOINT_URL_KMS, as a user of another KMS emulator would; and a re-signing proxy that stands for another endpoint.
import { spawn } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { SignatureV4 } from '@smithy/signature-v4';
import { loadHost, repoRoot } from '../harness/host.mjs';

export const ACCESS_KEY_ID = 'AKIAFOREIGNTEST00001';
export const SECRET_ACCESS_KEY = 'foreign-endpoint-ui-test-secret-0000000000';

/** Starts kms-local in memory with the demo keys; resolves with its endpoint once it prints its banner. */
export async function startKmsLocal() {
  const proc = spawn(
    loadHost().node,
    [
      path.join(repoRoot, 'dist', 'kms-local.js'),
      '--in-memory',
      '--seed',
      'demo',
      '--access-key-id',
      ACCESS_KEY_ID,
      '--secret-access-key',
      SECRET_ACCESS_KEY,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = readline.createInterface({ input: proc.stdout });
  for await (const line of lines) {
    const match = /^kms-local listening on (\S+)/.exec(line);
    if (match) {
      return { proc, endpoint: match[1] };
    }
  }
  throw new Error('kms-local exited before it listened');
}

/** The environment of a workbench whose own connection is kms-local at `endpoint`: credentials, region, endpoint. */
export function kmsLocalEnv(endpoint) {
  return {
    AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_KMS: endpoint,
  };
}

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
 * Another endpoint in front of kms-local: forwards every request to `target`, signed again for it (kms-local checks
 * the Host header, which SigV4 signs). `intercept(operation, res)` may answer a request itself (it returns true then).
 * Listens on `host` (default loopback); `requests` counts what reached it.
 */
export async function startResigningProxy(target, { host = '127.0.0.1', intercept = () => false } = {}) {
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
    proxy.requests++;
    if (intercept(operation, res)) {
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
  const proxy = { server, requests: 0, endpoint: '' };
  await new Promise((resolve) => server.listen(0, host, resolve));
  proxy.endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${server.address().port}`;
  return proxy;
}
