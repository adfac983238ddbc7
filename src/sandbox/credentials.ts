import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SandboxCredentials } from './context';
import { DataDirError, writeFileAtomically } from './fileStore';

/** The sandbox's own access key: random, shaped like an AWS one so clients and tools accept it. */

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CREDENTIALS_FILE = 'credentials.json';

const randomText = (alphabet: string, length: number): string =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');

export function randomCredentials(): SandboxCredentials {
  return { accessKeyId: `AKIA${randomText(UPPER_ALNUM, 16)}`, secretAccessKey: randomText(SECRET_CHARS, 40) };
}

/**
 * The generated credentials of a data directory, kept beside the state so that a restarted server accepts the
 * environment variables it printed last time.
 */
export async function dataDirCredentials(dir: string): Promise<SandboxCredentials> {
  const path = join(dir, CREDENTIALS_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
    const fresh = randomCredentials();
    await writeFileAtomically(dir, CREDENTIALS_FILE, `${JSON.stringify(fresh, null, 2)}\n`);
    return fresh;
  }
  const saved = parseCredentials(text);
  if (!saved) {
    throw new DataDirError(
      `Cannot read the sandbox credentials from ${path}: expected {"accessKeyId": "…", "secretAccessKey": "…"}. ` +
        'Delete the file to get new ones.',
    );
  }
  return saved;
}

function parseCredentials(text: string): SandboxCredentials | undefined {
  try {
    const value = JSON.parse(text) as Partial<SandboxCredentials> | null;
    if (
      typeof value?.accessKeyId === 'string' &&
      typeof value.secretAccessKey === 'string' &&
      value.accessKeyId &&
      value.secretAccessKey
    ) {
      return { accessKeyId: value.accessKeyId, secretAccessKey: value.secretAccessKey };
    }
  } catch {
    // falls through to undefined
  }
  return undefined;
}
