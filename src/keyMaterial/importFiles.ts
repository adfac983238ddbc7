import { createPublicKey } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { commitTemp, discardTemp, openTempBeside, type TempFile } from '../core/atomicFile';
import { PageFailure } from './pageFailure';

/** The files of the import workflow: exported parameters for the offline path, the backup, and loaded material. */

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
      message: `${basename(uri.fsPath)} has ${bytes.length} bytes: that is not key material or an import token (at most ${maxBytes} bytes).`,
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
