import { createHash, type Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ArmorDecoder, armorStream, dearmor } from '../../core/armor';
import type { EnvelopeEncoding } from '../../core/envelopeFormat';
import type { EsdkClient, Keyring, MaterialsManager } from './esdk';
import { shield } from './esdkStreams';
import { tap, type ProgressMeter } from './fileStreams';

/**
 * (Armoured) ESDK message in a file → plaintext into a sink. The ESDK checks each frame's tag before it releases
 * the frame, but checks the signature only at the very end; so the sink must be a temp file that is renamed
 * only after this pipeline resolved (decryptFile), or a hash that nobody trusts before then (verify).
 */

export interface DecryptSettings {
  cmm: MaterialsManager | Keyring;
  /** The largest frame (or non-framed body) the ESDK may buffer. */
  maxBodySize: number;
  encoding: EnvelopeEncoding;
}

/** One-shot: the whole file is in `stored`; the plaintext comes back whole, and the caller zeroes it. */
export async function decryptBuffer(client: EsdkClient, settings: DecryptSettings, stored: Buffer): Promise<Buffer> {
  const message = settings.encoding === 'base64' ? dearmor(stored) : stored;
  const { plaintext } = await client.decrypt(settings.cmm, message, { maxBodySize: settings.maxBodySize });
  return plaintext;
}

export interface StreamRun {
  meter: ProgressMeter;
  signal?: AbortSignal;
  /** Sees every plaintext chunk before the sink (hashing for re-encrypt checks). */
  onPlaintext?: (chunk: Buffer) => void;
}

/** Streams the file at `handle` through the ESDK into `sink`; resolves only after the signature verified. */
export async function decryptStream(
  client: EsdkClient,
  settings: DecryptSettings,
  handle: FileHandle,
  sink: NodeJS.WritableStream,
  run: StreamRun,
): Promise<void> {
  const stages: NodeJS.ReadWriteStream[] = [
    tap((chunk) => run.meter.add(chunk.length)),
    ...(settings.encoding === 'base64' ? [armorStream(new ArmorDecoder())] : []),
    shield(client.decryptStream(settings.cmm, { maxBodySize: settings.maxBodySize })),
    ...(run.onPlaintext ? [tap(run.onPlaintext)] : []),
  ];
  const source = handle.createReadStream({ start: 0, autoClose: false, highWaterMark: 256 * 1024 });
  await pipeline([source, ...stages, sink], ...(run.signal ? [{ signal: run.signal }] : []));
  run.meter.finish();
}

/** A sink that hashes plaintext and zeroes each chunk: verification needs the digest, never the data. */
export class HashSink extends Writable {
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    chunk.fill(0);
    callback();
  }

  digest(): Buffer {
    return this.hash.digest();
  }
}
