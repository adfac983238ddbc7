import { basename } from 'node:path';
import { ArmorDecoder, armorStream } from '../../core/armor';
import { openTempBeside } from '../../core/atomicFile';
import { ENCRYPT_SUITES, type EncryptSuiteName } from '../../core/envelopeFormat';
import { encryptStream, type EncryptSettings } from './encryptPipeline';
import {
  DEFAULT_FRAME_LENGTH,
  DEFAULT_MAX_ENCRYPTED_DATA_KEYS,
  DEFAULT_SUITE,
  MAX_FRAME_LENGTH,
  suiteId,
} from './esdk';
import { checkStoredEnvelope } from './decryptFile';
import { shield } from './esdkStreams';
import { runFileJob, throwIfAborted } from './fileJob';
import { ProgressMeter, tap } from './fileStreams';
import { decryptionKeyring, encryptionKeyring, FingerprintingManager } from './materials';
import { frameRechunker } from './plaintextFrames';
import { callerContext, checkContext, maxDataKeys } from './policy';
import { Session, type EngineDeps } from './session';
import { DEFAULT_VERIFY_MODE, type EncryptResult, type ReencryptOptions, type RunControl } from './types';
import { verifiedResult } from './verify';

/**
 * Re-encrypt one file under new wrapping keys or a new context (or both), by default keeping its armour, suite and
 * frame length. The plaintext never touches the disk: the decrypt stream feeds the encrypt stream, and the new
 * message lands in a temp file that replaces the original only once the old signature verified and the new
 * message passed verification.
 */
export async function reencryptFile(
  deps: EngineDeps,
  path: string,
  options: ReencryptOptions,
  control: RunControl = {},
): Promise<EncryptResult> {
  throwIfAborted(control.signal);
  const name = basename(path);
  const maxEdks = maxDataKeys(options);
  const session = await Session.open(deps, options.newKeys ?? [], control.signal);
  const run = {
    deps,
    session,
    path,
    operation: 're-encrypt' as const,
    destination: options.destination,
    ...(control.signal && { signal: control.signal }),
  };
  return runFileJob(run, async (job, temp, mark) => {
    const { envelope, arns } = await checkStoredEnvelope(job, options, name);
    const { header, sniff } = envelope;
    const newKeys = options.newKeys ?? arns;
    const context = options.newContext ?? callerContext(header);
    checkContext(context);
    await session.addKeys([...arns, ...newKeys]);
    const { sdks } = session;
    const stored = header.suite.name as EncryptSuiteName;
    const verify = options.verify ?? DEFAULT_VERIFY_MODE;
    const frameLength =
      options.frameLength ??
      (header.framed && header.frameLength <= MAX_FRAME_LENGTH ? header.frameLength : DEFAULT_FRAME_LENGTH);
    const manager = new FingerprintingManager(
      sdks,
      new sdks.esdk.NodeDefaultCryptographicMaterialsManager(encryptionKeyring(sdks, session.supplier, newKeys)),
    );
    const settings: EncryptSettings = {
      cmm: manager,
      suiteId: suiteId(sdks.esdk, options.suite ?? (ENCRYPT_SUITES.includes(stored) ? stored : DEFAULT_SUITE)),
      context,
      frameLength,
      armor: options.armor ?? sniff.encoding,
      hashPlaintext: verify === 'full',
    };
    const meter = new ProgressMeter(control, job.source, 'encrypting', job.size);
    const decryptor = shield(
      session
        .client(maxEdks)
        .decryptStream(decryptionKeyring(sdks, session.supplier, options.keys), { maxBodySize: MAX_FRAME_LENGTH }),
    );
    temp.current = await openTempBeside(job.target);
    const encrypted = await encryptStream(
      session.client(Math.max(DEFAULT_MAX_ENCRYPTED_DATA_KEYS, newKeys.length)),
      settings,
      {
        source: [
          job.handle.createReadStream({ start: 0, autoClose: false, highWaterMark: 1024 * 1024 }),
          tap((chunk) => meter.add(chunk.length)),
          ...(sniff.encoding === 'base64' ? [armorStream(new ArmorDecoder())] : []),
          decryptor,
          frameRechunker(frameLength),
        ],
        startsAsText: sniff.encoding === 'base64',
        ...(control.signal && { signal: control.signal }),
      },
      temp.current,
      job.target,
    );
    meter.finish();
    temp.current = encrypted.temp;
    return verifiedResult(job, encrypted, { session, mode: verify, manager, path: name, control, mark });
  });
}
