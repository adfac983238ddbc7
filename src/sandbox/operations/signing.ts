import type { KeyObject } from 'node:crypto';
import { query, type OpContext, type OperationTable } from '../context';
import { unsupported, validation } from '../errors';
import { requireUsage } from '../keyStates';
import { privateKeyOf, publicKeyDer } from '../materials';
import { algorithmsOf, isHmac, isSymmetric, type KeyRecord } from '../model';
import {
  acceptsMessageType,
  digestLength,
  signMessage,
  SIGNING_ALGORITHMS,
  verifySignature,
  type SigningAlgorithm,
} from '../signatures/algorithms';
import { blob, enumOf, parseInput } from '../validate';
import {
  base64,
  cryptoFields as f,
  currentMaterialOf,
  endDryRun,
  endVerify,
  incompatibleAlgorithm,
  usableKey,
} from './cryptoCommon';

/** GetPublicKey, Sign and Verify for asymmetric keys. */

const getPublicKeyInput = { KeyId: f.keyId(), GrantTokens: f.grantTokens() };

function getPublicKey(ctx: OpContext, body: unknown): object {
  const input = parseInput(body, getPublicKeyInput);
  const key = usableKey(ctx, input.KeyId);
  if (isSymmetric(key.keySpec) || isHmac(key.keySpec)) {
    throw unsupported(`${key.arn} key KeySpec is ${key.keySpec} which is not valid for GetPublicKey.`);
  }
  return {
    KeyId: key.arn,
    PublicKey: base64(publicKeyDer(currentMaterialOf(key).bytes)),
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    KeyUsage: key.keyUsage,
    ...algorithmsOf(key.keySpec, key.keyUsage),
  };
}

const signInput = {
  KeyId: f.keyId(),
  /** Sensitive like Plaintext: 1-4096 bytes, never echoed. */
  Message: f.plaintext(),
  MessageType: enumOf(['RAW', 'DIGEST', 'EXTERNAL_MU'] as const),
  GrantTokens: f.grantTokens(),
  SigningAlgorithm: enumOf(SIGNING_ALGORITHMS, { required: true }),
  DryRun: f.dryRun(),
};

const verifyInput = { ...signInput, Signature: blob({ min: 1, max: 6144, required: true }) };

interface SigningRequest {
  KeyId: string;
  Message: Buffer;
  MessageType?: 'RAW' | 'DIGEST' | 'EXTERNAL_MU';
  SigningAlgorithm: SigningAlgorithm;
}

/** The key, algorithm and message checks Sign and Verify share, in the order KMS reports them. */
function signingKey(
  ctx: OpContext,
  input: SigningRequest,
  operation: string,
): { key: KeyRecord; privateKey: KeyObject; digest: boolean } {
  const key = usableKey(ctx, input.KeyId);
  requireUsage(key, 'SIGN_VERIFY', operation);
  const algorithm = input.SigningAlgorithm;
  if (!(algorithmsOf(key.keySpec, key.keyUsage).SigningAlgorithms ?? []).includes(algorithm)) {
    throw incompatibleAlgorithm(algorithm, key);
  }
  const messageType = input.MessageType ?? 'RAW';
  // EXTERNAL_MU is the ML-DSA μ representative; the sandbox holds no ML-DSA keys.
  if (messageType === 'EXTERNAL_MU') {
    throw validation(`Message type EXTERNAL_MU is incompatible with key spec ${key.keySpec}.`);
  }
  if (!acceptsMessageType(algorithm, messageType)) {
    throw validation(`Message type ${messageType} is incompatible with algorithm ${algorithm}.`);
  }
  if (messageType === 'DIGEST' && input.Message.length !== digestLength(algorithm)) {
    throw validation(`Digest is invalid length for algorithm ${algorithm}.`);
  }
  return { key, privateKey: privateKeyOf(currentMaterialOf(key).bytes), digest: messageType === 'DIGEST' };
}

function signOperation(ctx: OpContext, body: unknown): object {
  const input = parseInput(body, signInput);
  const { key, privateKey, digest } = signingKey(ctx, input, 'Sign');
  const signature = signMessage(privateKey, input.SigningAlgorithm, input.Message, digest);
  endDryRun(input.DryRun);
  return { KeyId: key.arn, Signature: base64(signature), SigningAlgorithm: input.SigningAlgorithm };
}

function verifyOperation(ctx: OpContext, body: unknown): object {
  const input = parseInput(body, verifyInput);
  const { key, privateKey, digest } = signingKey(ctx, input, 'Verify');
  const valid = verifySignature(privateKey, input.SigningAlgorithm, input.Message, digest, input.Signature);
  endVerify(valid, 'KMSInvalidSignatureException', input.DryRun);
  return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
}

export const signingOperations: OperationTable = {
  GetPublicKey: query(getPublicKey),
  Sign: query(signOperation),
  Verify: query(verifyOperation),
};
