import * as l10n from '@vscode/l10n';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { commitTemp, discardTemp, sweepStaleTemps, type TempFile } from '../../core/atomicFile';
import { CancelledError } from '../../core/errors';
import { envelopeError, type EnvelopeOperation } from './envelopeError';
import { toEnvelopeError, type FailureContext } from './errors';
import { Session, type EngineDeps } from './session';
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
    if (!stat.isFile()) {
      throw envelopeError(
        'FileError',
        l10n.t({ message: '{0} is not a regular file.', args: [path], comment: '{0} is a file path' }),
      );
    }
    // Temp files a killed run left beside the target are removed before a new one is made.
    await sweepStaleTemps(target);
    return {
      source,
      target,
      overwrite: inPlace || ('path' in destination && destination.overwrite === true),
      handle,
      size: stat.size,
      mode: stat.mode,
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * The session of an operation, with the keys known up front (none for a decryption): a failure to prepare them (no
 * region for a key, a closed connection) becomes the error users see, named after `path` and the operation.
 */
export async function openSession(
  deps: EngineDeps,
  keys: string[],
  where: { path: string; operation: EnvelopeOperation },
  signal: AbortSignal | undefined,
): Promise<Session> {
  try {
    return await Session.open(deps, keys, signal);
  } catch (error) {
    throw toEnvelopeError(error, { ...where, calls: [], connection: deps.connection });
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new CancelledError();
  }
}

/** The temp file an operation writes; `current` may be swapped mid-way (a stream recoded from text to binary). */
export interface TempSlot {
  current?: TempFile;
}

export interface FileRun {
  deps: EngineDeps;
  session: Session;
  path: string;
  operation: FailureContext['operation'];
  destination: Destination;
  signal?: AbortSignal;
}

/**
 * The frame every file operation shares: open the input, let `work` write and check a temp file beside the target
 * (given the call-log mark for its KMS call counts), then replace or create the target atomically. On any failure
 * or cancel the temp is removed, the original is untouched, and the error is the one users see, naming failed KMS
 * calls.
 */
export async function runFileJob<R>(
  run: FileRun,
  work: (job: FileJob, temp: TempSlot, mark: number) => Promise<R>,
): Promise<R> {
  const { session } = run;
  const mark = session.log.mark();
  const temp: TempSlot = {};
  let job: FileJob | undefined;
  try {
    job = await openJob(run.path, run.destination);
    const result = await work(job, temp, mark);
    throwIfAborted(run.signal);
    /* Precondition: work left a complete, checked temp file to commit. */
    if (!temp.current) {
      throw new Error('The operation wrote no output.');
    }
    await commitTemp(temp.current, job.target, { mode: job.mode, overwrite: job.overwrite });
    temp.current = undefined;
    return result;
  } catch (error) {
    await discardTemp(temp.current);
    throw toEnvelopeError(error, {
      path: basename(run.path),
      operation: run.operation,
      calls: session.log.records.slice(mark),
      connection: run.deps.connection,
    });
  } finally {
    await job?.handle.close();
  }
}
