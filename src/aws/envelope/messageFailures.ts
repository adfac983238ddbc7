import * as l10n from '@vscode/l10n';
import type { EnvelopeHeaderError } from '../../core/envelopeHeader';
import type { KmsExtensionError } from '../../core/errors';
import { envelopeError, truncated, type EnvelopeOperation } from './envelopeError';

/**
 * What is wrong with an encrypted message itself, as our header parser or the ESDK reports it: too many data keys,
 * oversized frames, truncation, or damage. The ESDK says so only in its message text, hence the patterns.
 */

const FILE = '{0} is a file name';

export function headerFailure(error: EnvelopeHeaderError, name: string): KmsExtensionError {
  const args = [name, error.message];
  const comment = [FILE, '{1} is what the header parser found wrong'];
  switch (error.problem) {
    case 'tooManyDataKeys':
      return envelopeError(
        'TooManyDataKeys',
        l10n.t({
          message: '{0}: {1} Only decrypt it if you trust its source, with a higher limit (maxEncryptedDataKeys).',
          args,
          comment,
        }),
        { cause: error },
      );
    case 'unsupportedSuite':
      return envelopeError(
        'UnsupportedMessage',
        l10n.t({ message: '{0} uses an algorithm suite this extension does not read ({1}).', args, comment }),
        { cause: error },
      );
    case 'malformed':
      return envelopeError(
        'Tampered',
        l10n.t({ message: '{0} has a damaged envelope header ({1}). Restore it from a backup.', args, comment }),
        { cause: error },
      );
  }
}

const TRUNCATED =
  /Incomplete Header|Premature close|ERR_STREAM_PREMATURE_CLOSE|not enough data|Final frame|finalAuthTagReceived|ciphertext MUST have been received/i;
const DAMAGED = /authenticate data|signature|commitment|Malformed|sequence out of order|Lengths do not match/i;

/** An error the ESDK threw while it read or wrote a message, with no failed KMS call behind it. */
export function esdkFailure(error: unknown, name: string, operation: EnvelopeOperation): KmsExtensionError {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0];
  if (/maxEncryptedDataKeys exceeded/i.test(message)) {
    return envelopeError(
      'TooManyDataKeys',
      l10n.t({
        message:
          '{0} has more encrypted data keys than allowed: only decrypt it if you trust its source, with a higher limit.',
        args: [name],
        comment: FILE,
      }),
      { cause: error },
    );
  }
  if (/maxBodySize exceeded/i.test(message)) {
    return envelopeError(
      'FrameTooLarge',
      l10n.t({
        message:
          '{0} declares frames larger than the limit this extension buffers: it is damaged or was not made for it.',
        args: [name],
        comment: FILE,
      }),
      { cause: error },
    );
  }
  if (TRUNCATED.test(message)) {
    return truncated(name, error);
  }
  // Reading a message: once the header parsed and the policy passed, what the ESDK rejects is damage (a failed tag,
  // signature or key commitment, or a field its decoders choke on, e.g. a mangled signing key in the context).
  if (operation !== 'encrypt' || DAMAGED.test(message)) {
    return envelopeError(
      'Tampered',
      l10n.t({
        message:
          '{0} failed authentication: it was modified or damaged after it was encrypted ({1}). Restore it from a backup.',
        args: [name, firstLine.trim()],
        comment: [FILE, "{1} is the AWS Encryption SDK's error"],
      }),
      { cause: error },
    );
  }
  return envelopeError(
    'EnvelopeFailed',
    l10n.t({
      message: 'Failed to {0} {1}: {2}',
      args: [operation, name, firstLine],
      comment: [
        '{0} is the operation (encrypt, decrypt, re-encrypt, inspect)',
        '{1} is a file name',
        '{2} is the error',
      ],
    }),
    { cause: error, next: 'showLog' },
  );
}
