import {
  constants,
  createHash,
  privateEncrypt,
  publicDecrypt,
  randomBytes,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';

/**
 * RSA signatures over a digest the caller already computed (KMS MessageType DIGEST). Node's sign() always hashes,
 * so the encodings of RFC 8017 are built here and only the raw RSA operation is Node's:
 * EMSA-PKCS1-v1_5 (DigestInfo, then PKCS#1 type-1 padding) and EMSA-PSS with MGF1 and salt length = hash length.
 */

export type RsaHash = 'sha256' | 'sha384' | 'sha512';

/** DER DigestInfo prefixes (RFC 8017 §9.2 note 1). */
const DIGEST_INFO: Record<RsaHash, Buffer> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

const modulusBits = (key: KeyObject): number => key.asymmetricKeyDetails?.modulusLength ?? 0;

export function signDigestPkcs1(privateKey: KeyObject, hash: RsaHash, digest: Buffer): Buffer {
  return privateEncrypt(
    { key: privateKey, padding: constants.RSA_PKCS1_PADDING },
    Buffer.concat([DIGEST_INFO[hash], digest]),
  );
}

export function verifyDigestPkcs1(publicKey: KeyObject, hash: RsaHash, digest: Buffer, signature: Buffer): boolean {
  if (signature.length !== Math.ceil(modulusBits(publicKey) / 8)) {
    return false;
  }
  try {
    const recovered = publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
    const expected = Buffer.concat([DIGEST_INFO[hash], digest]);
    return recovered.length === expected.length && timingSafeEqual(recovered, expected);
  } catch {
    return false;
  }
}

function mgf1(hash: RsaHash, seed: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * seed.length < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    blocks.push(createHash(hash).update(seed).update(c).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

const pssHash = (hash: RsaHash, digest: Buffer, salt: Buffer): Buffer =>
  createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest();

/** EMSA-PSS-ENCODE (RFC 8017 §9.1.1), then the raw private-key operation on the left-padded encoding. */
export function signDigestPss(privateKey: KeyObject, hash: RsaHash, digest: Buffer): Buffer {
  const bits = modulusBits(privateKey);
  const emBits = bits - 1;
  const emLength = Math.ceil(emBits / 8);
  const salt = randomBytes(digest.length);
  const h = pssHash(hash, digest, salt);
  const db = Buffer.concat([Buffer.alloc(emLength - salt.length - h.length - 2), Buffer.from([1]), salt]);
  const maskedDb = xor(db, mgf1(hash, h, db.length));
  maskedDb[0] &= 0xff >> (8 * emLength - emBits);
  const encoded = Buffer.concat([maskedDb, h, Buffer.from([0xbc])]);
  const padded = Buffer.concat([Buffer.alloc(Math.ceil(bits / 8) - encoded.length), encoded]);
  return privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, padded);
}

/** EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with salt length = hash length, as KMS signs. */
export function verifyDigestPss(publicKey: KeyObject, hash: RsaHash, digest: Buffer, signature: Buffer): boolean {
  const bits = modulusBits(publicKey);
  if (signature.length !== Math.ceil(bits / 8)) {
    return false;
  }
  let recovered: Buffer;
  try {
    recovered = publicDecrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    return false;
  }
  const emBits = bits - 1;
  const emLength = Math.ceil(emBits / 8);
  if (recovered.subarray(0, recovered.length - emLength).some((b) => b !== 0)) {
    return false;
  }
  const encoded = recovered.subarray(recovered.length - emLength);
  const hLength = digest.length;
  const topMask = 0xff >> (8 * emLength - emBits);
  if (encoded[emLength - 1] !== 0xbc || (encoded[0] & ~topMask) !== 0) {
    return false;
  }
  const h = encoded.subarray(emLength - hLength - 1, emLength - 1);
  const db = xor(encoded.subarray(0, emLength - hLength - 1), mgf1(hash, h, emLength - hLength - 1));
  db[0] &= topMask;
  const separator = db.length - hLength - 1;
  if (separator < 0 || db.subarray(0, separator).some((b) => b !== 0) || db[separator] !== 1) {
    return false;
  }
  return timingSafeEqual(pssHash(hash, digest, db.subarray(separator + 1)), h);
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) {
    out[i] = a[i] ^ b[i];
  }
  return out;
}
