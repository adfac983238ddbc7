import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The OpenSSL CLI recipes of the AWS docs ("Encrypt key material with OpenSSL"), run in a working folder: tests use
 * them to prove that what real tooling wraps unwraps (src/core) and imports (the sandbox).
 */

/** Whether the openssl CLI is on PATH: the tests that run it skip without it. */
export const hasOpenssl = ((): boolean => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Runs `openssl ...args` in `dir` and returns its stdout. */
export const runOpenssl = (dir: string, ...args: string[]): Buffer =>
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });

type OaepHash = 'sha1' | 'sha256';

/** `openssl pkeyutl -encrypt` with RSA-OAEP (the same hash for MGF1) under the DER public key in `publicKeyFile`. */
export function opensslOaepEncrypt(
  dir: string,
  publicKeyFile: string,
  input: string,
  output: string,
  hash: OaepHash,
): void {
  runOpenssl(
    dir,
    'pkeyutl',
    '-encrypt',
    '-in',
    input,
    '-out',
    output,
    '-inkey',
    publicKeyFile,
    '-keyform',
    'DER',
    '-pubin',
    '-pkeyopt',
    'rsa_padding_mode:oaep',
    '-pkeyopt',
    `rsa_oaep_md:${hash}`,
    '-pkeyopt',
    `rsa_mgf1_md:${hash}`,
  );
}

/** The RSA_AES_KEY_WRAP recipe: a random AES-256 key, KWP (RFC 5649) of the material under it, the RSA part first. */
export function opensslRsaAesKeyWrap(dir: string, publicKeyFile: string, material: string, hash: OaepHash): Buffer {
  const file = (name: string): Buffer => readFileSync(join(dir, name));
  runOpenssl(dir, 'rand', '-out', 'aes-key.bin', '32');
  runOpenssl(
    dir,
    'enc',
    '-id-aes256-wrap-pad',
    '-K',
    file('aes-key.bin').toString('hex'),
    '-iv',
    'A65959A6',
    '-in',
    material,
    '-out',
    'key-material-wrapped.bin',
  );
  opensslOaepEncrypt(dir, publicKeyFile, 'aes-key.bin', 'aes-key-wrapped.bin', hash);
  return Buffer.concat([file('aes-key-wrapped.bin'), file('key-material-wrapped.bin')]);
}
