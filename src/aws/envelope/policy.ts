import type { EnvelopeHeader } from '../../core/envelopeHeader';
import { envelopeError } from './envelopeError';
import { DEFAULT_MAX_ENCRYPTED_DATA_KEYS, MAX_FRAME_LENGTH } from './esdk';
import type { DecryptPolicy, EncryptOptions } from './types';

/**
 * Checks of options and of a file's header against the decrypt policy, before any KMS call: a wrong context, a
 * missing required key, or a file none of whose wrapping keys is allowed fails here with a precise message.
 */

export const KMS_PROVIDER_ID = 'aws-kms';
/** The ESDK adds the signing public key under this name; callers may not use the `aws-crypto-` prefix. */
export const SIGNER_CONTEXT_KEY = 'aws-crypto-public-key';
const RESERVED_PREFIX = 'aws-crypto-';
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:(\d{12}):key\/.+$/;

export function checkEncryptOptions(options: Pick<EncryptOptions, 'keys' | 'context' | 'frameLength'>): void {
  if (options.keys.length === 0 || options.keys.some((key) => key.trim() === '')) {
    throw envelopeError('InvalidOption', 'Choose at least one KMS key to encrypt with.');
  }
  checkContext(options.context ?? {});
  const frameLength = options.frameLength;
  if (
    frameLength !== undefined &&
    !(Number.isInteger(frameLength) && frameLength >= 1 && frameLength <= MAX_FRAME_LENGTH)
  ) {
    throw envelopeError(
      'InvalidOption',
      `The frame length must be a whole number of bytes from 1 to ${MAX_FRAME_LENGTH}: ${frameLength}`,
    );
  }
}

export function checkContext(context: Record<string, string>): void {
  for (const [key, value] of Object.entries(context)) {
    if (key === '') {
      throw envelopeError('InvalidOption', 'Encryption context keys cannot be empty.');
    }
    if (key.startsWith(RESERVED_PREFIX)) {
      throw envelopeError(
        'InvalidOption',
        `The encryption context key ${key} is reserved for the AWS Encryption SDK: choose a key without the "${RESERVED_PREFIX}" prefix.`,
      );
    }
    if (typeof value !== 'string') {
      throw envelopeError('InvalidOption', `The encryption context value of ${key} must be a string.`);
    }
  }
}

/** The context a caller sees: without the SDK's own signing key entry. */
export function callerContext(header: EnvelopeHeader): Record<string, string> {
  const { [SIGNER_CONTEXT_KEY]: _signer, ...rest } = header.encryptionContext;
  return rest;
}

export function kmsKeyArns(header: EnvelopeHeader): string[] {
  return header.encryptedDataKeys.filter((edk) => edk.providerId === KMS_PROVIDER_ID).map((edk) => edk.providerInfo);
}

export function maxDataKeys(policy: DecryptPolicy): number {
  const max = policy.maxEncryptedDataKeys ?? DEFAULT_MAX_ENCRYPTED_DATA_KEYS;
  if (!Number.isInteger(max) || max < 1) {
    throw envelopeError('InvalidOption', `maxEncryptedDataKeys must be a positive whole number: ${max}`);
  }
  return max;
}

/** The file's wrapping-key ARNs that this policy lets the keyring try, in the file's order; throws if there are none. */
export function checkDecryptPolicy(header: EnvelopeHeader, policy: DecryptPolicy, name: string): string[] {
  if (!header.suite.committing) {
    throw envelopeError(
      'UnsupportedMessage',
      `${name} was encrypted with ${header.suite.name}, which has no key commitment; this extension ` +
        'only decrypts key-committing messages (commitment policy REQUIRE_ENCRYPT_REQUIRE_DECRYPT). Decrypt it with the tool that made it.',
    );
  }
  const context = callerContext(header);
  for (const [key, expected] of Object.entries(policy.expectedContext ?? {})) {
    if (!(key in context)) {
      throw envelopeError(
        'ContextMismatch',
        `The encryption context of ${name} does not match: it has no ${key} (expected ${key}=${expected}). ${describeContext(context)}`,
      );
    }
    if (context[key] !== expected) {
      throw envelopeError(
        'ContextMismatch',
        `The encryption context of ${name} does not match: expected ${key}=${expected}, the file has ${key}=${context[key]}.`,
      );
    }
  }
  const missing = (policy.requiredContextKeys ?? []).filter((key) => !(key in context));
  if (missing.length > 0) {
    throw envelopeError(
      'ContextKeyMissing',
      `The encryption context of ${name} lacks the required key${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. ${describeContext(context)}`,
    );
  }
  const arns = kmsKeyArns(header);
  if (arns.length === 0) {
    const providers = [...new Set(header.encryptedDataKeys.map((edk) => edk.providerId))].join(', ');
    throw envelopeError(
      'NoMatchingKey',
      `${name} was not encrypted under KMS keys (its data keys are wrapped by: ${providers}): decrypt it with the tool that made it.`,
    );
  }
  const keys = policy.keys;
  if ('keyArns' in keys) {
    const notArns = keys.keyArns.filter((key) => !KEY_ARN.test(key));
    if (notArns.length > 0) {
      throw envelopeError(
        'InvalidOption',
        `Decrypt needs key ARNs (arn:aws:kms:…:key/…), since files record the ARN of each wrapping key: ${notArns.join(', ')}`,
      );
    }
    const allowed = arns.filter((arn) => keys.keyArns.includes(arn));
    if (allowed.length === 0) {
      throw envelopeError(
        'NoMatchingKey',
        `None of the given keys can decrypt ${name}: it is wrapped by ${arns.join(', ')}. Decrypt with one of those, or use discovery.`,
      );
    }
    return allowed;
  }
  const accounts = keys.accountIds ?? [];
  if (accounts.length === 0) {
    return arns;
  }
  const partition = keys.partition ?? 'aws';
  const allowed = arns.filter((arn) => {
    const [, arnPartition, , , account] = arn.split(':');
    return arnPartition === partition && accounts.includes(account);
  });
  if (allowed.length === 0) {
    throw envelopeError(
      'NoMatchingKey',
      `The wrapping keys of ${name} (${arns.join(', ')}) are all outside the allowed accounts (${accounts.join(', ')}): ` +
        'allow the account that owns one of them, if you trust it.',
    );
  }
  return allowed;
}

function describeContext(context: Record<string, string>): string {
  const keys = Object.keys(context);
  return keys.length === 0 ? 'The file has no encryption context.' : `The file's context keys: ${keys.join(', ')}.`;
}
