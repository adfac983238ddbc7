import { realpath, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type * as vscode from 'vscode';
import type { BatchItem } from '../aws/envelope/types';
import type { EncryptionDetection } from './detection';
import type { ExternalControl } from './fileProgress';
import type { DirtyChoice } from './fileTargets';
import type { KeyChoiceDeps } from '../keys/keyChoice';
import type { Logger } from '../platform/logger';

export interface FileCommandDeps extends KeyChoiceDeps {
  log: Logger;
  detection: EncryptionDetection;
}

/**
 * The third argument of the file commands (the first two are VS Code's `uri, uris`): answers to the prompts, for
 * tests, next-step buttons and other extensions, plus a way to follow or cancel the work.
 */
export interface FileCommandOptions extends ExternalControl {
  /** Wrapping keys (encrypt, re-encrypt, selection, data key); skips the key picker. */
  keys?: string[];
  /** Encryption context instead of `awsKms.encryption.context` (encrypt), or a new one (re-encrypt). */
  context?: Record<string, string>;
  /** Skips the confirmation, for the test suites only: see `preconfirmed` in ui/confirm.ts. */
  confirmed?: boolean;
  /** Answer to "save unsaved changes first?". */
  dirty?: DirtyChoice;
  /** Pairs the file's encryption context must contain (decrypt, re-encrypt). */
  expectedContext?: Record<string, string>;
}

export function fileOptions(value: unknown): FileCommandOptions {
  return (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as FileCommandOptions;
}

/** What a file command returns: the outcome per file (the engine's result or its error) and the files it skipped. */
export interface FileCommandResult<R> {
  items: Array<BatchItem<R>>;
  skipped: Array<{ path: string; reason: string }>;
}

/** Sizes by real path (how the engine names files in its progress), for the progress bar. */
export async function fileSizes(targets: vscode.Uri[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const target of targets) {
    const [real, info] = await Promise.all([realpath(target.fsPath), stat(target.fsPath)]);
    sizes.set(real, info.size);
  }
  return sizes;
}

export const nameOf = (path: string): string => basename(path);
