import { spawn, type ChildProcess } from 'node:child_process';
import { cliNode } from './cliNode';

export interface SpawnedCli {
  child: ChildProcess;
  /** All the CLI has written to stdout so far. */
  stdout(): string;
  stderr(): string;
}

/**
 * Runs a built CLI script as a user would, collecting its output as it comes: on the tests' Node (cliNode), or on
 * `node` (the Node running the tests, to see the CLI refuse it).
 */
export function spawnCli(script: string, args: string[], env: NodeJS.ProcessEnv, node = cliNode()): SpawnedCli {
  const child = spawn(node, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return { child, stdout: () => out, stderr: () => err };
}
