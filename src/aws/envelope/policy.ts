import * as l10n from '@vscode/l10n';
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
const FILE = '{0} is a file name';
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:(\d{12}):key\/.+$/;

export function checkEncryptOptions(options: Pick<EncryptOptions, 'keys' | 'context' | 'frameLength'>): void {
  if (options.keys.length === 0 || options.keys.some((key) => key.trim() === '')) {
    throw envelopeError('InvalidOption', l10n.t('Choose at least one KMS key to encrypt with.'));
  }
  checkContext(options.context ?? {});
  const frameLength = options.frameLength;
  if (
    frameLength !== undefined &&
    !(Number.isInteger(frameLength) && frameLength >= 1 && frameLength <= MAX_FRAME_LENGTH)
  ) {
    throw envelopeError(
      'InvalidOption',
      l10n.t({
        message: 'The frame length must be a whole number of bytes from 1 to {0}: {1}',
        args: [MAX_FRAME_LENGTH, String(frameLength)],
        comment: ['{0} is the largest frame length', '{1} is the value given'],
      }),
    );
  }
}

export function checkContext(context: Record<string, string>): void {
  for (const [key, value] of Object.entries(context)) {
    if (key === '') {
      throw envelopeError('InvalidOption', l10n.t('Encryption context keys cannot be empty.'));
    }
    if (key.startsWith(RESERVED_PREFIX)) {
      throw envelopeError(
        'InvalidOption',
        l10n.t({
          message:
            'The encryption context key {0} is reserved for the AWS Encryption SDK: choose a key without the "{1}" prefix.',
          args: [key, RESERVED_PREFIX],
          comment: ['{0} is an encryption context key', '{1} is the reserved prefix'],
        }),
      );
    }
    if (typeof value !== 'string') {
      throw envelopeError(
        'InvalidOption',
        l10n.t({
          message: 'The encryption context value of {0} must be a string.',
          args: [key],
          comment: '{0} is an encryption context key',
        }),
      );
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
    throw envelopeError(
      'InvalidOption',
      l10n.t({
        message: 'maxEncryptedDataKeys must be a positive whole number: {0}',
        args: [String(max)],
        comment: '{0} is the value given',
      }),
    );
  }
  return max;
}

/** The file's wrapping-key ARNs that this policy lets the keyring try, in the file's order; throws if there are none. */
export function checkDecryptPolicy(header: EnvelopeHeader, policy: DecryptPolicy, name: string): string[] {
  if (!header.suite.committing) {
    throw envelopeError(
      'UnsupportedMessage',
      l10n.t({
        message:
          '{0} was encrypted with {1}, which has no key commitment; this extension only decrypts key-committing messages (commitment policy REQUIRE_ENCRYPT_REQUIRE_DECRYPT). Decrypt it with the tool that made it.',
        args: [name, header.suite.name],
        comment: [FILE, '{1} is an algorithm suite'],
      }),
    );
  }
  const context = callerContext(header);
  for (const [key, expected] of Object.entries(policy.expectedContext ?? {})) {
    if (!(key in context)) {
      throw envelopeError(
        'ContextMismatch',
        l10n.t({
          message: 'The encryption context of {0} does not match: it has no {1} (expected {1}={2}). {3}',
          args: [name, key, expected, describeContext(context)],
          comment: [FILE, '{1} is a context key', '{2} is the expected value', "{3} lists the file's context keys"],
        }),
      );
    }
    if (context[key] !== expected) {
      throw envelopeError(
        'ContextMismatch',
        l10n.t({
          message: 'The encryption context of {0} does not match: expected {1}={2}, the file has {1}={3}.',
          args: [name, key, expected, context[key]],
          comment: [FILE, '{1} is a context key', '{2} is the expected value', "{3} is the file's value"],
        }),
      );
    }
  }
  const missing = (policy.requiredContextKeys ?? []).filter((key) => !(key in context));
  if (missing.length > 0) {
    throw envelopeError(
      'ContextKeyMissing',
      missing.length > 1
        ? l10n.t({
            message: 'The encryption context of {0} lacks the required keys {1}. {2}',
            args: [name, missing.join(', '), describeContext(context)],
            comment: [FILE, '{1} lists context keys', "{2} lists the file's context keys"],
          })
        : l10n.t({
            message: 'The encryption context of {0} lacks the required key {1}. {2}',
            args: [name, missing[0], describeContext(context)],
            comment: [FILE, '{1} is a context key', "{2} lists the file's context keys"],
          }),
    );
  }
  const arns = kmsKeyArns(header);
  if (arns.length === 0) {
    const providers = [...new Set(header.encryptedDataKeys.map((edk) => edk.providerId))].join(', ');
    throw envelopeError(
      'NoMatchingKey',
      l10n.t({
        message:
          '{0} was not encrypted under KMS keys (its data keys are wrapped by: {1}): decrypt it with the tool that made it.',
        args: [name, providers],
        comment: [FILE, '{1} lists key provider ids'],
      }),
    );
  }
  const keys = policy.keys;
  if ('keyArns' in keys) {
    const notArns = keys.keyArns.filter((key) => !KEY_ARN.test(key));
    if (notArns.length > 0) {
      throw envelopeError(
        'InvalidOption',
        l10n.t({
          message: 'Decrypt needs key ARNs (arn:aws:kms:…:key/…), since files record the ARN of each wrapping key: {0}',
          args: [notArns.join(', ')],
          comment: '{0} lists the keys given that are not ARNs',
        }),
      );
    }
    const allowed = arns.filter((arn) => keys.keyArns.includes(arn));
    if (allowed.length === 0) {
      throw envelopeError(
        'NoMatchingKey',
        l10n.t({
          message:
            'None of the given keys can decrypt {0}: it is wrapped by {1}. Decrypt with one of those, or use discovery.',
          args: [name, arns.join(', ')],
          comment: [FILE, '{1} lists key ARNs'],
        }),
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
      l10n.t({
        message:
          'The wrapping keys of {0} ({1}) are all outside the allowed accounts ({2}): allow the account that owns one of them, if you trust it.',
        args: [name, arns.join(', '), accounts.join(', ')],
        comment: [FILE, '{1} lists key ARNs', '{2} lists AWS account ids'],
      }),
    );
  }
  return allowed;
}

function describeContext(context: Record<string, string>): string {
  const keys = Object.keys(context);
  return keys.length === 0
    ? l10n.t('The file has no encryption context.')
    : l10n.t({ message: "The file's context keys: {0}.", args: [keys.join(', ')], comment: '{0} lists context keys' });
}
