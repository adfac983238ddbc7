import { constants, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { signDigestEcdsa, verifyDigestEcdsa } from './ecdsaDigest';
import { signEd25519ph, verifyEd25519ph } from './ed25519ph';
import { signDigestPkcs1, signDigestPss, verifyDigestPkcs1, verifyDigestPss, type RsaHash } from './rsaDigest';

/**
 * KMS signing algorithms over a private key. RAW messages go through Node's sign/verify; DIGEST messages (already
 * hashed by the caller) through the encoders beside this file, since Node cannot skip its own hashing.
 */

export const SIGNING_ALGORITHMS = [
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
  'ECDSA_SHA_256',
  'ECDSA_SHA_384',
  'ECDSA_SHA_512',
  'SM2DSA',
  'ML_DSA_SHAKE_256',
  'ED25519_SHA_512',
  'ED25519_PH_SHA_512',
] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

type Family = 'pss' | 'pkcs1' | 'ecdsa' | 'ed25519' | 'ed25519ph';

interface Scheme {
  family: Family;
  hash: RsaHash;
}

/** SM2DSA and ML_DSA_SHAKE_256 are absent: the sandbox holds no SM2 or ML-DSA keys. */
const SCHEMES: Partial<Record<SigningAlgorithm, Scheme>> = {
  RSASSA_PSS_SHA_256: { family: 'pss', hash: 'sha256' },
  RSASSA_PSS_SHA_384: { family: 'pss', hash: 'sha384' },
  RSASSA_PSS_SHA_512: { family: 'pss', hash: 'sha512' },
  RSASSA_PKCS1_V1_5_SHA_256: { family: 'pkcs1', hash: 'sha256' },
  RSASSA_PKCS1_V1_5_SHA_384: { family: 'pkcs1', hash: 'sha384' },
  RSASSA_PKCS1_V1_5_SHA_512: { family: 'pkcs1', hash: 'sha512' },
  ECDSA_SHA_256: { family: 'ecdsa', hash: 'sha256' },
  ECDSA_SHA_384: { family: 'ecdsa', hash: 'sha384' },
  ECDSA_SHA_512: { family: 'ecdsa', hash: 'sha512' },
  ED25519_SHA_512: { family: 'ed25519', hash: 'sha512' },
  ED25519_PH_SHA_512: { family: 'ed25519ph', hash: 'sha512' },
};

const DIGEST_BYTES: Record<RsaHash, number> = { sha256: 32, sha384: 48, sha512: 64 };

/** The MessageType an algorithm accepts: Ed25519 signs RAW messages only, Ed25519ph DIGEST only (KMS Sign docs). */
export function acceptsMessageType(algorithm: SigningAlgorithm, messageType: 'RAW' | 'DIGEST'): boolean {
  const family = SCHEMES[algorithm]?.family;
  if (family === 'ed25519') {
    return messageType === 'RAW';
  }
  if (family === 'ed25519ph') {
    return messageType === 'DIGEST';
  }
  return true;
}

/** The length a DIGEST message must have for the algorithm. */
export const digestLength = (algorithm: SigningAlgorithm): number => DIGEST_BYTES[schemeOf(algorithm).hash];

function schemeOf(algorithm: SigningAlgorithm): Scheme {
  const scheme = SCHEMES[algorithm];
  if (!scheme) {
    throw new Error(`The sandbox cannot sign with ${algorithm}.`);
  }
  return scheme;
}

const rsaOptions = (key: KeyObject, family: Family): { key: KeyObject; padding: number; saltLength?: number } =>
  family === 'pss'
    ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : { key, padding: constants.RSA_PKCS1_PADDING };

/** Signs `message` (RAW) or the caller's digest (DIGEST). ECDSA signatures are DER, as KMS returns them. */
export function signMessage(
  privateKey: KeyObject,
  algorithm: SigningAlgorithm,
  message: Buffer,
  digest: boolean,
): Buffer {
  const { family, hash } = schemeOf(algorithm);
  switch (family) {
    case 'ed25519':
      return sign(null, message, privateKey);
    case 'ed25519ph':
      return signEd25519ph(Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url'), message);
    case 'ecdsa':
      return digest
        ? signDigestEcdsa(privateKey, message)
        : sign(hash, message, { key: privateKey, dsaEncoding: 'der' });
    case 'pss':
      return digest ? signDigestPss(privateKey, hash, message) : sign(hash, message, rsaOptions(privateKey, family));
    case 'pkcs1':
      return digest ? signDigestPkcs1(privateKey, hash, message) : sign(hash, message, rsaOptions(privateKey, family));
  }
}

/** Whether `signature` is valid; malformed signatures are simply invalid. */
export function verifySignature(
  privateKey: KeyObject,
  algorithm: SigningAlgorithm,
  message: Buffer,
  digest: boolean,
  signature: Buffer,
): boolean {
  const { family, hash } = schemeOf(algorithm);
  const publicKey = createPublicKey(privateKey);
  try {
    switch (family) {
      case 'ed25519':
        return verify(null, message, publicKey, signature);
      case 'ed25519ph':
        return verifyEd25519ph(
          Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url'),
          message,
          signature,
        );
      case 'ecdsa':
        return digest
          ? verifyDigestEcdsa(publicKey, message, signature)
          : verify(hash, message, { key: publicKey, dsaEncoding: 'der' }, signature);
      case 'pss':
        return digest
          ? verifyDigestPss(publicKey, hash, message, signature)
          : verify(hash, message, rsaOptions(publicKey, family), signature);
      case 'pkcs1':
        return digest
          ? verifyDigestPkcs1(publicKey, hash, message, signature)
          : verify(hash, message, rsaOptions(publicKey, family), signature);
    }
  } catch {
    return false;
  }
}
