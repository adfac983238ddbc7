import { randomBytes } from 'node:crypto';
import { access, link, open, readdir, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Atomic replacement of a file (DESIGN.md §2 "plaintext on disk"): write a temp file in the same folder (mode
 * 0600, so plaintext is never readable by others while it is written), fsync it, give it the final mode,
 * rename it over the target, fsync the folder. Until the rename the target is untouched; after it the new
 * content is durable. Temp names carry the writer's pid, so a later run can remove temps of a killed process.
 */

export interface TempFile {
  readonly path: string;
  readonly handle: FileHandle;
}

const TEMP_SUFFIX = '.kms-tmp';
const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.kms-tmp$/;

export function tempNameFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
}

/** A new, exclusive temp file beside `target`, readable and writable by the owner only. */
export async function openTempBeside(target: string): Promise<TempFile> {
  const path = tempNameFor(target);
  const handle = await open(path, 'wx+', 0o600); // read back for verification
  return { path, handle };
}

export interface CommitOptions {
  /** Mode of the result: the original's for in-place writes. */
  mode: number;
  /** Replace an existing target; without it an existing target is an EEXIST error and stays untouched. */
  overwrite: boolean;
}

/** Makes the temp file's content the target's, durably; the temp file is gone afterwards. */
export async function commitTemp(temp: TempFile, target: string, options: CommitOptions): Promise<void> {
  await temp.handle.chmod(options.mode & 0o7777);
  await temp.handle.sync();
  await temp.handle.close();
  if (options.overwrite) {
    await rename(temp.path, target);
  } else {
    await renameNoReplace(temp.path, target);
  }
  await syncDirectory(dirname(target));
}

/**
 * rename() that refuses to replace: link() fails if the target exists, so a file created meanwhile is never
 * clobbered. File systems without hard links (FAT, some network shares) get a check-then-rename instead.
 */
async function renameNoReplace(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    if (!NO_HARD_LINKS.includes((error as NodeJS.ErrnoException).code ?? '')) {
      throw error;
    }
    if (
      await access(to).then(
        () => true,
        () => false,
      )
    ) {
      throw Object.assign(new Error(`EEXIST: file already exists, rename '${from}' -> '${to}'`), {
        code: 'EEXIST',
        path: to,
      });
    }
    await rename(from, to);
    return;
  }
  await unlink(from);
}

const NO_HARD_LINKS = ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK'];

/** Closes and deletes a temp file; never throws (it runs on error paths). */
export async function discardTemp(temp: TempFile | undefined): Promise<void> {
  if (!temp) {
    return;
  }
  await temp.handle.close().catch(() => undefined);
  await unlink(temp.path).catch(() => undefined);
}

/** fsync of the folder makes a rename durable; Windows cannot open folders for that and needs no such step. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) {
      throw error;
    }
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Removes temp files beside `target` that a process which no longer runs left behind (after a crash or kill -9). */
export async function sweepStaleTemps(target: string): Promise<string[]> {
  const dir = dirname(target);
  const name = basename(target);
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const match = TEMP_NAME.exec(entry);
    if (!match || match[1] !== name || isRunning(Number(match[2]))) {
      continue;
    }
    const path = join(dir, entry);
    if (
      await unlink(path).then(
        () => true,
        () => false,
      )
    ) {
      removed.push(path);
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) {
    return true;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
