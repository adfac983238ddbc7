import * as vscode from 'vscode';
import { KmsExtensionError } from '../core/errors';

/**
 * `awskms-decrypted:/path/to/file` is the decrypted view of the encrypted file `file:///path/to/file`: the same
 * path, so the editor picks the language from the file name and the tab shows the file's name.
 */
export const DECRYPTED_SCHEME = 'awskms-decrypted';

export function decryptedUri(file: vscode.Uri): vscode.Uri {
  return vscode.Uri.file(file.fsPath).with({ scheme: DECRYPTED_SCHEME });
}

/** The encrypted file behind a decrypted view (or the file itself). */
export function encryptedFileOf(uri: vscode.Uri): vscode.Uri {
  return uri.scheme === DECRYPTED_SCHEME ? vscode.Uri.file(uri.fsPath) : uri;
}

/**
 * The file a command acts on: its argument from a menu (a Uri, or the first of a multi-selection), else the active
 * editor's document. Only files on this machine's disk (the `file` scheme, or a decrypted view of one).
 */
export function targetFile(arg: unknown): vscode.Uri {
  const uri = asUri(Array.isArray(arg) ? arg[0] : arg) ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    throw new KmsExtensionError(
      'NoFile',
      vscode.l10n.t('No file chosen: open an encrypted file in the editor, or right-click one in the Explorer.'),
    );
  }
  const file = encryptedFileOf(uri);
  if (file.scheme !== 'file') {
    throw new KmsExtensionError(
      'NotAFile',
      vscode.l10n.t('{0} is not a file on disk: only files on disk can be decrypted in memory.', uri.toString(true)),
    );
  }
  return file;
}

/** A Uri, or its JSON form (command links in Markdown pass `Uri.toJSON()`). */
function asUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) {
    return value;
  }
  const parts = value as { scheme?: unknown; path?: unknown } | undefined;
  if (typeof parts?.scheme === 'string' && typeof parts.path === 'string') {
    return vscode.Uri.from({ scheme: parts.scheme, path: parts.path });
  }
  return undefined;
}
