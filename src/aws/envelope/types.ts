import type { EncryptSuiteName, EnvelopeEncoding } from '../../core/envelopeFormat';
import type { EnvelopeHeader } from '../../core/envelopeHeader';
import type { BodyLayout } from '../../core/envelopeLayout';

/**
 * The envelope engine's public shapes: what the CLI and the VS Code layer pass in and get back. Everything here
 * is plain data; errors are KmsExtensionError with the codes of errors.ts.
 */

/** `auto`: base64 when the plaintext is valid UTF-8 without NUL bytes, else the raw binary message. */
export type ArmorMode = 'auto' | 'base64' | 'binary';

/**
 * What encrypt checks before it replaces anything (see verify.ts); default `dataKey` (DEFAULT_VERIFY_MODE):
 * - `full`: decrypt the new file (one KMS Decrypt call, the key commitment, every tag, the signature) and compare
 *   the plaintext's SHA-256 with the input's; for streamed files in a verifier thread while the file is written;
 * - `dataKey`: one KMS Decrypt call of a data key of the new file, compared with the key that encrypted it: proves
 *   this connection can recover the file, trusting the local encryption; cheapest for huge files;
 * - `off`: no check.
 */
export type VerifyMode = 'full' | 'dataKey' | 'off';

/**
 * `dataKey` is the default: it is the one Decrypt the issue asks for and proves the key policy lets this connection
 * recover the file, at a cost independent of size; `full` costs ~40 % of throughput and ~60 MiB RSS (bench/envelope.mjs).
 */
export const DEFAULT_VERIFY_MODE: VerifyMode = 'dataKey';

/** Where the result goes: over the input (atomically) or to another path. */
export type Destination = { inPlace: true } | { path: string; overwrite?: boolean };

export interface EncryptOptions {
  /** Wrapping keys: key ids, ARNs, aliases or alias ARNs. The first generates the data key; any one decrypts. */
  keys: string[];
  /** Non-secret key-value pairs bound to the message; decrypt shows them and may require them. */
  context?: Record<string, string>;
  armor?: ArmorMode;
  suite?: EncryptSuiteName;
  /** Plaintext bytes per frame; default DEFAULT_FRAME_LENGTH. */
  frameLength?: number;
  verify?: VerifyMode;
  destination: Destination;
}

export type DecryptKeys =
  /** Only these key ARNs may unwrap the data key (the ESDK's strict mode; ARNs, since the file records ARNs). */
  | { keyArns: string[] }
  /** Any KMS key named in the file, optionally limited to some AWS accounts (the discovery filter). */
  | { discovery: true; accountIds?: string[]; partition?: string };

export interface DecryptPolicy {
  keys: DecryptKeys;
  /** Pairs the file's encryption context must contain with these exact values. */
  expectedContext?: Record<string, string>;
  /** Keys the file's encryption context must contain, whatever their values. */
  requiredContextKeys?: string[];
  /** Refuse files with more encrypted data keys than this; default 10 (DESIGN.md §5). */
  maxEncryptedDataKeys?: number;
}

export interface DecryptOptions extends DecryptPolicy {
  destination: Destination;
}

export interface ReencryptOptions extends DecryptPolicy {
  /** New wrapping keys; default: the file's current ones. */
  newKeys?: string[];
  /** New encryption context; default: the file's current one. */
  newContext?: Record<string, string>;
  /** Default: as the file is now. */
  armor?: ArmorMode;
  suite?: EncryptSuiteName;
  frameLength?: number;
  verify?: VerifyMode;
  destination: Destination;
}

export type Phase = 'encrypting' | 'decrypting' | 'verifying' | 'writing';

export interface Progress {
  path: string;
  phase: Phase;
  /** Input bytes processed in this phase. */
  bytesDone: number;
  bytesTotal: number;
}

/** Cancellation and progress for one call. Progress is reported at most every 100 ms and at the end of each phase. */
export interface RunControl {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

/** KMS calls made, by operation: how the bench and the tests check the data-key cache. */
export type KmsCallCounts = Record<'GenerateDataKey' | 'Encrypt' | 'Decrypt', number>;

export interface EncryptResult {
  input: string;
  output: string;
  encoding: EnvelopeEncoding;
  plaintextSize: number;
  outputSize: number;
  /** ARNs of the wrapping keys recorded in the file. */
  keyArns: string[];
  verified: VerifyMode;
  kmsCalls: KmsCallCounts;
}

export interface DecryptResult {
  input: string;
  output: string;
  plaintextSize: number;
  /** The encryption context as stored (without the SDK's own `aws-crypto-public-key`). */
  context: Record<string, string>;
  keyArns: string[];
  kmsCalls: KmsCallCounts;
}

export interface Inspection {
  path: string;
  fileSize: number;
  encoding: EnvelopeEncoding;
  /** Bytes of the ESDK message (the decoded armour for base64 files). */
  messageSize: number;
  header: EnvelopeHeader;
  /** The body's layout; undefined when it is truncated, damaged, or its armour has irregular lines. */
  body?: BodyLayout;
}

/** Per-file outcome of a batch: a failure does not stop the other files. */
export type BatchItem<R> = { path: string; ok: true; result: R } | { path: string; ok: false; error: Error };

/** What a new version of an edited file is encrypted with: its header's keys, context, suite, frames and armour. */
export interface EditParams {
  /** ARNs of the wrapping KMS keys, in the file's order (the first generates the new data key). */
  keys: string[];
  context: Record<string, string>;
  suite: EncryptSuiteName;
  frameLength: number;
  armor: EnvelopeEncoding;
}

export interface MemoryDecryptOptions extends Partial<DecryptPolicy> {
  /** Refuse larger files (stored size); default MAX_IN_MEMORY_BYTES. */
  maxBytes?: number;
}

export interface MemoryEncryptOptions extends Omit<EncryptOptions, 'destination' | 'armor'> {
  armor?: ArmorMode;
}

export interface DecryptedInMemory {
  /** The file, symlinks resolved. */
  path: string;
  /** The caller's: zero it when done. */
  plaintext: Buffer;
  header: EnvelopeHeader;
  encoding: EnvelopeEncoding;
  /** To encrypt an edited version with. */
  params: EditParams;
  /** The encrypted file as it was read: a later change on disk shows as a different size or mtime. */
  file: { size: number; mtimeMs: number; mode: number };
  kmsCalls: KmsCallCounts;
}
