import { basename } from 'node:path';
import { ArmorError } from '../../core/armor';
import { EnvelopeHeaderError } from '../../core/envelopeHeader';
import { CancelledError, isCancelled, KmsExtensionError, type NextStep } from '../../core/errors';
import { describeAwsError } from '../awsErrors';
import { usageInKmsMessage, wrongUsageMessage } from '../keyUsability';
import type { Connection } from '../connection';
import { VerifierFailed } from './concurrentVerify';
import { FileChangedError } from './fileStreams';
import { MalformedKmsResponse, type KmsCallRecord } from './kmsSupplier';

/**
 * Every failure of the envelope engine as a KmsExtensionError whose message names the cause and the next step
 * (DESIGN.md §5). KMS failures are read from the call log, which keeps the SDK error and the key it concerned:
 * the ESDK itself flattens them into one string. Messages never hold plaintext or key material.
 */

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

export function envelopeError(
  code: EnvelopeErrorCode,
  message: string,
  options: { cause?: unknown; next?: NextStep; target?: string } = {},
): KmsExtensionError {
  return new KmsExtensionError(code, message, options);
}

export interface FailureContext {
  path: string;
  operation: 'encrypt' | 'decrypt' | 're-encrypt' | 'inspect';
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
  if (error instanceof ArmorError) {
    return envelopeError(
      'InvalidArmor',
      `${name} is not valid base64 armour (${error.message}): the file is damaged; restore it from a backup.`,
      { cause: error },
    );
  }
  if (error instanceof VerifierFailed) {
    return envelopeError(
      'VerificationFailed',
      `The encrypted result of ${name} did not decrypt (${error.message}): nothing was replaced. ` +
        'Retry; if it happens again, report it with the log.',
      { cause: error, next: 'showLog' },
    );
  }
  if (error instanceof FileChangedError) {
    return envelopeError('FileChanged', `${name} changed while it was read: retry once nothing else writes to it.`, {
      cause: error,
    });
  }
  if (error instanceof EnvelopeHeaderError) {
    return headerFailure(error, name);
  }
  const fileError = fromErrno(error, context.path);
  if (fileError) {
    return fileError;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/maxEncryptedDataKeys exceeded/i.test(message)) {
    return envelopeError(
      'TooManyDataKeys',
      `${name} has more encrypted data keys than allowed: only decrypt it if you trust its source, with a higher limit.`,
      { cause: error },
    );
  }
  if (/maxBodySize exceeded/i.test(message)) {
    return envelopeError(
      'FrameTooLarge',
      `${name} declares frames larger than the limit this extension buffers: it is damaged or was not made for it.`,
      { cause: error },
    );
  }
  if (
    /Incomplete Header|Premature close|ERR_STREAM_PREMATURE_CLOSE|not enough data|Final frame|finalAuthTagReceived|ciphertext MUST have been received/i.test(
      message,
    )
  ) {
    return truncated(name, error);
  }
  // Reading a message: once the header parsed and the policy passed, what the ESDK rejects is damage (a failed tag,
  // signature or key commitment, or a field its decoders choke on, e.g. a mangled signing key in the context).
  if (
    context.operation !== 'encrypt' ||
    /authenticate data|signature|commitment|Malformed|sequence out of order|Lengths do not match/i.test(message)
  ) {
    return envelopeError(
      'Tampered',
      `${name} failed authentication: it was modified or damaged after it was encrypted (${message.split('\n')[0].trim()}). Restore it from a backup.`,
      { cause: error },
    );
  }
  return envelopeError('EnvelopeFailed', `Failed to ${context.operation} ${name}: ${message.split('\n')[0]}`, {
    cause: error,
    next: 'showLog',
  });
}

export function truncated(name: string, cause?: unknown): KmsExtensionError {
  return envelopeError(
    'Truncated',
    `${name} is truncated or damaged: the encrypted message is incomplete. Restore it from a backup.`,
    { cause },
  );
}

function headerFailure(error: EnvelopeHeaderError, name: string): KmsExtensionError {
  switch (error.problem) {
    case 'tooManyDataKeys':
      return envelopeError(
        'TooManyDataKeys',
        `${name}: ${error.message} Only decrypt it if you trust its source, with a higher limit (maxEncryptedDataKeys).`,
        { cause: error },
      );
    case 'unsupportedSuite':
      return envelopeError(
        'UnsupportedMessage',
        `${name} uses an algorithm suite this extension does not read (${error.message}).`,
        { cause: error },
      );
    case 'malformed':
      return envelopeError(
        'Tampered',
        `${name} has a damaged envelope header (${error.message}). Restore it from a backup.`,
        { cause: error },
      );
  }
}

const PERMISSION: Record<KmsCallRecord['operation'], string> = {
  GenerateDataKey: 'kms:GenerateDataKey',
  Encrypt: 'kms:Encrypt',
  Decrypt: 'kms:Decrypt',
};

function kmsFailure(failures: KmsCallRecord[], context: FailureContext): KmsExtensionError {
  const [first, ...others] = failures;
  const error = kmsRecordError(first, context);
  if (others.length === 0) {
    return error;
  }
  const rest = others.map((call) => `${call.keyId} (${(call.error as Error).name})`).join(', ');
  return new KmsExtensionError(error.code, `${error.message} Other wrapping keys failed too: ${rest}.`, {
    cause: error.cause,
    next: error.next,
    target: error.target,
  });
}

function kmsRecordError(
  { operation, keyId, region, error }: KmsCallRecord,
  context: FailureContext,
): KmsExtensionError {
  const kmsName = (error as Error).name;
  const kmsMessage = (error as Error).message ?? '';
  const cause = error;
  if (error instanceof MalformedKmsResponse) {
    return envelopeError(
      'MalformedKmsResponse',
      `The KMS endpoint returned a malformed ${operation} response for ${keyId}: check the endpoint.`,
      { cause, next: 'checkEndpoint' },
    );
  }
  if (kmsName === 'KMSInvalidStateException' && /pending import/i.test(kmsMessage)) {
    return envelopeError(
      'KeyPendingImport',
      `The KMS key ${keyId} is pending import: re-import its key material, then retry.`,
      { cause, next: 'importMaterial', target: keyId },
    );
  }
  if (kmsName === 'KMSInvalidStateException' && /pending deletion/i.test(kmsMessage)) {
    return envelopeError(
      'KeyPendingDeletion',
      `The KMS key ${keyId} is pending deletion: cancel the key deletion and enable the key, then retry.`,
      { cause },
    );
  }
  if (kmsName === 'DisabledException') {
    return envelopeError('KeyDisabled', `The KMS key ${keyId} is disabled: enable it, then retry.`, {
      cause,
      next: 'enableKey',
      target: keyId,
    });
  }
  if (kmsName === 'NotFoundException') {
    return keyNotFound(keyId, region, context.connection, cause);
  }
  if (kmsName === 'AccessDeniedException') {
    const named = /\b(kms:[A-Za-z]+)\b/.exec(kmsMessage)?.[1];
    const said = named ? '' : ` KMS says: ${kmsMessage.split('\n')[0].trim()}`;
    return envelopeError(
      'AccessDenied',
      `Access denied: ${named ?? PERMISSION[operation]} on ${keyId} is not allowed for this connection. ` +
        `Ask for it in the key policy or an IAM policy, or select another connection.${said}`,
      { cause, next: 'selectConnection' },
    );
  }
  if (kmsName === 'InvalidCiphertextException' || kmsName === 'IncorrectKeyException') {
    return envelopeError(
      'Tampered',
      `KMS could not decrypt the data key of ${basename(context.path)} with ${keyId}: the file's encrypted data key or encryption context was modified or damaged. Restore it from a backup.`,
      { cause },
    );
  }
  if (kmsName === 'InvalidKeyUsageException') {
    return envelopeError(
      'KeyUnusable',
      wrongUsageMessage(
        keyId,
        usageInKmsMessage(kmsMessage),
        undefined,
        `Cannot ${context.operation} ${basename(context.path)}`,
      ),
      { cause },
    );
  }
  if (kmsName === 'KMSInvalidStateException' || kmsName === 'ValidationException') {
    return envelopeError(
      'KeyUnusable',
      `The KMS key ${keyId} cannot be used for ${operation}: ${kmsMessage} Choose an enabled symmetric encryption key.`,
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
  const where = `${region || arn?.[1] || 'the region'}${arn ? `, account ${arn[2]}` : ''}`;
  if (connection?.kind === 'sandbox') {
    return envelopeError(
      'KeyNotFound',
      `The KMS key ${keyId} does not exist in this sandbox (${where}). A sandbox key exists ` +
        'only in the sandbox that made it: decrypt the file with that sandbox, or encrypt it again under a key of this one.',
      { cause, next: 'selectConnection' },
    );
  }
  const asked = connection ? `${connectionLabel(connection)} (${where})` : where;
  if (arn) {
    return envelopeError(
      'KeyNotFound',
      `The KMS key ${keyId} does not exist for ${asked}, or this connection may not see it: ` +
        'select the connection of the account that owns the key.',
      { cause, next: 'selectConnection' },
    );
  }
  return envelopeError(
    'KeyNotFound',
    `The KMS key ${keyId} does not exist for ${asked}: check the key id or alias and the region.`,
    { cause, next: 'selectRegion' },
  );
}

function connectionLabel(connection: Connection): string {
  return connection.kind === 'profile' ? `profile ${connection.profile}` : 'the environment credentials';
}

function fromErrno(error: unknown, path: string): KmsExtensionError | undefined {
  const errno = error as NodeJS.ErrnoException | undefined;
  const file = errno?.path ?? path;
  switch (errno?.code) {
    case 'ENOENT':
      return envelopeError('FileError', `${file} does not exist.`, { cause: error });
    case 'EACCES':
    case 'EPERM':
      return envelopeError('FileError', `Permission denied: ${file}. Check the file's and its folder's permissions.`, {
        cause: error,
      });
    case 'EISDIR':
      return envelopeError('FileError', `${file} is a folder, not a file.`, { cause: error });
    case 'ENOSPC':
      return envelopeError(
        'FileError',
        `No space left on the device for ${file}: free some space, then retry. The original is untouched.`,
        { cause: error },
      );
    case 'EROFS':
      return envelopeError('FileError', `${file} is on a read-only file system.`, { cause: error });
    case 'EEXIST':
      return envelopeError('OutputExists', `${file} already exists: choose another output, or allow overwriting.`, {
        cause: error,
      });
    default:
      return undefined;
  }
}
