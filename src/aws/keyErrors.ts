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

export function keyOperationError(error: unknown, context: KeyOperationContext): Error {
  if (isCancelled(error) || error instanceof KmsExtensionError || !(error instanceof Error)) {
    return toKmsExtensionError(error, context);
  }
  const { operation, key } = context;
  const label = key ? key.label : 'the key';
  const make = (message: string, next?: 'importMaterial' | 'enableKey'): KmsExtensionError =>
    new KmsExtensionError(error.name, message, {
      cause: error,
      ...(next && { next }),
      ...(key && { target: key.arn }),
    });

  if (error.name === 'KMSInvalidStateException' && /pending import/i.test(error.message)) {
    return make(
      `${operation} failed: ${label} is pending import, so KMS cannot use it: import its key material first.`,
      'importMaterial',
    );
  }
  if (error.name === 'DisabledException') {
    return make(`${operation} failed: ${label} is disabled: enable the key, then retry.`, 'enableKey');
  }
  if (error.name === 'InvalidKeyUsageException') {
    return make(wrongUsageMessage(label, usageInKmsMessage(error.message), context.keySpec, `${operation} failed`));
  }
  if (error.name === 'KMSInvalidStateException' && /no available key material pending rotation/i.test(error.message)) {
    return make(
      `${operation} failed: ${label} has no imported key material waiting to become current: import new key material first, then rotate.`,
      'importMaterial',
    );
  }
  if (error.name === 'UnsupportedOperationException' && /KeyRotation$/.test(operation)) {
    return make(
      `${operation} failed: automatic rotation is only for symmetric encryption keys whose key material KMS generated; ${label} is not one. Keys with imported material rotate with "Rotate Key Now" after new material is imported.`,
    );
  }
  if (error.name === 'NotFoundException' && key) {
    return make(
      `${operation} failed: ${label} no longer exists in ${context.region ?? 'its region'}: refresh the Keys view.`,
    );
  }
  if (error.name === 'AlreadyExistsException') {
    return make(`${operation} failed: ${error.message}`);
  }
  return toKmsExtensionError(error, context);
}
