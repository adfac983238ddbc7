import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import {
  WRAPPING_ALGORITHMS,
  WRAPPING_KEY_SPECS,
  type WrappingAlgorithm,
  type WrappingKeySpec,
} from '../core/keyMaterialWrap';
import { KmsError } from './errors';

/**
 * Import tokens (GetParametersForImport → ImportKeyMaterial). A token is self-contained, so the server keeps no
 * per-call state and a token stays usable until it expires, as in KMS (kms-api.md §12.7): AES-256-GCM, under a key
 * derived from the server secret, over everything ImportKeyMaterial needs — the key it was issued for, the wrapping
 * algorithm and key spec, the wrapping private key, and its validity. Nobody without the server secret can forge,
 * alter or read one, and the wrapping private key never leaves the server in the clear.
 *
 * Layout: "KLIT" | version 1 | nonce (12) | ciphertext | tag (16), with magic and version as associated data.
 * Plaintext: u8 len | key id | u8 algorithm index | u8 spec index | f64 issuedAt ms | f64 validTo ms | PKCS#8 DER.
 * An RSA_4096 token is about 2.5 KB, well within KMS's 6144-byte ImportToken limit.
 */

export interface ImportTokenContents {
  keyId: string;
  wrappingAlgorithm: WrappingAlgorithm;
  wrappingKeySpec: WrappingKeySpec;
  /** The wrapping private key, PKCS#8 DER. */
  privateKey: Buffer;
  /** Epoch ms. */
  issuedAt: number;
  /** Epoch ms: ParametersValidTo. */
  validTo: number;
}

const HEADER = Buffer.from([0x4b, 0x4c, 0x49, 0x54, 0x01]); // "KLIT", version 1
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const FIXED_BYTES = 1 + 1 + 1 + 8 + 8; // key id length, algorithm, spec, issuedAt, validTo

const sealingKey = (secret: Buffer): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'kms-local import token v1', 32));

export function sealImportToken(secret: Buffer, contents: ImportTokenContents): Buffer {
  const keyId = Buffer.from(contents.keyId, 'utf8');
  const fixed = Buffer.alloc(FIXED_BYTES + keyId.length);
  fixed.writeUInt8(keyId.length, 0);
  keyId.copy(fixed, 1);
  let at = 1 + keyId.length;
  at = fixed.writeUInt8(WRAPPING_ALGORITHMS.indexOf(contents.wrappingAlgorithm), at);
  at = fixed.writeUInt8(WRAPPING_KEY_SPECS.indexOf(contents.wrappingKeySpec), at);
  at = fixed.writeDoubleBE(contents.issuedAt, at);
  fixed.writeDoubleBE(contents.validTo, at);

  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(secret), nonce);
  cipher.setAAD(HEADER);
  const sealed = Buffer.concat([cipher.update(fixed), cipher.update(contents.privateKey), cipher.final()]);
  return Buffer.concat([HEADER, nonce, sealed, cipher.getAuthTag()]);
}

const invalidToken = (): KmsError =>
  new KmsError(
    'InvalidImportTokenException',
    'The import token is not valid. Use the import token from the same GetParametersForImport response as the public key.',
  );

/** Opens a token; anything that isn't a token this server sealed — garbage, truncated, altered — is InvalidImportTokenException. */
export function openImportToken(secret: Buffer, token: Buffer): ImportTokenContents {
  if (
    token.length < HEADER.length + NONCE_BYTES + FIXED_BYTES + TAG_BYTES ||
    !token.subarray(0, HEADER.length).equals(HEADER)
  ) {
    throw invalidToken();
  }
  const nonce = token.subarray(HEADER.length, HEADER.length + NONCE_BYTES);
  const sealed = token.subarray(HEADER.length + NONCE_BYTES, token.length - TAG_BYTES);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(secret), nonce);
    decipher.setAAD(HEADER);
    decipher.setAuthTag(token.subarray(token.length - TAG_BYTES));
    plain = Buffer.concat([decipher.update(sealed), decipher.final()]);
  } catch {
    throw invalidToken();
  }
  return parseContents(plain);
}

function parseContents(plain: Buffer): ImportTokenContents {
  const keyIdLength = plain.readUInt8(0);
  if (plain.length < FIXED_BYTES + keyIdLength) {
    throw invalidToken();
  }
  let at = 1 + keyIdLength;
  const wrappingAlgorithm = WRAPPING_ALGORITHMS[plain.readUInt8(at)];
  const wrappingKeySpec = WRAPPING_KEY_SPECS[plain.readUInt8(at + 1)];
  at += 2;
  if (wrappingAlgorithm === undefined || wrappingKeySpec === undefined) {
    throw invalidToken();
  }
  return {
    keyId: plain.toString('utf8', 1, 1 + keyIdLength),
    wrappingAlgorithm,
    wrappingKeySpec,
    issuedAt: plain.readDoubleBE(at),
    validTo: plain.readDoubleBE(at + 8),
    privateKey: plain.subarray(at + 16),
  };
}

/**
 * The token ImportKeyMaterial may use for `keyId` at time `now`: InvalidImportTokenException for a token that isn't
 * genuine or was issued for another key, ExpiredImportTokenException once ParametersValidTo has passed.
 * The messages are the sandbox's own; KMS's texts are [unverified] (local-kms sends none).
 */
export function acceptImportToken(secret: Buffer, token: Buffer, keyId: string, now: number): ImportTokenContents {
  const contents = openImportToken(secret, token);
  if (contents.keyId !== keyId) {
    throw new KmsError(
      'InvalidImportTokenException',
      'The import token was issued for a different KMS key. Use an import token from GetParametersForImport for this key.',
    );
  }
  if (now > contents.validTo) {
    throw new KmsError(
      'ExpiredImportTokenException',
      `The import token expired at ${new Date(contents.validTo).toISOString()}. Call GetParametersForImport for a new public key and import token.`,
    );
  }
  return contents;
}
