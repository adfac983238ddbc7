import * as vscode from 'vscode';
import { keyOperationError } from '../aws/keyErrors';
import { reachMilestone } from '../walkthrough/milestones';
import { oneKeyRequest } from './oneKeyRequest';
import type { FileCommandDeps, FileCommandOptions } from './fileCommandDeps';

/**
 * Generate Data Key…: KMS GenerateDataKey (AES_256) shown as the AWS CLI prints it, in an untitled editor that is
 * never saved by us, with a warning that its Plaintext is a secret. It is the step under envelope encryption:
 * Encrypt File does the same and keeps the plaintext key in memory only.
 */
export async function generateDataKey(
  deps: FileCommandDeps,
  options: FileCommandOptions,
): Promise<vscode.TextDocument> {
  const { keyId, context, region, call } = await oneKeyRequest(deps, options, 'Generate Data Key');
  let output;
  try {
    output = await call('GenerateDataKey', {
      KeyId: keyId,
      KeySpec: 'AES_256',
      ...(Object.keys(context).length > 0 && { EncryptionContext: context }),
    });
  } catch (error) {
    throw keyOperationError(error, {
      operation: 'GenerateDataKey',
      key: { arn: keyId, label: keyId },
      connection: deps.connections.connection,
      region,
    });
  }
  const { CiphertextBlob, Plaintext, KeyId } = output;
  if (!CiphertextBlob || !Plaintext || !KeyId) {
    throw new Error('KMS GenerateDataKey returned an incomplete response');
  }
  // The field names and order of `aws kms generate-data-key --output json`.
  const json = JSON.stringify(
    {
      CiphertextBlob: Buffer.from(CiphertextBlob).toString('base64'),
      Plaintext: Buffer.from(Plaintext).toString('base64'),
      KeyId,
      ...(output.KeyMaterialId && { KeyMaterialId: output.KeyMaterialId }),
    },
    null,
    4,
  );
  Plaintext.fill(0);
  const document = await vscode.workspace.openTextDocument({ language: 'json', content: `${json}\n` });
  await vscode.window.showTextDocument(document, { preview: false });
  reachMilestone('dataKeyGenerated');
  deps.log.info(`generated a data key under ${KeyId}`, 'files');
  void vscode.window.showWarningMessage(
    vscode.l10n.t(
      'The "Plaintext" field is a secret data key. It is only in this untitled editor: copy what you need, then close it without saving. ' +
        'Store only the CiphertextBlob; KMS Decrypt turns it back into the key.',
    ),
  );
  return document;
}
