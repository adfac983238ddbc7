import * as l10n from '@vscode/l10n';
import { open, type FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ArmorDecoder, armorStream } from '../../core/armor';
import { sniffEnvelope, type EnvelopeSniff } from '../../core/envelopeFormat';
import { EnvelopeHeaderError, parseEnvelopeHeader, type EnvelopeHeader } from '../../core/envelopeHeader';
import { armoredReader, armorGeometry, measureBody, type BodyLayout, type ReadAt } from '../../core/envelopeLayout';
import { envelopeError } from './envelopeError';
import { readAt } from './fileStreams';
import type { Inspection } from './types';

/**
 * Reading what a file says about itself, with no KMS call: is it an envelope, its header, the layout of its body.
 * `inspect` shows this; decrypt uses it to refuse bad files (plain, truncated, too many data keys, wrong context)
 * before it asks KMS for anything.
 */

/** Enough for any ordinary header; larger ones are read in a second step. */
export const PREFIX_BYTES = 64 * 1024;
/** Headers hold at most a 64 KiB context and a bounded number of data keys; beyond this a file is not believable. */
const MAX_HEADER_FILE_BYTES = 8 * 1024 * 1024;

export interface StoredEnvelope {
  sniff: EnvelopeSniff;
  header: EnvelopeHeader;
  /** Size of the (decoded) message. */
  messageSize: number;
  /** Positional reads of the message; undefined for armour with irregular lines. */
  read?: ReadAt;
}

/** The envelope stored in an open file; throws NotEncrypted, Tampered or TooManyDataKeys errors (via toEnvelopeError). */
export async function readEnvelope(
  handle: FileHandle,
  size: number,
  name: string,
  maxEncryptedDataKeys?: number,
): Promise<StoredEnvelope> {
  const prefix = await readAt(handle, 0, Math.min(size, PREFIX_BYTES));
  const sniff = sniffEnvelope(prefix);
  if (!sniff) {
    throw envelopeError(
      'NotEncrypted',
      l10n.t({
        message: '{0} is not encrypted: it does not start with an AWS Encryption SDK message header.',
        args: [name],
        comment: '{0} is a file name',
      }),
    );
  }
  const options = maxEncryptedDataKeys === undefined ? {} : { maxEncryptedDataKeys };
  const decode = (bytes: Uint8Array): Uint8Array =>
    sniff.encoding === 'base64' ? new ArmorDecoder().update(bytes) : bytes;
  let header = parseEnvelopeHeader(decode(prefix), options);
  if (!header && size > prefix.length) {
    header = parseEnvelopeHeader(decode(await readAt(handle, 0, Math.min(size, MAX_HEADER_FILE_BYTES))), options);
  }
  if (!header) {
    throw size > MAX_HEADER_FILE_BYTES
      ? new EnvelopeHeaderError('malformed', 'Malformed header: it claims to be larger than 8 MiB.')
      : envelopeError(
          'Truncated',
          l10n.t({
            message: '{0} is truncated: it ends inside the envelope header. Restore it from a backup.',
            args: [name],
            comment: '{0} is a file name',
          }),
        );
  }
  const raw: ReadAt = async (offset, length) => readAt(handle, offset, length);
  if (sniff.encoding === 'binary') {
    return { sniff, header, messageSize: size, read: raw };
  }
  const geometry = await armorGeometry(size, raw);
  if (geometry) {
    return { sniff, header, messageSize: geometry.messageSize, read: armoredReader(geometry, raw) };
  }
  return { sniff, header, messageSize: await decodedSize(handle) };
}

/** The body's layout, or undefined if it is incomplete or damaged (or cannot be read positionally). */
export async function bodyLayout(envelope: StoredEnvelope): Promise<BodyLayout | undefined> {
  if (!envelope.read) {
    return undefined;
  }
  try {
    return await measureBody(envelope.header, envelope.messageSize, envelope.read);
  } catch {
    return undefined; // irregular armour decodes to garbage or fails: the layout is unknown, not wrong
  }
}

export async function inspectFile(path: string): Promise<Inspection> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const envelope = await readEnvelope(handle, size, path);
    const body = await bodyLayout(envelope);
    return {
      path,
      fileSize: size,
      encoding: envelope.sniff.encoding,
      messageSize: envelope.messageSize,
      header: envelope.header,
      ...(body && { body }),
    };
  } finally {
    await handle.close();
  }
}

/** Decoded size of an armoured file whose lines are irregular: one streaming pass. */
async function decodedSize(handle: FileHandle): Promise<number> {
  let bytes = 0;
  const counter = new Writable({
    write(chunk: Buffer, _encoding, callback): void {
      bytes += chunk.length;
      callback();
    },
  });
  await pipeline(handle.createReadStream({ start: 0, autoClose: false }), armorStream(new ArmorDecoder()), counter);
  return bytes;
}
