import { open, realpath, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import { sweepStaleTemps } from '../../core/atomicFile';
import { CancelledError } from '../../core/errors';
import { envelopeError } from './errors';
import type { Destination } from './types';

/** The input and output of one file operation, opened and checked. */
export interface FileJob {
  /** The input, symlinks resolved: in-place writes replace the file, not the link. */
  source: string;
  target: string;
  overwrite: boolean;
  handle: FileHandle;
  size: number;
  /** The input's mode, given to the output. */
  mode: number;
}

export async function openJob(path: string, destination: Destination): Promise<FileJob> {
  const source = await realpath(resolve(path));
  const output = 'inPlace' in destination ? source : resolve(destination.path);
  const inPlace = output === source || (await realpath(output).catch(() => undefined)) === source;
  const target = inPlace ? source : output;
  const handle = await open(source, 'r');
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) { throw envelopeError('FileError', `${path} is not a regular file.`); }
    // Temp files a killed run left beside the target are removed before a new one is made.
    await sweepStaleTemps(target);
    return { source, target, overwrite: inPlace || ('path' in destination && destination.overwrite === true), handle, size: stat.size, mode: stat.mode };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) { throw new CancelledError(); }
}
