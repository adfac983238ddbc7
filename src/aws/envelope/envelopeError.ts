import * as l10n from '@vscode/l10n';
import { KmsExtensionError, type NextStep } from '../../core/errors';

/** The codes of the envelope engine's errors: the CLI's exit status and the tests key on them. */
export type EnvelopeErrorCode =
  | 'NotEncrypted'
  | 'AlreadyEncrypted'
  | 'Truncated'
  | 'Tampered'
  | 'InvalidArmor'
  | 'UnsupportedMessage'
  | 'TooManyDataKeys'
  | 'FrameTooLarge'
  | 'ContextMismatch'
  | 'ContextKeyMissing'
  | 'NoMatchingKey'
  | 'KeyPendingImport'
  | 'KeyDisabled'
  | 'KeyPendingDeletion'
  | 'KeyNotFound'
  | 'KeyUnusable'
  | 'AccessDenied'
  | 'Unrecoverable'
  | 'VerificationFailed'
  | 'MalformedKmsResponse'
  | 'InvalidOption'
  | 'FileError'
  | 'OutputExists'
  | 'FileChanged'
  | 'EnvelopeFailed'
  | 'TooLargeForMemory';

/** What an engine call was doing when it failed. */
export type EnvelopeOperation = 'encrypt' | 'decrypt' | 're-encrypt' | 'inspect';

export function envelopeError(
  code: EnvelopeErrorCode,
  message: string,
  options: { cause?: unknown; next?: NextStep; target?: string } = {},
): KmsExtensionError {
  return new KmsExtensionError(code, message, options);
}

export function truncated(name: string, cause?: unknown): KmsExtensionError {
  return envelopeError(
    'Truncated',
    l10n.t({
      message: '{0} is truncated or damaged: the encrypted message is incomplete. Restore it from a backup.',
      args: [name],
      comment: '{0} is a file name',
    }),
    { cause },
  );
}
