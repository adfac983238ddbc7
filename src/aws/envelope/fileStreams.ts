import type { FileHandle } from 'node:fs/promises';
import { Readable, Transform, Writable, type TransformCallback } from 'node:stream';
import type { Phase, Progress, RunControl } from './types';

/** Stream pieces of the envelope pipelines: frame-aligned reads, a zeroing file sink, progress taps. */

/**
 * Reads `handle` in chunks of exactly `chunkBytes` (the last may be shorter), each in memory no other chunk uses,
 * so it can be zeroed on its own. The ESDK miscounts `plaintextLength` when a chunk crosses a frame boundary
 * ("Encrypted data exceeded plaintextLength"), and the data-key cache needs that length, so encryption feeds it
 * whole frames. Small frames are read several at a time (at least READ_BYTES per system call).
 */
export function frameReader(handle: FileHandle, chunkBytes: number, size: number): Readable {
  const perRead = Math.max(1, Math.floor(READ_BYTES / chunkBytes));
  let position = 0;
  return new Readable({
    highWaterMark: perRead + 1,
    objectMode: true, // one frame per chunk, never merged or split
    read(): void {
      void (async () => {
        const length = Math.min(chunkBytes * perRead, size - position);
        if (length <= 0) {
          this.push(null);
          return;
        }
        const buffer = Buffer.allocUnsafeSlow(length);
        let filled = 0;
        while (filled < length) {
          const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
          if (bytesRead === 0) {
            throw new FileChangedError();
          }
          filled += bytesRead;
        }
        position += length;
        for (let at = 0; at < length; at += chunkBytes) {
          this.push(buffer.subarray(at, Math.min(at + chunkBytes, length)));
        }
        if (position >= size) {
          this.push(null);
        }
      })().catch((error: unknown) => this.destroy(error as Error));
    },
  });
}

const READ_BYTES = 1024 * 1024;

/** The file got shorter while it was read: what was read no longer matches its size. */
export class FileChangedError extends Error {
  constructor() {
    super('The file changed while it was read.');
    this.name = 'FileChangedError';
  }
}

/**
 * Writes to a file handle, several chunks per system call; with `zero`, each chunk is zeroed once written (for
 * plaintext that the pipeline owns). Counts the bytes written.
 */
export class FileSink extends Writable {
  bytesWritten = 0;

  /** `onWritten` hears the total written after each write (a concurrent verifier reads up to there). */
  constructor(
    private readonly handle: FileHandle,
    private readonly zero: boolean,
    private readonly onWritten?: (total: number) => void,
  ) {
    super({ highWaterMark: 1024 * 1024 });
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    const buffers = chunks.map(({ chunk }) => chunk);
    this.writeAll(buffers).then(() => {
      if (this.zero) {
        for (const buffer of buffers) {
          buffer.fill(0);
        }
      }
      this.onWritten?.(this.bytesWritten);
      callback();
    }, callback);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this._writev([{ chunk }], callback);
  }

  private async writeAll(buffers: Buffer[]): Promise<void> {
    let pending = buffers.filter((buffer) => buffer.length > 0);
    while (pending.length > 0) {
      const { bytesWritten } = await this.handle.writev(pending);
      this.bytesWritten += bytesWritten;
      pending = skip(pending, bytesWritten); // a short write: carry on from where it stopped
    }
  }
}

function skip(buffers: Buffer[], bytes: number): Buffer[] {
  const rest: Buffer[] = [];
  let left = bytes;
  for (const buffer of buffers) {
    if (left >= buffer.length) {
      left -= buffer.length;
      continue;
    }
    rest.push(left > 0 ? buffer.subarray(left) : buffer);
    left = 0;
  }
  return rest;
}

/** A pass-through that calls `onChunk` with each chunk before passing it on (hashing, text detection, counting). */
export function tap(onChunk: (chunk: Buffer) => void, objectMode = false): Transform {
  return new Transform({
    objectMode,
    ...(objectMode && { highWaterMark: 1 }), // one frame at a time: frames are large
    transform(chunk: Buffer, _encoding, callback: TransformCallback): void {
      try {
        onChunk(chunk);
        callback(null, chunk);
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

/** Progress of one phase, at most every 100 ms, and always once at the end. */
export class ProgressMeter {
  private done = 0;
  private last = 0;

  constructor(
    private readonly control: RunControl,
    private readonly path: string,
    private readonly phase: Phase,
    private readonly total: number,
  ) {}

  add(bytes: number): void {
    this.done += bytes;
    const now = Date.now();
    if (now - this.last >= 100) {
      this.last = now;
      this.report();
    }
  }

  finish(): void {
    this.done = this.total;
    this.report();
  }

  private report(): void {
    const progress: Progress = {
      path: this.path,
      phase: this.phase,
      bytesDone: Math.min(this.done, this.total),
      bytesTotal: this.total,
    };
    this.control.onProgress?.(progress);
  }
}

/** Reads the whole file into one unpooled buffer (one-shot paths), so it can be zeroed without touching other data. */
export async function readWhole(handle: FileHandle, size: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafeSlow(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
    if (bytesRead === 0) {
      buffer.fill(0);
      throw new FileChangedError();
    }
    filled += bytesRead;
  }
  return buffer;
}

/** Reads up to `length` bytes at `offset`. */
export async function readAt(handle: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, offset);
  return buffer.subarray(0, bytesRead);
}
