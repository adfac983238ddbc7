import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { buildCliOnce, ROOT } from '../support/buildCli';
import { spawnCli } from '../support/spawnCli';
import type { RunningSandbox } from '../../src/sandbox/sandbox';

/** Runs the built `kms-envelope` CLI as a child process, as a user would, against a test's sandbox. */

export const CLI = join(ROOT, 'dist', 'kms-envelope.js');

/** The CLI and its verifier thread beside it, built from the current source. */
export async function ensureEnvelopeCliBuilt(): Promise<void> {
  return buildCliOnce({
    'kms-envelope': 'src/cli/kmsEnvelope.ts',
    'envelope-verifier': 'src/aws/envelope/verifyWorker.ts',
  });
}

/** An environment with the sandbox's credentials and nothing else from AWS: no profile files, no other settings. */
export function sandboxEnv(sandbox: RunningSandbox, home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_ACCESS_KEY_ID: sandbox.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sandbox.credentials.secretAccessKey,
    AWS_REGION: sandbox.region,
    AWS_ENDPOINT_URL_KMS: sandbox.endpoint,
  };
}

export interface CliRun {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export function runEnvelopeCli(args: string[], env: NodeJS.ProcessEnv): CliRun {
  const { child, stdout, stderr } = spawnCli(CLI, args, env);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => {
      child.on('close', (code, signal) => resolve({ code, signal, stdout: stdout(), stderr: stderr() }));
    },
  );
  return { child, done };
}
