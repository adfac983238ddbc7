import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { DecryptedFileSystem } from './decryptedFileSystem';
import { decryptedUri } from './decryptedUri';

/**
 * Open Decrypted: decrypts the file in memory first (with progress and cancel), so a refusal (tampered, key pending
 * import, access denied) is one clear error with its next step and no editor opens; then opens the decrypted view,
 * whose read takes that result.
 */
export async function openDecrypted(files: DecryptedFileSystem, file: vscode.Uri): Promise<vscode.TextEditor> {
  const view = decryptedUri(file);
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === view.toString());
  if (!open) {
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Decrypting {0}…', basename(file.fsPath)),
        cancellable: true,
      },
      async (_progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        try {
          await files.prime(file, abort.signal);
        } finally {
          cancel.dispose();
        }
      },
    );
  }
  const document = open ?? (await vscode.workspace.openTextDocument(view));
  return vscode.window.showTextDocument(document, { preview: false });
}
