import { isUtf8 } from 'node:buffer';

/**
 * Decides whether content is text for armour `auto` (DESIGN.md §2): valid UTF-8 without NUL bytes. Fed chunk by
 * chunk, so a large file is judged in the same pass that encrypts it; a multi-byte character split across two
 * chunks is carried over to the next one.
 */
export class TextDetector {
  private carry: Buffer = Buffer.alloc(0);
  private binary = false;

  /** False as soon as one chunk shows binary content; later chunks are then not looked at. */
  get isText(): boolean {
    return !this.binary;
  }

  update(chunk: Uint8Array): void {
    if (this.binary || chunk.length === 0) {
      return;
    }
    const bytes =
      this.carry.length > 0
        ? Buffer.concat([this.carry, chunk])
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const cut = completeLength(bytes);
    const whole = bytes.subarray(0, cut);
    if (whole.includes(0) || !isUtf8(whole)) {
      this.binary = true;
      this.carry = Buffer.alloc(0);
      return;
    }
    this.carry = Buffer.from(bytes.subarray(cut)); // a copy: the caller may zero or reuse its chunk
  }

  /** The verdict once every chunk was seen: an unfinished character at the end means not text. */
  finish(): boolean {
    if (this.carry.length > 0) {
      this.binary = true;
    }
    this.carry = Buffer.alloc(0);
    return !this.binary;
  }
}

export function isText(bytes: Uint8Array): boolean {
  const detector = new TextDetector();
  detector.update(bytes);
  return detector.finish();
}

/** Length of `bytes` without a trailing, possibly incomplete UTF-8 sequence (at most 3 bytes are held back). */
function completeLength(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let i = end - 1; i >= Math.max(0, end - 3); i--) {
    const byte = bytes[i];
    if ((byte & 0xc0) === 0x80) {
      continue;
    } // continuation byte: keep looking for the lead byte
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return end - i < needed ? i : end;
  }
  return end;
}
