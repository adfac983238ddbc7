// kms-local as a separate process for the UI tests that reach a KMS endpoint through environment credentials and
// AWS_ENDPOINT_URL_KMS, as a user of another KMS emulator would.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
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
