import * as l10n from '@vscode/l10n';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import { KmsExtensionError } from '../core/errors';

/**
 * Whether a key can encrypt (Encrypt, GenerateDataKey, envelope encryption): only a symmetric encryption key
 * (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT) ever can; one of those can't while it is disabled, pending import or pending
 * deletion. Pickers leave out the first kind and mark the second; commands refuse both before any confirmation or
 * KMS data call, with a message that names the key and what to do instead of KMS's bare exception.
 */

export type Unusable =
  | { reason: 'wrongUsage'; usage: string; spec: string }
  | {
      reason: 'disabled' | 'pendingImport' | 'pendingDeletion' | 'pendingReplicaDeletion' | 'unavailable' | 'notReady';
      state: string;
    };

/** The key's spec and usage allow encryption at all (an HMAC, signing or key-agreement key never does). */
export function canEverEncrypt(meta: KeyMetadata): boolean {
  return (
    (meta.KeySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT' &&
    (meta.KeyUsage ?? 'ENCRYPT_DECRYPT') === 'ENCRYPT_DECRYPT'
  );
}

/** Why the key cannot encrypt now; undefined when it can. */
export function whyCannotEncrypt(meta: KeyMetadata): Unusable | undefined {
  if (!canEverEncrypt(meta)) {
    return { reason: 'wrongUsage', usage: meta.KeyUsage ?? 'unknown', spec: meta.KeySpec ?? 'unknown' };
  }
  const state = meta.KeyState ?? 'unknown';
  switch (meta.KeyState) {
    case 'Enabled':
    case undefined:
      return undefined;
    case 'Disabled':
      return { reason: 'disabled', state };
    case 'PendingImport':
      return { reason: 'pendingImport', state };
    case 'PendingDeletion':
      return { reason: 'pendingDeletion', state };
    case 'PendingReplicaDeletion':
      return { reason: 'pendingReplicaDeletion', state };
    case 'Unavailable':
      return { reason: 'unavailable', state };
    default:
      return { reason: 'notReady', state };
  }
}

/** `label` names the key as the user knows it; `arn` is the target of the next step (Enable Key, Import Key Material). */
export interface KeyNaming {
  label: string;
  arn: string;
}

/** The error for a key that cannot do `operation` (e.g. "Encrypt File"), or undefined when it can. */
export function keyRefusal(meta: KeyMetadata, key: KeyNaming, operation: string): KmsExtensionError | undefined {
  const why = whyCannotEncrypt(meta);
  if (!why) {
    return undefined;
  }
  const cannot = l10n.t({
    message: '{0}: {1} cannot encrypt',
    args: [operation, key.label],
    comment: ['{0} is the operation, e.g. Encrypt File', '{1} names the key'],
  });
  const comment = '{0} says which key cannot encrypt for which operation';
  const target = { target: key.arn };
  switch (why.reason) {
    case 'wrongUsage':
      return new KmsExtensionError('InvalidKeyUsage', wrongUsageMessage(key.label, why.usage, why.spec, operation));
    case 'disabled':
      return new KmsExtensionError(
        'KeyDisabled',
        l10n.t({ message: '{0} while it is disabled: enable the key, then retry.', args: [cannot], comment }),
        { next: 'enableKey', ...target },
      );
    case 'pendingImport':
      return new KmsExtensionError(
        'KeyPendingImport',
        l10n.t({
          message: '{0}: it is pending import (it has no key material). Import its key material, then retry.',
          args: [cannot],
          comment,
        }),
        { next: 'importMaterial', ...target },
      );
    case 'pendingDeletion':
      return new KmsExtensionError(
        'KeyPendingDeletion',
        l10n.t({
          message:
            '{0}: it is scheduled for deletion. Cancel the key deletion and enable the key, or choose another key.',
          args: [cannot],
          comment,
        }),
        target,
      );
    case 'pendingReplicaDeletion':
      return new KmsExtensionError(
        'KeyPendingDeletion',
        l10n.t({
          message: '{0}: this replica key is scheduled for deletion. Choose another key.',
          args: [cannot],
          comment,
        }),
        target,
      );
    case 'unavailable':
      return new KmsExtensionError(
        'KeyUnavailable',
        l10n.t({
          message:
            '{0}: it is unavailable (its custom key store is disconnected). Connect the key store, or choose another key.',
          args: [cannot],
          comment,
        }),
        target,
      );
    case 'notReady':
      return new KmsExtensionError(
        'KeyNotReady',
        l10n.t({
          message: '{0} while its state is {1}: wait until it is Enabled, then retry.',
          args: [cannot, why.state],
          comment: [comment, '{1} is a KMS key state such as Creating'],
        }),
        target,
      );
  }
}

/**
 * What to say for a key whose usage or spec does not allow encryption — from DescribeKey, or parsed from KMS's
 * InvalidKeyUsageException ("… key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKey.").
 */
export function wrongUsageMessage(
  label: string,
  usage: string | undefined,
  spec: string | undefined,
  operation: string,
): string {
  const kind = [
    spec && spec !== 'unknown' ? spec : undefined,
    usage && usage !== 'unknown'
      ? l10n.t({ message: 'key usage {0}', args: [usage], comment: '{0} is a KMS key usage such as SIGN_VERIFY' })
      : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const comment = ['{0} is the operation, e.g. Encrypt File', '{1} names the key'];
  return kind
    ? l10n.t({
        message:
          '{0}: {1} is not a symmetric encryption key ({2}), so it cannot encrypt. Choose a key with key spec SYMMETRIC_DEFAULT and key usage ENCRYPT_DECRYPT.',
        args: [operation, label, kind],
        comment: [...comment, '{2} is the key spec and key usage'],
      })
    : l10n.t({
        message:
          '{0}: {1} is not a symmetric encryption key, so it cannot encrypt. Choose a key with key spec SYMMETRIC_DEFAULT and key usage ENCRYPT_DECRYPT.',
        args: [operation, label],
        comment,
      });
}

/** The key usage named in an InvalidKeyUsageException message, if it names one. */
export function usageInKmsMessage(message: string): string | undefined {
  return /key usage is ([A-Z_]+)/.exec(message)?.[1];
}
