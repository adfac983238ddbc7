import { ArmorDecoder } from './armor';
import type { EnvelopeHeader } from './envelopeHeader';

/**
 * Sizes of a message body found from a few positional reads, without decrypting: how much plaintext it holds,
 * how many frames, and whether it is complete (a truncated file shows here before any KMS call). Pure: the
 * caller passes a reader, so a 1 GiB file costs a handful of small reads. Informative only: decryption
 * authenticates everything again.
 *
 * Body (message format spec): regular frame = sequence number (4) ‖ IV (12) ‖ content (frame length) ‖ tag (16);
 * final frame = 0xFFFFFFFF ‖ sequence number (4) ‖ IV (12) ‖ content length (4) ‖ content ‖ tag (16);
 * non-framed body = IV (12) ‖ content length (8) ‖ content ‖ tag (16); signed suites end with
 * signature length (2) ‖ signature.
 */

/** Reads up to `length` bytes at `offset`; fewer at the end of the data. */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

export interface BodyLayout {
  plaintextSize: number;
  frames: number;
  /** Bytes of the trailing signature section (length field included); 0 for unsigned suites. */
  footerLength: number;
}

const IV = 12;
const TAG = 16;
const FINAL_MARK = 0xffffffff;
/** An ECDSA P-384 signature in DER is at most 104 bytes; look a little further for odd signers. */
const LIKELY_FOOTER = 2 + 128;

/** The layout of a complete body, or undefined when the body is truncated, padded or not shaped like one. */
export async function measureBody(
  header: EnvelopeHeader,
  messageSize: number,
  read: ReadAt,
): Promise<BodyLayout | undefined> {
  const start = header.headerLength;
  const footerAt = async (end: number): Promise<number | undefined> => {
    if (!header.suite.signed) {
      return end === messageSize ? 0 : undefined;
    }
    const length = await read(end, 2);
    if (length.length < 2) {
      return undefined;
    }
    const footer = 2 + ((length[0] << 8) | length[1]);
    return end + footer === messageSize ? footer : undefined;
  };

  if (!header.framed) {
    const field = await read(start + IV, 8);
    if (field.length < 8) {
      return undefined;
    }
    const size = Number(Buffer.from(field).readBigUInt64BE(0));
    const footer = await footerAt(start + IV + 8 + size + TAG);
    return footer === undefined ? undefined : { plaintextSize: size, frames: 1, footerLength: footer };
  }

  const frameLength = header.frameLength;
  const full = 4 + IV + frameLength + TAG;
  const minFinal = 4 + 4 + IV + 4 + TAG;
  const body = messageSize - start;
  if (body < minFinal) {
    return undefined;
  }
  // The final frame starts at a multiple of the full frame size; the signature's length is unknown, so try the
  // few positions it allows, last first.
  let frames = Math.floor((body - minFinal) / full);
  for (let tries = 0; frames >= 0 && tries <= Math.ceil(LIKELY_FOOTER / full) + 1; frames--, tries++) {
    const at = start + frames * full;
    const head = Buffer.from(await read(at, 4 + 4 + IV + 4));
    if (head.length < 24 || head.readUInt32BE(0) !== FINAL_MARK || head.readUInt32BE(4) !== frames + 1) {
      continue;
    }
    const size = head.readUInt32BE(20);
    if (size > frameLength) {
      continue;
    }
    const footer = await footerAt(at + 24 + size + TAG);
    if (footer !== undefined) {
      return { plaintextSize: frames * frameLength + size, frames: frames + 1, footerLength: footer };
    }
  }
  return undefined;
}

/** Line structure of an armoured file, assuming every line but the last has the first line's length. */
export interface ArmorGeometry {
  /** Base64 characters per line; Infinity for a single line. */
  lineChars: number;
  /** 1 for LF, 2 for CRLF. */
  eolBytes: number;
  /** Base64 characters in the file. */
  chars: number;
  /** Bytes of the decoded message. */
  messageSize: number;
}

/** The geometry of an armoured file of `fileSize` bytes, or undefined if it is not regular. */
export async function armorGeometry(fileSize: number, read: ReadAt): Promise<ArmorGeometry | undefined> {
  const head = Buffer.from(await read(0, Math.min(fileSize, 64 * 1024)));
  const lf = head.indexOf(0x0a);
  const eolBytes = lf > 0 && head[lf - 1] === 0x0d ? 2 : 1;
  const lineChars = lf < 0 ? Infinity : lf - (eolBytes - 1);
  if (lineChars === 0 || (lineChars !== Infinity && lineChars % 4 !== 0)) {
    return undefined;
  }
  const tail = Buffer.from(await read(Math.max(0, fileSize - 2), 2));
  const trailing = tail.at(-1) !== 0x0a ? 0 : tail.at(-2) === 0x0d ? 2 : 1;
  const text = fileSize - trailing;
  const lines = lineChars === Infinity ? 1 : Math.ceil((text + eolBytes) / (lineChars + eolBytes));
  const chars = text - eolBytes * (lines - 1);
  if (chars <= 0 || chars % 4 !== 0 || (lineChars !== Infinity && Math.ceil(chars / lineChars) !== lines)) {
    return undefined;
  }
  const geometry = { lineChars, eolBytes, chars, messageSize: 0 };
  const last = Buffer.from(await read(fileOffset(geometry, chars - 2), eolBytes + 2))
    .toString('latin1')
    .replace(/\s/g, '');
  const pads = last.endsWith('==') ? 2 : last.endsWith('=') ? 1 : 0;
  return { ...geometry, messageSize: (chars / 4) * 3 - pads };
}

/** A reader of the decoded message, over a reader of the armoured file. */
export function armoredReader(geometry: ArmorGeometry, read: ReadAt): ReadAt {
  return async (offset, length) => {
    const end = Math.min(offset + length, geometry.messageSize);
    if (end <= offset) {
      return new Uint8Array(0);
    }
    const first = Math.floor(offset / 3);
    const last = Math.ceil(end / 3);
    const from = fileOffset(geometry, 4 * first);
    const to = fileOffset(geometry, 4 * last - 1) + 1;
    const decoder = new ArmorDecoder();
    const decoded = Buffer.concat([decoder.update(await read(from, to - from)), decoder.final()]);
    return decoded.subarray(offset - 3 * first, end - 3 * first);
  };
}

function fileOffset(geometry: Pick<ArmorGeometry, 'lineChars' | 'eolBytes'>, char: number): number {
  return geometry.lineChars === Infinity ? char : char + geometry.eolBytes * Math.floor(char / geometry.lineChars);
}
