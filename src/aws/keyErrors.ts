import * as l10n from '@vscode/l10n';
import { isCancelled, KmsExtensionError } from '../core/errors';
import { toKmsExtensionError, type AwsErrorContext } from './awsErrors';
import { usageInKmsMessage, wrongUsageMessage } from './keyUsability';

/**
 * Errors of the key lifecycle commands: where KMS refuses because of the key's state, say what to do about that key
 * (a key pending import → "Import Key Material" for that key); everything else goes through toKmsExtensionError,
 * which names the KMS error and its message.
 */

export interface KeyOperationContext extends AwsErrorContext {
  operation: string;
  /** The key the command acted on: its ARN (the next step's target) and the label the user knows it by. */
  key?: { arn: string; label: string };
  /** The key's spec, when known (DescribeKey): an InvalidKeyUsageException message names only the usage. */
  keySpec?: string;
}

const OPERATION_AND_KEY = ['{0} is the operation, e.g. Enable Key', '{1} names the key'];

export function keyOperationError(error: unknown, context: KeyOperationContext): Error {
  if (isCancelled(error) || error instanceof KmsExtensionError || !(error instanceof Error)) {
    return toKmsExtensionError(error, context);
  }
  const { operation, key } = context;
  const label = key ? key.label : l10n.t('the key');
  const [args, comment] = [[operation, label], OPERATION_AND_KEY];
  const make = (message: string, next?: 'importMaterial' | 'enableKey'): KmsExtensionError =>
    new KmsExtensionError(error.name, message, {
      cause: error,
      ...(next && { next }),
      ...(key && { target: key.arn }),
    });

  if (error.name === 'KMSInvalidStateException' && /pending import/i.test(error.message)) {
    return make(
      l10n.t({
        message: '{0} failed: {1} is pending import, so KMS cannot use it: import its key material first.',
        args,
        comment,
      }),
      'importMaterial',
    );
  }
  if (error.name === 'DisabledException') {
    return make(
      l10n.t({
        message: '{0} failed: {1} is disabled: enable the key, then retry.',
        args,
        comment,
      }),
      'enableKey',
    );
  }
  if (error.name === 'InvalidKeyUsageException') {
    const failed = l10n.t({
      message: '{0} failed',
      args: [operation],
      comment: '{0} is the operation, e.g. Enable Key',
    });
    return make(wrongUsageMessage(label, usageInKmsMessage(error.message), context.keySpec, failed));
  }
  if (error.name === 'KMSInvalidStateException' && /no available key material pending rotation/i.test(error.message)) {
    return make(
      l10n.t({
        message:
          '{0} failed: {1} has no imported key material waiting to become current: import new key material first, then rotate.',
        args,
        comment,
      }),
      'importMaterial',
    );
  }
  if (error.name === 'UnsupportedOperationException' && /KeyRotation$/.test(operation)) {
    return make(
      l10n.t({
        message:
          '{0} failed: automatic rotation is only for symmetric encryption keys whose key material KMS generated; {1} is not one. Keys with imported material rotate with "Rotate Key Now" after new material is imported.',
        args,
        comment,
      }),
    );
  }
  if (error.name === 'NotFoundException' && key) {
    return make(
      l10n.t({
        message: '{0} failed: {1} no longer exists in {2}: refresh the Keys view.',
        args: [operation, label, context.region ?? l10n.t('its region')],
        comment: [...comment, '{2} is an AWS region'],
      }),
    );
  }
  if (error.name === 'AlreadyExistsException') {
    return make(
      l10n.t({
        message: '{0} failed: {1}',
        args: [operation, error.message],
        comment: ['{0} is the operation, e.g. Create Alias', "{1} is KMS's message"],
      }),
    );
  }
  return toKmsExtensionError(error, context);
}
