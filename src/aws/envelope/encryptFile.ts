import { basename } from 'node:path';
import { commitTemp, discardTemp, openTempBeside, type TempFile } from '../../core/atomicFile';
import { detectEnvelope } from '../../core/envelopeHeader';
import { TextDetector } from '../../core/textContent';
import { encryptBuffer, encryptStream, type Encrypted, type EncryptSettings } from './encryptPipeline';
import { envelopeError, toEnvelopeError } from './errors';
import { DEFAULT_FRAME_LENGTH, DEFAULT_MAX_ENCRYPTED_DATA_KEYS, DEFAULT_SUITE, ONE_SHOT_MAX_BYTES, suiteId, type MaterialsManager } from './esdk';
import { openJob, throwIfAborted, type FileJob } from './fileJob';
import { frameReader, ProgressMeter, readAt, readWhole } from './fileStreams';
import { PREFIX_BYTES } from './inspect';
import { encryptionKeyring, FingerprintingManager } from './materials';
import { checkEncryptOptions } from './policy';
import { Session, type EngineDeps } from './session';
import { DEFAULT_VERIFY_MODE, type EncryptOptions, type EncryptResult, type RunControl } from './types';
import { startConcurrentVerification, verifyEncrypted } from './verify';

/**
 * Encrypt one file: refuse an already-encrypted one, encrypt into a temp file beside the target (one-shot when
 * small, streamed when large), verify the result is recoverable, then atomically replace or create the target.
 * On any failure or cancel the target is untouched and the temp file is gone.
 */

/** What a batch shares between files: one session, and materials managers over one data-key cache. */
export interface BatchState {
  session: Session;
  encryptManager?: MaterialsManager;
  decryptManager?: MaterialsManager;
  verifyManager?: (arns: string[]) => MaterialsManager;
  /** SHA-256 fingerprints of data keys already verified (`dataKey`): a batch's shared key costs one Decrypt. */
  verifiedDataKeys?: Set<string>;
}

export async function encryptFile(
  deps: EngineDeps, path: string, options: EncryptOptions, control: RunControl = {}, batch?: BatchState,
): Promise<EncryptResult> {
  checkEncryptOptions(options);
  throwIfAborted(control.signal);
  const name = basename(path);
  const session = batch?.session ?? await Session.open(deps, options.keys, control.signal).catch((error: unknown) => {
    throw toEnvelopeError(error, { path: name, operation: 'encrypt', calls: [], connection: deps.connection });
  });
  const mark = session.log.mark();
  let job: FileJob | undefined;
  let temp: TempFile | undefined;
  try {
    job = await openJob(path, options.destination);
    const prefix = await readAt(job.handle, 0, PREFIX_BYTES);
    if (detectEnvelope(prefix)) {
      throw envelopeError('AlreadyEncrypted', `${name} is already encrypted (it starts with an AWS Encryption SDK message header): `
        + 'decrypt it first, or re-encrypt it to change its keys or context.');
    }
    const { sdks } = session;
    const verify = options.verify ?? DEFAULT_VERIFY_MODE;
    const backing = batch?.encryptManager
      ?? new sdks.esdk.NodeDefaultCryptographicMaterialsManager(encryptionKeyring(sdks, session.supplier, options.keys));
    const manager = new FingerprintingManager(sdks, backing);
    const settings: EncryptSettings = {
      cmm: manager,
      suiteId: suiteId(sdks.esdk, options.suite ?? DEFAULT_SUITE),
      context: { ...options.context },
      frameLength: options.frameLength ?? DEFAULT_FRAME_LENGTH,
      armor: options.armor ?? 'auto',
      hashPlaintext: verify === 'full',
    };
    const client = session.client(Math.max(DEFAULT_MAX_ENCRYPTED_DATA_KEYS, options.keys.length));
    const meter = new ProgressMeter(control, job.source, 'encrypting', job.size);
    temp = await openTempBeside(job.target);
    let encrypted: Encrypted;
    let verifiedWhileWriting = false;
    if (job.size <= ONE_SHOT_MAX_BYTES) {
      const plaintext = await readWhole(job.handle, job.size);
      try {
        encrypted = await encryptBuffer(client, settings, plaintext, temp);
      } finally {
        plaintext.fill(0);
      }
      meter.finish();
    } else {
      const start = new TextDetector();
      start.update(prefix);
      const verification = verify === 'full' && !batch
        ? startConcurrentVerification(session, temp, () => manager.fingerprint, name, Math.max(DEFAULT_MAX_ENCRYPTED_DATA_KEYS, options.keys.length))
        : undefined;
      try {
        encrypted = await encryptStream(client, settings, {
          source: [frameReader(job.handle, settings.frameLength, job.size)],
          size: job.size,
          startsAsText: start.isText,
          meter,
          ...(control.signal && { signal: control.signal }),
          ...(verification && { verification }),
        }, temp, job.target);
        temp = encrypted.temp;
        if (verification && !encrypted.recoded) {
          await verification.complete(encrypted.plaintextSha256, encrypted.outputSize);
          verifiedWhileWriting = true;
        }
      } finally {
        await verification?.verifier.dispose();
      }
    }
    temp = encrypted.temp;
    throwIfAborted(control.signal);
    const keyArns = await verifyEncrypted({
      session, temp, encoding: encrypted.encoding, mode: verify, ...(encrypted.plaintextSha256 && { plaintextSha256: encrypted.plaintextSha256 }),
      ...(manager.fingerprint && { fingerprint: manager.fingerprint }),
      ...(batch?.verifyManager && { manager: batch.verifyManager }),
      ...(batch?.verifiedDataKeys && { verifiedDataKeys: batch.verifiedDataKeys }),
      path: name, control, alreadyVerified: verifiedWhileWriting,
    });
    throwIfAborted(control.signal);
    await commitTemp(temp, job.target, { mode: job.mode, overwrite: job.overwrite });
    temp = undefined;
    return {
      input: job.source,
      output: job.target,
      encoding: encrypted.encoding,
      plaintextSize: encrypted.plaintextSize,
      outputSize: encrypted.outputSize,
      keyArns,
      verified: verify,
      kmsCalls: session.log.counts(mark),
    };
  } catch (error) {
    await discardTemp(temp);
    throw toEnvelopeError(error, { path: name, operation: 'encrypt', calls: session.log.records.slice(mark), connection: deps.connection });
  } finally {
    await job?.handle.close();
  }
}
