import * as l10n from '@vscode/l10n';
import { basename } from 'node:path';
import { KmsExtensionError } from '../../core/errors';
import { describeAwsError } from '../awsErrors';
import type { Connection } from '../connection';
import { usageInKmsMessage, wrongUsageMessage } from '../keyUsability';
import { envelopeError, type EnvelopeOperation } from './envelopeError';
import { MalformedKmsResponse, type KmsCallRecord } from './kmsSupplier';

/**
 * Failed KMS calls of an engine call, read from the call log, which keeps the SDK error and the key it concerned
 * (the ESDK itself flattens them into one string): the first names the cause and the next step, the others are
 * listed after it.
 */

export interface KmsFailureContext {
  path: string;
  operation: EnvelopeOperation;
  connection?: Connection;
}

const PERMISSION: Record<KmsCallRecord['operation'], string> = {
  GenerateDataKey: 'kms:GenerateDataKey',
  Encrypt: 'kms:Encrypt',
  Decrypt: 'kms:Decrypt',
};

const KEY = '{0} is a KMS key id or ARN';

export function kmsFailure(failures: KmsCallRecord[], context: KmsFailureContext): KmsExtensionError {
  const [first, ...others] = failures;
  const error = kmsRecordError(first, context);
  if (others.length === 0) {
    return error;
  }
  const rest = others.map((call) => `${call.keyId} (${(call.error as Error).name})`).join(', ');
  const message = l10n.t({
    message: '{0} Other wrapping keys failed too: {1}.',
    args: [error.message, rest],
    comment: ['{0} is the message about the first failed key', '{1} lists the other keys with their errors'],
  });
  return new KmsExtensionError(error.code, message, { cause: error.cause, next: error.next, target: error.target });
}

function kmsRecordError(
  { operation, keyId, region, error }: KmsCallRecord,
  context: KmsFailureContext,
): KmsExtensionError {
  const kmsName = (error as Error).name;
  const kmsMessage = (error as Error).message ?? '';
  const cause = error;
  if (error instanceof MalformedKmsResponse) {
    return envelopeError(
      'MalformedKmsResponse',
      l10n.t({
        message: 'The KMS endpoint returned a malformed {0} response for {1}: check the endpoint.',
        args: [operation, keyId],
        comment: ['{0} is a KMS operation', '{1} is a KMS key id or ARN'],
      }),
      { cause, next: 'checkEndpoint' },
    );
  }
  if (kmsName === 'KMSInvalidStateException' && /pending import/i.test(kmsMessage)) {
    return envelopeError(
      'KeyPendingImport',
      l10n.t({
        message: 'The KMS key {0} is pending import: re-import its key material, then retry.',
        args: [keyId],
        comment: KEY,
      }),
      { cause, next: 'importMaterial', target: keyId },
    );
  }
  if (kmsName === 'KMSInvalidStateException' && /pending deletion/i.test(kmsMessage)) {
    return envelopeError(
      'KeyPendingDeletion',
      l10n.t({
        message: 'The KMS key {0} is pending deletion: cancel the key deletion and enable the key, then retry.',
        args: [keyId],
        comment: KEY,
      }),
      { cause },
    );
  }
  if (kmsName === 'DisabledException') {
    return envelopeError(
      'KeyDisabled',
      l10n.t({ message: 'The KMS key {0} is disabled: enable it, then retry.', args: [keyId], comment: KEY }),
      { cause, next: 'enableKey', target: keyId },
    );
  }
  if (kmsName === 'NotFoundException') {
    return keyNotFound(keyId, region, context.connection, cause);
  }
  if (kmsName === 'AccessDeniedException') {
    const named = /\b(kms:[A-Za-z]+)\b/.exec(kmsMessage)?.[1];
    const denied = l10n.t({
      message:
        'Access denied: {0} on {1} is not allowed for this connection. Ask for it in the key policy or an IAM policy, or select another connection.',
      args: [named ?? PERMISSION[operation], keyId],
      comment: ['{0} is a KMS permission such as kms:Decrypt', '{1} is a KMS key id or ARN'],
    });
    const said = named
      ? ''
      : l10n.t({
          message: ' KMS says: {0}',
          args: [kmsMessage.split('\n')[0].trim()],
          comment: "{0} is KMS's error message; keep the leading space",
        });
    return envelopeError('AccessDenied', denied + said, { cause, next: 'selectConnection' });
  }
  if (kmsName === 'InvalidCiphertextException' || kmsName === 'IncorrectKeyException') {
    return envelopeError(
      'Tampered',
      l10n.t({
        message:
          "KMS could not decrypt the data key of {0} with {1}: the file's encrypted data key or encryption context was modified or damaged. Restore it from a backup.",
        args: [basename(context.path), keyId],
        comment: ['{0} is a file name', '{1} is a KMS key id or ARN'],
      }),
      { cause },
    );
  }
  if (kmsName === 'InvalidKeyUsageException') {
    const cannot = l10n.t({
      message: 'Cannot {0} {1}',
      args: [context.operation, basename(context.path)],
      comment: ['{0} is the operation (encrypt, decrypt, re-encrypt, inspect)', '{1} is a file name'],
    });
    return envelopeError('KeyUnusable', wrongUsageMessage(keyId, usageInKmsMessage(kmsMessage), undefined, cannot), {
      cause,
    });
  }
  if (kmsName === 'KMSInvalidStateException' || kmsName === 'ValidationException') {
    return envelopeError(
      'KeyUnusable',
      l10n.t({
        message: 'The KMS key {0} cannot be used for {1}: {2} Choose an enabled symmetric encryption key.',
        args: [keyId, operation, kmsMessage],
        comment: ['{0} is a KMS key id or ARN', '{1} is a KMS operation', "{2} is KMS's error message"],
      }),
      { cause },
    );
  }
  const description = describeAwsError(error, { connection: context.connection, region, operation });
  return new KmsExtensionError(description.code, description.message, { cause, next: description.next });
}

/**
 * A key the connection does not have. Say where we asked (connection, account, region): a file encrypted under a
 * sandbox key, opened on AWS or in another sandbox, would otherwise read like a typo in a region.
 */
function keyNotFound(
  keyId: string,
  region: string,
  connection: Connection | undefined,
  cause: unknown,
): KmsExtensionError {
  const arn = /^arn:[^:]+:kms:([^:]*):(\d{12}):/.exec(keyId);
  const inRegion = region || arn?.[1] || l10n.t('the region');
  const where = arn
    ? l10n.t({
        message: '{0}, account {1}',
        args: [inRegion, arn[2]],
        comment: ['{0} is an AWS region', '{1} is an AWS account id'],
      })
    : inRegion;
  const comment = [KEY, '{1} says where the key was looked for'];
  const asked = connection ? `${connectionLabel(connection)} (${where})` : where;
  if (connection?.kind === 'sandbox') {
    const message = l10n.t({
      message:
        'The KMS key {0} does not exist in this sandbox ({1}). A sandbox key exists only in the sandbox that made it: decrypt the file with that sandbox, or encrypt it again under a key of this one.',
      args: [keyId, where],
      comment,
    });
    return envelopeError('KeyNotFound', message, { cause, next: 'selectConnection' });
  }
  // A full ARN was not mistyped: the key belongs to an account this connection does not reach.
  const message = arn
    ? l10n.t({
        message:
          'The KMS key {0} does not exist for {1}, or this connection may not see it: select the connection of the account that owns the key.',
        args: [keyId, asked],
        comment,
      })
    : l10n.t({
        message: 'The KMS key {0} does not exist for {1}: check the key id or alias and the region.',
        args: [keyId, asked],
        comment,
      });
  return envelopeError('KeyNotFound', message, { cause, next: arn ? 'selectConnection' : 'selectRegion' });
}

function connectionLabel(connection: Connection): string {
  return connection.kind === 'profile'
    ? l10n.t({ message: 'profile {0}', args: [connection.profile], comment: '{0} is an AWS profile name' })
    : l10n.t('the environment credentials');
}
