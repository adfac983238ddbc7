import { constants, createPublicKey, privateDecrypt, publicEncrypt } from 'node:crypto';
import { openBlob, parseBlob, sealBlob, type EncryptionContext } from '../ciphertext';
import type { OpContext } from '../context';
import { invalidCiphertext, KmsError, validation } from '../errors';
import { findKeyById, resolveKey } from '../identifiers';
import { requireUsableForCrypto, requireUsage } from '../keyStates';
import { privateKeyOf } from '../materials';
import { associatedMaterials, isRsa, isSymmetric, type KeyRecord } from '../model';
import {
  currentMaterialOf,
  incompatibleAlgorithm,
  incorrectKey,
  materialBytes,
  type EncryptionAlgorithm,
} from './cryptoCommon';

/**
 * Encryption under a KMS key and decryption of what it produced: the sandbox blob (ciphertext.ts) for symmetric keys,
 * plain RSA-OAEP for RSA keys, so ciphertext made outside KMS with the public key decrypts too (kms-api.md §7.11, §9).
 */

const OAEP_HASH: Partial<Record<EncryptionAlgorithm, { name: string; bytes: number }>> = {
  RSAES_OAEP_SHA_1: { name: 'sha1', bytes: 20 },
  RSAES_OAEP_SHA_256: { name: 'sha256', bytes: 32 },
};

const modulusBytes = (key: KeyRecord): number => Number(key.keySpec.slice('RSA_'.length)) / 8;

/** SM2PKE would need SM2 keys, which exist only in China regions. */
function fitsKey(key: KeyRecord, algorithm: EncryptionAlgorithm): boolean {
  if (isSymmetric(key.keySpec)) {
    return algorithm === 'SYMMETRIC_DEFAULT';
  }
  return isRsa(key.keySpec) && OAEP_HASH[algorithm] !== undefined;
}

const asymmetricContext = (): KmsError => validation('EncryptionContext is not supported with asymmetric KMS keys.');

const missingKey = (): KmsError =>
  new KmsError(
    'AccessDeniedException',
    'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
  );

export interface EncryptRequest {
  plaintext: Buffer;
  algorithm: EncryptionAlgorithm;
  context?: EncryptionContext;
  /** The API name used in InvalidKeyUsageException texts. */
  operation: string;
}

export interface Encrypted {
  ciphertext: Buffer;
  /** The CURRENT material used; symmetric keys only. */
  materialId?: string;
}

/** Encrypts under a usable key, after the usage, algorithm, context and size checks of Encrypt. */
export function encryptUnder(key: KeyRecord, request: EncryptRequest): Encrypted {
  const { plaintext, algorithm, context } = request;
  requireUsage(key, 'ENCRYPT_DECRYPT', request.operation);
  if (!fitsKey(key, algorithm)) {
    throw incompatibleAlgorithm(algorithm, key);
  }
  const current = currentMaterialOf(key);
  const oaep = OAEP_HASH[algorithm];
  if (!oaep) {
    return {
      ciphertext: sealBlob({ keyId: key.keyId, materialId: current.record.id }, current.bytes, plaintext, context),
      materialId: current.record.id,
    };
  }
  if (context) {
    throw asymmetricContext();
  }
  const limit = modulusBytes(key) - 2 * oaep.bytes - 2;
  if (plaintext.length > limit) {
    throw validation(
      `Algorithm ${algorithm} and key spec ${key.keySpec} cannot encrypt data larger than ${limit} bytes.`,
    );
  }
  const publicKey = createPublicKey(privateKeyOf(current.bytes));
  return {
    ciphertext: publicEncrypt(
      { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaep.name },
      plaintext,
    ),
  };
}

export interface DecryptRequest {
  ciphertext: Buffer;
  /** The caller's KeyId, if any: optional for symmetric blobs, which name their key. */
  keyId?: string;
  algorithm: EncryptionAlgorithm;
  context?: EncryptionContext;
  operation: string;
}

export interface Decrypted {
  key: KeyRecord;
  plaintext: Buffer;
  /** The material that decrypted a symmetric blob. */
  materialId?: string;
}

/** Decrypts with the key and material a blob names, or with the caller's RSA key; throws the KMS error otherwise. */
export function decryptCiphertext(ctx: OpContext, request: DecryptRequest): Decrypted {
  const named = request.keyId === undefined ? undefined : resolveKey(ctx, request.keyId, { allowAlias: true });
  if (request.algorithm !== 'SYMMETRIC_DEFAULT') {
    // Raw RSA ciphertext does not say which key made it.
    if (!named) {
      throw invalidCiphertext();
    }
    return decryptAsymmetric(named, request);
  }
  const parsed = parseBlob(request.ciphertext);
  if (!parsed) {
    // A key that cannot read symmetric blobs at all says why, as Encrypt would (e.g. RSA without EncryptionAlgorithm).
    if (named && !isSymmetric(named.keySpec)) {
      return decryptAsymmetric(named, request);
    }
    throw invalidCiphertext();
  }
  if (named && named.keyId !== parsed.keyId) {
    throw incorrectKey();
  }
  const key = findKeyById(ctx, parsed.keyId);
  if (!key) {
    throw missingKey();
  }
  requireUsableForCrypto(key);
  requireUsage(key, 'ENCRYPT_DECRYPT', request.operation);
  const material = associatedMaterials(key).find((m) => m.id === parsed.materialId);
  if (!isSymmetric(key.keySpec) || !material) {
    throw invalidCiphertext();
  }
  const plaintext = openBlob(parsed, materialBytes(key, material), request.context);
  if (!plaintext) {
    throw invalidCiphertext();
  }
  return { key, plaintext, materialId: material.id };
}

function decryptAsymmetric(key: KeyRecord, request: DecryptRequest): Decrypted {
  requireUsableForCrypto(key);
  requireUsage(key, 'ENCRYPT_DECRYPT', request.operation);
  const oaep = OAEP_HASH[request.algorithm];
  if (!oaep || !fitsKey(key, request.algorithm)) {
    throw incompatibleAlgorithm(request.algorithm, key);
  }
  if (request.context) {
    throw asymmetricContext();
  }
  const { bytes } = currentMaterialOf(key);
  if (request.ciphertext.length !== modulusBytes(key)) {
    throw invalidCiphertext();
  }
  try {
    const plaintext = privateDecrypt(
      { key: privateKeyOf(bytes), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaep.name },
      request.ciphertext,
    );
    return { key, plaintext };
  } catch {
    throw invalidCiphertext();
  }
}
