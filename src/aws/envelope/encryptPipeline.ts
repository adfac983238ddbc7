import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type * as Esdk from '@aws-crypto/client-node';
import { armor, ArmorDecoder, ArmorEncoder, armorStream } from '../../core/armor';
import { discardTemp, openTempBeside, type TempFile } from '../../core/atomicFile';
import type { EnvelopeEncoding } from '../../core/envelopeFormat';
import { isText, TextDetector } from '../../core/textContent';
import type { EsdkClient, Keyring, MaterialsManager } from './esdk';
import { runEncryptor } from './esdkStreams';
import { FileSink, tap, type ProgressMeter } from './fileStreams';
import { FrameZeroer } from './plaintextFrames';
import type { ArmorMode } from './types';
import type { ConcurrentVerification } from './verify';
import { chooseEncoding } from './storedEncoding';

/**
 * Plaintext → ESDK message → (armour) → temp file. Small inputs go through the ESDK in one call; large ones are
 * streamed frame by frame with flat memory. Either way the SHA-256 of the plaintext comes back for verification,
 * and no plaintext buffer outlives its use.
 */

export interface EncryptSettings {
  cmm: MaterialsManager | Keyring;
  suiteId: Esdk.AlgorithmSuiteIdentifier;
  context: Record<string, string>;
  frameLength: number;
  armor: ArmorMode;
  /** Compute the plaintext's SHA-256 (for `full` verification only: it costs a pass of hashing). */
  hashPlaintext: boolean;
}

export interface Encrypted {
  /** The temp file holding the result (a new one if the armour had to be changed at the end). */
  temp: TempFile;
  encoding: EnvelopeEncoding;
  outputSize: number;
  plaintextSize: number;
  /** When `hashPlaintext` was set. */
  plaintextSha256?: Buffer;
  /** The armour was changed after the stream (recode): what a concurrent verifier saw is not the final file. */
  recoded?: boolean;
}

/** One-shot: `plaintext` is the caller's, who zeroes it. */
export async function encryptBuffer(
  client: EsdkClient,
  settings: EncryptSettings,
  plaintext: Buffer,
  temp: TempFile,
): Promise<Encrypted> {
  const plaintextSha256 = settings.hashPlaintext ? createHash('sha256').update(plaintext).digest() : undefined;
  const encoding = chooseEncoding(settings.armor, isText(plaintext));
  const { result } = await client.encrypt(settings.cmm, plaintext, {
    suiteId: settings.suiteId,
    encryptionContext: settings.context,
    frameLength: settings.frameLength,
  });
  const output = encoding === 'base64' ? armor(result) : result;
  const sink = new FileSink(temp.handle, false);
  await pipeline([output], sink);
  return {
    temp,
    encoding,
    outputSize: sink.bytesWritten,
    plaintextSize: plaintext.length,
    ...(plaintextSha256 && { plaintextSha256 }),
  };
}

export interface StreamInput {
  /** Stages that end in frame-aligned plaintext chunks in fresh buffers (frameReader, or decrypt + frameRechunker). */
  source: Array<Readable | NodeJS.ReadWriteStream>;
  /** Known plaintext size: lets the data-key cache account for it. */
  size?: number;
  /** Verdict on the first bytes, for armour `auto`: the output encoding is chosen before the whole input is seen. */
  startsAsText: boolean;
  /** Counts plaintext bytes; re-encrypt counts the stored bytes in its source stages instead. */
  meter?: ProgressMeter;
  signal?: AbortSignal;
  /** Concurrent `full` verification: hears of the header as soon as it is out, then of every write to the temp file. */
  verification?: ConcurrentVerification;
}

/**
 * Streamed: if `auto` guessed "text" from the first bytes and a later chunk turns out binary, the result is re-coded
 * into a second temp file at the end (rare: a file must start as valid UTF-8 for 64 KiB to get there).
 */
export async function encryptStream(
  client: EsdkClient,
  settings: EncryptSettings,
  input: StreamInput,
  temp: TempFile,
  target: string,
): Promise<Encrypted> {
  const hash = settings.hashPlaintext ? createHash('sha256') : undefined;
  const detector = new TextDetector();
  const zeroer = new FrameZeroer(settings.frameLength, input.verification?.onHeader);
  let plaintextSize = 0;
  const encoding = chooseEncoding(settings.armor, input.startsAsText);
  const encryptor = client.encryptStream(settings.cmm, {
    suiteId: settings.suiteId,
    encryptionContext: settings.context,
    frameLength: settings.frameLength,
    ...(input.size !== undefined && { plaintextLength: input.size }),
  });
  const verifier = input.verification?.verifier;
  const sink = new FileSink(temp.handle, false, verifier && ((total) => verifier.written(total)));
  const plaintextTap = tap((chunk) => {
    hash?.update(chunk);
    plaintextSize += chunk.length;
    detector.update(chunk);
    input.meter?.add(chunk.length);
    zeroer.hold(chunk);
  }, true);
  const output = [
    tap((chunk) => zeroer.sawOutput(chunk)),
    ...(encoding === 'base64' ? [armorStream(new ArmorEncoder())] : []),
    sink,
  ];
  // A failed concurrent verification stops the encryption as a cancel would, and is the error reported.
  const signals = [input.signal, verifier?.signal].filter((signal): signal is AbortSignal => signal !== undefined);
  try {
    await runEncryptor(
      encryptor,
      [...input.source, plaintextTap],
      output,
      signals.length > 1 ? AbortSignal.any(signals) : signals[0],
    );
  } catch (error) {
    throw verifier?.failed ?? error;
  } finally {
    zeroer.zeroAll();
  }
  input.meter?.finish();
  const result: Encrypted = {
    temp,
    encoding,
    outputSize: sink.bytesWritten,
    plaintextSize,
    ...(hash && { plaintextSha256: hash.digest() }),
  };
  const wanted = chooseEncoding(settings.armor, detector.finish());
  if (wanted === encoding) {
    return result;
  }
  await verifier?.dispose(); // it read the old temp file, which recode() removes; the caller verifies afterwards
  return recode(result, wanted, target, input.signal);
}

/** Re-writes the message in the other encoding into a new temp file; the old one is removed. */
async function recode(
  from: Encrypted,
  encoding: EnvelopeEncoding,
  target: string,
  signal?: AbortSignal,
): Promise<Encrypted> {
  const temp = await openTempBeside(target);
  try {
    const sink = new FileSink(temp.handle, false);
    const codec = encoding === 'base64' ? new ArmorEncoder() : new ArmorDecoder();
    await pipeline(
      [
        from.temp.handle.createReadStream({ start: 0, autoClose: false, highWaterMark: 1024 * 1024 }),
        armorStream(codec),
        sink,
      ],
      ...(signal ? [{ signal }] : []),
    );
    await discardTemp(from.temp);
    return { ...from, temp, encoding, outputSize: sink.bytesWritten, recoded: true };
  } catch (error) {
    await discardTemp(temp);
    throw error;
  }
}
