/**
 * Recognises an AWS Encryption SDK message from its first bytes, raw or base64-armoured (DESIGN.md §2: by
 * content, never by file name). Pure: no AWS SDK, no I/O, so menus can set a context key from a file's prefix.
 *
 * Message format (docs.aws.amazon.com/encryption-sdk/latest/developer-guide/message-format.html):
 * - v2: Version 0x02, Algorithm Suite ID (2 bytes: 0x0478 or 0x0578), Message ID (32 bytes), …
 * - v1: Version 0x01, Type 0x80, Algorithm Suite ID (2 bytes), Message ID (16 bytes), …
 */

export type SuiteName =
  | 'ALG_AES128_GCM_IV12_TAG16'
  | 'ALG_AES192_GCM_IV12_TAG16'
  | 'ALG_AES256_GCM_IV12_TAG16'
  | 'ALG_AES128_GCM_IV12_TAG16_HKDF_SHA256'
  | 'ALG_AES192_GCM_IV12_TAG16_HKDF_SHA256'
  | 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA256'
  | 'ALG_AES128_GCM_IV12_TAG16_HKDF_SHA256_ECDSA_P256'
  | 'ALG_AES192_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384'
  | 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384'
  | 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY'
  | 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384';

export interface SuiteInfo {
  id: number;
  name: SuiteName;
  /** Message format version the suite is written with. */
  version: 1 | 2;
  /** ECDSA signature over the whole message: decrypt must not release plaintext before it verified. */
  signed: boolean;
  /** Key commitment: required by the REQUIRE_ENCRYPT_REQUIRE_DECRYPT commitment policy. */
  committing: boolean;
}

const suite = (id: number, name: SuiteName, signed: boolean): SuiteInfo => ({
  id,
  name,
  version: id >= 0x0478 ? 2 : 1,
  signed,
  committing: id >= 0x0478,
});

export const SUITES: ReadonlyMap<number, SuiteInfo> = new Map(
  [
    suite(0x0014, 'ALG_AES128_GCM_IV12_TAG16', false),
    suite(0x0046, 'ALG_AES192_GCM_IV12_TAG16', false),
    suite(0x0078, 'ALG_AES256_GCM_IV12_TAG16', false),
    suite(0x0114, 'ALG_AES128_GCM_IV12_TAG16_HKDF_SHA256', false),
    suite(0x0146, 'ALG_AES192_GCM_IV12_TAG16_HKDF_SHA256', false),
    suite(0x0178, 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA256', false),
    suite(0x0214, 'ALG_AES128_GCM_IV12_TAG16_HKDF_SHA256_ECDSA_P256', true),
    suite(0x0346, 'ALG_AES192_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384', true),
    suite(0x0378, 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384', true),
    suite(0x0478, 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY', false),
    suite(0x0578, 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384', true),
  ].map((info) => [info.id, info]),
);

/** The two suites we encrypt with (committing, v2); the first is the default. */
export const ENCRYPT_SUITES = [
  'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384',
  'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY',
] as const satisfies readonly SuiteName[];
export type EncryptSuiteName = (typeof ENCRYPT_SUITES)[number];

export function suiteByName(name: string): SuiteInfo | undefined {
  return [...SUITES.values()].find((info) => info.name === name);
}

/** How the message is stored in the file. */
export type EnvelopeEncoding = 'binary' | 'base64';

export interface EnvelopeSniff {
  encoding: EnvelopeEncoding;
  version: 1 | 2;
  suite: SuiteInfo;
}

/** Enough bytes for sniffEnvelope: 4 raw bytes, or the 8 base64 characters that encode 6. */
export const SNIFF_BYTES = 8;

/**
 * The message kind if `prefix` (a file's first bytes) starts like an ESDK message, raw or armoured. Leading
 * whitespace is not skipped: our armour starts at the first byte, and a looser check would misread plain text.
 */
export function sniffEnvelope(prefix: Uint8Array): EnvelopeSniff | undefined {
  const raw = sniffRaw(prefix);
  if (raw) {
    return { encoding: 'binary', ...raw };
  }
  if (prefix.length < SNIFF_BYTES) {
    return undefined;
  }
  const head = prefix.subarray(0, SNIFF_BYTES);
  if (!head.every((byte) => BASE64_CHAR[byte] === 1)) {
    return undefined;
  }
  const decoded = sniffRaw(Buffer.from(Buffer.from(head).toString('latin1'), 'base64'));
  return decoded && { encoding: 'base64', ...decoded };
}

function sniffRaw(bytes: Uint8Array): { version: 1 | 2; suite: SuiteInfo } | undefined {
  if (bytes.length >= 3 && bytes[0] === 0x02) {
    const info = SUITES.get((bytes[1] << 8) | bytes[2]);
    return info?.version === 2 ? { version: 2, suite: info } : undefined;
  }
  if (bytes.length >= 4 && bytes[0] === 0x01 && bytes[1] === 0x80) {
    const info = SUITES.get((bytes[2] << 8) | bytes[3]);
    return info?.version === 1 ? { version: 1, suite: info } : undefined;
  }
  return undefined;
}

/** 1 for the standard base64 alphabet without padding (padding cannot occur in the first 8 characters of a message). */
const BASE64_CHAR = (() => {
  const table = new Uint8Array(256);
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') {
    table[c.charCodeAt(0)] = 1;
  }
  return table;
})();
