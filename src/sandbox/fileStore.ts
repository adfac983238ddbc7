import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { uptime } from 'node:os';
import { join } from 'node:path';
import type { SandboxState } from './model';
import type { StateStore } from './service';
import { emptyState } from './store';

/**
 * State persisted in a data directory (`--data-dir`). Every write replaces `state.json` atomically (temp file in
 * the same directory → fsync → rename → fsync the directory), so a crash leaves the old or the new state, never a
 * torn one. Saves coalesce: one write covers every mutation made before it started.
 */

const STATE_FILE = 'state.json';
const LOCK_FILE = 'kms-local.lock';
const TEMP_SUFFIX = '.tmp';

/** The data directory cannot be used as it is; the message says why and what to do. */
export class DataDirError extends Error {}

export class FileStore implements StateStore {
  /** The write that will start once `current` is done; saves made before it starts share it. */
  private next: Promise<void> | undefined;
  private current: Promise<void> | undefined;
  private closed = false;
  private writes = 0;

  private constructor(
    readonly dir: string,
    readonly state: SandboxState,
  ) {}

  /** Loads the state (or starts an empty one) and locks the directory against a second server. */
  static async open(dir: string): Promise<FileStore> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await acquireLock(dir);
    try {
      await removeTempFiles(dir);
      const loaded = await readState(dir);
      const store = new FileStore(dir, loaded ?? emptyState());
      // A new state is written at once: its secret seals import tokens, which must survive a restart.
      if (!loaded) {
        await store.save();
      }
      return store;
    } catch (error) {
      await releaseLock(dir);
      throw error;
    }
  }

  /** Resolves once a write that started after this call has completed, so the state as it is now is durable. */
  async save(): Promise<void> {
    if (this.closed) {
      throw new Error('The state store is closed.');
    }
    this.next ??= this.afterCurrent().then(async () => this.writeSnapshot());
    return this.next;
  }

  /** How many times the state file has been replaced since open (one write covers many coalesced saves). */
  get writesCompleted(): number {
    return this.writes;
  }

  /** Waits for pending writes, then releases the directory. */
  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    await this.next?.catch(() => undefined);
    await this.afterCurrent();
    await releaseLock(this.dir);
  }

  private async afterCurrent(): Promise<void> {
    await this.current?.catch(() => undefined);
  }

  private async writeSnapshot(): Promise<void> {
    this.next = undefined; // saves from here on need a later write
    const text = JSON.stringify(this.state); // the snapshot: handlers mutate synchronously, so it is consistent
    const write = writeFileAtomically(this.dir, STATE_FILE, text);
    this.current = write;
    try {
      await write;
      this.writes++;
    } finally {
      if (this.current === write) {
        this.current = undefined;
      }
    }
  }
}

/** Replaces `dir/name` with `text` so that readers (and a crash) see the old or the new content, nothing between. */
export async function writeFileAtomically(dir: string, name: string, text: string): Promise<void> {
  const temp = join(dir, `${name}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  try {
    const file = await open(temp, 'wx', 0o600);
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, join(dir, name));
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

/** Makes the rename itself durable. Windows cannot open a directory for fsync; NTFS journals renames anyway. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') {
    return;
  }
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function readState(dir: string): Promise<SandboxState | undefined> {
  const path = join(dir, STATE_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw refuse(path, `it is not valid JSON (${(error as Error).message})`);
  }
  return checkState(parsed, path);
}

function checkState(value: unknown, path: string): SandboxState {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw refuse(path, 'it is not a JSON object');
  }
  const state = value as Partial<Record<keyof SandboxState, unknown>>;
  if (state.version !== 1) {
    throw refuse(path, `its format version is ${JSON.stringify(state.version)}, and this kms-local reads version 1`);
  }
  if (typeof state.secret !== 'string' || Buffer.from(state.secret, 'base64').length !== 32) {
    throw refuse(path, 'its "secret" is not 32 bytes of base64');
  }
  if (!isListOf(state.keys, 'keyId') || !isListOf(state.aliases, 'name')) {
    throw refuse(path, '"keys" and "aliases" must be lists of key and alias records');
  }
  return value as SandboxState;
}

const isListOf = (value: unknown, idField: string): boolean =>
  Array.isArray(value) &&
  value.every(
    (item) =>
      typeof item === 'object' && item !== null && typeof (item as Record<string, unknown>)[idField] === 'string',
  );

const refuse = (path: string, reason: string): DataDirError =>
  new DataDirError(
    `Cannot load the sandbox state from ${path}: ${reason}. The file was left untouched; ` +
      'move it away (or choose another --data-dir) to start with an empty sandbox.',
  );

/** Temp files are only left behind by a crash mid-write; the state file itself is intact. */
async function removeTempFiles(dir: string): Promise<void> {
  const leftovers = (await readdir(dir)).filter((name) => name.endsWith(TEMP_SUFFIX));
  await Promise.all(leftovers.map(async (name) => unlink(join(dir, name)).catch(() => undefined)));
}

/** Two servers writing one directory would silently undo each other's changes; the second one refuses to start. */
async function acquireLock(dir: string): Promise<void> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, 'wx', 0o600);
      try {
        await file.writeFile(String(process.pid));
      } finally {
        await file.close();
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
    const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && isRunning(holder) && !(await predatesBoot(path))) {
      throw new DataDirError(
        `${dir} is in use by another kms-local (process ${holder}). Stop it, or choose another --data-dir.`,
      );
    }
    await unlink(path).catch(() => undefined); // left by a process that crashed
  }
  throw new DataDirError(`Cannot lock ${dir}: another kms-local is starting on it.`);
}

async function releaseLock(dir: string): Promise<void> {
  await unlink(join(dir, LOCK_FILE)).catch(() => undefined);
}

/** A lock written before the machine booted is stale even if its process id now belongs to someone else. */
async function predatesBoot(path: string): Promise<boolean> {
  const written = await stat(path).then(
    (s) => s.mtimeMs,
    () => Infinity,
  );
  return written < Date.now() - uptime() * 1000;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
