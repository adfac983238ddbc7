import { query, type OpContext, type OperationTable } from '../context';
import { dryRun, validation } from '../errors';
import { resolveKey } from '../identifiers';
import { requireUsableForCrypto, requireUsage } from '../keyStates';
import { enumOf, list, parseInput } from '../validate';
import { base64, cryptoFields as f, endDryRun, refuseRecipient, usableKey } from './cryptoCommon';
import { decryptCiphertext, encryptUnder } from './keyEncryption';

/** Encrypt, Decrypt and ReEncrypt (kms-api.md §7.11). None changes state, so all are queries. */

const dryRunModifiers = () => list(enumOf(['IGNORE_CIPHERTEXT'] as const));

const encryptInput = {
  KeyId: f.keyId(),
  Plaintext: f.plaintext(),
  EncryptionContext: f.encryptionContext(),
  GrantTokens: f.grantTokens(),
  EncryptionAlgorithm: f.encryptionAlgorithm(),
  DryRun: f.dryRun(),
};

function encrypt(ctx: OpContext, body: unknown): object {
  const input = parseInput(body, encryptInput);
  const algorithm = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
  const key = usableKey(ctx, input.KeyId);
  const encrypted = encryptUnder(key, {
    plaintext: input.Plaintext,
    algorithm,
    context: input.EncryptionContext,
    operation: 'Encrypt',
  });
  endDryRun(input.DryRun);
  return { CiphertextBlob: base64(encrypted.ciphertext), KeyId: key.arn, EncryptionAlgorithm: algorithm };
}

const decryptInput = {
  CiphertextBlob: f.ciphertext(false),
  EncryptionContext: f.encryptionContext(),
  GrantTokens: f.grantTokens(),
  KeyId: f.keyId(false),
  EncryptionAlgorithm: f.encryptionAlgorithm(),
  Recipient: f.recipient(),
  DryRun: f.dryRun(),
  DryRunModifiers: dryRunModifiers(),
};

function decrypt(ctx: OpContext, body: unknown): object {
  const input = parseInput(body, decryptInput);
  refuseRecipient(input.Recipient);
  const algorithm = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
  if (input.DryRun && input.DryRunModifiers?.includes('IGNORE_CIPHERTEXT')) {
    return dryRunWithoutCiphertext(ctx, input.KeyId, 'Decrypt');
  }
  const decrypted = decryptCiphertext(ctx, {
    ciphertext: requireCiphertext(input.CiphertextBlob),
    keyId: input.KeyId,
    algorithm,
    context: input.EncryptionContext,
    operation: 'Decrypt',
  });
  endDryRun(input.DryRun);
  return {
    KeyId: decrypted.key.arn,
    Plaintext: base64(decrypted.plaintext),
    EncryptionAlgorithm: algorithm,
    ...(decrypted.materialId ? { KeyMaterialId: decrypted.materialId } : {}),
  };
}

const reEncryptInput = {
  CiphertextBlob: f.ciphertext(false),
  SourceEncryptionContext: f.encryptionContext(),
  SourceKeyId: f.keyId(false),
  DestinationKeyId: f.keyId(),
  DestinationEncryptionContext: f.encryptionContext(),
  SourceEncryptionAlgorithm: f.encryptionAlgorithm(),
  DestinationEncryptionAlgorithm: f.encryptionAlgorithm(),
  GrantTokens: f.grantTokens(),
  DryRun: f.dryRun(),
  DryRunModifiers: dryRunModifiers(),
};

/** Decrypt with the source, encrypt under the destination; the plaintext never leaves the server. */
function reEncrypt(ctx: OpContext, body: unknown): object {
  const input = parseInput(body, reEncryptInput);
  const sourceAlgorithm = input.SourceEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
  const destinationAlgorithm = input.DestinationEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
  if (input.DryRun && input.DryRunModifiers?.includes('IGNORE_CIPHERTEXT')) {
    dryRunCheck(ctx, input.SourceKeyId, 'ReEncrypt');
    return dryRunWithoutCiphertext(ctx, input.DestinationKeyId, 'ReEncrypt');
  }
  const source = decryptCiphertext(ctx, {
    ciphertext: requireCiphertext(input.CiphertextBlob),
    keyId: input.SourceKeyId,
    algorithm: sourceAlgorithm,
    context: input.SourceEncryptionContext,
    operation: 'ReEncrypt',
  });
  const destination = usableKey(ctx, input.DestinationKeyId);
  const encrypted = encryptUnder(destination, {
    plaintext: source.plaintext,
    algorithm: destinationAlgorithm,
    context: input.DestinationEncryptionContext,
    operation: 'ReEncrypt',
  });
  endDryRun(input.DryRun);
  return {
    CiphertextBlob: base64(encrypted.ciphertext),
    SourceKeyId: source.key.arn,
    KeyId: destination.arn,
    SourceEncryptionAlgorithm: sourceAlgorithm,
    DestinationEncryptionAlgorithm: destinationAlgorithm,
    ...(source.materialId ? { SourceKeyMaterialId: source.materialId } : {}),
    ...(encrypted.materialId ? { DestinationKeyMaterialId: encrypted.materialId } : {}),
  };
}

/** CiphertextBlob is optional in the model only for DryRun with IGNORE_CIPHERTEXT. */
function requireCiphertext(ciphertext: Buffer | undefined): Buffer {
  if (ciphertext === undefined) {
    throw validation(
      "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null",
    );
  }
  return ciphertext;
}

/** IGNORE_CIPHERTEXT: check only that the named key could be used, which needs a KeyId. */
function dryRunWithoutCiphertext(ctx: OpContext, keyId: string | undefined, operation: string): never {
  dryRunCheck(ctx, keyId, operation);
  throw dryRun();
}

function dryRunCheck(ctx: OpContext, keyId: string | undefined, operation: string): void {
  if (keyId === undefined) {
    throw validation('KeyId is required when DryRunModifiers contains IGNORE_CIPHERTEXT.');
  }
  const key = resolveKey(ctx, keyId, { allowAlias: true });
  requireUsableForCrypto(key);
  requireUsage(key, 'ENCRYPT_DECRYPT', operation);
}

export const encryptionOperations: OperationTable = {
  Encrypt: query(encrypt),
  Decrypt: query(decrypt),
  ReEncrypt: query(reEncrypt),
};
