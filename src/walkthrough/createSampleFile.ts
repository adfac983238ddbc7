import * as vscode from 'vscode';
import { CancelledError } from '../core/errors';

/**
 * The walkthrough's "encrypt a file in place" step needs a file that holds nothing of value: this writes one into
 * the first workspace folder (or a folder the user picks) under a name no existing file has (an earlier sample may be encrypted and still be needed), and opens it.
 */

const BASE_NAME = 'kms-walkthrough-sample';

/** `kms-walkthrough-sample.txt`, `kms-walkthrough-sample-2.txt`, …: the names createSampleFile gives. */
export function sampleNumber(name: string): number | undefined {
  const match = new RegExp(`^${BASE_NAME}(?:-(\\d+))?\\.txt$`).exec(name);
  return match ? Number(match[1] ?? 1) : undefined;
}

const sampleText = (): string =>
  [
    vscode.l10n.t('A sample file for the AWS KMS walkthrough.'),
    vscode.l10n.t(
      'Encrypt it in place, delete the key material, and watch decryption fail until you import the same material again.',
    ),
    '',
    'api_token = not-a-real-secret-0000',
    '',
  ].join('\n');

export async function createSampleFile(folder?: vscode.Uri): Promise<vscode.Uri> {
  const target = folder ?? vscode.workspace.workspaceFolders?.[0]?.uri ?? (await pickFolder());
  const uri = await freeName(target);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(sampleText()));
  await vscode.window.showTextDocument(uri, { preview: false });
  return uri;
}

async function pickFolder(): Promise<vscode.Uri> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    title: vscode.l10n.t('Folder for the walkthrough sample file'),
    openLabel: vscode.l10n.t('Create Sample File Here'),
  });
  if (!picked?.[0]) {
    throw new CancelledError();
  }
  return picked[0];
}

async function freeName(folder: vscode.Uri): Promise<vscode.Uri> {
  for (let n = 1; ; n++) {
    const uri = vscode.Uri.joinPath(folder, n === 1 ? `${BASE_NAME}.txt` : `${BASE_NAME}-${n}.txt`);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      return uri;
    }
  }
}
