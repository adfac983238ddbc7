import * as l10n from '@vscode/l10n';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { TempFile } from '../../core/atomicFile';
import type { EnvelopeHeader } from '../../core/envelopeHeader';
import type { EnvelopeEncoding } from '../../core/envelopeFormat';
import { CancelledError, isCancelled, KmsExtensionError } from '../../core/errors';
import { ConcurrentVerifier } from './concurrentVerify';
import { HashSink, decryptStream } from './decryptPipeline';
import { envelopeError } from './envelopeError';
import { toEnvelopeError } from './errors';
import type { Encrypted } from './encryptPipeline';
import { MAX_FRAME_LENGTH, type Keyring, type MaterialsManager } from './esdk';
import { throwIfAborted, type FileJob } from './fileJob';
import { ProgressMeter } from './fileStreams';
import { readEnvelope } from './inspect';
import { decryptionKeyring, type FingerprintingManager } from './materials';
import { KMS_PROVIDER_ID, kmsKeyArns } from './policy';
import type { Session } from './session';
import type { EncryptResult, RunControl, VerifyMode } from './types';

/**
 * Before a new ciphertext replaces anything, prove it can be decrypted with this connection (issue 5): a key
 * policy that allows kms:GenerateDataKey but not kms:Decrypt would otherwise turn a file into noise.
 *
 * - `full`: the new file is decrypted exactly as decryptFile would, with a keyring limited to the ARNs it
 *   records: one Decrypt call (none in a batch once the shared data key was checked), the key commitment, every
 *   frame tag and the signature. Its plaintext's SHA-256 must equal the input's. This covers KMS permissions, a
 *   KMS that returned a mismatched data key, and anything that went wrong between the ESDK and the disk.
 * - `dataKey`: one Decrypt call on the file's first decryptable data key; the result's SHA-256 must equal the
 *   fingerprint of the key that encrypted the file. Cheap for huge files; it trusts the local encryption.
 */

export interface VerifyInput {
  session: Session;
  temp: TempFile;
  encoding: EnvelopeEncoding;
  mode: VerifyMode;
  /** The input plaintext's digest (`full`). */
  plaintextSha256?: Buffer;
  /** SHA-256 of the data key that encrypted the file (`dataKey`). */
  fingerprint?: Buffer;
  /** The materials manager for `full` (the batch's caching one); default: a strict keyring over the file's ARNs. */
  manager?: (arns: string[]) => MaterialsManager | Keyring;
  path: string;
  control: RunControl;
  /** `full` was done while the file was written (concurrentVerify.ts): only read the header back. */
  alreadyVerified?: boolean;
  /** `dataKey`: fingerprints (hex) verified earlier in this batch, skipped; new ones are added. */
  verifiedDataKeys?: Set<string>;
}

/** Reads back the header as written, verifies per `mode`, and returns the ARNs of the wrapping keys it records. */
export async function verifyEncrypted(input: VerifyInput): Promise<string[]> {
  const { session, temp, path } = input;
  const mark = session.log.mark();
  try {
    const { size } = await temp.handle.stat();
    const { header } = await readEnvelope(temp.handle, size, path);
    const arns = kmsKeyArns(header);
    if (input.mode === 'off' || input.alreadyVerified) {
      return arns;
    }
    await session.addKeys(arns);
    if (input.mode === 'dataKey') {
      const known = input.fingerprint?.toString('hex');
      if (known !== undefined && input.verifiedDataKeys?.has(known)) {
        return arns;
      }
      (await checkDataKey(session, header, input.fingerprint, path)).key.fill(0);
      if (known !== undefined) {
        input.verifiedDataKeys?.add(known);
      }
      return arns;
    }
    const sink = new HashSink();
    const cmm = input.manager?.(arns) ?? decryptionKeyring(session.sdks, session.supplier, { keyArns: arns });
    await decryptStream(
      session.client(arns.length),
      { cmm, maxBodySize: MAX_FRAME_LENGTH, encoding: input.encoding },
      temp.handle,
      sink,
      {
        meter: new ProgressMeter(input.control, path, 'verifying', size),
        ...(input.control.signal && { signal: input.control.signal }),
      },
    );
    checkDigest(sink.digest(), input.plaintextSha256, path);
    return arns;
  } catch (error) {
    throw verificationError(error, session, mark, path);
  }
}

/** How a new message is checked before it may replace anything (encrypt and re-encrypt). */
export interface ResultCheck {
  session: Session;
  mode: VerifyMode;
  /** Took the fingerprint of the data key that encrypted the message. */
  manager: FingerprintingManager;
  path: string;
  control: RunControl;
  /** The call-log mark where the operation started, for its KMS call counts. */
  mark: number;
  alreadyVerified?: boolean;
  verifyManager?: (arns: string[]) => MaterialsManager;
  verifiedDataKeys?: Set<string>;
}

/** Verifies a new message per `check.mode` and describes it as the operation's result. */
export async function verifiedResult(job: FileJob, encrypted: Encrypted, check: ResultCheck): Promise<EncryptResult> {
  throwIfAborted(check.control.signal);
  const keyArns = await verifyEncrypted({
    session: check.session,
    temp: encrypted.temp,
    encoding: encrypted.encoding,
    mode: check.mode,
    path: check.path,
    control: check.control,
    ...(encrypted.plaintextSha256 && { plaintextSha256: encrypted.plaintextSha256 }),
    ...(check.manager.fingerprint && { fingerprint: check.manager.fingerprint }),
    ...(check.verifyManager && { manager: check.verifyManager }),
    ...(check.verifiedDataKeys && { verifiedDataKeys: check.verifiedDataKeys }),
    ...(check.alreadyVerified && { alreadyVerified: true }),
  });
  return {
    input: job.source,
    output: job.target,
    encoding: encrypted.encoding,
    plaintextSize: encrypted.plaintextSize,
    outputSize: encrypted.outputSize,
    keyArns,
    verified: check.mode,
    kmsCalls: check.session.log.counts(check.mark),
  };
}

/** Postcondition: the new file decrypts to exactly the input. */
export function checkDigest(actual: Uint8Array, expected: Buffer | undefined, path: string): void {
  if (!expected || !timingSafeEqual(actual, expected)) {
    throw envelopeError(
      'VerificationFailed',
      l10n.t({
        message:
          'The encrypted result of {0} does not decrypt to the original content: nothing was replaced. Retry; if it happens again, report it with the log.',
        args: [path],
        comment: '{0} is a file name',
      }),
      { next: 'showLog' },
    );
  }
}

/**
 * One KMS Decrypt of the first data key of `header` this connection can decrypt (others are tried only if that
 * fails), checked against the fingerprint of the key that encrypted the file. Returns the data key: the caller
 * zeroes it.
 */
export async function checkDataKey(
  session: Session,
  header: EnvelopeHeader,
  fingerprint: Buffer | undefined,
  path: string,
): Promise<{ arn: string; key: Uint8Array }> {
  /* Precondition: the fingerprint of the encrypting data key was taken. */
  if (!fingerprint) {
    throw new Error('Data key verification needs the data key fingerprint.');
  }
  for (const edk of header.encryptedDataKeys.filter((candidate) => candidate.providerId === KMS_PROVIDER_ID)) {
    const kms = session.supplier(edk.providerInfo.split(':')[3] ?? '');
    if (!kms) {
      continue;
    }
    let key: Uint8Array | undefined;
    try {
      // Our adapter (kmsSupplier.ts) returns a promise of a validated response.
      key = (
        await (kms.decrypt({
          KeyId: edk.providerInfo,
          CiphertextBlob: edk.blob,
          EncryptionContext: header.encryptionContext,
        }) as Promise<{ Plaintext: Uint8Array }>)
      ).Plaintext;
    } catch (error) {
      if (isCancelled(error) || (error as Error | undefined)?.name === 'AbortError') {
        throw new CancelledError();
      }
      continue; // recorded in the call log; another wrapping key may still work
    }
    /* Postcondition: KMS returned the data key that encrypted the file. */
    if (!timingSafeEqual(createHash('sha256').update(key).digest(), fingerprint)) {
      key.fill(0);
      const message = l10n.t({
        message:
          'KMS decrypted the data key of {0} with {1} to a different key than the one that encrypted it: nothing was replaced. Check the KMS endpoint.',
        args: [path, edk.providerInfo],
        comment: ['{0} is a file name', '{1} is a KMS key ARN'],
      });
      throw envelopeError('VerificationFailed', message, { next: 'checkEndpoint' });
    }
    return { arn: edk.providerInfo, key };
  }
  throw new Error('No wrapping key of the new file could be decrypted.');
}

/** A failed verification as the user sees it: "not changed, would be unrecoverable", with the KMS cause. */
export function verificationError(error: unknown, session: Session, mark: number, path: string): Error {
  const cause = toEnvelopeError(error, {
    path,
    operation: 'decrypt',
    calls: session.log.records.slice(mark),
    connection: session.connection,
  });
  if (!(cause instanceof KmsExtensionError) || cause.code === 'VerificationFailed') {
    return cause;
  }
  const message = l10n.t({
    message:
      "{0} was not changed: its new encrypted version could not be decrypted with this connection, so it would be unrecoverable. Cause: {1} If the file is meant for someone else's key, turn verification off.",
    args: [path, cause.message],
    comment: ['{0} is a file name', '{1} is why it could not be decrypted'],
  });
  return envelopeError('Unrecoverable', message, { cause, ...(cause.next && { next: cause.next }) });
}

/** `full` verification while a streamed file is written (see concurrentVerify.ts). */
export interface ConcurrentVerification {
  verifier: ConcurrentVerifier;
  /** Called with the header as soon as the ESDK wrote it: starts the one KMS Decrypt call. */
  onHeader(header: EnvelopeHeader): void;
  /** After the stream ended (the file has `size` bytes): waits for the key check and the worker, compares the digests. */
  complete(plaintextSha256: Buffer | undefined, size: number): Promise<void>;
}

export function startConcurrentVerification(
  session: Session,
  temp: TempFile,
  fingerprint: () => Buffer | undefined,
  path: string,
  maxEncryptedDataKeys: number,
): ConcurrentVerification | undefined {
  const verifier = ConcurrentVerifier.open({ path: temp.path, maxBodySize: MAX_FRAME_LENGTH, maxEncryptedDataKeys });
  if (!verifier) {
    return undefined;
  }
  const mark = session.log.mark();
  let keyCheck: Promise<void> = Promise.reject(new Error('The encryption wrote no header.'));
  keyCheck.catch(() => undefined);
  return {
    verifier,
    onHeader: (header) => {
      keyCheck = (async () => {
        await session.addKeys(kmsKeyArns(header));
        const { arn, key } = await checkDataKey(session, header, fingerprint(), path);
        try {
          verifier.giveKey(arn, key);
        } finally {
          key.fill(0);
        }
      })().catch((error: unknown) => {
        // No point encrypting the rest of a file nobody could decrypt: this stops the stream.
        throw verifier.fail(verificationError(error, session, mark, path));
      });
      keyCheck.catch(() => undefined);
    },
    complete: async (plaintextSha256, size) => {
      await keyCheck;
      checkDigest(await verifier.finish(size), plaintextSha256, path);
    },
  };
}
