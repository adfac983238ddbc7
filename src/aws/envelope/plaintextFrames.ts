import { Transform, type TransformCallback } from 'node:stream';
import { parseEnvelopeHeader, type EnvelopeHeader } from '../../core/envelopeHeader';

/**
 * Plaintext handling around the ESDK's encrypt stream, so plaintext buffers are zeroed as soon as the ESDK is done
 * with them (DESIGN.md §5). The ESDK keeps references to the chunks of a frame until it has encrypted the frame,
 * and its write callbacks fire earlier than that; so the zeroing follows its output instead: once the ciphertext
 * of frame N has come out, frame N's plaintext is no longer read.
 */

const FRAME_OVERHEAD = 4 + 12 + 16; // sequence number, IV, tag
const MAX_HEADER_BYTES = 4 * 1024 * 1024;

export class FrameZeroer {
  private readonly held: Buffer[] = [];
  private header: Buffer[] = [];
  private headerBytes = 0;
  private headerLength: number | undefined;
  private output = 0;
  private released = 0;

  /** `onHeader` sees the header of the ESDK's output as soon as it is complete. */
  constructor(
    private readonly frameLength: number,
    private readonly onHeader?: (header: EnvelopeHeader) => void,
  ) {}

  /** A plaintext chunk of exactly one frame (or the last, shorter one) on its way into the ESDK. */
  hold(chunk: Buffer): void {
    this.held.push(chunk);
  }

  /** A chunk of the ESDK's output: frees the frames whose ciphertext is complete. */
  sawOutput(chunk: Buffer): void {
    this.output += chunk.length;
    if (this.headerLength === undefined) {
      this.header.push(chunk);
      this.headerBytes += chunk.length;
      const header = parseEnvelopeHeader(Buffer.concat(this.header));
      if (!header) {
        if (this.headerBytes > MAX_HEADER_BYTES) {
          throw new Error('The encrypt stream wrote no parseable header.');
        }
        return;
      }
      this.headerLength = header.headerLength;
      this.header = [];
      this.onHeader?.(header);
    }
    const complete = Math.floor((this.output - this.headerLength) / (this.frameLength + FRAME_OVERHEAD));
    while (this.released < complete && this.held.length > 0) {
      this.held.shift()?.fill(0);
      this.released++;
    }
  }

  /** Zeroes whatever is still held: at the end of the stream, or after a failure. */
  zeroAll(): void {
    for (const chunk of this.held.splice(0)) {
      chunk.fill(0);
    }
  }
}

/**
 * Re-cuts a plaintext stream (the output of a decrypt stream) into fresh frame-sized buffers, zeroing each input
 * chunk once copied: the re-encrypt path feeds whole frames to the encryptor like a file read does.
 */
export function frameRechunker(frameLength: number): Transform {
  let current = Buffer.allocUnsafeSlow(frameLength);
  let filled = 0;
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, callback: TransformCallback): void {
      let at = 0;
      while (at < chunk.length) {
        const n = chunk.copy(current, filled, at);
        at += n;
        filled += n;
        if (filled === frameLength) {
          this.push(current);
          current = Buffer.allocUnsafeSlow(frameLength);
          filled = 0;
        }
      }
      chunk.fill(0);
      callback();
    },
    flush(callback: TransformCallback): void {
      if (filled > 0) {
        this.push(current.subarray(0, filled));
      }
      current = Buffer.alloc(0); // now the encryptor's: destroy() must not zero it
      callback();
    },
    destroy(error, callback): void {
      current.fill(0); // a frame not yet handed on
      callback(error);
    },
  });
}
