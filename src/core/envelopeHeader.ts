import * as l10n from '@vscode/l10n';
import { NodeAlgorithmSuite } from '@aws-crypto/material-management';
import { deserializeFactory } from '@aws-crypto/serialize';
import { ArmorDecoder } from './armor';
import { sniffEnvelope, SUITES, type EnvelopeSniff, type SuiteInfo } from './envelopeFormat';

/**
 * Reads the header of an AWS Encryption SDK message with the ESDK's own deserializer (@aws-crypto/serialize),
 * without any KMS call: what `inspect` shows, and what decrypt checks (data-key count, context, wrapping keys)
 * before it asks KMS for anything. Pure: no AWS SDK, no I/O.
 */

export interface EncryptedDataKeyInfo {
  /** `aws-kms` for KMS-wrapped data keys. */
  providerId: string;
  /** For `aws-kms`: the ARN of the wrapping KMS key. */
  providerInfo: string;
  /** The wrapped data key (for `aws-kms`, the KMS ciphertext blob): not secret, but not for display either. */
  blob: Uint8Array;
}

export interface EnvelopeHeader {
  version: 1 | 2;
  suite: SuiteInfo;
  /** Hex. */
  messageId: string;
  encryptionContext: Record<string, string>;
  encryptedDataKeys: EncryptedDataKeyInfo[];
  /** False for the single-block body of old (v1) messages; this SDK always writes framed bodies. */
  framed: boolean;
  /** Plaintext bytes per frame; 0 for non-framed bodies. */
  frameLength: number;
  /** Bytes of header and header authentication tag: where the body starts. */
  headerLength: number;
}

export type HeaderProblem = 'malformed' | 'tooManyDataKeys' | 'unsupportedSuite';

export class EnvelopeHeaderError extends Error {
  constructor(
    readonly problem: HeaderProblem,
    message: string,
  ) {
    super(message);
    this.name = 'EnvelopeHeaderError';
  }
}

/** The ESDK deserializer needs a UTF-8 decoder and an algorithm-suite class; the plain Node suite has no crypto. */
const deserializer = deserializeFactory(
  (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
  NodeAlgorithmSuite,
);

const CONTENT_TYPE_NON_FRAMED = 1;
const CONTENT_TYPE_FRAMED = 2;

export interface ParseHeaderOptions {
  /** Refuse messages with more encrypted data keys than this (DESIGN.md §5: default 10). */
  maxEncryptedDataKeys?: number;
}

/**
 * The header of the message that starts `bytes`; undefined when `bytes` ends before the header does.
 * Throws EnvelopeHeaderError for a malformed header, an unknown suite or too many data keys.
 */
export function parseEnvelopeHeader(bytes: Uint8Array, options: ParseHeaderOptions = {}): EnvelopeHeader | undefined {
  const max = options.maxEncryptedDataKeys;
  let info: ReturnType<typeof deserializer.deserializeMessageHeader>;
  try {
    info = deserializer.deserializeMessageHeader(bytes, { maxEncryptedDataKeys: max ?? false });
  } catch (error) {
    throw headerError(error, max);
  }
  if (!info) {
    return undefined;
  }
  const { messageHeader, headerLength, headerAuth } = info;
  const suite = SUITES.get(messageHeader.suiteId);
  /* Postcondition: the deserializer accepted only suites we know; the two tables come from the same spec. */
  if (!suite) {
    throw new EnvelopeHeaderError(
      'unsupportedSuite',
      l10n.t({
        message: 'Unknown algorithm suite 0x{0}.',
        args: [messageHeader.suiteId.toString(16)],
        comment: '{0} is a hexadecimal suite id',
      }),
    );
  }
  const { contentType, frameLength } = messageHeader;
  /* Postcondition: the body is framed with a positive frame length, or not framed at all (the spec's only two content types). */
  if (
    !(contentType === CONTENT_TYPE_FRAMED && frameLength > 0) &&
    !(contentType === CONTENT_TYPE_NON_FRAMED && frameLength === 0)
  ) {
    throw new EnvelopeHeaderError(
      'malformed',
      l10n.t({
        message: 'Malformed header: content type {0} with frame length {1}.',
        args: [contentType, frameLength],
        comment: ['{0} is a content type number', '{1} is a frame length in bytes'],
      }),
    );
  }
  return {
    version: messageHeader.version as 1 | 2,
    suite,
    messageId: Buffer.from(messageHeader.messageId).toString('hex'),
    encryptionContext: { ...messageHeader.encryptionContext },
    encryptedDataKeys: messageHeader.encryptedDataKeys.map((edk) => ({
      providerId: edk.providerId,
      providerInfo: edk.providerInfo,
      blob: edk.encryptedDataKey,
    })),
    framed: contentType === CONTENT_TYPE_FRAMED,
    frameLength,
    headerLength: headerLength + headerAuth.headerAuthLength, // v1's header IV is counted in headerAuthLength
  };
}

function headerError(error: unknown, max: number | undefined): EnvelopeHeaderError {
  const message = error instanceof Error ? error.message : String(error);
  if (/maxEncryptedDataKeys exceeded/i.test(message)) {
    return new EnvelopeHeaderError(
      'tooManyDataKeys',
      l10n.t({
        message: 'The message has more than {0} encrypted data keys.',
        args: [String(max)],
        comment: '{0} is the largest number of encrypted data keys allowed',
      }),
    );
  }
  if (/Unsupported algorithm suite|Not a supported message format/i.test(message)) {
    return new EnvelopeHeaderError('unsupportedSuite', message);
  }
  return new EnvelopeHeaderError(
    'malformed',
    l10n.t({ message: 'Malformed header: {0}', args: [message], comment: "{0} is the parser's error" }),
  );
}

/**
 * Whether a file's first bytes hold an ESDK message: the version and suite bytes match (sniffEnvelope) and what
 * `prefix` holds of the header parses, so a file that merely starts with the same three bytes is not taken for one.
 */
export function detectEnvelope(prefix: Uint8Array): EnvelopeSniff | undefined {
  const sniff = sniffEnvelope(prefix);
  if (!sniff) {
    return undefined;
  }
  try {
    const message = sniff.encoding === 'base64' ? new ArmorDecoder().update(prefix) : prefix;
    parseEnvelopeHeader(message); // undefined (header longer than the prefix) still counts
    return sniff;
  } catch {
    return undefined;
  }
}
