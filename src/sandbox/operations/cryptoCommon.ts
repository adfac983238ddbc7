import type { OpContext } from '../context';
import { dryRun, invalidKeyUsage, KmsError, stateErrors, unsupported } from '../errors';
import { resolveKey } from '../identifiers';
import { requireUsableForCrypto } from '../keyStates';
import { currentMaterial, type KeyRecord, type MaterialRecord } from '../model';
import { blob, bool, common, enumOf, stringMap, struct } from '../validate';

/** What the cryptographic operations share: input fields, key lookup, material access and their errors. */

export const ENCRYPTION_ALGORITHMS = ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] as const;
export type EncryptionAlgorithm = (typeof ENCRYPTION_ALGORITHMS)[number];

export const cryptoFields = {
  keyId: common.keyId,
  grantTokens: common.grantTokens,
  /** Plaintext and Message: sensitive, so a violation never echoes the value. */
  plaintext: () => blob({ min: 1, max: 4096, required: true }),
  ciphertext: <const R extends boolean = true>(required: R = true as R) => blob({ min: 1, max: 6144, required }),
  encryptionContext: () => stringMap(),
  encryptionAlgorithm: () => enumOf(ENCRYPTION_ALGORITHMS),
  dryRun: () => bool(),
  /** Nitro Enclaves attestation: parsed so the request is well-formed, then refused. */
  recipient: () =>
    struct({
      KeyEncryptionAlgorithm: enumOf(['RSAES_OAEP_SHA_256'] as const),
      AttestationDocument: blob({ min: 1, max: 262144 }),
    }),
};

/** Resolves a KeyId of a cryptographic operation (alias forms allowed) and applies the state rules of §5.3. */
export function usableKey(ctx: OpContext, identifier: string): KeyRecord {
  const key = resolveKey(ctx, identifier, { allowAlias: true });
  requireUsableForCrypto(key);
  return key;
}

/** The secret bytes of one material. Deleted or expired imported bytes leave the key PendingImport (§7.11). */
export function materialBytes(key: KeyRecord, material: MaterialRecord): Buffer {
  if (material.material === undefined) {
    throw stateErrors.pendingImport(key.arn);
  }
  return Buffer.from(material.material, 'base64');
}

/** The CURRENT material, which every new encryption, signature and MAC uses. */
export function currentMaterialOf(key: KeyRecord): { record: MaterialRecord; bytes: Buffer } {
  const record = currentMaterial(key);
  if (!record) {
    throw stateErrors.pendingImport(key.arn);
  }
  return { record, bytes: materialBytes(key, record) };
}

export function refuseRecipient(recipient: unknown): void {
  if (recipient !== undefined) {
    throw unsupported(
      'The sandbox does not support Recipient: AWS Nitro Enclaves attestation is not available locally.',
    );
  }
}

/** DryRun answers only once every check has passed: a request that would fail gets its real error (§7.11). */
export function endDryRun(flag: boolean | undefined): void {
  if (flag) {
    throw dryRun();
  }
}

/** How VerifyMac and Verify end: a mismatch throws `invalid` (before the dry run would), else as endDryRun. */
export function endVerify(valid: boolean, invalid: string, dryRunFlag: boolean | undefined): void {
  if (!valid) {
    throw new KmsError(invalid);
  }
  endDryRun(dryRunFlag);
}

export const incorrectKey = (): KmsError =>
  new KmsError(
    'IncorrectKeyException',
    'The key ID in the request does not identify a CMK that can perform this operation.',
  );

export const incompatibleAlgorithm = (algorithm: string, key: KeyRecord): KmsError =>
  invalidKeyUsage(`Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`);

/** A key of the right usage but the wrong kind, e.g. an RSA ENCRYPT_DECRYPT key for GenerateDataKey. */
export const wrongKeySpec = (key: KeyRecord, operation: string): KmsError =>
  invalidKeyUsage(`${key.arn} key KeySpec is ${key.keySpec} which is not valid for ${operation}.`);

export const base64 = (bytes: Buffer): string => bytes.toString('base64');
