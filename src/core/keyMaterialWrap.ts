import {
  constants,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { aesKeyUnwrapPad, aesKeyWrapPad } from './aesKeyWrap';

/**
 * Wrapping of key material for KMS ImportKeyMaterial, in the exact formats KMS unwraps (kms-api.md §8.1, §8.2):
 * - RSAES_OAEP_SHA_1 / _SHA_256: RSA-OAEP of the material itself; OAEP and MGF1 use the same hash, empty label.
 * - RSA_AES_KEY_WRAP_SHA_1 / _SHA_256: RSA-OAEP(ephemeral AES key) ‖ AES-KWP-RFC5649(ephemeral AES key, material).
 * The client side (wrap) takes the DER SubjectPublicKeyInfo that GetParametersForImport returns; the server side
 * (unwrap) takes the wrapping private key. RSAES_PKCS1_V1_5 and SM2PKE are deliberately absent: KMS no longer
 * accepts the first and offers the second only in China Regions.
 */

export const WRAPPING_ALGORITHMS = [
  'RSAES_OAEP_SHA_1',
  'RSAES_OAEP_SHA_256',
  'RSA_AES_KEY_WRAP_SHA_1',
  'RSA_AES_KEY_WRAP_SHA_256',
] as const;
export type WrappingAlgorithm = (typeof WRAPPING_ALGORITHMS)[number];

export const WRAPPING_KEY_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096'] as const;
export type WrappingKeySpec = (typeof WRAPPING_KEY_SPECS)[number];

export const isWrappingAlgorithm = (value: string): value is WrappingAlgorithm =>
  (WRAPPING_ALGORITHMS as readonly string[]).includes(value);
export const isRsaAesKeyWrap = (algorithm: WrappingAlgorithm): boolean => algorithm.startsWith('RSA_AES_KEY_WRAP_');
export const wrappingKeyBits = (spec: WrappingKeySpec): number => Number(spec.slice('RSA_'.length));

const oaepHash = (algorithm: WrappingAlgorithm): 'sha1' | 'sha256' =>
  algorithm.endsWith('_SHA_1') ? 'sha1' : 'sha256';
const HASH_BYTES = { sha1: 20, sha256: 32 } as const;
/** AWS tooling and docs use a 256-bit ephemeral AES key for RSA_AES_KEY_WRAP. */
const EPHEMERAL_AES_KEY_BYTES = 32;

/** The largest material RSAES_OAEP_* can wrap directly under a key of `modulusBits`: k − 2·hLen − 2 bytes (RFC 8017 §7.1.1). */
export function maxDirectWrapBytes(modulusBits: number, algorithm: WrappingAlgorithm): number {
  return modulusBits / 8 - 2 * HASH_BYTES[oaepHash(algorithm)] - 2;
}

/** Whether `algorithm` with a `spec` wrapping key can carry `materialBytes` of key material. */
export function canWrap(materialBytes: number, spec: WrappingKeySpec, algorithm: WrappingAlgorithm): boolean {
  return isRsaAesKeyWrap(algorithm) || materialBytes <= maxDirectWrapBytes(wrappingKeyBits(spec), algorithm);
}

export interface WrapOptions {
  /** The ephemeral AES key for RSA_AES_KEY_WRAP_* (16, 24 or 32 bytes); random 32 bytes by default. For test vectors. */
  aesKey?: Uint8Array;
}

/** Wraps `material` with the wrapping public key (DER SPKI bytes, as GetParametersForImport returns it, or a KeyObject). */
export function wrapKeyMaterial(
  material: Uint8Array,
  wrappingPublicKey: Uint8Array | KeyObject,
  algorithm: WrappingAlgorithm,
  options: WrapOptions = {},
): Buffer {
  const publicKey = toRsaPublicKey(wrappingPublicKey);
  const modulusBits = publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
  const oaep = { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaepHash(algorithm) };
  if (!isRsaAesKeyWrap(algorithm)) {
    const limit = maxDirectWrapBytes(modulusBits, algorithm);
    if (material.length > limit) {
      throw new RangeError(
        `${algorithm} with a ${modulusBits}-bit wrapping key can wrap at most ${limit} bytes of key material, ` +
          `not ${material.length}. Use an RSA_AES_KEY_WRAP algorithm or a larger wrapping key.`,
      );
    }
    return publicEncrypt(oaep, material);
  }
  const aesKey = options.aesKey ? Buffer.from(options.aesKey) : randomBytes(EPHEMERAL_AES_KEY_BYTES);
  try {
    return Buffer.concat([publicEncrypt(oaep, aesKey), aesKeyWrapPad(aesKey, material)]);
  } finally {
    aesKey.fill(0);
  }
}

/** Why unwrapping failed: `size` — the blob cannot be a direct RSA-OAEP ciphertext for this key; `integrity` — anything else. */
export type UnwrapFailure = 'size' | 'integrity';

export class KeyMaterialUnwrapError extends Error {
  override readonly name = 'KeyMaterialUnwrapError';
  constructor(
    readonly reason: UnwrapFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Server side: recovers the material with the wrapping private key (PKCS#8 DER or KeyObject); throws KeyMaterialUnwrapError. */
export function unwrapKeyMaterial(
  encrypted: Uint8Array,
  wrappingPrivateKey: Uint8Array | KeyObject,
  algorithm: WrappingAlgorithm,
): Buffer {
  const privateKey = isKeyObject(wrappingPrivateKey)
    ? wrappingPrivateKey
    : createPrivateKey({ key: Buffer.from(wrappingPrivateKey), format: 'der', type: 'pkcs8' });
  const modulusBytes = (privateKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8;
  const oaep = { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaepHash(algorithm) };
  const blob = Buffer.from(encrypted);
  if (!isRsaAesKeyWrap(algorithm)) {
    if (blob.length !== modulusBytes) {
      throw new KeyMaterialUnwrapError(
        'size',
        `Expected ${modulusBytes} bytes of RSA-OAEP ciphertext, got ${blob.length}.`,
      );
    }
    return oaepDecrypt(oaep, blob);
  }
  // RSA part first (exactly modulus-length bytes), then the RFC 5649 wrapped material: at least 16 bytes, in 8-byte steps.
  const wrapped = blob.subarray(modulusBytes);
  if (wrapped.length < 16 || wrapped.length % 8 !== 0) {
    throw new KeyMaterialUnwrapError(
      'integrity',
      `An ${algorithm} blob is the ${modulusBytes}-byte RSA part followed by AES-wrapped material.`,
    );
  }
  const aesKey = oaepDecrypt(oaep, blob.subarray(0, modulusBytes));
  try {
    if (![16, 24, 32].includes(aesKey.length)) {
      throw new KeyMaterialUnwrapError(
        'integrity',
        `The RSA part must carry a 16, 24 or 32-byte AES key, not ${aesKey.length} bytes.`,
      );
    }
    return aesKeyUnwrapPad(aesKey, wrapped);
  } catch (error) {
    if (error instanceof KeyMaterialUnwrapError) {
      throw error;
    }
    throw new KeyMaterialUnwrapError('integrity', 'The AES-wrapped key material failed its integrity check.');
  } finally {
    aesKey.fill(0);
  }
}

function oaepDecrypt(oaep: { key: KeyObject; padding: number; oaepHash: string }, data: Buffer): Buffer {
  try {
    return privateDecrypt(oaep, data);
  } catch {
    throw new KeyMaterialUnwrapError(
      'integrity',
      'RSA-OAEP decryption failed: wrong wrapping key, wrong algorithm or damaged data.',
    );
  }
}

function toRsaPublicKey(key: Uint8Array | KeyObject): KeyObject {
  const publicKey = isKeyObject(key) ? key : createPublicKey({ key: Buffer.from(key), format: 'der', type: 'spki' });
  if (publicKey.asymmetricKeyType !== 'rsa') {
    throw new TypeError('The wrapping public key must be an RSA key.');
  }
  return publicKey;
}

const isKeyObject = (value: Uint8Array | KeyObject): value is KeyObject => !(value instanceof Uint8Array);
