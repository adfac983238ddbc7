import { createPublicKey } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { commitTemp, discardTemp, openTempBeside, type TempFile } from '../core/atomicFile';
import { backupFileName, overwriteWarning } from '../core/backupName';
import { loadedSizeNote } from '../core/keyMaterialSpecs';
import { PageFailure } from './model/pageErrors';
import type { PageUi } from './pageUi';

/**
 * The files of the import workflow, from the dialog that picks them to their bytes: exported parameters for the
 * offline path, the backup, and loaded material.
 */

const l10n = vscode.l10n;

/** Asks for a folder and writes the wrapping key and import token there; returns the folder, or undefined if cancelled. */
export async function exportParameters(
  ui: PageUi,
  params: { publicKey: Uint8Array; token: Uint8Array },
): Promise<string | undefined> {
  const folder = await ui.pickFolder(l10n.t('Export wrapping key and import token to…'));
  if (!folder) {
    return undefined;
  }
  await writeImportParameters(folder.fsPath, params.publicKey, params.token);
  return folder.fsPath;
}

/** Plaintext key material from a file the user picks, with the summary the page shows of it. */
export async function pickPlaintextMaterial(
  ui: PageUi,
  keySpec: string,
): Promise<{ bytes: Buffer; summary: string } | undefined> {
  const uri = await ui.openFile(l10n.t('Load plaintext key material (for example PlaintextKeyMaterial.bin)'));
  if (!uri) {
    return undefined;
  }
  const bytes = await readSmallFile(uri, 16_384);
  const summary = l10n.t({
    message: 'Loaded from {0}{1}',
    args: [basename(uri.fsPath), loadedSizeNote(keySpec, bytes.length)],
    comment: ['{0} is a file name, {1} a note on its size (may be empty)'],
  });
  return { bytes, summary };
}

/** Material wrapped elsewhere and the import token it goes with: two files the user picks. */
export async function pickWrappedMaterial(
  ui: PageUi,
): Promise<{ wrapped: Buffer; token: Buffer; summary: string } | undefined> {
  const material = await ui.openFile(l10n.t('Load wrapped key material (for example EncryptedKeyMaterial.bin)'));
  if (!material) {
    return undefined;
  }
  const token = await ui.openFile(
    l10n.t('Load the import token that goes with its wrapping key (for example importToken.bin)'),
  );
  if (!token) {
    return undefined;
  }
  const wrapped = await readSmallFile(material, 6144);
  const tokenBytes = await readSmallFile(token, 6144);
  const summary = l10n.t({
    message: 'Wrapped material from {0} with the token from {1}',
    args: [basename(material.fsPath), basename(token.fsPath)],
    comment: ['{0} and {1} are file names'],
  });
  return { wrapped, token: tokenBytes, summary };
}

/** Where to save the backup: a local file the user chose (and agreed to overwrite), or undefined if cancelled. */
export async function pickBackupFile(ui: PageUi, keyLabel: string): Promise<string | undefined> {
  // In the home folder, not the workspace: a backup of key material has no business in a repository.
  const proposed = vscode.Uri.file(join(homedir(), backupFileName(keyLabel, new Date())));
  const uri = await ui.saveFile(l10n.t('Save a backup of the key material (readable by you only)'), proposed);
  if (!uri) {
    return undefined;
  }
  if (uri.scheme !== 'file') {
    throw new PageFailure({
      message: l10n.t(
        "Choose a file on this machine's disk for the backup, so it can be written readable by you only (mode 0600).",
      ),
    });
  }
  const path = uri.fsPath;
  const overwrite = async (): Promise<boolean> =>
    ui.confirm(
      l10n.t({ message: 'Overwrite {0}?', args: [path], comment: ['{0} is a file path'] }),
      overwriteWarning(basename(path)),
      l10n.t('Overwrite'),
    );
  return (await fileExists(path)) && !(await overwrite()) ? undefined : path;
}

/** Writes wrappingKey.der/.pem and importToken.bin (0600) for OpenSSL or an HSM. */
export async function writeImportParameters(dir: string, publicKey: Uint8Array, token: Uint8Array): Promise<void> {
  const pem = createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'spki' })
    .export({ format: 'pem', type: 'spki' })
    .toString();
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'wrappingKey.der'), publicKey);
  await writeFile(join(dir, 'wrappingKey.pem'), pem);
  await writeFile(join(dir, 'importToken.bin'), token, { mode: 0o600 });
}

/** Writes `bytes` atomically, readable by the user only (the key-material backup). */
export async function writePrivateFile(path: string, bytes: Uint8Array): Promise<void> {
  let temp: TempFile | undefined;
  try {
    temp = await openTempBeside(path);
    await temp.handle.writeFile(bytes);
    await commitTemp(temp, path, { mode: 0o600, overwrite: true });
    temp = undefined;
  } finally {
    await discardTemp(temp);
  }
}

/** Reads key material or an import token: refuses empty and oversized files, zeroing what it read. */
export async function readSmallFile(uri: vscode.Uri, maxBytes: number): Promise<Buffer> {
  const bytes =
    uri.scheme === 'file' ? await readFile(uri.fsPath) : Buffer.from(await vscode.workspace.fs.readFile(uri));
  if (bytes.length === 0 || bytes.length > maxBytes) {
    bytes.fill(0);
    throw new PageFailure({
      message: l10n.t({
        message: '{0} has {1} bytes: that is not key material or an import token (at most {2} bytes).',
        args: [basename(uri.fsPath), bytes.length, maxBytes],
        comment: ['{0} is a file name, {1} and {2} are numbers'],
      }),
    });
  }
  return bytes;
}

export async function fileExists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
