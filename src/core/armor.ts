import * as l10n from '@vscode/l10n';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Base64 armour for messages in text files (DESIGN.md §2): 76-column lines ending in LF, as `base64` (coreutils)
 * writes them, so `base64 -d` and `aws-encryption-cli --decode` read the file. Decoding accepts any line length
 * and CRLF, but nothing outside the base64 alphabet: Node's own decoder skips junk silently, which would hide a
 * corrupted file behind a confusing authentication error.
 */

export const ARMOR_LINE_CHARS = 76;
const LINE_BYTES = (ARMOR_LINE_CHARS / 4) * 3; // 57 raw bytes per full line
const LF = 0x0a;

export class ArmorError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ArmorError';
  }
}

/** Stateful encoder: whole lines as soon as 57 bytes are there, the short last line on final(). */
export class ArmorEncoder {
  private pending: Buffer = Buffer.alloc(0);

  update(chunk: Uint8Array): Buffer {
    const bytes =
      this.pending.length > 0
        ? Buffer.concat([this.pending, chunk])
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const aligned = bytes.length - (bytes.length % LINE_BYTES);
    this.pending = Buffer.from(bytes.subarray(aligned));
    return aligned === 0 ? Buffer.alloc(0) : lines(bytes.subarray(0, aligned));
  }

  final(): Buffer {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest.length === 0 ? rest : lines(rest);
  }
}

/** `bytes` as base64 lines of at most 76 characters, each followed by LF. */
function lines(bytes: Buffer): Buffer {
  const text = Buffer.from(bytes.toString('base64'), 'latin1');
  const count = Math.ceil(text.length / ARMOR_LINE_CHARS);
  const out = Buffer.allocUnsafe(text.length + count);
  let at = 0;
  for (let start = 0; start < text.length; start += ARMOR_LINE_CHARS) {
    at += text.copy(out, at, start, Math.min(start + ARMOR_LINE_CHARS, text.length));
    out[at++] = LF;
  }
  return out;
}

const ALPHABET = 1;
const SPACE = 2;
const PAD = 3;
const CLASS = (() => {
  const table = new Uint8Array(256);
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') {
    table[c.charCodeAt(0)] = ALPHABET;
  }
  for (const c of '\n\r\t ') {
    table[c.charCodeAt(0)] = SPACE;
  }
  table['='.charCodeAt(0)] = PAD;
  return table;
})();

/** Stateful, strict decoder: whitespace is skipped, padding only at the very end, anything else is an ArmorError. */
export class ArmorDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private offset = 0;
  private pads = 0;

  update(chunk: Uint8Array): Buffer {
    const compact = Buffer.allocUnsafe(this.pending.length + chunk.length);
    let n = this.pending.copy(compact);
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      const kind = CLASS[byte];
      if (kind === SPACE) {
        continue;
      }
      if (kind === ALPHABET && this.pads === 0) {
        compact[n++] = byte;
      } else if (kind === PAD && this.pads < 2) {
        this.pads++;
        compact[n++] = byte;
      } else {
        throw new ArmorError(
          kind === 0
            ? l10n.t({
                message: 'not base64: byte 0x{0} at offset {1}',
                args: [byte.toString(16).padStart(2, '0'), this.offset + i],
                comment: ['{0} is a byte in hexadecimal', '{1} is a byte offset in the file'],
              })
            : l10n.t({
                message: 'base64 data continues after its padding at offset {0}',
                args: [this.offset + i],
                comment: '{0} is a byte offset in the file',
              }),
          this.offset + i,
        );
      }
    }
    this.offset += chunk.length;
    const usable = n - (n % 4);
    this.pending = Buffer.from(compact.subarray(usable, n));
    return usable === 0 ? Buffer.alloc(0) : Buffer.from(compact.toString('latin1', 0, usable), 'base64');
  }

  final(): Buffer {
    if (this.pending.length !== 0) {
      throw new ArmorError(
        l10n.t({
          message: 'base64 data ends in the middle of a 4-character group at offset {0}',
          args: [this.offset],
          comment: '{0} is a byte offset in the file',
        }),
        this.offset,
      );
    }
    return Buffer.alloc(0);
  }
}

export function armor(bytes: Uint8Array): Buffer {
  const encoder = new ArmorEncoder();
  return Buffer.concat([encoder.update(bytes), encoder.final()]);
}

export function dearmor(text: Uint8Array): Buffer {
  const decoder = new ArmorDecoder();
  return Buffer.concat([decoder.update(text), decoder.final()]);
}

/** A Transform around an encoder or decoder; errors (ArmorError) destroy the stream. */
export function armorStream(codec: ArmorEncoder | ArmorDecoder): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback): void {
      try {
        const out = codec.update(chunk);
        callback(null, out.length > 0 ? out : undefined);
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback): void {
      try {
        const out = codec.final();
        callback(null, out.length > 0 ? out : undefined);
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}
