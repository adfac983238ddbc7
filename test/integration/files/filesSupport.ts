import { createHash, randomBytes } from 'crypto';
import { mkdtemp, open, readdir, readFile, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import * as vscode from 'vscode';
import type { FileCommandResult } from '../../../src/files/fileCommandDeps';
import type { TestSurface } from '../../../src/extension';
import type { FileCommandId } from '../../../src/shared/commandIds';

/** Helpers of the file command tests: temp folders, file fingerprints, and the KMS calls the sandbox served. */

export const MIB = 1024 * 1024;

export async function tempFolder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kms-files-'));
}

export async function removeFolder(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(path, 'r');
  try {
    for await (const chunk of handle.createReadStream()) {
      hash.update(chunk as Buffer);
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/** A file of random bytes written in 8 MiB pieces (a 64 MiB buffer would double the test's memory for nothing). */
export async function randomFile(path: string, bytes: number): Promise<void> {
  const handle = await open(path, 'w');
  try {
    for (let done = 0; done < bytes; done += 8 * MIB) {
      await handle.write(randomBytes(Math.min(8 * MIB, bytes - done)));
    }
  } finally {
    await handle.close();
  }
}

export async function firstBytes(path: string, count = 8): Promise<Buffer> {
  return (await readFile(path)).subarray(0, count);
}

/** Files other than `expected` in `dir`: temp files an operation left behind. */
export async function strayFiles(dir: string, expected: string[]): Promise<string[]> {
  return (await readdir(dir)).filter((name) => !expected.includes(name));
}

/** Counts the operations the in-process sandbox KMS serves while it is installed. */
export async function countKmsCalls(
  api: TestSurface,
): Promise<{ served: string[]; count(op: string): number; restore(): void }> {
  const sandbox = await api.sandbox.start();
  const service = sandbox.service;
  const original = service.call.bind(service);
  const served: string[] = [];
  service.call = async (operation: string, body: unknown) => {
    served.push(operation);
    return original(operation, body);
  };
  return {
    served,
    count: (op) => served.filter((name) => name === op).length,
    restore: () => {
      service.call = original;
    },
  };
}

/** Runs a file command through VS Code (with its error wrapper) and returns its result. */
export async function runFileCommand<R>(id: FileCommandId, ...args: unknown[]): Promise<FileCommandResult<R>> {
  return vscode.commands.executeCommand<FileCommandResult<R>>(id, ...args);
}

/** The error a file command throws (called without the wrapper, which would only show it). */
export async function fileCommandError(
  api: TestSurface,
  id: FileCommandId,
  ...args: unknown[]
): Promise<Error & { code?: string; next?: string; target?: string }> {
  try {
    await api.files.commands[id](...args);
  } catch (error) {
    return error as Error & { code?: string; next?: string; target?: string };
  }
  throw new Error(`${id} succeeded, but it should have been refused`);
}

/**
 * Runs a command that opens a quick pick and accepts its focused or ticked rows, as Enter would, once it shows. The
 * extension host cannot see the picker, so it presses Enter every 200 ms until the command has finished.
 */
export async function acceptingThePicker<T>(run: () => Thenable<T>): Promise<T> {
  let done = false;
  const pending = Promise.resolve(run()).finally(() => {
    done = true;
  });
  for (let tries = 0; !done && tries < 50; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (!done) {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
  }
  return pending;
}
