import * as l10n from '@vscode/l10n';
import { basename } from 'node:path';
import { ArmorError } from '../../core/armor';
import { EnvelopeHeaderError } from '../../core/envelopeHeader';
import { CancelledError, isCancelled, KmsExtensionError } from '../../core/errors';
import type { Connection } from '../connection';
import { VerifierFailed } from './concurrentVerify';
import { envelopeError, type EnvelopeOperation } from './envelopeError';
import { fromErrno } from './fileErrors';
import { FileChangedError } from './fileStreams';
import type { KmsCallRecord } from './kmsSupplier';
import { kmsFailure } from './kmsFailures';
import { esdkFailure, headerFailure } from './messageFailures';

/**
 * Every failure of the envelope engine as a KmsExtensionError whose message names the cause and the next step
 * (DESIGN.md §5). A failed KMS call explains the failure best, then our own checks, then the file system, then what
 * the ESDK said. Messages never hold plaintext or key material.
 */

export interface FailureContext {
  path: string;
  operation: EnvelopeOperation;
  /** KMS calls of this operation, failed ones included. */
  calls: KmsCallRecord[];
  connection?: Connection;
}

/** The user-facing error for anything an operation threw. */
export function toEnvelopeError(error: unknown, context: FailureContext): Error {
  if (error instanceof KmsExtensionError || error instanceof CancelledError) {
    return error;
  }
  if (isCancelled(error) || (error as { code?: string } | undefined)?.code === 'ABORT_ERR') {
    return new CancelledError();
  }
  const name = basename(context.path);
  const failures = context.calls.filter((call) => call.error !== undefined);
  if (failures.length > 0) {
    return kmsFailure(failures, context);
  }
  const comment = ['{0} is a file name', '{1} is the error'];
  if (error instanceof ArmorError) {
    return envelopeError(
      'InvalidArmor',
      l10n.t({
        message: '{0} is not valid base64 armour ({1}): the file is damaged; restore it from a backup.',
        args: [name, error.message],
        comment,
      }),
      { cause: error },
    );
  }
  if (error instanceof VerifierFailed) {
    return envelopeError(
      'VerificationFailed',
      l10n.t({
        message:
          'The encrypted result of {0} did not decrypt ({1}): nothing was replaced. Retry; if it happens again, report it with the log.',
        args: [name, error.message],
        comment,
      }),
      { cause: error, next: 'showLog' },
    );
  }
  if (error instanceof FileChangedError) {
    return envelopeError(
      'FileChanged',
      l10n.t({
        message: '{0} changed while it was read: retry once nothing else writes to it.',
        args: [name],
        comment: comment[0],
      }),
      { cause: error },
    );
  }
  if (error instanceof EnvelopeHeaderError) {
    return headerFailure(error, name);
  }
  return fromErrno(error, context.path) ?? esdkFailure(error, name, context.operation);
}
