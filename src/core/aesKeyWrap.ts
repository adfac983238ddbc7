import { createCipheriv, createDecipheriv, type Cipher, type Decipher } from 'node:crypto';

/**
 * AES Key Wrap with Padding (RFC 5649), the second half of KMS's RSA_AES_KEY_WRAP wrapping algorithms and of
 * `openssl enc -id-aes256-wrap-pad`. Built on single-block AES-ECB rather than OpenSSL's `id-aes*-wrap-pad`
 * ciphers because VS Code's extension host runs on Electron, whose BoringSSL has AES-ECB but not those ciphers.
 */

const SEMIBLOCK = 8;
/** RFC 5649 §3: the alternative initial value's constant half; the other half is the plaintext length. */
const AIV_CONSTANT = Buffer.from('a65959a6', 'hex');
const MAX_PLAINTEXT_BYTES = 0xffffffff;

/** The wrapped bytes fail the RFC 5649 integrity check: wrong KEK, tampered or truncated input. */
export class KeyUnwrapError extends Error {
  override readonly name = 'KeyUnwrapError';
}

function ecbName(kek: Uint8Array): string {
  if (kek.length !== 16 && kek.length !== 24 && kek.length !== 32) {
    throw new RangeError(`An AES key-encryption key must be 16, 24 or 32 bytes, not ${kek.length}.`);
  }
  return `aes-${kek.length * 8}-ecb`;
}

function blockCipher(kek: Uint8Array): Cipher {
  const cipher = createCipheriv(ecbName(kek), kek, null);
  cipher.setAutoPadding(false);
  return cipher;
}

function blockDecipher(kek: Uint8Array): Decipher {
  const decipher = createDecipheriv(ecbName(kek), kek, null);
  decipher.setAutoPadding(false);
  return decipher;
}

/** XORs the 64-bit big-endian step counter t into the first semiblock of `block` (RFC 3394 §2.2.1). */
function xorCounter(block: Buffer, t: number): void {
  block.writeUInt32BE((block.readUInt32BE(0) ^ Math.floor(t / 2 ** 32)) >>> 0, 0);
  block.writeUInt32BE((block.readUInt32BE(4) ^ (t >>> 0)) >>> 0, 4);
}

/** Wraps `plaintext` (1 to 2^32-1 bytes) under `kek`; the output is 8 + ceil(len/8)*8 bytes. */
export function aesKeyWrapPad(kek: Uint8Array, plaintext: Uint8Array): Buffer {
  if (plaintext.length === 0 || plaintext.length > MAX_PLAINTEXT_BYTES) {
    throw new RangeError('AES key wrap with padding takes 1 to 2^32-1 bytes of plaintext.');
  }
  const cipher = blockCipher(kek);
  const n = Math.ceil(plaintext.length / SEMIBLOCK);
  // work = A ‖ R[1] ‖ … ‖ R[n]; A starts as the alternative initial value, R as the zero-padded plaintext.
  const work = Buffer.alloc(SEMIBLOCK * (n + 1));
  AIV_CONSTANT.copy(work, 0);
  work.writeUInt32BE(plaintext.length, 4);
  work.set(plaintext, SEMIBLOCK);
  try {
    if (n === 1) {
      return cipher.update(work);
    } // RFC 5649 §4.1: one padded semiblock is a single AES block
    const block = Buffer.alloc(2 * SEMIBLOCK);
    for (let j = 0; j <= 5; j++) {
      for (let i = 1; i <= n; i++) {
        work.copy(block, 0, 0, SEMIBLOCK);
        work.copy(block, SEMIBLOCK, i * SEMIBLOCK, (i + 1) * SEMIBLOCK);
        const b = cipher.update(block);
        xorCounter(b, n * j + i);
        b.copy(work, 0, 0, SEMIBLOCK);
        b.copy(work, i * SEMIBLOCK, SEMIBLOCK);
      }
    }
    return Buffer.from(work);
  } finally {
    work.fill(0);
  }
}

/** Unwraps and checks integrity (alternative IV, length indicator, zero padding); throws KeyUnwrapError on any mismatch. */
export function aesKeyUnwrapPad(kek: Uint8Array, wrapped: Uint8Array): Buffer {
  const decipher = blockDecipher(kek);
  if (wrapped.length < 2 * SEMIBLOCK || wrapped.length % SEMIBLOCK !== 0) {
    throw new KeyUnwrapError('Wrapped key data must be a multiple of 8 bytes and at least 16 bytes long.');
  }
  const n = wrapped.length / SEMIBLOCK - 1;
  let work: Buffer;
  if (n === 1) {
    work = decipher.update(wrapped);
  } else {
    work = Buffer.from(wrapped);
    const block = Buffer.alloc(2 * SEMIBLOCK);
    for (let j = 5; j >= 0; j--) {
      for (let i = n; i >= 1; i--) {
        work.copy(block, 0, 0, SEMIBLOCK);
        xorCounter(block, n * j + i);
        work.copy(block, SEMIBLOCK, i * SEMIBLOCK, (i + 1) * SEMIBLOCK);
        const b = decipher.update(block);
        b.copy(work, 0, 0, SEMIBLOCK);
        b.copy(work, i * SEMIBLOCK, SEMIBLOCK);
        b.fill(0);
      }
    }
  }
  try {
    return checkedPlaintext(work, n);
  } finally {
    work.fill(0);
  }
}

function checkedPlaintext(work: Buffer, n: number): Buffer {
  const length = work.readUInt32BE(4);
  const ivMatches = work.subarray(0, 4).equals(AIV_CONSTANT);
  const lengthFits = length > SEMIBLOCK * (n - 1) && length <= SEMIBLOCK * n;
  const padding = lengthFits ? work.subarray(SEMIBLOCK + length) : Buffer.alloc(0);
  if (!ivMatches || !lengthFits || padding.some((byte) => byte !== 0)) {
    throw new KeyUnwrapError('The wrapped key failed the AES key wrap integrity check.');
  }
  return Buffer.from(work.subarray(SEMIBLOCK, SEMIBLOCK + length));
}
