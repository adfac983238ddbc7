import * as l10n from '@vscode/l10n';
import { basename } from 'node:path';
import { openTempBeside } from '../../core/atomicFile';
import { detectEnvelope } from '../../core/envelopeHeader';
import { TextDetector } from '../../core/textContent';
import { encryptBuffer, encryptStream, type Encrypted, type EncryptSettings } from './encryptPipeline';
import { envelopeError } from './envelopeError';
import {
  DEFAULT_FRAME_LENGTH,
  DEFAULT_MAX_ENCRYPTED_DATA_KEYS,
  DEFAULT_SUITE,
  ONE_SHOT_MAX_BYTES,
  suiteId,
  type EsdkClient,
  type MaterialsManager,
} from './esdk';
import { openSession, runFileJob, throwIfAborted } from './fileJob';
import { frameReader, ProgressMeter, readAt, readWhole } from './fileStreams';
import { PREFIX_BYTES } from './inspect';
import { encryptionKeyring, FingerprintingManager } from './materials';
import { checkEncryptOptions } from './policy';
import type { EngineDeps, Session } from './session';
import {
  DEFAULT_VERIFY_MODE,
  type EncryptOptions,
  type EncryptResult,
  type RunControl,
  type VerifyMode,
} from './types';
import { startConcurrentVerification, verifiedResult } from './verify';

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

/** The new message's materials manager (which fingerprints its data key), ESDK settings and client. */
export function newMessage(
  session: Session,
  options: Pick<EncryptOptions, 'keys' | 'context' | 'suite' | 'frameLength' | 'armor'>,
  verify: VerifyMode,
  backing?: MaterialsManager,
): { manager: FingerprintingManager; settings: EncryptSettings; client: EsdkClient } {
  const { sdks } = session;
  const manager = new FingerprintingManager(
    sdks,
    backing ??
      new sdks.esdk.NodeDefaultCryptographicMaterialsManager(encryptionKeyring(sdks, session.supplier, options.keys)),
  );
  const settings: EncryptSettings = {
    cmm: manager,
    suiteId: suiteId(sdks.esdk, options.suite ?? DEFAULT_SUITE),
    context: { ...options.context },
    frameLength: options.frameLength ?? DEFAULT_FRAME_LENGTH,
    armor: options.armor ?? 'auto',
    hashPlaintext: verify === 'full',
  };
  return { manager, settings, client: session.client(Math.max(DEFAULT_MAX_ENCRYPTED_DATA_KEYS, options.keys.length)) };
}

export async function encryptFile(
  deps: EngineDeps,
  path: string,
  options: EncryptOptions,
  control: RunControl = {},
  batch?: BatchState,
): Promise<EncryptResult> {
  checkEncryptOptions(options);
  throwIfAborted(control.signal);
  const name = basename(path);
  const session =
    batch?.session ?? (await openSession(deps, options.keys, { path: name, operation: 'encrypt' }, control.signal));
  const run = {
    deps,
    session,
    path,
    operation: 'encrypt' as const,
    destination: options.destination,
    ...(control.signal && { signal: control.signal }),
  };
  return runFileJob(run, async (job, temp, mark) => {
    const prefix = await readAt(job.handle, 0, PREFIX_BYTES);
    if (detectEnvelope(prefix)) {
      throw envelopeError(
        'AlreadyEncrypted',
        l10n.t({
          message:
            '{0} is already encrypted (it starts with an AWS Encryption SDK message header): decrypt it first, or re-encrypt it to change its keys or context.',
          args: [name],
          comment: '{0} is a file name',
        }),
      );
    }
    const verify = options.verify ?? DEFAULT_VERIFY_MODE;
    const { manager, settings, client } = newMessage(session, options, verify, batch?.encryptManager);
    const meter = new ProgressMeter(control, job.source, 'encrypting', job.size);
    temp.current = await openTempBeside(job.target);
    let encrypted: Encrypted;
    let verifiedWhileWriting = false;
    if (job.size <= ONE_SHOT_MAX_BYTES) {
      const plaintext = await readWhole(job.handle, job.size);
      try {
        encrypted = await encryptBuffer(client, settings, plaintext, temp.current);
      } finally {
        plaintext.fill(0);
      }
      meter.finish();
    } else {
      const start = new TextDetector();
      start.update(prefix);
      const verification =
        verify === 'full' && !batch
          ? startConcurrentVerification(
              session,
              temp.current,
              () => manager.fingerprint,
              name,
              Math.max(DEFAULT_MAX_ENCRYPTED_DATA_KEYS, options.keys.length),
            )
          : undefined;
      try {
        encrypted = await encryptStream(
          client,
          settings,
          {
            source: [frameReader(job.handle, settings.frameLength, job.size)],
            size: job.size,
            startsAsText: start.isText,
            meter,
            ...(control.signal && { signal: control.signal }),
            ...(verification && { verification }),
          },
          temp.current,
          job.target,
        );
        temp.current = encrypted.temp;
        if (verification && !encrypted.recoded) {
          await verification.complete(encrypted.plaintextSha256, encrypted.outputSize);
          verifiedWhileWriting = true;
        }
      } finally {
        await verification?.verifier.dispose();
      }
    }
    temp.current = encrypted.temp;
    return verifiedResult(job, encrypted, {
      session,
      mode: verify,
      manager,
      path: name,
      control,
      mark,
      alreadyVerified: verifiedWhileWriting,
      ...(batch?.verifyManager && { verifyManager: batch.verifyManager }),
      ...(batch?.verifiedDataKeys && { verifiedDataKeys: batch.verifiedDataKeys }),
    });
  });
}
