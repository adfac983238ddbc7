import { basename } from 'node:path';
import { ArmorDecoder, armorStream } from '../../core/armor';
import { commitTemp, discardTemp, openTempBeside, type TempFile } from '../../core/atomicFile';
import { ENCRYPT_SUITES, type EncryptSuiteName } from '../../core/envelopeFormat';
import { encryptStream, type EncryptSettings } from './encryptPipeline';
import { toEnvelopeError } from './errors';
import { DEFAULT_FRAME_LENGTH, DEFAULT_MAX_ENCRYPTED_DATA_KEYS, DEFAULT_SUITE, MAX_FRAME_LENGTH, suiteId } from './esdk';
import { checkStoredEnvelope } from './decryptFile';
import { shield } from './esdkStreams';
import { openJob, throwIfAborted, type FileJob } from './fileJob';
import { ProgressMeter, tap } from './fileStreams';
import { decryptionKeyring, encryptionKeyring, FingerprintingManager } from './materials';
import { frameRechunker } from './plaintextFrames';
import { callerContext, checkContext, maxDataKeys } from './policy';
import { Session, type EngineDeps } from './session';
import { DEFAULT_VERIFY_MODE, type EncryptResult, type ReencryptOptions, type RunControl } from './types';
import { verifyEncrypted } from './verify';

/**
 * Re-encrypt one file under new wrapping keys or a new context (or both), by default keeping its armour, suite and
 * frame length. The plaintext never touches the disk: the decrypt stream feeds the encrypt stream, and the new
 * message lands in a temp file that replaces the original only once the old signature verified and the new
 * message passed verification.
 */
export async function reencryptFile(deps: EngineDeps, path: string, options: ReencryptOptions, control: RunControl = {}): Promise<EncryptResult> {
  throwIfAborted(control.signal);
  const name = basename(path);
  const maxEdks = maxDataKeys(options);
  const session = await Session.open(deps, options.newKeys ?? [], control.signal);
  const mark = session.log.mark();
  let job: FileJob | undefined;
  let temp: TempFile | undefined;
  try {
    job = await openJob(path, options.destination);
    const { envelope, arns } = await checkStoredEnvelope(job, options, name);
    const { header, sniff } = envelope;
    const newKeys = options.newKeys ?? arns;
    const context = options.newContext ?? callerContext(header);
    checkContext(context);
    await session.addKeys([...arns, ...newKeys]);
    const { sdks } = session;
    const stored = header.suite.name as EncryptSuiteName;
    const verify = options.verify ?? DEFAULT_VERIFY_MODE;
    const frameLength = options.frameLength ?? (header.framed && header.frameLength <= MAX_FRAME_LENGTH ? header.frameLength : DEFAULT_FRAME_LENGTH);
    const manager = new FingerprintingManager(sdks, new sdks.esdk.NodeDefaultCryptographicMaterialsManager(encryptionKeyring(sdks, session.supplier, newKeys)));
    const settings: EncryptSettings = {
      cmm: manager,
      suiteId: suiteId(sdks.esdk, options.suite ?? (ENCRYPT_SUITES.includes(stored) ? stored : DEFAULT_SUITE)),
      context,
      frameLength,
      armor: options.armor ?? sniff.encoding,
      hashPlaintext: verify === 'full',
    };
    const meter = new ProgressMeter(control, job.source, 'encrypting', job.size);
    const decryptor = shield(session.client(maxEdks).decryptStream(decryptionKeyring(sdks, session.supplier, options.keys), { maxBodySize: MAX_FRAME_LENGTH }));
    temp = await openTempBeside(job.target);
    const encrypted = await encryptStream(session.client(Math.max(DEFAULT_MAX_ENCRYPTED_DATA_KEYS, newKeys.length)), settings, {
      source: [
        job.handle.createReadStream({ start: 0, autoClose: false, highWaterMark: 1024 * 1024 }),
        tap((chunk) => meter.add(chunk.length)),
        ...(sniff.encoding === 'base64' ? [armorStream(new ArmorDecoder())] : []),
        decryptor,
        frameRechunker(frameLength),
      ],
      startsAsText: sniff.encoding === 'base64',
      ...(control.signal && { signal: control.signal }),
    }, temp, job.target);
    meter.finish();
    temp = encrypted.temp;
    throwIfAborted(control.signal);
    const keyArns = await verifyEncrypted({
      session, temp, encoding: encrypted.encoding, mode: verify, ...(encrypted.plaintextSha256 && { plaintextSha256: encrypted.plaintextSha256 }),
      ...(manager.fingerprint && { fingerprint: manager.fingerprint }), path: name, control,
    });
    throwIfAborted(control.signal);
    await commitTemp(temp, job.target, { mode: job.mode, overwrite: job.overwrite });
    temp = undefined;
    return {
      input: job.source, output: job.target, encoding: encrypted.encoding, plaintextSize: encrypted.plaintextSize,
      outputSize: encrypted.outputSize, keyArns, verified: verify, kmsCalls: session.log.counts(mark),
    };
  } catch (error) {
    await discardTemp(temp);
    throw toEnvelopeError(error, { path: name, operation: 're-encrypt', calls: session.log.records.slice(mark), connection: deps.connection });
  } finally {
    await job?.handle.close();
  }
}
