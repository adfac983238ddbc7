import * as vscode from 'vscode';
import { keyOperationError } from '../aws/keyErrors';
import { kmsCall } from '../aws/kmsCall';
import { sniffEnvelope } from '../core/envelopeFormat';
import { KmsExtensionError } from '../core/errors';
import { rememberKeys } from '../keys/keyChoice';
import { sandboxLines } from '../connections/sandboxWarning';
import { confirmOrCancel } from '../ui/confirm';
import { contextSetting, describeContext } from './fileSettings';
import { oneKeyRequest } from './oneKeyRequest';
import type { FileCommandDeps, FileCommandOptions } from './fileCommandDeps';

/**
 * Encrypt / Decrypt Selection: for inline secrets, each selection is encrypted with KMS Encrypt (at most 4,096
 * bytes: larger data belongs in an encrypted file) and replaced by the base64 ciphertext; Decrypt Selection puts
 * the plaintext back. The encryption context of the settings is bound to each value.
 */

export const KMS_ENCRYPT_MAX_BYTES = 4096;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function activeEditor(): vscode.TextEditor {
  const editor = vscode.window.activeTextEditor;
  const selections = editor?.selections.filter((selection) => !selection.isEmpty) ?? [];
  if (!editor || selections.length === 0) {
    throw new KmsExtensionError(
      'NoSelection',
      vscode.l10n.t('Select the text to encrypt or decrypt in an editor first.'),
    );
  }
  return editor;
}

export async function encryptSelection(deps: FileCommandDeps, options: FileCommandOptions): Promise<number> {
  const editor = activeEditor();
  const selections = editor.selections.filter((selection) => !selection.isEmpty);
  const texts = selections.map((selection) => editor.document.getText(selection));
  for (const text of texts) {
    const size = Buffer.byteLength(text, 'utf8');
    if (size > KMS_ENCRYPT_MAX_BYTES) {
      throw new KmsExtensionError(
        'SelectionTooLarge',
        vscode.l10n.t(
          'The selection is {0} bytes; KMS Encrypt takes at most {1}. Put larger secrets in a file and use Encrypt File… (envelope encryption has no size limit).',
          size,
          KMS_ENCRYPT_MAX_BYTES,
        ),
      );
    }
  }
  const { keyId, context, region, call } = await oneKeyRequest(deps, options, 'Encrypt Selection');
  await confirmSandboxSelection(deps, options, selections.length, keyId, context);
  const ciphertexts: string[] = [];
  for (const text of texts) {
    const plaintext = Buffer.from(text, 'utf8');
    try {
      const { CiphertextBlob } = await call('Encrypt', {
        KeyId: keyId,
        Plaintext: plaintext,
        ...(Object.keys(context).length > 0 && { EncryptionContext: context }),
      });
      if (!CiphertextBlob) {
        throw new Error('KMS Encrypt returned no ciphertext');
      }
      ciphertexts.push(Buffer.from(CiphertextBlob).toString('base64'));
    } catch (error) {
      throw keyOperationError(error, {
        operation: 'Encrypt',
        key: { arn: keyId, label: keyId },
        connection: deps.connections.connection,
        region,
      });
    } finally {
      plaintext.fill(0);
    }
  }
  await replaceSelections(editor, selections, ciphertexts);
  await rememberKeys(deps.workspaceState, [keyId]);
  deps.log.info(`encrypted ${selections.length} selection(s) with ${keyId}`, 'files');
  return selections.length;
}

/**
 * On the sandbox connection Encrypt Selection asks first, with the sandbox warning: a selection is typically a
 * real-looking secret, and a sandbox key protects nothing. Under AWS KMS it replaces the text at once (Undo brings
 * it back), as before.
 */
async function confirmSandboxSelection(
  deps: FileCommandDeps,
  options: FileCommandOptions,
  count: number,
  keyId: string,
  context: Record<string, string>,
): Promise<void> {
  const warning = sandboxLines(deps.connections.connection);
  if (warning.length === 0) {
    return;
  }
  await confirmOrCancel(
    count === 1
      ? vscode.l10n.t('Encrypt the selection under a sandbox key?')
      : vscode.l10n.t('Encrypt {0} selections under a sandbox key?', count),
    [
      ...warning,
      vscode.l10n.t('KMS key: {0}', keyId),
      vscode.l10n.t('Encryption context: {0}', describeContext(context)),
    ].join('\n'),
    vscode.l10n.t('Encrypt'),
    options,
  );
}

export async function decryptSelection(deps: FileCommandDeps, options: FileCommandOptions): Promise<number> {
  const editor = activeEditor();
  const selections = editor.selections.filter((selection) => !selection.isEmpty);
  const blobs = selections.map((selection) => {
    const text = editor.document.getText(selection).replace(/\s+/g, '');
    const bytes = BASE64.test(text) && text.length % 4 === 0 ? Buffer.from(text, 'base64') : undefined;
    if (!bytes || bytes.length === 0) {
      throw new KmsExtensionError(
        'NotCiphertext',
        vscode.l10n.t('The selection is not base64 ciphertext: select exactly the value Encrypt Selection produced.'),
      );
    }
    if (sniffEnvelope(bytes)) {
      throw new KmsExtensionError(
        'NotCiphertext',
        vscode.l10n.t(
          'The selection is an AWS Encryption SDK message, not a KMS ciphertext: decrypt the whole file with Decrypt File.',
        ),
      );
    }
    return bytes;
  });
  const context = options.expectedContext ?? options.context ?? contextSetting(deps.settings);
  const region = deps.connections.region();
  const call = kmsCall(await deps.connections.client(region));
  const plaintexts: string[] = [];
  for (const blob of blobs) {
    let keyId: string | undefined;
    try {
      const { Plaintext, KeyId } = await call('Decrypt', {
        CiphertextBlob: blob,
        ...(Object.keys(context).length > 0 && { EncryptionContext: context }),
      });
      keyId = KeyId;
      if (!Plaintext) {
        throw new Error('KMS Decrypt returned no plaintext');
      }
      const bytes = Buffer.from(Plaintext);
      try {
        plaintexts.push(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      } catch {
        throw new KmsExtensionError(
          'BinaryPlaintext',
          vscode.l10n.t(
            'The decrypted value is not text, so it cannot replace the selection: decrypt it with the AWS CLI instead.',
          ),
        );
      } finally {
        bytes.fill(0);
        Plaintext.fill(0);
      }
    } catch (error) {
      throw selectionDecryptError(error, keyId, deps, region);
    }
  }
  await replaceSelections(editor, selections, plaintexts);
  deps.log.info(`decrypted ${selections.length} selection(s)`, 'files');
  return selections.length;
}

function selectionDecryptError(
  error: unknown,
  keyId: string | undefined,
  deps: FileCommandDeps,
  region: string,
): Error {
  if (error instanceof Error && error.name === 'InvalidCiphertextException') {
    return new KmsExtensionError(
      'InvalidCiphertext',
      vscode.l10n.t(
        'KMS could not decrypt the selection: the encryption context differs from the one it was encrypted with (see awsKms.encryption.context), or the value is not a KMS ciphertext of this account.',
      ),
      { cause: error, next: 'openSettings' },
    );
  }
  return keyOperationError(error, {
    operation: 'Decrypt',
    ...(keyId && { key: { arn: keyId, label: keyId } }),
    connection: deps.connections.connection,
    region,
  });
}

async function replaceSelections(
  editor: vscode.TextEditor,
  selections: readonly vscode.Selection[],
  texts: string[],
): Promise<void> {
  const applied = await editor.edit((edit) => {
    selections.forEach((selection, i) => edit.replace(selection, texts[i]));
  });
  if (!applied) {
    throw new KmsExtensionError(
      'EditFailed',
      vscode.l10n.t('The editor changed while KMS was answering: nothing was replaced; try again.'),
    );
  }
}
