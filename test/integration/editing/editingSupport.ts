import * as assert from 'assert';
import { randomBytes } from 'crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { EnvelopeEngine } from '../../../src/aws/envelope/engine';
import type { TestSurface } from '../../../src/extension';

/** Helpers of the editing tests: encrypted files in the workspace, a sandbox call counter, a plaintext scanner. */

export interface EditingFixture {
  engine: EnvelopeEngine;
  dir: string;
  /** KMS operations the sandbox served since the fixture was made. */
  served: string[];
  /** Makes the sandbox refuse `operation` as a key policy would, until the returned function is called. */
  deny(operation: string): () => void;
  /** Writes `content` to `name` and encrypts it in place (the plaintext file is replaced by the envelope). */
  encrypted(
    name: string,
    content: string | Buffer,
    keys: string[],
    context?: Record<string, string>,
  ): Promise<vscode.Uri>;
  close(): Promise<void>;
}

export async function editingFixture(api: TestSurface): Promise<EditingFixture> {
  const engine = await api.connections.envelopeEngine();
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  const dir = path.join(folder.uri.fsPath, `editing-${randomBytes(4).toString('hex')}`);
  await mkdir(dir);
  const sandbox = await api.sandbox.start();
  const original = sandbox.service.call;
  const served: string[] = [];
  const denied = new Set<string>();
  // The server answers only errors of the extension bundle's own KmsError class (not this test bundle's copy).
  const KmsError = await sandbox.service.call('DescribeKey', { KeyId: 'alias/does-not-exist' }).then(
    () => {
      throw new Error('DescribeKey of a missing alias succeeded');
    },
    (error: Error) => error.constructor as new (type: string, message: string) => Error,
  );
  sandbox.service.call = async (operation: string, body: unknown) => {
    served.push(operation);
    if (denied.has(operation)) {
      throw new KmsError(
        'AccessDeniedException',
        `User: arn:aws:iam::111122223333:user/test is not authorized to perform: kms:${operation}`,
      );
    }
    return original.call(sandbox.service, operation, body);
  };
  return {
    engine,
    dir,
    served,
    deny: (operation) => {
      denied.add(operation);
      return () => {
        denied.delete(operation);
      };
    },
    encrypted: async (name, content, keys, context) => {
      const file = path.join(dir, name);
      await writeFile(file, content);
      await engine.encryptFile(file, { keys, destination: { inPlace: true }, ...(context && { context }) });
      return vscode.Uri.file(file);
    },
    close: async () => {
      sandbox.service.call = original;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The editor showing `uri`, once it is there. */
export async function editorOf(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    if (editor) {
      return editor;
    }
    if (Date.now() > deadline) {
      throw new Error(`no editor shows ${uri.toString()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Undoes unsaved edits and closes the editor of `uri`, without a "Save?" prompt. */
export async function revertAndClose(uri: vscode.Uri): Promise<void> {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!document) {
    return;
  }
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

export const sleep = async (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Files under `roots` (modified since `since`) that contain `marker`, as UTF-8 or UTF-16 (browser storage). Never
 * returns or prints the marker itself, so a failing assertion cannot leak it into a log that a later scan reads.
 */
export async function filesContaining(marker: string, roots: string[], since: number): Promise<string[]> {
  const needles = [Buffer.from(marker, 'utf8'), Buffer.from(marker, 'utf16le')];
  const found: string[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    if (depth > 10) {
      return;
    }
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') {
          await visit(full, depth + 1);
        }
        continue;
      }
      if (!entry.isFile()) {
        continue;
      }
      const info = await stat(full).catch(() => undefined);
      if (!info || info.mtimeMs < since || info.size > 64 * 1024 * 1024) {
        continue;
      }
      const bytes = await readFile(full).catch(() => undefined);
      if (bytes && needles.some((needle) => bytes.includes(needle))) {
        found.push(full);
      }
    }
  };
  for (const root of roots) {
    await visit(root, 0);
  }
  return found;
}

/** Where plaintext must never appear: the workspace, the temp folder, VS Code's user-data folder (from our storage). */
export function plaintextRoots(api: TestSurface): string[] {
  const userData = path.resolve(api.globalStorage.fsPath, '..', '..', '..');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  return [...new Set([folder, tmpdir(), userData])].filter((root) => root !== '');
}
