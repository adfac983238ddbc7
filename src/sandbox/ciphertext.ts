import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * The sandbox's symmetric ciphertext blob (kms-api.md §9). Callers treat it as opaque bytes, as with real KMS.
 *
 *   "LKM1" | keyId length (1) | keyId (UTF-8) | key material id (32) | header check (4) | nonce (12) | body | GCM tag (16)
 *
 * The header names the key and the material, so Decrypt needs no KeyId and still finds NON_CURRENT material after a
 * rotation. The header check (the first 4 bytes of SHA-256 over the bytes before it) tells a damaged blob
 * (InvalidCiphertextException) apart from an intact one that names a key which no longer exists. AES-256-GCM
 * authenticates the header and the canonical encryption context as AAD, so a change to either fails decryption.
 */

const MAGIC = Buffer.from('LKM1', 'ascii');
const MATERIAL_ID_BYTES = 32;
const CHECK_BYTES = 4;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export type EncryptionContext = Record<string, string>;

/** What a blob's header says: the key that made it and which of its materials. */
export interface BlobHeader {
  keyId: string;
  /** 64 lowercase hex, as in MaterialRecord.id. */
  materialId: string;
}

export interface ParsedBlob extends BlobHeader {
  /** The header bytes, check included: the first part of the AAD. */
  readonly header: Buffer;
  readonly nonce: Buffer;
  readonly body: Buffer;
  readonly tag: Buffer;
}

/** Encrypts `plaintext` under the 32-byte material `materialKey`, binding the header and the encryption context. */
export function sealBlob(
  owner: BlobHeader,
  materialKey: Buffer,
  plaintext: Buffer,
  context?: EncryptionContext,
): Buffer {
  const header = encodeHeader(owner);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', materialKey, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.concat([header, canonicalContext(context)]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, nonce, body, cipher.getAuthTag()]);
}

/** Reads the header of a blob; undefined when the bytes are not an intact sandbox blob (garbage, truncated, altered header). */
export function parseBlob(blob: Buffer): ParsedBlob | undefined {
  if (blob.length < MAGIC.length + 1 || !blob.subarray(0, MAGIC.length).equals(MAGIC)) {
    return undefined;
  }
  const keyIdLength = blob[MAGIC.length];
  const keyIdEnd = MAGIC.length + 1 + keyIdLength;
  const headerEnd = keyIdEnd + MATERIAL_ID_BYTES + CHECK_BYTES;
  if (keyIdLength === 0 || blob.length < headerEnd + NONCE_BYTES + TAG_BYTES) {
    return undefined;
  }
  const checked = blob.subarray(0, headerEnd - CHECK_BYTES);
  if (!headerCheck(checked).equals(blob.subarray(headerEnd - CHECK_BYTES, headerEnd))) {
    return undefined;
  }
  return {
    keyId: blob.subarray(MAGIC.length + 1, keyIdEnd).toString('utf8'),
    materialId: blob.subarray(keyIdEnd, keyIdEnd + MATERIAL_ID_BYTES).toString('hex'),
    header: blob.subarray(0, headerEnd),
    nonce: blob.subarray(headerEnd, headerEnd + NONCE_BYTES),
    body: blob.subarray(headerEnd + NONCE_BYTES, blob.length - TAG_BYTES),
    tag: blob.subarray(blob.length - TAG_BYTES),
  };
}

/** Decrypts a parsed blob; undefined when authentication fails (wrong material, altered bytes, different context). */
export function openBlob(parsed: ParsedBlob, materialKey: Buffer, context?: EncryptionContext): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', materialKey, parsed.nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.concat([parsed.header, canonicalContext(context)]));
    decipher.setAuthTag(parsed.tag);
    return Buffer.concat([decipher.update(parsed.body), decipher.final()]);
  } catch {
    return undefined;
  }
}

/**
 * An unambiguous encoding of an encryption context: pairs sorted by the UTF-8 bytes of the key, each key and value
 * preceded by its 4-byte big-endian length. So `{"ab":"c"}` and `{"a":"bc"}` differ, and pair order does not matter.
 * An empty or absent context encodes as no bytes.
 */
export function canonicalContext(context?: EncryptionContext): Buffer {
  const pairs = Object.entries(context ?? {}).map(
    ([k, v]) => [Buffer.from(k, 'utf8'), Buffer.from(v, 'utf8')] as const,
  );
  pairs.sort(([a], [b]) => Buffer.compare(a, b));
  return Buffer.concat(pairs.flatMap(([k, v]) => [lengthOf(k), k, lengthOf(v), v]));
}

function encodeHeader(owner: BlobHeader): Buffer {
  const keyId = Buffer.from(owner.keyId, 'utf8');
  const materialId = Buffer.from(owner.materialId, 'hex');
  if (keyId.length === 0 || keyId.length > 255 || materialId.length !== MATERIAL_ID_BYTES) {
    throw new Error('A ciphertext header needs a key id of 1-255 bytes and a 32-byte material id.');
  }
  const unchecked = Buffer.concat([MAGIC, Buffer.from([keyId.length]), keyId, materialId]);
  return Buffer.concat([unchecked, headerCheck(unchecked)]);
}

const headerCheck = (bytes: Buffer): Buffer => createHash('sha256').update(bytes).digest().subarray(0, CHECK_BYTES);

function lengthOf(bytes: Buffer): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(bytes.length);
  return out;
}
