import { randomBytes } from 'node:crypto';
import { query, type OpContext, type OperationTable } from '../context';
import { dryRun, unsupported, validation } from '../errors';
import { requireUsage } from '../keyStates';
import { generateMaterial, publicKeyDer } from '../materials';
import { ECC_CURVE_KEY_SPECS, isSymmetric, KEY_SPECS, RSA_KEY_SPECS, type KeyRecord, type KeySpec } from '../model';
import { echoed, enumOf, int, parseInput, str, type Field } from '../validate';
import { base64, cryptoFields as f, endDryRun, refuseRecipient, usableKey, wrongKeySpec } from './cryptoCommon';
import { encryptUnder } from './keyEncryption';

/**
 * Data keys and data key pairs (kms-api.md §7.11): random secrets returned in plaintext and/or encrypted under a
 * symmetric KMS key as an ordinary blob, so Decrypt (with the same EncryptionContext) returns the same bytes.
 */

const DATA_KEY_BYTES = { AES_128: 16, AES_256: 32 } as const;
type DataKeySpec = keyof typeof DATA_KEY_BYTES;

/** A wrong KeySpec here makes AWS echo CreateKey's KeySpec list, not [AES_256, AES_128] (kms-api.md §2.5). */
const dataKeySpec = (): Field<DataKeySpec, false> => ({
  required: false,
  parse(raw, path, problems) {
    const value = str().parse(raw, path, problems);
    if (value === undefined) {
      return undefined;
    }
    if (Object.hasOwn(DATA_KEY_BYTES, value)) {
      return value as DataKeySpec;
    }
    problems.push(
      `Value '${echoed(value)}' at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${KEY_SPECS.join(', ')}]`,
    );
    return undefined;
  },
});

const KEY_PAIR_SPECS = [
  ...RSA_KEY_SPECS,
  ...ECC_CURVE_KEY_SPECS,
  'SM2',
  'ECC_NIST_EDWARDS25519',
  'ML_KEM_512',
  'ML_KEM_768',
  'ML_KEM_1024',
] as const;

const dataKeyWithoutPlaintextInput = {
  KeyId: f.keyId(),
  EncryptionContext: f.encryptionContext(),
  NumberOfBytes: int({ min: 1, max: 1024 }),
  KeySpec: dataKeySpec(),
  GrantTokens: f.grantTokens(),
  DryRun: f.dryRun(),
};
/** Only the operations that return plaintext have a Recipient member; elsewhere it is an unknown member, ignored. */
const dataKeyInput = { ...dataKeyWithoutPlaintextInput, Recipient: f.recipient() };

function generateDataKey(ctx: OpContext, body: unknown, operation: string, withPlaintext: boolean): object {
  const input = parseInput(body, withPlaintext ? dataKeyInput : dataKeyWithoutPlaintextInput);
  refuseRecipient('Recipient' in input ? input.Recipient : undefined);
  const length = dataKeyLength(input.KeySpec, input.NumberOfBytes);
  const key = symmetricKey(ctx, input.KeyId, operation);
  const plaintext = randomBytes(length);
  const encrypted = encryptUnder(key, {
    plaintext,
    algorithm: 'SYMMETRIC_DEFAULT',
    context: input.EncryptionContext,
    operation,
  });
  endDryRun(input.DryRun);
  return {
    CiphertextBlob: base64(encrypted.ciphertext),
    ...(withPlaintext ? { Plaintext: base64(plaintext) } : {}),
    KeyId: key.arn,
    ...(encrypted.materialId ? { KeyMaterialId: encrypted.materialId } : {}),
  };
}

/** Exactly one of KeySpec and NumberOfBytes. */
function dataKeyLength(spec: DataKeySpec | undefined, numberOfBytes: number | undefined): number {
  if ((spec === undefined) === (numberOfBytes === undefined)) {
    throw validation('Please specify either number of bytes or key spec.');
  }
  return spec === undefined ? (numberOfBytes as number) : DATA_KEY_BYTES[spec];
}

/** Data keys are encrypted under symmetric encryption keys only. */
function symmetricKey(ctx: OpContext, identifier: string, operation: string): KeyRecord {
  const key = usableKey(ctx, identifier);
  requireUsage(key, 'ENCRYPT_DECRYPT', operation);
  if (!isSymmetric(key.keySpec)) {
    throw wrongKeySpec(key, operation);
  }
  return key;
}

const dataKeyPairWithoutPlaintextInput = {
  EncryptionContext: f.encryptionContext(),
  KeyId: f.keyId(),
  KeyPairSpec: enumOf(KEY_PAIR_SPECS, { required: true }),
  GrantTokens: f.grantTokens(),
  DryRun: f.dryRun(),
};
const dataKeyPairInput = { ...dataKeyPairWithoutPlaintextInput, Recipient: f.recipient() };

async function generateDataKeyPair(
  ctx: OpContext,
  body: unknown,
  operation: string,
  withPlaintext: boolean,
): Promise<object> {
  const input = parseInput(body, withPlaintext ? dataKeyPairInput : dataKeyPairWithoutPlaintextInput);
  refuseRecipient('Recipient' in input ? input.Recipient : undefined);
  const spec = input.KeyPairSpec;
  if (spec === 'SM2') {
    throw unsupported(`KeyPairSpec SM2 is not supported in region ${ctx.config.region}.`);
  }
  // ML-KEM needs a newer Node than the sandbox targets.
  if (spec.startsWith('ML_KEM_')) {
    throw unsupported(`KeyPairSpec ${spec} is not supported by the sandbox.`);
  }
  if (input.DryRun) {
    // the same checks, without the costly key-pair generation
    symmetricKey(ctx, input.KeyId, operation);
    throw dryRun();
  }
  // Generate before looking at state: requests interleave at awaits, and the checks below must see the final state.
  const privateKey = await generateMaterial(spec as KeySpec);
  const key = symmetricKey(ctx, input.KeyId, operation);
  const encrypted = encryptUnder(key, {
    plaintext: privateKey,
    algorithm: 'SYMMETRIC_DEFAULT',
    context: input.EncryptionContext,
    operation,
  });
  return {
    PrivateKeyCiphertextBlob: base64(encrypted.ciphertext),
    ...(withPlaintext ? { PrivateKeyPlaintext: base64(privateKey) } : {}),
    PublicKey: base64(publicKeyDer(privateKey)),
    KeyId: key.arn,
    KeyPairSpec: spec,
    ...(encrypted.materialId ? { KeyMaterialId: encrypted.materialId } : {}),
  };
}

export const dataKeyOperations: OperationTable = {
  GenerateDataKey: query((ctx, body) => generateDataKey(ctx, body, 'GenerateDataKey', true)),
  GenerateDataKeyWithoutPlaintext: query((ctx, body) =>
    generateDataKey(ctx, body, 'GenerateDataKeyWithoutPlaintext', false),
  ),
  GenerateDataKeyPair: query(async (ctx, body) => generateDataKeyPair(ctx, body, 'GenerateDataKeyPair', true)),
  GenerateDataKeyPairWithoutPlaintext: query(async (ctx, body) =>
    generateDataKeyPair(ctx, body, 'GenerateDataKeyPairWithoutPlaintext', false),
  ),
};
