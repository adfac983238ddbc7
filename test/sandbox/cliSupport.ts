import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { buildCliOnce, ROOT } from '../support/buildCli';
import { spawnCli } from '../support/spawnCli';
import type { SandboxCredentials } from '../../src/sandbox/context';

/** Runs the built `kms-local` CLI as a child process, as a user would. */

export const CLI = join(ROOT, 'dist', 'kms-local.js');

export async function ensureCliBuilt(): Promise<void> {
  return buildCliOnce({ 'kms-local': 'src/sandbox/cli.ts' });
}

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once the CLI has printed its banner; rejects if it exits first. */
  ready: Promise<{ endpoint: string; credentials: SandboxCredentials; region: string }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): CliProcess {
  const { child, stdout, stderr } = spawnCli(CLI, args, env);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const ready = new Promise<{ endpoint: string; credentials: SandboxCredentials; region: string }>(
    (resolve, reject) => {
      const check = (): void => {
        if (!stdout().includes('Press Ctrl+C to stop.')) {
          return;
        }
        const value = (name: string): string => new RegExp(`^export ${name}=(\\S+)$`, 'm').exec(stdout())?.[1] ?? '';
        resolve({
          endpoint: value('AWS_ENDPOINT_URL_KMS'),
          credentials: { accessKeyId: value('AWS_ACCESS_KEY_ID'), secretAccessKey: value('AWS_SECRET_ACCESS_KEY') },
          region: value('AWS_REGION'),
        });
      };
      child.stdout?.on('data', check);
      void exited.then(({ code, signal }) =>
        reject(new Error(`kms-local exited (${code ?? signal}) before it was ready: ${stderr()}`)),
      );
    },
  );
  ready.catch(() => undefined); // callers that only await `exited` must not see an unhandled rejection
  return { child, stdout, stderr, ready, exited };
}
